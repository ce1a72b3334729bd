"""A task's clock: reporting periods, their filing deadlines, schedule share and the 三色 colour."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from yingshang.core import workdays
from yingshang.core.errors import ValidationFailed

# A report for a period is due by this working day of the month after the period ends.
FILING_WORKDAY = 5
PERIOD_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")  # "2025-03"
PERIOD_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")  # "2025-Q1"
FINAL = "final"
# A task counts as behind schedule only when it trails the elapsed share by more than this, so a task
# dispatched yesterday with nothing reported yet is not yellow on day one.
BEHIND_TOLERANCE = 0.10

# Recurrences describe how often the work repeats; reporting never gets rarer than quarterly.
RULE_BY_FREQ = {
    "weekly": "monthly",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "semiannual": "quarterly",
    "annual": "quarterly",
}


def today() -> date:
    return timezone.localdate()


def yellow_workdays() -> int:
    return int(settings.YINGSHANG.get("YELLOW_WORKDAYS", 5))


def rule_for(freqs: list[str]) -> str:
    rules = [RULE_BY_FREQ[f] for f in freqs if f in RULE_BY_FREQ]
    return "monthly" if not rules or "monthly" in rules else "quarterly"


def period_for(day: date, rule: str) -> str:
    if rule == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def previous_period(day: date, rule: str) -> str:
    if rule == "quarterly":
        q_first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return period_for(q_first - timedelta(days=1), rule)
    return period_for(day.replace(day=1) - timedelta(days=1), rule)


def period_end(period: str) -> date | None:
    """Last day of a period; None for "final", which is filed with the closure request."""
    if m := PERIOD_MONTH.match(period):
        y, mo = int(m[1]), int(m[2])
        return (date(y + mo // 12, mo % 12 + 1, 1)) - timedelta(days=1)
    if m := PERIOD_QUARTER.match(period):
        y, q = int(m[1]), int(m[2])
        last_month = 3 * q
        return date(y + last_month // 12, last_month % 12 + 1, 1) - timedelta(days=1)
    return None


def validate_period(period: str) -> str:
    period = (period or "").strip()
    if period == FINAL or PERIOD_MONTH.match(period) or PERIOD_QUARTER.match(period):
        return period
    raise ValidationFailed(
        "报送期格式应为“2025-03”(月)、“2025-Q1”(季)或“final”(完成报告)。", fields={"period": "格式无效"}
    )


def filing_deadline(period: str) -> date | None:
    end = period_end(period)
    if end is None:
        return None
    return workdays.get_calendar().add_workdays(end, FILING_WORKDAY).date


def elapsed_share(start: date, due: date, on: date) -> float:
    """Share of the task's working time already used (0..1)."""
    cal = workdays.get_calendar()
    total = cal.workdays_between(start, due)
    if total <= 0:
        return 1.0
    return min(1.0, max(0.0, cal.workdays_between(start, on) / total))


def colour_of(
    *, due: date | None, status: str, progress: int, started: date | None, on: date | None = None
) -> str:
    on = on or today()
    if status in ("closed", "cancelled"):
        return "green"
    if due is None:
        return "green"
    behind = (
        started is not None
        and started < due
        and progress / 100 + BEHIND_TOLERANCE < elapsed_share(started, due, on)
    )
    return workdays.get_calendar().colour_for(
        due, on, yellow_workdays=yellow_workdays(), behind_schedule=behind
    )


def next_morning(now: datetime | None = None) -> datetime:
    """Tasks are looked at once a day: the next 09:00 local time."""
    now = timezone.localtime(now or timezone.now())
    nxt = datetime.combine(now.date() + timedelta(days=1), time(9, 0))
    return timezone.make_aware(nxt, timezone.get_current_timezone())
