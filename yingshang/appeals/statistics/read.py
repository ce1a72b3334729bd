"""The statistics a user reads: summary cells of their scope plus the filings not folded yet.

Office and leaders read the cells of the regions in their subtree, units the cells of their own unit
(the appeals ever dispatched to it, as the list scopes them). Enterprises and supervisors see only
their own appeals, few enough to count live.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Sum

from yingshang.appeals import selectors
from yingshang.appeals.models import Appeal, Service
from yingshang.appeals.statistics.cells import COUNTERS, Cells, add_into, contributions, snapshot
from yingshang.appeals.statistics.models import AppealStatsCell
from yingshang.core.models import Region, Unit, User

Role = User.Role


def _scope(user: User) -> tuple[str, list[int] | None] | None:
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        if user.region_id is None:
            return "r", None
        region = Region.objects.only("tree_path").get(pk=user.region_id)
        return "r", list(
            Region.objects.filter(tree_path__startswith=region.tree_path).values_list("pk", flat=True)
        )
    if user.is_unit_user and user.unit_id is not None:
        return "u", [user.unit_id]
    return None


def appeal_stats_for(user: User) -> dict[str, Any]:
    """The statistics page's and API's figures for ``user``, equal to selectors.appeal_stats over the
    appeals the user sees."""
    scope = _scope(user)
    if scope is None:
        return selectors.appeal_stats(selectors.visible_appeals(user))
    kind, ids = scope
    cells = AppealStatsCell.objects.filter(scope=kind)
    if ids is not None:
        cells = cells.filter(scope_id__in=ids)
    merged: Cells = {}
    with snapshot():  # a fold committing between the two reads would count its batch twice or not at all
        rows = cells.values("dim", "value").annotate(**{f"s_{c}": Sum(c) for c in COUNTERS}).order_by()
        for row in rows:
            merged[(kind, 0, row["dim"], row["value"])] = [row[f"s_{c}"] for c in COUNTERS]
        pending = contributions(
            selectors.visible_appeals(user).filter(stats_counted=False),
            scope=(kind, None if kind == "r" else user.unit_id),
        )
    for (scope_kind, scope_id, dim, value), counters in pending.items():
        if scope_kind == kind and (ids is None or scope_id in ids):
            add_into(merged, {(kind, 0, dim, value): counters})
    return figures({(dim, value): v for (_, _, dim, value), v in merged.items() if v[0] > 0})


def _volumes(pairs: dict[str, int]) -> list[dict[str, Any]]:
    return [{"name": n, "n": c} for n, c in sorted(pairs.items(), key=lambda p: (-p[1], p[0])) if c > 0]


def figures(cells: dict[tuple[str, str], list[int]]) -> dict[str, Any]:
    """The figures from per-dimension counters (``(dim, value) → COUNTERS``)."""
    by: dict[str, dict[str, list[int]]] = {}
    for (dim, value), counters in cells.items():
        by.setdefault(dim, {})[value] = counters
    total = [0] * len(COUNTERS)
    for counters in by.get("month", {}).values():
        total = [a + b for a, b in zip(total, counters, strict=True)]
    agg = dict(zip(COUNTERS, total, strict=True))
    services = dict(Service.objects.values_list("pk", "name"))
    by_service: dict[str, int] = {}
    for value, counters in by.get("service", {}).items():
        name = services.get(int(value), "")
        by_service[name] = by_service.get(name, 0) + counters[0]
    lead_ids = [int(v) for v in by.get("lead", {}) if v]
    unit_names = dict(Unit.objects.filter(pk__in=lead_ids).values_list("pk", "name"))
    by_unit: dict[str, int] = {}
    for value, counters in by.get("lead", {}).items():
        if value:
            name = unit_names.get(int(value), "")
            by_unit[name] = by_unit.get(name, 0) + counters[0]
    by_indicator = {v: c[0] for v, c in by.get("indicator", {}).items() if v}
    return selectors.stats_figures(
        agg,
        by_service=_volumes(by_service),
        by_unit=_volumes(by_unit),
        by_channel={v: c[0] for v, c in by.get("channel", {}).items()},
        by_month={v: c[0] for v, c in by.get("month", {}).items()},
        by_indicator=_volumes(by_indicator),
    )


def pending_count() -> int:
    return Appeal.objects.filter(stats_counted=False).count()
