"""待审核报送: submitted reports waiting for the office, counted by unit and by age in working days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from yingshang.core.models import User
from yingshang.core.workdays import get_calendar
from yingshang.ledger.models import Report
from yingshang.ledger.selectors import visible_tasks

# (key, label, lowest age in working days, highest or None). Age counts working days after the day the
# report came in: submitted today (or over a weekend) is 0.
AGE_BUCKETS = (
    ("fresh", "不足1个工作日", 0, 0),
    ("days", "1–3个工作日", 1, 3),
    ("old", "超过3个工作日", 4, None),
)
AGE_KEYS = tuple(b[0] for b in AGE_BUCKETS)


def pending_reports(user: User) -> QuerySet[Report]:
    return Report.objects.filter(status=Report.Status.SUBMITTED, task__in=visible_tasks(user))


def age_in_workdays(submitted_on: date, today: date) -> int:
    return max(get_calendar().workdays_between(submitted_on, today), 0)


def age_bucket(age: int) -> str:
    for key, _, low, high in AGE_BUCKETS:
        if age >= low and (high is None or age <= high):
            return key
    return AGE_KEYS[-1]


@dataclass
class UnitRow:
    unit_id: int
    name: str
    region: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AGE_KEYS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts[k] for k in AGE_KEYS]


@dataclass
class Queue:
    rows: list[UnitRow]
    totals: dict[str, int]
    # report id → (age in working days, bucket key), for the rows shown.
    ages: dict[int, tuple[int, str]]

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def buckets(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.totals[key]) for key, label, _, _ in AGE_BUCKETS]


def queue_summary(user: User, *, today: date | None = None) -> Queue:
    """One query over the pending reports' (unit, time) pairs; the oldest-waiting units first."""
    today = today or timezone.localdate()
    rows: dict[int, UnitRow] = {}
    totals = dict.fromkeys(AGE_KEYS, 0)
    ages: dict[int, tuple[int, str]] = {}
    pairs = pending_reports(user).values_list(
        "pk", "unit_id", "unit__name", "unit__region__name", "submitted_at"
    )
    oldest: dict[int, int] = {}
    for pk, unit_id, name, region, submitted_at in pairs:
        age = age_in_workdays(timezone.localdate(submitted_at), today)
        key = age_bucket(age)
        ages[pk] = (age, key)
        row = rows.setdefault(unit_id, UnitRow(unit_id, name, region))
        row.counts[key] += 1
        totals[key] += 1
        oldest[unit_id] = max(oldest.get(unit_id, 0), age)
    ordered = sorted(rows.values(), key=lambda r: (-oldest[r.unit_id], -r.total, r.name))
    return Queue(rows=ordered, totals=totals, ages=ages)


def filter_queue(qs: QuerySet[Report], queue: Queue, *, unit: int | None, age: str) -> QuerySet[Report]:
    if unit:
        qs = qs.filter(unit_id=unit)
    if age in AGE_KEYS:
        qs = qs.filter(pk__in=[pk for pk, (_, key) in queue.ages.items() if key == age])
    return qs
