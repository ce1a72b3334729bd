"""Rebuild the attainment summary for some periods with one GROUP BY per period."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Min, Q

from yingshang.dashboard.models import AttainmentSummary
from yingshang.indicators.models import Observation


@transaction.atomic
def refresh_summary(periods: Iterable[str] | None = None) -> int:
    """Replace the summary rows of `periods` (all periods when None); returns rows written."""
    if periods is None:
        periods = list(Observation.objects.values_list("period", flat=True).distinct())
    written = 0
    for period in sorted(set(periods)):
        cells = (
            Observation.objects.filter(period=period)
            .values("region_id", "indicator__parent_id")
            .annotate(
                total=Count("id"),
                met=Count("id", filter=Q(result="met")),
                missed=Count("id", filter=Q(result="missed")),
                warned=Count("id", filter=Q(result="warning")),
                jumps=Count("id", filter=Q(jump_flag=True)),
                start=Min("period_start"),
            )
        )
        rows = [
            AttainmentSummary(
                period=period,
                period_start=c["start"],
                region_id=c["region_id"],
                indicator_id=c["indicator__parent_id"],
                total=c["total"],
                met=c["met"],
                missed=c["missed"],
                warned=c["warned"],
                jumps=c["jumps"],
            )
            for c in cells
            if c["indicator__parent_id"] is not None
        ]
        AttainmentSummary.objects.filter(period=period).delete()
        AttainmentSummary.objects.bulk_create(rows)
        written += len(rows)
    return written
