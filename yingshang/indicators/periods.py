"""Reporting periods as keys: "2025-03" (month), "2025Q1" (quarter), "2025" (year)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from yingshang.core.errors import ValidationFailed

MONTH, QUARTER, YEAR = "month", "quarter", "year"
# "2025-03", "2025Q1", "2025"
RE_PERIOD = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})|[Qq](?P<q>[1-4]))?$")


@dataclass(frozen=True)
class Period:
    kind: str
    key: str
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == QUARTER:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年"

    def previous(self) -> Period:
        return period_containing(self.start - timedelta(days=1), self.kind)


def _month_end(year: int, month: int) -> date:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return nxt - timedelta(days=1)


def parse_period(text: str) -> Period:
    m = RE_PERIOD.match(str(text or "").strip())
    if not m:
        raise ValidationFailed(
            f"期间“{text}”格式无效，应为 2025-03、2025Q1 或 2025。", fields={"period": "格式无效"}
        )
    year = int(m.group("y"))
    if not 2000 <= year <= 2100:
        raise ValidationFailed("期间年份超出范围(2000—2100)。", fields={"period": "超出范围"})
    if m.group("m"):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            raise ValidationFailed(f"月份“{month}”无效。", fields={"period": "月份无效"})
        return Period(MONTH, f"{year}-{month:02d}", date(year, month, 1), _month_end(year, month))
    if m.group("q"):
        q = int(m.group("q"))
        return Period(QUARTER, f"{year}Q{q}", date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    return Period(YEAR, str(year), date(year, 1, 1), date(year, 12, 31))


def period_containing(day: date, kind: str) -> Period:
    if kind == MONTH:
        return parse_period(f"{day.year}-{day.month:02d}")
    if kind == QUARTER:
        return parse_period(f"{day.year}Q{(day.month - 1) // 3 + 1}")
    return parse_period(str(day.year))


def months_between(first: Period, last: Period) -> list[Period]:
    out: list[Period] = []
    current = period_containing(first.start, MONTH)
    while current.start <= last.end:
        out.append(current)
        current = period_containing(current.end + timedelta(days=1), MONTH)
    return out
