"""Reads of dashboards, statistics and exports from a streaming replica, everything else from the primary.

Switched on only when `DATABASE_REPLICA_URL` is set (yingshang/settings.py adds the `replica` alias, this
router and `ReplicaReadMiddleware`); without it nothing here runs.

Which requests read from the replica: safe methods (GET, HEAD) whose path starts with one of
`YINGSHANG_REPLICA_READ_PATHS` (dashboards, appeal statistics, bulletins) or that ask for an export
(`?format=xlsx`). Every other request, and every write anywhere, goes to the primary.

Read-your-writes: any unsafe request (POST, PUT, PATCH, DELETE) sets the cookie `ys_wrote` to the time
it was made; for `YINGSHANG_REPLICA_STICKY_SECONDS` afterwards (longer than the replica's lag) that
browser's reads all go to the primary, so a figure it has just changed is shown changed. The cookie is only
a routing hint: forging it can only send one's own reads to the primary.

Replica unreachable: before a request reads from it the replica's connection is opened (a cheap check
when it is already open); if that fails the request reads from the primary and the replica is left alone
for `YINGSHANG_REPLICA_RETRY_SECONDS`. Tables of sessions, the cache, login throttling and the task queue
are always read from the primary (they are read and written in the same breath).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
WROTE_COOKIE = "ys_wrote"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Read and written together (or under locks) by every request: never from a copy that lags.
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "axes", "django_cache", "django_tasks_database", "django_tasks_db"}
)

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("yingshang_use_replica", default=False)
# time.monotonic() until which the replica is not tried again after a failed connection.
_replica_down_until = 0.0


def _sticky_seconds() -> int:
    return int(getattr(settings, "YINGSHANG_REPLICA_STICKY_SECONDS", 10))


def _retry_seconds() -> float:
    return float(getattr(settings, "YINGSHANG_REPLICA_RETRY_SECONDS", 5))


def replica_configured() -> bool:
    return bool(getattr(settings, "DATABASE_REPLICA_URL", ""))


def replica_available() -> bool:
    """Opens (or keeps) the replica's connection; False, and a pause before the next try, if it fails."""
    if not replica_configured() or time.monotonic() < _replica_down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as exc:
        _pause_replica(f"unreachable: {exc}")
        return False
    return True


def _pause_replica(reason: str) -> None:
    """Read from the primary for the retry pause, and drop the replica's connection."""
    global _replica_down_until
    _replica_down_until = time.monotonic() + _retry_seconds()
    log.warning("replica %s; reading from the primary for %ss", reason, _retry_seconds())
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


def replica_lost() -> bool:
    """After a replica read failed for the database: whether the replica is what went away (stopped,
    failed over). If so it is paused as after a failed connection, and the caller reads from the primary."""
    conn = connections[REPLICA]
    try:
        conn.ensure_connection()
        if conn.is_usable():
            return False  # the replica answers: the primary is the one gone
    except DatabaseError:
        pass
    _pause_replica("lost during a read")
    return True


def reset_replica_state() -> None:
    """Forget a failed connection (tests; an operator after fixing the replica need not wait)."""
    global _replica_down_until
    _replica_down_until = 0.0


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads of ordinary models go to the replica (the middleware's switch; also for
    management commands that only report)."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


def wants_replica(request: HttpRequest, *, now: float | None = None) -> bool:
    """Whether this request's reads may come from the replica (before checking it is reachable)."""
    if request.method not in SAFE_METHODS:
        return False
    if not (request.GET.get("format") == "xlsx" or request.path.startswith(_read_paths())):
        return False
    return not wrote_recently(request, now=now)


def wrote_recently(request: HttpRequest, *, now: float | None = None) -> bool:
    raw = request.COOKIES.get(WROTE_COOKIE, "")
    try:
        wrote_at = float(raw)
    except ValueError:
        return False
    current = time.time() if now is None else now
    return wrote_at <= current + 1 and current - wrote_at < _sticky_seconds()


def _read_paths() -> tuple[str, ...]:
    return tuple(getattr(settings, "YINGSHANG_REPLICA_READ_PATHS", ()))


class ReplicaRouter:
    """Django database router: the replica for reads inside `replica_reads()`, the primary otherwise."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if _use_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # The replica is a copy of the primary: an object read from either may point at the other's.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == PRIMARY


class ReplicaReadMiddleware:
    """Switches a request's reads to the replica when `wants_replica` and the replica answers; marks the
    browser of every unsafe request so its next reads come from the primary (read-your-writes)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if wants_replica(request) and replica_available():
            with replica_reads():
                response = self.get_response(request)
            if getattr(response, "database_unavailable", False) and replica_lost():
                # The replica stopped during this read (a safe method): read it again from the primary.
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                WROTE_COOKIE,
                f"{time.time():.3f}",
                max_age=_sticky_seconds(),
                httponly=True,
                samesite="Lax",
                secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
            )
        return response
