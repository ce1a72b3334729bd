"""Fixed-window counters on the shared database, incremented atomically.

Django's database cache cannot count across processes: its `incr` is a read then a write, so 30
simultaneous requests read the same value. Here one statement inserts the window's row or adds one to
it and returns the new count (INSERT … ON CONFLICT DO UPDATE … RETURNING, on PostgreSQL and SQLite);
the row stays locked until the caller's transaction ends, so a count taken inside the transaction that
stores something is undone when that transaction rolls back, and concurrent callers wait for it.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from yingshang.core.models import RateCount


def _key(scope: str, subject: str, window: int) -> tuple[str, datetime]:
    bucket = int(time.time() // window)
    expires = datetime.fromtimestamp((bucket + 1) * window, tz=UTC)
    return f"{scope}:{subject}:{window}:{bucket}"[:200], expires


def hit(scope: str, subject: str, *, window: int) -> int:
    """Count one event for (scope, subject) in the current window; return the count including it."""
    key, expires = _key(scope, subject, window)
    q = connection.ops.quote_name
    table, key_col, hits, expires_col = (
        q(n) for n in (RateCount._meta.db_table, "key", "hits", "expires_at")
    )
    sql = (
        f"INSERT INTO {table} ({key_col}, {hits}, {expires_col}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({key_col}) DO UPDATE SET {hits} = {table}.{hits} + 1 RETURNING {hits}"
    )
    # One statement needs no savepoint: inside the caller's transaction a failure rolls that back anyway,
    # and outside one this is its own transaction.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql, [key, expires])
        row = cursor.fetchone()
    return int(row[0])


def peek(scope: str, subject: str, *, window: int) -> int:
    """The count so far in the current window (committed rows only; a cheap early refusal)."""
    key, _ = _key(scope, subject, window)
    return RateCount.objects.filter(key=key).values_list("hits", flat=True).first() or 0


def purge_expired(*, grace: timedelta = timedelta(minutes=5)) -> int:
    """Delete the rows of finished windows (run periodically; a stale row is harmless meanwhile)."""
    deleted, _ = RateCount.objects.filter(expires_at__lt=datetime.now(UTC) - grace).delete()
    return deleted
