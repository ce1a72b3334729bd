"""双随机 on the enterprise page (一企一档) and in the 回访 campaign's list. The page shows only published
(公示) results: a target drawn but not yet inspected stays secret from everyone who reads the page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from yingshang.core.models import Enterprise, Region, User
from yingshang.inspections import selectors
from yingshang.outreach.sections import newest

NEWEST = 10


def inspections_section(enterprise: Enterprise, viewer: User) -> dict[str, Any]:
    return newest(selectors.published_results(enterprise), NEWEST)


def inspected(region: Region, year: int) -> Iterable[tuple[int, int | None]]:
    return selectors.inspected_enterprises(region, year)
