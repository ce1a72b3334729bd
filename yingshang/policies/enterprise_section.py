"""惠企政策 on the enterprise page (一企一档) and in the 回访 campaign's list: the policies the enterprise
qualifies for or might (the stored 政策找人 matches) and its redemptions, for the enterprise, the office
and its contact cadres (a cadre reads the redemptions its unit may see)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from yingshang.core.models import Enterprise, Region, User
from yingshang.outreach.access import Viewer, viewer_kind
from yingshang.outreach.sections import newest
from yingshang.policies import selectors

NEWEST = 10


def policies_section(enterprise: Enterprise, viewer: User) -> dict[str, Any]:
    return {
        "matches": newest(selectors.stored_matches(enterprise), NEWEST),
        "redemptions": newest(
            selectors.redemptions_visible_to(viewer)
            .filter(enterprise=enterprise)
            .order_by("-submitted_on", "-id"),
            NEWEST,
        ),
        "own": viewer_kind(viewer) == Viewer.OWN,
    }


def redeemers(region: Region, year: int) -> Iterable[tuple[int, int | None]]:
    return selectors.redeeming_enterprises(region, year)
