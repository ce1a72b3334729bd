"""Rebuild the summary tables: attainment per period (one GROUP BY per period) and appeals per day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncDate

from yingshang.dashboard.models import AppealDaySummary, AttainmentSummary
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


@transaction.atomic
def refresh_appeal_summary(since: date | None = None) -> int:
    """Replace the appeal rows from day `since` on (all days when None); returns rows written.

    An appeal is counted on the day it was filed, under its active lead unit; its lateness and
    satisfaction change later, which is why the periodic job rebuilds a window of recent days.
    """
    from yingshang.appeals.models import Appeal

    appeals = Appeal.objects.counted()
    if since is not None:
        appeals = appeals.filter(created_at__date__gte=since)
    cells = (
        appeals.filter(appeal_units__role="lead", appeal_units__is_active=True)
        .annotate(day=TruncDate("created_at"))
        .values("day", "region_id", "appeal_units__unit_id")
        .annotate(
            total=Count("id"),
            late=Count("id", filter=Q(is_late=True)),
            satisfaction_sum=Sum("satisfaction", default=0),
            satisfaction_count=Count("satisfaction"),
        )
    )
    rows = [
        AppealDaySummary(
            day=c["day"],
            region_id=c["region_id"],
            unit_id=c["appeal_units__unit_id"],
            total=c["total"],
            late=c["late"],
            satisfaction_sum=c["satisfaction_sum"],
            satisfaction_count=c["satisfaction_count"],
        )
        for c in cells
    ]
    stale = (
        AppealDaySummary.objects.all() if since is None else AppealDaySummary.objects.filter(day__gte=since)
    )
    stale.delete()
    AppealDaySummary.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
