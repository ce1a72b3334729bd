"""The clock that matters next on an appeal, in working time, for lists and 我的待办.

分办 (submitted: the office's own clock, from the filing), 签收 (dispatched), 首次联系 (acknowledged, nobody
has reached the enterprise yet) and 答复 (acknowledged, returned, escalated); once answered, 回访 (the
office's callback, before the sweep closes the appeal unanswered: ``step_clock``). Within the due day the time
left is told in working hours ("签收剩 3.5 工作小时"); before it, in workdays ("答复剩 2 个工作日");
"超期" only once the deadline has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from yingshang.appeals.models import Appeal
from yingshang.appeals.services.clocks import callback_due_from
from yingshang.core import workdays

S = Appeal.Status
# The office dispatches a filing within this many working hours (12345 practice: the same half-day).
DISPATCH_HOURS = 2


@dataclass(frozen=True)
class Clock:
    name: str  # 分办 / 签收 / 首次联系 / 答复
    due: datetime
    overdue: bool
    text: str  # "签收剩 3.5 工作小时", "答复剩 2 个工作日", "答复超期"
    colour: str  # green / yellow / red


def working_hours_between(start: datetime, end: datetime) -> float:
    """Office hours on workdays in [start, end), in hours (0 when end is not after start)."""
    if end <= start:
        return 0.0
    cal = workdays.get_calendar()
    a = start.astimezone(workdays.SHANGHAI).replace(tzinfo=None)
    b = end.astimezone(workdays.SHANGHAI).replace(tzinfo=None)
    hours = workdays.DEFAULT_OFFICE_HOURS
    sessions = [(time(*hours[i]), time(*hours[i + 1])) for i in range(0, len(hours), 2)]
    total = timedelta()
    day = a.date()
    while day <= b.date():
        if cal.is_workday(day):
            for open_at, close_at in sessions:
                lo = max(a, datetime.combine(day, open_at))
                hi = min(b, datetime.combine(day, close_at))
                if hi > lo:
                    total += hi - lo
        day += timedelta(days=1)
    return total.total_seconds() / 3600


def _hours(h: float) -> str:
    rounded = round(h * 2) / 2 or 0.5  # half-hours; "0" would read as already late
    return f"{rounded:g}"


# Clocks set in working hours are always told in hours; the others in workdays until their due day.
HOUR_CLOCKS = ("分办", "签收")


def describe(name: str, due: datetime, now: datetime) -> Clock:
    if now > due:
        return Clock(name, due, True, f"{name}超期", "red")
    cal = workdays.get_calendar()
    today = timezone.localtime(now, workdays.SHANGHAI).date()
    due_day = timezone.localtime(due, workdays.SHANGHAI).date()
    days = cal.workdays_between(today, due_day)
    if days <= 0 or name in HOUR_CLOCKS:
        hours = working_hours_between(now, due)
        return Clock(name, due, False, f"{name}剩 {_hours(hours)} 工作小时", "yellow")
    return Clock(name, due, False, f"{name}剩 {days} 个工作日", "yellow" if days <= 1 else "green")


def dispatch_due(a: Appeal) -> datetime:
    return workdays.get_calendar().add_working_hours(a.created_at, DISPATCH_HOURS)


def next_clock(a: Appeal, now: datetime | None = None) -> Clock | None:
    """The running clock due first, or None when none runs (replied, closed, merged...)."""
    now = now or timezone.now()
    if a.status == S.SUBMITTED:
        return describe("分办", dispatch_due(a), now)
    running: list[tuple[str, datetime | None]] = []
    if a.status == S.DISPATCHED:
        running.append(("签收", a.acknowledge_due_at))
    if a.status in (S.DISPATCHED, S.ACKNOWLEDGED) and a.first_contacted_at is None:
        running.append(("首次联系", a.first_contact_due_at))
    if a.status in (S.DISPATCHED, S.ACKNOWLEDGED, S.RETURNED, S.ESCALATED):
        running.append(("答复", a.reply_due_at))
    clocks = [(due, name) for name, due in running if due is not None]
    if not clocks:
        return None
    due, name = min(clocks)
    return describe(name, due, now)


def callback_clock(a: Appeal, now: datetime | None = None) -> Clock | None:
    """回访: from the reply until the sweep closes an appeal nobody called back (None unless 已答复)."""
    if a.status != S.REPLIED or a.replied_at is None:
        return None
    return describe("回访", callback_due_from(a.replied_at), now or timezone.now())


def step_clock(a: Appeal, now: datetime | None = None) -> Clock | None:
    """The clock of the step the appeal waits on: ``next_clock`` while a unit or the office handles it,
    the callback once it is answered."""
    if a.status == S.REPLIED:
        return callback_clock(a, now)
    return next_clock(a, now)
