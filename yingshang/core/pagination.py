"""Pagination: the API's limit/offset paginator, and counts that stay cheap on large tables.

ninja leaves `offset` unbounded, so `?offset=10**20` reached the database as an overflowing integer
(a 500 on SQLite and PostgreSQL). Every app's list endpoint uses `LimitOffsetPagination` instead.

A list of appeals grows by hundreds of thousands of rows a year, and an exact COUNT(*) reads every
matching row on each page view. `capped_count` and `CappedPaginator` stop counting at `COUNT_CAP`
("1000+"): the page's cost no longer grows with the table (bench/appeals_load.py). A thousand rows are
34 pages of 30; nobody pages past that, they filter.

Deep pages are read by keyset instead: an offset makes the database walk and drop every row before the
page (``offset=900000`` held a worker for 8.9 s on a million appeals), a cursor — the sort key of the
last row read, ``created_at`` and ``id`` — starts the walk there. ``check_offset`` refuses offsets past
``MAX_LIST_OFFSET`` with a message that names the cursor; ``after_cursor`` applies one.

The other lists (units, enterprises, tasks, cases, visits…) page by offset through
``LimitOffsetPagination``, which refuses offsets past ``MAX_PAGED_OFFSET``: a province's enterprise
register holds millions of rows, and a client walking it by offset would make each page cost what all the
rows before it cost. Past that depth one narrows the filter or takes the export.
"""

from __future__ import annotations

import base64
from datetime import datetime
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

from yingshang.core.errors import ValidationFailed

MAX_LIMIT = 500
MAX_OFFSET = 10**9
COUNT_CAP = 1_000
MAX_LIST_OFFSET = COUNT_CAP  # deeper pages: by cursor
MAX_PAGED_OFFSET = 10_000  # the offset-paged lists: deeper, filter or export


def capped_count(qs: QuerySet[Any], cap: int | None = None) -> tuple[int, bool]:
    """(rows, capped): the number of rows up to ``cap`` (default COUNT_CAP), and whether there are more."""
    cap = COUNT_CAP if cap is None else cap
    n = qs.order_by()[: cap + 1].count()
    return min(n, cap), n > cap


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """Django's paginator whose count stops at ``cap``; ``capped`` says there are more rows than
    counted (pages past the cap are not offered: narrow the filter instead)."""

    cap: int | None = None  # COUNT_CAP
    capped = False

    @cached_property
    def count(self) -> int:
        n, self.capped = capped_count(self.object_list, self.cap)  # type: ignore[arg-type]
        return n

    def use_count(self, counted: tuple[int, bool]) -> None:
        """Take a ``capped_count`` of the same rows the caller already made, instead of counting again."""
        self.__dict__["count"], self.capped = counted


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset: Any, pagination: Any, request: Any, **params: Any) -> Any:
        if pagination.offset > MAX_PAGED_OFFSET:
            raise ValidationFailed(
                f"offset 最大为 {MAX_PAGED_OFFSET}；请缩小筛选条件，或用导出取得全部数据。",
                code="offset_too_deep",
                fields={"offset": f"不能超过{MAX_PAGED_OFFSET}"},
            )
        return super().paginate_queryset(queryset, pagination, request, **params)


def check_offset(offset: int) -> None:
    """Refuse an offset deeper than MAX_LIST_OFFSET (a 422 naming the way that is cheap at any depth)."""
    if offset > MAX_LIST_OFFSET:
        raise ValidationFailed(
            f"offset 最大为 {MAX_LIST_OFFSET}；更深的页请用上一页返回的 next_cursor 作为 cursor 参数翻页，"
            "或缩小筛选条件。",
            code="offset_too_deep",
            fields={"offset": f"不能超过{MAX_LIST_OFFSET}"},
        )


def encode_cursor(created_at: datetime, pk: int) -> str:
    raw = f"{created_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def after_cursor(qs: QuerySet[Any], cursor: str) -> QuerySet[Any]:
    """Rows after ``cursor`` in the order newest first (``-created_at, -id``); an empty cursor: all rows."""
    if not cursor:
        return qs
    created_at, pk = decode_cursor(cursor)
    # `created_at <= t` keeps the index range; the OR only sorts out the rows of that very instant.
    return qs.filter(Q(created_at__lte=created_at) & (Q(created_at__lt=created_at) | Q(pk__lt=pk)))


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The (created_at, id) an ``encode_cursor`` text names; a 422 for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk_text = raw.split("|")
        created_at, pk = datetime.fromisoformat(stamp), int(pk_text)
        if created_at.tzinfo is None:
            raise ValueError(stamp)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed(
            "翻页游标无效，请从第一页重新开始。", code="bad_cursor", fields={"cursor": "无效"}
        ) from None
    return created_at, pk
