"""Working-day arithmetic: the one place that knows which days count.

Sources, strongest first:

1. office overrides (the ``CalendarDay`` table, edited by 营商办 staff when the State Council
   publishes next year's holidays, or for a local day off);
2. ``chinesecalendar`` for the years it ships data for (statutory holidays and 调休 make-up days);
3. for any other year, Monday–Friday minus the fixed-date statutory holidays (元旦, 劳动节,
   国庆节), with ``estimated=True`` on every answer that used it, so a due date computed before
   the State Council's notice is shown as provisional.

Conventions (the same in every app):

* ``add_workdays(start, n)`` reads "自 start 起 n 个工作日内": day 1 is the first workday *after*
  ``start``; the start day itself never counts, even if it is a workday, because an item received
  during the day has not had a full day yet. ``n = 0`` returns ``start``; negative ``n`` counts back
  (day -1 is the last workday *before* ``start``).
* ``workdays_between(a, b)`` counts workdays in the half-open interval (a, b], so
  ``workdays_between(start, add_workdays(start, n).date) == n``.
* ``workdays_left(due, today)`` is ``workdays_between(today, due)``: 0 on the due day, negative after.

No Django here: the app registers a loader with ``set_override_loader`` and calls
``invalidate_calendar`` after the table changes; everything else calls ``get_calendar()``.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import chinese_calendar

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "SHANGHAI",
    "DayInfo",
    "WorkCalendar",
    "WorkdayResult",
    "get_calendar",
    "invalidate_calendar",
    "set_override_loader",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Flat (hour, minute) pairs: morning start, morning end, afternoon start, afternoon end.
DEFAULT_OFFICE_HOURS: tuple[tuple[int, int], ...] = ((9, 0), (12, 0), (13, 30), (17, 30))

_HOLIDAY_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}

# Statutory holidays on fixed solar dates (全国年节及纪念日放假办法, 2024 revision). For years
# chinesecalendar does not know yet these are certain to be days off; lunar holidays and 调休
# are not, so the fallback stays Monday–Friday for everything else and is marked estimated.
_FIXED_HOLIDAYS = {
    (1, 1): "元旦",
    (5, 1): "劳动节",
    (5, 2): "劳动节",
    (10, 1): "国庆节",
    (10, 2): "国庆节",
    (10, 3): "国庆节",
}


@dataclass(frozen=True, slots=True)
class DayInfo:
    is_workday: bool
    estimated: bool
    name: str


@dataclass(frozen=True, slots=True)
class WorkdayResult:
    date: date
    estimated: bool


@dataclass(frozen=True, slots=True)
class _Year:
    """One year's days, with running counts so that range questions are two lookups."""

    first: date
    days: tuple[DayInfo, ...]
    # cum_work[i] = workdays among days[0..i]; cum_estimated likewise for estimated days.
    cum_work: tuple[int, ...]
    cum_estimated: tuple[int, ...]

    @property
    def total(self) -> int:
        return self.cum_work[-1]

    def work_upto(self, index: int) -> int:
        return self.cum_work[index] if index >= 0 else 0


def _running(flags: Iterable[bool]) -> tuple[int, ...]:
    out, n = [], 0
    for flag in flags:
        n += flag
        out.append(n)
    return tuple(out)


class WorkCalendar:
    """Answers which days are workdays; immutable once built, safe to share between threads."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides: dict[date, bool] = dict(overrides or {})
        # Built lazily: a process touches a handful of years, and building one costs ~1 ms.
        self._years: dict[int, _Year] = {}

    # -- single days -------------------------------------------------------------------------

    def day_kind(self, d: date) -> DayInfo:
        year = self._year(d.year)
        return year.days[(d - year.first).days]

    def is_workday(self, d: date) -> bool:
        return self.day_kind(d).is_workday

    # -- counting ----------------------------------------------------------------------------

    def workdays_between(self, a: date, b: date) -> int:
        """Workdays in (a, b]; negative (minus the workdays in (b, a]) when b is before a."""
        if b < a:
            return -self.workdays_between(b, a)
        return self._count(a, b, "cum_work")

    def workdays_left(self, due: date, today: date) -> int:
        return self.workdays_between(today, due)

    def add_workdays(self, start: date, n: int) -> WorkdayResult:
        """The n-th workday after ``start`` (see the module docstring for the convention)."""
        if n == 0:
            return WorkdayResult(start, False)
        year = self._year(start.year)
        index = (start - year.first).days
        if n > 0:
            need = year.work_upto(index) + n
            while need > year.total:
                need -= year.total
                year = self._year(year.first.year + 1)
        else:
            # Day -1 is the last workday before start: the first index whose running count
            # reaches (workdays before start) + n + 1.
            need = year.work_upto(index - 1) + n + 1
            while need <= 0:
                year = self._year(year.first.year - 1)
                need += year.total
        result = year.first + timedelta(days=bisect_left(year.cum_work, need))
        if n > 0:
            estimated = self._count(start, result, "cum_estimated") > 0
        else:
            estimated = (
                self._count(result - timedelta(days=1), start - timedelta(days=1), "cum_estimated") > 0
            )
        return WorkdayResult(result, estimated)

    def add_working_hours(
        self,
        start: datetime,
        hours: float,
        *,
        office_hours: Iterable[tuple[int, int]] = DEFAULT_OFFICE_HOURS,
    ) -> datetime:
        """The moment when ``hours`` of office time on workdays have passed since ``start``.

        Aware datetimes are reckoned in Asia/Shanghai wall time and returned in ``start``'s tzinfo;
        naive ones are taken as Shanghai wall time and returned naive. A result landing exactly on
        the end of a session (12:00) stays there rather than jumping to the next session.
        """
        if hours < 0:
            raise ValueError("hours must not be negative")
        sessions = _sessions(office_hours)
        original_tz = start.tzinfo
        local = start.astimezone(SHANGHAI).replace(tzinfo=None) if original_tz is not None else start
        remaining = timedelta(hours=hours)
        if not remaining:
            return start

        day = local.date()
        cursor = local
        # Ten years of skipping would mean a nonsense input; stop rather than loop for ever.
        for _ in range(3660):
            if self.is_workday(day):
                for open_at, close_at in sessions:
                    begin = max(cursor, datetime.combine(day, open_at))
                    end = datetime.combine(day, close_at)
                    if begin >= end:
                        continue
                    if remaining <= end - begin:
                        return _restore_tz(begin + remaining, original_tz)
                    remaining -= end - begin
            day += timedelta(days=1)
            cursor = datetime.combine(day, time.min)
        raise ValueError("hours reach more than ten years ahead")

    # -- colours -----------------------------------------------------------------------------

    def colour_for(
        self,
        due: date,
        today: date,
        *,
        yellow_workdays: int = 5,
        done: bool = False,
        behind_schedule: bool = False,
    ) -> str:
        """三色督办: "red" overdue, "yellow" close to due or behind schedule, else "green"."""
        if done:
            return "green"
        if today > due:
            return "red"
        if behind_schedule or self.workdays_left(due, today) <= yellow_workdays:
            return "yellow"
        return "green"

    # -- internals ---------------------------------------------------------------------------

    def _year(self, y: int) -> _Year:
        year = self._years.get(y)
        if year is None:
            year = self._years[y] = self._build_year(y)
        return year

    def _build_year(self, y: int) -> _Year:
        first = date(y, 1, 1)
        n_days = (date(y + 1, 1, 1) - first).days
        known = _calendar_knows(y)
        days = []
        for i in range(n_days):
            d = first + timedelta(days=i)
            days.append(self._classify(d, known))
        return _Year(
            first=first,
            days=tuple(days),
            cum_work=_running(info.is_workday for info in days),
            cum_estimated=_running(info.estimated for info in days),
        )

    def _classify(self, d: date, known: bool) -> DayInfo:
        override = self._overrides.get(d)
        if override is not None:
            return DayInfo(override, False, "调整为工作日" if override else "调整为休息日")
        weekend = d.weekday() >= 5
        if not known:
            fixed = _FIXED_HOLIDAYS.get((d.month, d.day))
            if fixed is not None:
                return DayInfo(False, True, fixed)
            return DayInfo(not weekend, True, "周末" if weekend else "工作日")
        if chinese_calendar.is_workday(d):
            return DayInfo(True, False, "调休上班" if weekend else "工作日")
        _, holiday = chinese_calendar.get_holiday_detail(d)
        if holiday is None:
            return DayInfo(False, False, "周末")
        return DayInfo(False, False, _HOLIDAY_NAMES.get(holiday, holiday))

    def _count(self, a: date, b: date, field: str) -> int:
        """Days flagged in ``field`` within (a, b], for a <= b."""
        year_a, year_b = self._year(a.year), self._year(b.year)
        running_a: tuple[int, ...] = getattr(year_a, field)
        running_b: tuple[int, ...] = getattr(year_b, field)
        in_b = running_b[(b - year_b.first).days]
        below_a = running_a[(a - year_a.first).days]
        if a.year == b.year:
            return in_b - below_a
        middle = sum(getattr(self._year(y), field)[-1] for y in range(a.year + 1, b.year))
        return running_a[-1] - below_a + middle + in_b


def _sessions(office_hours: Iterable[tuple[int, int]]) -> list[tuple[time, time]]:
    marks = [time(h, m) for h, m in office_hours]
    if not marks or len(marks) % 2:
        raise ValueError("office_hours must be (hour, minute) pairs: open, close, open, close …")
    if any(a >= b for a, b in zip(marks, marks[1:], strict=False)):
        raise ValueError("office_hours must be strictly increasing")
    return list(zip(marks[::2], marks[1::2], strict=True))


def _restore_tz(local: datetime, tz: tzinfo | None) -> datetime:
    if tz is None:
        return local
    return local.replace(tzinfo=SHANGHAI).astimezone(tz)


_known_years: dict[int, bool] = {}


def _calendar_knows(y: int) -> bool:
    known = _known_years.get(y)
    if known is None:
        try:
            chinese_calendar.is_workday(date(y, 6, 1))
            known = True
        except NotImplementedError:
            known = False
        _known_years[y] = known
    return known


# -- the process-wide calendar ---------------------------------------------------------------

_loader: Callable[[], Mapping[date, bool]] | None = None
_calendar: WorkCalendar | None = None
_lock = threading.Lock()


def set_override_loader(fn: Callable[[], Mapping[date, bool]] | None) -> None:
    """Register the function that returns office overrides (the app reads its CalendarDay table)."""
    global _loader
    with _lock:
        _loader = fn
        _drop()


def invalidate_calendar() -> None:
    """Forget the shared calendar; the next ``get_calendar()`` reloads the overrides."""
    with _lock:
        _drop()


def get_calendar() -> WorkCalendar:
    global _calendar
    calendar = _calendar
    if calendar is not None:
        return calendar
    with _lock:
        if _calendar is None:
            _calendar = WorkCalendar(_loader() if _loader is not None else None)
        return _calendar


def _drop() -> None:
    global _calendar
    _calendar = None
