"""Reads behind the dashboard: every figure from the summary table or an indexed query, and its rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum

from yingshang.core.access import region_q, require_role
from yingshang.core.errors import NotFound, ValidationFailed
from yingshang.core.models import Region, User
from yingshang.core.unit_labels import label, unit_label
from yingshang.dashboard.models import AttainmentSummary
from yingshang.dashboard.sources import Scope
from yingshang.indicators.models import Indicator, IndicatorWarning, Observation, WarningStatus
from yingshang.indicators.periods import Period, parse_period, period_containing

Role = User.Role
VIEWERS = (Role.OFFICE_ADMIN, Role.LEADER)
TREND_PERIODS = 12


@dataclass(frozen=True)
class Filters:
    region: Region | None  # None: everything the user sees
    region_ids: tuple[int, ...]
    period: Period
    campaign_id: int | None
    document_id: int | None = None

    def scope(self, user: User) -> Scope:
        return Scope(
            user, self.region_ids, self.period.start, self.period.end, self.campaign_id, self.document_id
        )


def visible_regions(user: User) -> QuerySet[Region]:
    return Region.objects.filter(region_q(user, field="")) if user.region_id else Region.objects.all()


def latest_period() -> str:
    latest = AttainmentSummary.objects.order_by("-period_start").values_list("period", flat=True).first()
    return latest or period_containing(date.today(), "month").key


def filters_for(
    user: User, *, region_id: int = 0, period: str = "", campaign_id: int = 0, document_id: int = 0
) -> Filters:
    require_role(user, *VIEWERS)
    regions = visible_regions(user)
    region = None
    if region_id:
        region = regions.filter(pk=region_id).first()
        if region is None:
            raise NotFound("未找到该区域，或您无权查看。")
        ids = tuple(regions.filter(tree_path__startswith=region.tree_path).values_list("pk", flat=True))
    else:
        ids = tuple(regions.values_list("pk", flat=True))
    try:
        p = parse_period(period or latest_period())
    except ValidationFailed:
        raise
    return Filters(region, ids, p, campaign_id or None, document_id or None)


def _rate(met: int, total: int) -> float | None:
    return round(met / total, 4) if total else None


def attainment(f: Filters) -> dict[str, Any]:
    qs = AttainmentSummary.objects.filter(period=f.period.key, region_id__in=f.region_ids)
    by_indicator = list(
        qs.values("indicator_id", "indicator__name", "indicator__code")
        .annotate(total=Sum("total"), met=Sum("met"), missed=Sum("missed"), warned=Sum("warned"))
        .order_by("indicator__code")
    )
    by_region = list(
        qs.values("region_id", "region__name")
        .annotate(total=Sum("total"), met=Sum("met"), missed=Sum("missed"), warned=Sum("warned"))
        .order_by("region__name")
    )
    totals = qs.aggregate(total=Sum("total"), met=Sum("met"), missed=Sum("missed"), warned=Sum("warned"))
    total = totals["total"] or 0
    return {
        "period": f.period.key,
        "period_label": f.period.label,
        "total": total,
        "met": totals["met"] or 0,
        "missed": totals["missed"] or 0,
        "warned": totals["warned"] or 0,
        "rate": _rate(totals["met"] or 0, total),
        "by_indicator": [
            {
                "id": r["indicator_id"],
                "code": r["indicator__code"],
                "name": r["indicator__name"],
                "total": r["total"],
                "met": r["met"],
                "missed": r["missed"],
                "warned": r["warned"],
                "rate": _rate(r["met"], r["total"]),
            }
            for r in by_indicator
        ],
        "by_region": [
            {
                "id": r["region_id"],
                "name": r["region__name"],
                "total": r["total"],
                "met": r["met"],
                "missed": r["missed"],
                "warned": r["warned"],
                "rate": _rate(r["met"], r["total"]),
            }
            for r in by_region
        ],
    }


def trend(f: Filters, indicator_id: int) -> dict[str, Any]:
    indicator = Indicator.objects.filter(pk=indicator_id, parent__isnull=False).first()
    if indicator is None:
        raise NotFound("未找到该二级指标。")
    first = f.period
    for _ in range(TREND_PERIODS - 1):
        first = first.previous()
    rows = (
        Observation.objects.filter(
            indicator_id=indicator_id,
            region_id__in=f.region_ids,
            period_start__gte=first.start,
            period_start__lte=f.period.start,
        )
        .values("period", "period_start")
        .annotate(avg=Avg("value"), n=Count("id"), met=Count("id", filter=Q(result="met")))
        .order_by("period_start")
    )
    points = [
        {"period": r["period"], "value": float(round(r["avg"], 4)), "n": r["n"], "met": r["met"]}
        for r in rows
    ]
    return {
        "indicator_id": indicator.pk,
        "name": str(indicator),
        "unit_of_measure": indicator.unit_of_measure,
        "direction": indicator.direction,
        "target_value": float(indicator.target_value) if indicator.target_value is not None else None,
        "warning_value": float(indicator.warning_value) if indicator.warning_value is not None else None,
        "points": points,
    }


def live_warnings(f: Filters) -> QuerySet[IndicatorWarning]:
    return IndicatorWarning.objects.filter(
        status__in=[WarningStatus.OPEN, WarningStatus.EXPLAINED, WarningStatus.OVERDUE],
        region_id__in=f.region_ids,
    )


def warnings_summary(f: Filters) -> dict[str, Any]:
    qs = live_warnings(f)
    by_unit = list(
        qs.values("lead_unit_id", "lead_unit__name", "lead_unit__region_id")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(status=WarningStatus.OVERDUE)))
        .order_by("-n", "lead_unit__name")[:20]
    )
    by_indicator = list(
        qs.values("indicator__parent_id", "indicator__parent__name")
        .annotate(n=Count("id"))
        .order_by("-n", "indicator__parent__name")[:20]
    )
    counts = qs.aggregate(total=Count("id"), overdue=Count("id", filter=Q(status=WarningStatus.OVERDUE)))
    return {
        "total": counts["total"],
        "overdue": counts["overdue"],
        "by_unit": [
            {
                "id": r["lead_unit_id"],
                "name": label(r["lead_unit__name"], r["lead_unit__region_id"]),
                "n": r["n"],
                "overdue": r["overdue"],
            }
            for r in by_unit
        ],
        "by_indicator": [
            {"id": r["indicator__parent_id"], "name": r["indicator__parent__name"], "n": r["n"]}
            for r in by_indicator
        ],
    }


DRILL_HEADERS = {
    "attainment": ["期间", "指标", "区域", "监测值", "目标值", "结果", "环比异常"],
    "warnings": ["指标", "区域", "期间", "监测值", "责任单位", "说明期限", "状态"],
}


def drill_attainment(
    f: Filters, *, indicator_id: int = 0, result: str = "", region_only: int = 0
) -> QuerySet[Observation]:
    qs = Observation.objects.select_related("indicator", "indicator__parent", "region").filter(
        period=f.period.key, region_id__in=f.region_ids
    )
    if indicator_id:
        qs = qs.filter(Q(indicator__parent_id=indicator_id) | Q(indicator_id=indicator_id))
    if region_only:
        qs = qs.filter(region_id=region_only)
    if result in Observation.Result.values:
        qs = qs.filter(result=result)
    return qs.order_by("indicator__code", "region__name")


def drill_warnings(f: Filters, *, indicator_id: int = 0, unit_id: int = 0, status: str = "") -> QuerySet:
    qs = live_warnings(f).select_related(
        "indicator", "indicator__parent", "region", "lead_unit", "observation"
    )
    if indicator_id:
        qs = qs.filter(indicator__parent_id=indicator_id)
    if unit_id:
        qs = qs.filter(lead_unit_id=unit_id)
    if status in WarningStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("due_date", "id")


def observation_row(o: Observation) -> list[Any]:
    return [
        o.period,
        f"{o.indicator.code} {o.indicator}",
        o.region.name,
        f"{o.value.normalize():f}{o.indicator.unit_of_measure}",
        "—" if o.target_value is None else f"{o.target_value.normalize():f}",
        o.get_result_display(),
        "需核查" if o.jump_flag else "",
    ]


def warning_row(w: IndicatorWarning) -> list[Any]:
    return [
        str(w.indicator),
        w.region.name,
        w.observation.period,
        f"{w.observation.value.normalize():f}",
        unit_label(w.lead_unit),
        w.due_date.isoformat(),
        w.get_status_display(),
    ]
