"""A background task whose worker died in the middle goes back to the queue, for another worker to run.

The database queue (django_tasks_db) marks a task RUNNING when a worker claims it and never looks at it
again: a worker killed half-way (SIGKILL, a lost host) would leave it RUNNING for ever. So while a worker
runs a task it holds a PostgreSQL advisory lock keyed by the task's id, at session level: PostgreSQL drops
it when the worker's connection ends, however the worker ended. `requeue_orphaned_tasks` (a periodic job,
every YINGSHANG_TASK_SWEEP_SECONDS) puts back as READY each task that is RUNNING, started more than
YINGSHANG_ORPHANED_TASK_SECONDS ago (the gap between the claim and the lock) and whose lock is free.

Tasks thus run at least once: each task's effect must be idempotent (the notification emails mark each
row as it is sent, summaries are rebuilt whole). A worker whose host vanishes without closing its TCP
connection keeps the lock until PostgreSQL's TCP keepalive notices (tcp_keepalives_idle).
Only on PostgreSQL; elsewhere (the demo's SQLite, one worker) nothing is done.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

# First key of the two-key advisory lock: "ys" (keeps clear of other users of advisory locks).
LOCK_SPACE = 0x7973


def _is_db_worker(sender: Any) -> bool:
    """The signal comes from the database queue's worker (its sender is the backend, as a class or, on
    success, an instance) on PostgreSQL; not from the inline backend of tests."""
    from django_tasks_db.backend import DatabaseBackend

    backend = sender if isinstance(sender, type) else type(sender)
    return connection.vendor == "postgresql" and issubclass(backend, DatabaseBackend)


def hold_task_lock(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_started: the worker locks the task's id for as long as its connection lives."""
    if _is_db_worker(sender):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", [LOCK_SPACE, str(task_result.id)])


def release_task_lock(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_finished: the lock is let go (the connection may serve the next task)."""
    if _is_db_worker(sender):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [LOCK_SPACE, str(task_result.id)])


def requeue_orphaned_tasks(*, grace_seconds: int | None = None) -> int:
    """Put RUNNING tasks whose worker is gone back to READY. Returns how many."""
    if connection.vendor != "postgresql":
        return 0
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    grace = settings.YINGSHANG_ORPHANED_TASK_SECONDS if grace_seconds is None else grace_seconds
    cutoff = timezone.now() - timedelta(seconds=grace)
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    requeued = 0
    for pk in running.values_list("pk", flat=True):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [LOCK_SPACE, str(pk)])
            if not cursor.fetchone()[0]:
                continue  # its worker is alive and still at it
            requeued += DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
    if requeued:
        log.warning("requeued %s task(s) whose worker had stopped", requeued)
    return requeued
