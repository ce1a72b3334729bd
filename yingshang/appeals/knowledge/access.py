"""Who sees and who maintains knowledge entries.

Published entries are read by all staff of the region (they are what the hotline says); drafts and
retired entries by their owner unit, the office and leaders. The owner unit's staff and the office
maintain an entry; leaders only read; enterprises and the public have no access to the pages.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from yingshang.appeals.knowledge.models import KnowledgeEntry
from yingshang.core.access import STAFF_ROLES, region_q, require_role, require_write
from yingshang.core.errors import NotAllowed
from yingshang.core.models import User

Role = User.Role
PUBLISHED = KnowledgeEntry.Status.PUBLISHED


def visible_entries(user: User) -> QuerySet[KnowledgeEntry]:
    qs = KnowledgeEntry.objects.select_related("owner_unit")
    if user.role not in STAFF_ROLES:
        return qs.none()
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user, "owner_unit__region"))
    scope = region_q(user, "owner_unit__region")
    return qs.filter((scope & Q(status=PUBLISHED)) | Q(owner_unit_id=user.unit_id))


def require_maintainer(
    user: User, entry: KnowledgeEntry | None = None, *, unit_id: int | None = None
) -> None:
    """The office (of the entry's region) or staff of the owner unit; raises NotAllowed otherwise."""
    require_write(user)
    require_role(user, Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF)
    owner = entry.owner_unit_id if entry is not None else unit_id
    if user.is_unit_user and owner != user.unit_id:
        raise NotAllowed("只能维护本单位的知识条目。", code="not_owner")


def can_maintain(user: User, entry: KnowledgeEntry) -> bool:
    try:
        require_maintainer(user, entry)
    except NotAllowed:
        return False
    return True
