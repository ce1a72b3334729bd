"""Panels over the ledger's tasks and the appeals app's appeals, registered only when those apps exist.

Guarded lazy imports: the dashboard works (showing 暂无数据) while either model is missing, and an app
that registers its own source under the same slot takes precedence when it registers first.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from yingshang.core.unit_labels import label, unit_label
from yingshang.dashboard.sources import MetricSource, Scope, Summary, get_source, register_source

TOP_UNITS = 20


def _tasks(scope: Scope) -> Any:
    from yingshang.ledger.models import Task

    qs = Task.objects.filter(region_id__in=scope.region_ids, is_group=False).exclude(status="cancelled")
    if scope.campaign_id:
        qs = qs.filter(campaign_id=scope.campaign_id)
    if scope.document_id:
        qs = qs.filter(document_id=scope.document_id)
    return qs


def _task_counts(scope: Scope) -> list[dict[str, Any]]:
    return list(
        _tasks(scope)
        .exclude(status="closed")
        .values("lead_unit_id", "lead_unit__name", "lead_unit__region_id")
        .annotate(
            total=Count("id"),
            green=Count("id", filter=Q(colour="green")),
            yellow=Count("id", filter=Q(colour="yellow")),
            red=Count("id", filter=Q(colour="red")),
        )
        .order_by("-red", "-total")[:TOP_UNITS]
    )


def _unit(row: dict[str, Any]) -> str:
    return label(row["lead_unit__name"], row["lead_unit__region_id"]) or "未指定"


def task_summary(scope: Scope) -> Summary:
    rows = _task_counts(scope)
    colours = (("green", "绿色", "#2e7d32"), ("yellow", "黄色", "#c77700"), ("red", "红色", "#c62828"))
    return Summary(
        categories=[_unit(r) for r in rows],
        series=[
            {"name": label, "data": [r[key] for r in rows], "stack": "colour", "color": color}
            for key, label, color in colours
        ],
        keys=[str(r["lead_unit_id"] or "") for r in rows],
    )


def task_rows(scope: Scope, key: str, offset: int, limit: int) -> tuple[list[str], list[list[Any]], int]:
    qs = _tasks(scope).exclude(status="closed").select_related("lead_unit")
    if key.isdigit():
        qs = qs.filter(lead_unit_id=int(key))
    count = qs.count()
    rows = [
        [
            t.title,
            unit_label(t.lead_unit),
            str(t.due_date or ""),
            t.get_status_display(),
            t.get_colour_display(),
        ]
        for t in qs.order_by("due_date", "pk")[offset : offset + limit]
    ]
    return ["任务", "牵头单位", "完成时限", "状态", "三色"], rows, count


def task_table(scope: Scope) -> tuple[list[str], list[list[Any]]]:
    rows = [[_unit(r), r["total"], r["green"], r["yellow"], r["red"]] for r in _task_counts(scope)]
    return ["牵头单位", "在办任务", "绿色", "黄色", "红色"], rows


def _appeals(scope: Scope) -> Any:
    from yingshang.appeals.models import Appeal

    lo = timezone.make_aware(datetime.combine(scope.period_start, time.min))
    hi = timezone.make_aware(datetime.combine(scope.period_end, time.max))
    return Appeal.objects.counted().filter(region_id__in=scope.region_ids, created_at__range=(lo, hi))


def _appeal_counts(scope: Scope) -> list[dict[str, Any]]:
    """Per lead unit, from the day summary (rebuilt by the worker), not from the appeals themselves."""
    from yingshang.dashboard.models import AppealDaySummary

    rows = list(
        AppealDaySummary.objects.filter(
            region_id__in=scope.region_ids, day__range=(scope.period_start, scope.period_end)
        )
        .values("unit_id", "unit__name", "unit__region_id")
        .annotate(
            total=Sum("total"),
            late=Sum("late"),
            sat_sum=Sum("satisfaction_sum"),
            sat_n=Sum("satisfaction_count"),
        )
        .order_by("-total")[:TOP_UNITS]
    )
    return [
        {
            "appeal_units__unit_id": r["unit_id"],
            "appeal_units__unit__name": label(r["unit__name"], r["unit__region_id"]),
            "total": r["total"],
            "late": r["late"],
            "satisfaction": r["sat_sum"] / r["sat_n"] if r["sat_n"] else None,
        }
        for r in rows
    ]


def appeal_summary(scope: Scope) -> Summary:
    rows = _appeal_counts(scope)
    return Summary(
        categories=[r["appeal_units__unit__name"] for r in rows],
        series=[
            {"name": "受理量", "data": [r["total"] for r in rows]},
            {"name": "按时办结", "data": [r["total"] - r["late"] for r in rows]},
            {"name": "平均满意度", "data": [round(float(r["satisfaction"] or 0), 2) for r in rows]},
        ],
        keys=[str(r["appeal_units__unit_id"]) for r in rows],
    )


def appeal_rows(scope: Scope, key: str, offset: int, limit: int) -> tuple[list[str], list[list[Any]], int]:
    qs = _appeals(scope)
    if key.isdigit():
        qs = qs.filter(appeal_units__unit_id=int(key), appeal_units__role="lead")
    count = qs.count()
    rows = [
        [
            a.tracking_code,
            a.title,
            a.get_status_display(),
            a.created_at.date().isoformat(),
            "是" if a.is_late else "否",
            a.satisfaction or "",
        ]
        for a in qs.order_by("-created_at")[offset : offset + limit]
    ]
    return ["查询码", "标题", "状态", "受理日期", "曾超期", "满意度"], rows, count


def appeal_table(scope: Scope) -> tuple[list[str], list[list[Any]]]:
    rows = []
    for r in _appeal_counts(scope):
        on_time = (r["total"] - r["late"]) / r["total"] if r["total"] else 0
        sat = "—" if r["satisfaction"] is None else f"{float(r['satisfaction']):.2f}"
        rows.append([r["appeal_units__unit__name"], r["total"], r["late"], f"{on_time:.1%}", sat])
    return ["主办单位", "受理量", "超期", "按时率", "平均满意度"], rows


def register() -> None:
    try:
        from yingshang.ledger.models import Task  # noqa: F401
    except ImportError:
        pass
    else:
        if get_source("task_colours") is None:
            register_source(
                MetricSource("task_colours", "任务三色督办(按单位)", task_summary, task_rows, task_table)
            )
    try:
        from yingshang.appeals.models import Appeal  # noqa: F401
    except ImportError:
        pass
    else:
        if get_source("appeals") is None:
            register_source(
                MetricSource(
                    "appeals",
                    "企业诉求(受理量、按时办结率、满意度)",
                    appeal_summary,
                    appeal_rows,
                    appeal_table,
                )
            )
