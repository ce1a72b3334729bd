"""The API's limit/offset paginator: ninja's own, with both numbers bounded.

ninja leaves `offset` unbounded, so `?offset=10**20` reached the database as an overflowing integer
(a 500 on SQLite and PostgreSQL). Every app's list endpoint uses this class instead.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 10**9


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)  # type: ignore[arg-type]
