"""Components over the ledger's tasks and the appeals app's appeals, when those apps are installed.

Imported lazily and guarded: while either app's models are missing, its component is simply absent.
An app that registers its own component under the same code takes precedence (registration order).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils import timezone

from yingshang.assessment.components import Component, Result, get_component, register_component


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end, time.max)),
    )


def task_timeliness(unit_ids: list[int], start: date, end: date) -> Result:
    """Share of the unit's tasks (lead unit, due in or before the period, not cancelled) that are not red."""
    from yingshang.ledger.models import Task

    rows = {
        r["lead_unit_id"]: r
        for r in Task.objects.filter(lead_unit_id__in=unit_ids, is_group=False, due_date__lte=end)
        .exclude(status="cancelled")
        .exclude(status="closed", closed_at__lt=_bounds(start, end)[0])
        .values("lead_unit_id")
        .annotate(
            total=Count("id"),
            red=Count("id", filter=Q(colour="red")),
            yellow=Count("id", filter=Q(colour="yellow")),
            closed=Count("id", filter=Q(status="closed")),
        )
    }
    out: Result = {}
    for uid in unit_ids:
        r = rows.get(uid)
        if not r or not r["total"]:
            out[uid] = (None, {"sample": 0, "说明": "本期无到期任务"})
            continue
        out[uid] = (
            round(1 - r["red"] / r["total"], 4),
            {
                "sample": r["total"],
                "任务数": r["total"],
                "红色": r["red"],
                "黄色": r["yellow"],
                "已销号": r["closed"],
            },
        )
    return out


def appeal_handling(unit_ids: list[int], start: date, end: date) -> Result:
    """0.7 × on-time share + 0.3 × satisfaction (1–5 scaled to 0–1) of appeals the unit led in the period."""
    from yingshang.appeals.models import Appeal

    lo, hi = _bounds(start, end)
    rows = {
        r["appeal_units__unit_id"]: r
        for r in Appeal.objects.counted()
        .filter(
            appeal_units__unit_id__in=unit_ids,
            appeal_units__role="lead",
            appeal_units__is_active=True,
            created_at__range=(lo, hi),
        )
        .values("appeal_units__unit_id")
        .annotate(
            total=Count("id"),
            late=Count("id", filter=Q(is_late=True)),
            rated=Count("id", filter=Q(satisfaction__isnull=False)),
            satisfaction=Avg("satisfaction"),
        )
    }
    out: Result = {}
    for uid in unit_ids:
        r = rows.get(uid)
        if not r or not r["total"]:
            out[uid] = (None, {"sample": 0, "说明": "本期无主办诉求"})
            continue
        on_time = 1 - r["late"] / r["total"]
        sat = min(1.0, float(r["satisfaction"]) / 5) if r["satisfaction"] is not None else None
        value = on_time if sat is None else 0.7 * on_time + 0.3 * sat
        explanation: dict[str, Any] = {
            "sample": r["total"],
            "主办诉求": r["total"],
            "超期": r["late"],
            "按时率": f"{on_time:.1%}",
            "已评价": r["rated"],
            "平均满意度": None if r["satisfaction"] is None else round(float(r["satisfaction"]), 2),
        }
        if r["total"] >= 5 and r["late"] == 0 and r["rated"] == 0:
            explanation["anomalies"] = ["诉求全部按时但无一评价，请核实回访"]
        out[uid] = (round(value, 4), explanation)
    return out


def register() -> None:
    try:
        from yingshang.ledger.models import Task  # noqa: F401
    except ImportError:
        pass
    else:
        if get_component("task_timeliness") is None:
            register_component(
                Component(
                    "task_timeliness", "任务按期推进", task_timeliness, "牵头任务中非红色(未超期)的比例"
                )
            )
    try:
        from yingshang.appeals.models import Appeal  # noqa: F401
    except ImportError:
        pass
    else:
        if get_component("appeal_handling") is None:
            register_component(
                Component("appeal_handling", "诉求办理", appeal_handling, "主办诉求按时率(70%)与满意度(30%)")
            )
