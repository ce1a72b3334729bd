"""Components fed by the indicators app: target attainment of a lead unit's indicators, and its warnings."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, Q

from yingshang.assessment.components import Component, Result, register_component
from yingshang.core.models import Unit
from yingshang.indicators import rules
from yingshang.indicators.models import IndicatorWarning, Observation, WarningStatus

# Each overdue warning costs more than an open one: the unit ignored its clock.
OPEN_PENALTY = 0.1
OVERDUE_PENALTY = 0.25


def _unit_paths(unit_ids: list[int]) -> dict[int, str]:
    return dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "region__tree_path"))


def indicator_attainment(unit_ids: list[int], start: date, end: date) -> Result:
    """Mean attainment (0..1) of the observations of indicators the unit leads, in its own region subtree.

    A county bureau that leads an indicator answers for its county's values, not another county's.
    """
    paths = _unit_paths(unit_ids)
    rows = Observation.objects.filter(
        indicator__lead_unit_id__in=unit_ids, period_start__gte=start, period_end__lte=end
    ).values_list(
        "indicator__lead_unit_id",
        "value",
        "indicator__direction",
        "target_value",
        "indicator__warning_value",
        "result",
        "jump_flag",
        "indicator__code",
        "period",
        "region__tree_path",
    )
    acc: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"sum": 0.0, "n": 0, "met": 0, "missed": 0, "jumps": []}
    )
    for unit_id, value, direction, target, warning, result, jump, code, period, region_path in rows:
        if not region_path.startswith(paths.get(unit_id, "\0")):
            continue
        a = rules.attainment(value, direction=direction, target=target, warning=warning)
        if a is None:
            continue
        cell = acc[unit_id]
        cell["sum"] += a
        cell["n"] += 1
        cell["met" if result == "met" else "missed"] += 1
        if jump:
            cell["jumps"].append(f"{code} {period} 环比异常")
    out: Result = {}
    for unit_id in unit_ids:
        cell = acc.get(unit_id)
        if not cell or not cell["n"]:
            out[unit_id] = (None, {"sample": 0, "说明": "本期无设定目标的监测值"})
            continue
        out[unit_id] = (
            round(cell["sum"] / cell["n"], 4),
            {
                "sample": cell["n"],
                "达标": cell["met"],
                "未达标": cell["missed"],
                "all_met": cell["missed"] == 0,
                "anomalies": cell["jumps"][:10],
            },
        )
    return out


def open_warnings(unit_ids: list[int], start: date, end: date) -> Result:
    """1 minus penalties for warnings of the period still unresolved now (overdue ones weigh more).

    A unit with no value of its own indicators in the period has nothing to judge: no data (None), not
    a perfect 1 — else a unit without any indicator would top the list with 100.
    """
    paths = _unit_paths(unit_ids)
    observed = dict(
        Observation.objects.filter(
            indicator__lead_unit_id__in=unit_ids, period_start__gte=start, period_end__lte=end
        )
        .filter(_own_region(paths, field="indicator__lead_unit_id"))
        .values("indicator__lead_unit_id")
        .annotate(n=Count("id"))
        .values_list("indicator__lead_unit_id", "n")
    )
    counts = {
        r["lead_unit_id"]: r
        for r in IndicatorWarning.objects.filter(
            lead_unit_id__in=unit_ids, observation__period_start__gte=start, observation__period_end__lte=end
        )
        .filter(_own_region(paths))
        .values("lead_unit_id")
        .annotate(
            total=Count("id"),
            live=Count("id", filter=Q(status__in=[WarningStatus.OPEN, WarningStatus.EXPLAINED])),
            overdue=Count("id", filter=Q(status=WarningStatus.OVERDUE)),
        )
    }
    out: Result = {}
    for unit_id in unit_ids:
        r = counts.get(unit_id)
        if r is None and not observed.get(unit_id):
            out[unit_id] = (None, {"sample": 0, "说明": "本期无牵头指标的监测值"})
            continue
        if r is None:
            out[unit_id] = (1.0, {"sample": 0, "预警数": 0, "未解除": 0, "逾期": 0})
            continue
        value = max(0.0, 1 - OPEN_PENALTY * r["live"] - OVERDUE_PENALTY * r["overdue"])
        out[unit_id] = (
            round(value, 4),
            {"sample": r["total"], "预警数": r["total"], "未解除": r["live"], "逾期": r["overdue"]},
        )
    return out


def _own_region(paths: dict[int, str], field: str = "lead_unit_id") -> Q:
    q = Q(pk__in=[])
    for unit_id, path in paths.items():
        q |= Q(**{field: unit_id, "region__tree_path__startswith": path})
    return q


def register() -> None:
    register_component(
        Component(
            "indicator_attainment", "评价指标达标", indicator_attainment, "牵头指标监测值相对创优目标的达成度"
        )
    )
    register_component(
        Component("open_warnings", "指标预警处置", open_warnings, "本期预警未解除、逾期未说明扣分")
    )
