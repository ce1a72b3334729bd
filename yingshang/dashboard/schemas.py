from __future__ import annotations

from typing import Any

from ninja import Schema


class FigureRowOut(Schema):
    id: int | None
    name: str
    total: int = 0
    met: int = 0
    missed: int = 0
    warned: int = 0
    rate: float | None = None
    code: str = ""


class AttainmentOut(Schema):
    period: str
    period_label: str
    total: int
    met: int
    missed: int
    warned: int
    rate: float | None
    by_indicator: list[FigureRowOut]
    by_region: list[FigureRowOut]


class TrendPointOut(Schema):
    period: str
    value: float
    n: int
    met: int


class TrendOut(Schema):
    indicator_id: int
    name: str
    unit_of_measure: str
    direction: str
    target_value: float | None
    warning_value: float | None
    points: list[TrendPointOut]


class WarningCountOut(Schema):
    id: int | None
    name: str | None
    n: int
    overdue: int = 0


class WarningsOut(Schema):
    total: int
    overdue: int
    by_unit: list[WarningCountOut]
    by_indicator: list[WarningCountOut]


class PanelOut(Schema):
    code: str
    title: str
    available: bool
    categories: list[str] = []
    series: list[dict[str, Any]] = []
    keys: list[str] = []
    note: str = ""


class DrillOut(Schema):
    figure: str
    headers: list[str]
    rows: list[list[Any]]
    count: int
    limit: int
    offset: int


class OptionOut(Schema):
    id: int
    name: str


class FiltersOut(Schema):
    periods: list[str]
    regions: list[OptionOut]
    indicators: list[OptionOut]
    second_level: list[OptionOut]
