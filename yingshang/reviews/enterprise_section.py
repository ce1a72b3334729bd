"""好差评 on the enterprise page (一企一档) and in the 回访 campaign's list.

Only the enterprise itself and the office read who rated a unit; a unit's cadre never gets this section."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from yingshang.core.models import Enterprise, Region, User
from yingshang.outreach.access import Viewer, viewer_kind
from yingshang.outreach.sections import newest
from yingshang.reviews import selectors

NEWEST = 10


def ratings_section(enterprise: Enterprise, viewer: User) -> dict[str, Any] | None:
    kind = viewer_kind(viewer)
    if kind == Viewer.CADRE:
        return None
    ratings = selectors.enterprise_ratings(enterprise.pk)
    cases = selectors.enterprise_cases(enterprise.pk)
    if kind == Viewer.OFFICE:  # the office reads the ratings of its own region's units
        ratings = ratings.filter(pk__in=selectors.visible_ratings(viewer).values("pk"))
        cases = cases.filter(pk__in=selectors.visible_cases(viewer).values("pk"))
    return {
        "ratings": newest(ratings, NEWEST),
        "cases": newest(cases, NEWEST),
        "office": kind == Viewer.OFFICE,
    }


def raters(region: Region, year: int) -> Iterable[tuple[int, int | None]]:
    return selectors.raters_in_year(region, year)
