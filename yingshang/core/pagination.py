"""Pagination: the API's limit/offset paginator, and counts that stay cheap on large tables.

ninja leaves `offset` unbounded, so `?offset=10**20` reached the database as an overflowing integer
(a 500 on SQLite and PostgreSQL). Every app's list endpoint uses `LimitOffsetPagination` instead.

A list of appeals grows by hundreds of thousands of rows a year, and an exact COUNT(*) reads every
matching row on each page view. `capped_count` and `CappedPaginator` stop counting at `COUNT_CAP`
("1000+"): the page's cost no longer grows with the table (bench/appeals_load.py). A thousand rows are
34 pages of 30; nobody pages past that, they filter.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 10**9
COUNT_CAP = 1_000


def capped_count(qs: QuerySet[Any], cap: int | None = None) -> tuple[int, bool]:
    """(rows, capped): the number of rows up to ``cap`` (default COUNT_CAP), and whether there are more."""
    cap = COUNT_CAP if cap is None else cap
    n = qs.order_by()[: cap + 1].count()
    return min(n, cap), n > cap


class CappedPaginator(Paginator):
    """Django's paginator whose count stops at ``cap``; ``capped`` says there are more rows than
    counted (pages past the cap are not offered: narrow the filter instead)."""

    cap: int | None = None  # COUNT_CAP
    capped = False

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        n, self.capped = capped_count(self.object_list, self.cap)
        return n


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)  # type: ignore[arg-type]
