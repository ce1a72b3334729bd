"""Pluggable metric sources: other apps (ledger, appeals) register panels the dashboard shows.

A source answers two questions for a scope: `summary(scope)` → chart data, and
`rows(scope, key, offset, limit)` → (headers, one page of the rows behind one figure, their total count),
the drill-down. With no source registered under a slot, the panel says 暂无数据.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yingshang.core.models import User


@dataclass(frozen=True)
class Scope:
    user: User
    region_ids: tuple[int, ...]  # the filtered region and everything under it
    period_start: date
    period_end: date
    campaign_id: int | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class Summary:
    """Chart data: categories (x axis) and series; `keys[i]` identifies category i for the drill-down."""

    categories: list[str]
    series: list[dict[str, Any]]  # {"name": str, "data": [numbers], "key": str}
    keys: list[str] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class MetricSource:
    code: str  # the slot, e.g. "task_colours", "appeals"
    title: str
    summary: Callable[[Scope], Summary]
    rows: Callable[[Scope, str, int, int], tuple[list[str], list[list[Any]], int]]
    # For the bulletin: a table for the period (headers, rows); defaults to the first 200 rows of rows(scope, "").
    table: Callable[[Scope], tuple[list[str], list[list[Any]]]] | None = None


# Slots the dashboard page always shows, in order; a slot without a source shows 暂无数据.
SLOTS = {"task_colours": "任务三色督办(按单位)", "appeals": "企业诉求(受理量、按时办结率、满意度)"}
_SOURCES: dict[str, MetricSource] = {}


def register_source(source: MetricSource) -> None:
    _SOURCES[source.code] = source


def unregister_source(code: str) -> None:
    _SOURCES.pop(code, None)


def get_source(code: str) -> MetricSource | None:
    return _SOURCES.get(code)


def all_slots() -> list[tuple[str, str, MetricSource | None]]:
    codes = list(SLOTS) + [c for c in _SOURCES if c not in SLOTS]
    return [(c, _SOURCES[c].title if c in _SOURCES else SLOTS[c], _SOURCES.get(c)) for c in codes]
