"""Which roles may reach which arrears page or API operation: one table, read by views.py and api.py.

A role only opens the door. The selectors then scope what the caller sees (another region's or unit's
object is 404) and the services decide each write (the office of the region, the debtor unit, the
verifying superior), so a page and its API operation refuse the same people with the same status.
"""

from __future__ import annotations

from yingshang.core.access import STAFF_ROLES
from yingshang.core.models import User

Role = User.Role

# Entering cases, filing complaints, promises and their fulfilment, imports, the credit export.
OFFICE: tuple[str, ...] = (Role.OFFICE_ADMIN,)
# The ledger, a case, the breach complaints: each reader sees only their own share (selectors.visible_*).
READERS: tuple[str, ...] = (*STAFF_ROLES, Role.ENTERPRISE)
# Moves on a case or a complaint (payments, plans, verification, repair requests, notes); the service
# narrows each to the people on the object and refuses the read-only leader.
WRITERS: tuple[str, ...] = STAFF_ROLES
# The investors' promises and 清零 progress: the office and the leaders of its region.
OVERSEERS: tuple[str, ...] = (Role.OFFICE_ADMIN, Role.LEADER)
