"""What each appeal contributes to the statistics cells, and how the cells follow the appeals.

One function, ``contributions``, turns appeals into cell increments; every path uses it:
* ``track`` (and the ``keeps_statistics`` decorator on the services): within the service's transaction,
  locks the appeals it names, takes their contributions before and after, and adds the difference;
* ``fold_pending``: the worker adds new filings (``stats_counted`` false: intake writes no cell, so a
  filing costs no extra statement and no contended row) and marks them counted;
* ``rebuild_cells``: recomputes every cell from the counted appeals and corrects the difference (the
  daily safety net, and the bench's loader), without holding anyone up; on PostgreSQL the recomputation
  is one grouped query (``statistics.rebuild``) instead of ``contributions``.
Until folded, an appeal is counted live by the read (statistics.read), so the figures are exact at
every moment.
"""

from __future__ import annotations

import functools
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from yingshang.appeals.models import Appeal, AppealUnit
from yingshang.appeals.statistics.models import AppealStatsCell

COUNTERS = (
    "total",
    "open",
    "late",
    "acked",
    "acked_on_time",
    "replied",
    "replied_on_time",
    "called",
    "solved",
    "rated",
    "satisfied",
)
DIMS = ("month", "service", "channel", "lead", "indicator")
Key = tuple[str, int, str, str]  # (scope, scope_id, dim, value)
Cells = dict[Key, list[int]]

_FIELDS = (
    "pk",
    "region_id",
    "created_at",
    "service_id",
    "channel",
    "suggested_indicator",
    "status",
    "is_late",
    "acked",  # acknowledged_at is set (a boolean: the time itself is not needed, nor parsed)
    "acknowledged_late",
    "replied",
    "replied_late",
    "solved",
    "satisfaction",
)
_OPEN = frozenset(Appeal.OPEN_STATUSES)
P = ParamSpec("P")
R = TypeVar("R")


def _counters(row: Sequence[Any]) -> list[int]:
    (_, _, _, _, _, _, status, is_late, acked, acked_late, replied, replied_late, solved, rating) = row
    return [
        1,
        int(status in _OPEN),
        int(bool(is_late)),
        int(bool(acked)),
        int(bool(acked) and not acked_late),
        int(bool(replied)),
        int(bool(replied) and not replied_late),
        int(solved is not None),
        int(solved is True),
        int(rating is not None),
        int(rating is not None and rating >= 3),
    ]


def add_into(total: Cells, more: Cells, sign: int = 1) -> Cells:
    for key, values in more.items():
        cell = total.setdefault(key, [0] * len(COUNTERS))
        for i, v in enumerate(values):
            cell[i] += sign * v
    return total


def contributions(appeals: QuerySet[Appeal], *, scope: tuple[str, int | None] | None = None) -> Cells:
    """Cell increments of ``appeals`` as statistics count them (merged children count nothing): each adds
    its counters to one cell per dimension in its region and in every unit it was ever dispatched to.
    ``scope`` (a read's own: ``("r", None)`` any region, ``("u", unit id)``) leaves the other cells out."""
    out: Cells = {}
    tz = timezone.get_current_timezone()
    counted = appeals.filter(parent__isnull=True).order_by()
    rows = list(
        counted.annotate(
            acked=ExpressionWrapper(Q(acknowledged_at__isnull=False), output_field=BooleanField()),
            replied=ExpressionWrapper(Q(replied_at__isnull=False), output_field=BooleanField()),
        ).values_list(*_FIELDS)
    )
    units: dict[int, set[int]] = defaultdict(set)
    leads: dict[int, int] = {}
    if rows:
        links = AppealUnit.objects.filter(appeal_id__in=counted.values("pk")).values_list(
            "appeal_id", "unit_id", "role", "is_active"
        )
        for appeal_id, unit_id, role, active in links:
            units[appeal_id].add(unit_id)
            if role == AppealUnit.Role.LEAD and active:
                leads[appeal_id] = unit_id
    for row in rows:
        pk, region_id, created_at, service_id, channel, indicator = row[:6]
        counters = _counters(row)
        local = created_at.astimezone(tz)  # the month as TruncMonth counts it, in the current zone
        values = (
            ("month", f"{local.year:04d}-{local.month:02d}"),
            ("service", str(service_id)),
            ("channel", channel),
            ("lead", str(leads.get(pk, ""))),
            ("indicator", indicator),
        )
        scopes = [("r", region_id), *(("u", u) for u in units[pk])]
        if scope is not None:
            scopes = [sc for sc in scopes if sc[0] == scope[0] and scope[1] in (None, sc[1])]
        for kind, scope_id in scopes:
            for dim, value in values:
                key = (kind, scope_id, dim, value)
                cell = out.get(key)
                out[key] = (
                    counters.copy() if cell is None else [a + b for a, b in zip(cell, counters, strict=True)]
                )
    return out


def apply(delta: Cells) -> int:
    """Add ``delta`` to the cells in one statement per batch (creating cells as needed), in key order so
    two transactions touching the same cells lock them in the same order."""
    rows: list[tuple[str | int, ...]] = [
        (*key, *values) for key, values in sorted(delta.items()) if any(values)
    ]
    if not rows:
        return 0
    qn = connection.ops.quote_name
    table = qn(AppealStatsCell._meta.db_table)
    cols = ["scope", "scope_id", "dim", "value", *COUNTERS]
    sets = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in COUNTERS)
    sql = (
        f"INSERT INTO {table} ({', '.join(qn(c) for c in cols)}) VALUES ({', '.join(['%s'] * len(cols))}) "
        f"ON CONFLICT (scope, scope_id, dim, value) DO UPDATE SET {sets}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[start : start + 1000])
    return len(rows)


_tracking = threading.local()  # ids an enclosing `track` of this thread already keeps


@contextmanager
def track(ids: Iterable[int]) -> Iterator[None]:
    """Keep the cells of the appeals ``ids`` right across the block (one transaction): lock them (in id
    order), note what the counted ones contribute, run the block, add the difference. A service called
    inside another's block (the sweep closing a replied appeal) leaves the outer one to count it once."""
    outer: set[int] = getattr(_tracking, "ids", set())
    wanted = sorted({i for i in ids if i is not None} - outer)
    if not wanted:
        yield
        return
    _tracking.ids = outer | set(wanted)
    try:
        with _tracked(wanted):
            yield
    finally:
        _tracking.ids = outer


@contextmanager
def _tracked(wanted: list[int]) -> Iterator[None]:
    with transaction.atomic():
        flags = list(
            Appeal.objects.select_for_update()
            .filter(pk__in=wanted)
            .order_by("pk")
            .values_list("pk", "stats_counted")
        )
        counted = [pk for pk, is_counted in flags if is_counted]
        before = contributions(Appeal.objects.filter(pk__in=counted)) if counted else {}
        yield
        if counted:
            after = contributions(Appeal.objects.filter(pk__in=counted))
            apply(add_into(after, before, -1))


def _appeal_ids(values: Iterable[Any]) -> Iterator[int]:
    for value in values:
        if isinstance(value, Appeal):
            yield value.pk
        elif isinstance(value, list | tuple):
            yield from _appeal_ids(value)
        elif isinstance(getattr(value, "appeal_id", None), int):  # an extension, a reply…
            yield value.appeal_id


def keeps_statistics(fn: Callable[P, R]) -> Callable[P, R]:
    """For a service changing appeals: the appeals among its keyword arguments are tracked."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with track(_appeal_ids(kwargs.values())):
            return fn(*args, **kwargs)

    return wrapper


def fold_pending(*, batch: int = 5000) -> int:
    """Count the filings not counted yet into the cells, a batch per transaction; returns how many."""
    done = 0
    while True:
        with transaction.atomic():
            ids = list(
                Appeal.objects.select_for_update()
                .filter(stats_counted=False)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch]
            )
            if not ids:
                return done
            apply(contributions(Appeal.objects.filter(pk__in=ids)))
            Appeal.objects.filter(pk__in=ids).update(stats_counted=True)
        done += len(ids)


@contextmanager
def snapshot() -> Iterator[None]:
    """A transaction whose reads all see one moment (REPEATABLE READ on PostgreSQL; SQLite's read
    transactions already do). Cells and appeals change together in one commit, so in one snapshot
    they agree."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def rebuild_cells(*, chunk: int = 20_000) -> int:
    """Make the cells what the counted appeals contribute; returns the number of cells corrected.

    Reads the cells and recomputes them from the appeals in one snapshot, then adds the difference.
    On PostgreSQL the recomputation is one grouped query (``rebuild.expected_cells_sql``); on SQLite,
    which has no time zones to take the month in, ``contributions`` runs over the appeals ``chunk`` at a
    time. Increments commute, so services and folds committing meanwhile keep theirs and nobody waits:
    the job holds no writer up.
    """
    with snapshot():
        if connection.vendor == "postgresql":
            from yingshang.appeals.statistics.rebuild import expected_cells_sql

            expected = expected_cells_sql()
        else:
            expected = _expected_cells_python(chunk)
        actual: Cells = {
            (scope, scope_id, dim, value): list(counters)
            for scope, scope_id, dim, value, *counters in AppealStatsCell.objects.values_list(
                "scope", "scope_id", "dim", "value", *COUNTERS
            )
        }
    with transaction.atomic():
        return apply(add_into(expected, actual, -1))


def _expected_cells_python(chunk: int) -> Cells:
    """What the counted appeals contribute, summed in Python over ``chunk`` appeals at a time."""
    expected: Cells = {}
    last = 0
    while True:
        ids = list(
            Appeal.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[chunk - 1 : chunk]
        )
        upper = ids[0] if ids else None
        part = Appeal.objects.filter(pk__gt=last, stats_counted=True)
        if upper is not None:
            part = part.filter(pk__lte=upper)
        add_into(expected, contributions(part))
        if upper is None:
            return expected
        last = upper
