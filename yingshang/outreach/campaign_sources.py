"""Where a 回访 campaign's list comes from: each app that serves enterprises registers a source that names
the (enterprise, unit) pairs it served in a region and year. An app that is not installed adds nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from yingshang.core.models import Region

Pair = tuple[int, int | None]  # (enterprise id, serving unit id or None)


@dataclass(frozen=True)
class CampaignSource:
    code: str
    label: str
    loader: Callable[[Region, int], Iterable[Pair]]


_SOURCES: dict[str, CampaignSource] = {}


def register_campaign_source(code: str, label: str, loader: Callable[[Region, int], Iterable[Pair]]) -> None:
    _SOURCES[code] = CampaignSource(code, label, loader)


def campaign_sources() -> list[CampaignSource]:
    return list(_SOURCES.values())


def appeals_served(region: Region, year: int) -> Iterable[Pair]:
    """Enterprises whose appeals were filed in ``year`` in the region, with the unit that led each."""
    from django.db.models import OuterRef, Subquery

    from yingshang.appeals.models import Appeal, AppealUnit

    lead = AppealUnit.objects.filter(appeal=OuterRef("pk"), role=AppealUnit.Role.LEAD, is_active=True)
    rows = (
        Appeal.objects.filter(
            region__tree_path__startswith=region.tree_path, enterprise__isnull=False, created_at__year=year
        )
        .annotate(lead_id=Subquery(lead.values("unit_id")[:1]))
        .values_list("enterprise_id", "lead_id")
        .distinct()
    )
    return list(rows)
