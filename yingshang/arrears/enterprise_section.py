"""清欠 on the enterprise page (一企一档) and in the 回访 campaign's list: the cases where the enterprise is
the creditor, with the amount owed and the status (never the handling record), for the enterprise, the
office and its contact cadres (a cadre reads the cases its unit may see)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from yingshang.arrears import selectors
from yingshang.core.models import Enterprise, Region, User
from yingshang.outreach.sections import newest

NEWEST = 10


def arrears_section(enterprise: Enterprise, viewer: User) -> dict[str, Any]:
    qs = selectors.visible_cases(viewer).filter(creditor=enterprise).order_by("-created_at", "-id")
    return newest(qs, NEWEST)


def creditors(region: Region, year: int) -> Iterable[tuple[int, int | None]]:
    return selectors.creditors_active_in(region, year)
