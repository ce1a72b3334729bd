"""A task whose worker died goes back to the queue (yingshang/core/task_recovery.py), on real PostgreSQL:
the dead or live worker is a second real connection holding (or not) the task's advisory lock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from yingshang.core.task_recovery import LOCK_SPACE, requeue_orphaned_tasks
from yingshang.core.tasks import purge_rate_counts

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="advisory locks: PostgreSQL only (DATABASE_URL=postgres://…)"
)


def _running_task(settings: Any, started_seconds_ago: int) -> DBTaskResult:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    result = purge_rate_counts.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("worker-that-dies")
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - timedelta(seconds=started_seconds_ago)
    )
    return row


def _worker_connection() -> psycopg.Connection[Any]:
    return psycopg.connect(**connection.get_connection_params(), autocommit=True)


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_died_is_requeued_and_then_run_by_another(settings: Any) -> None:
    row = _running_task(settings, started_seconds_ago=120)
    worker = _worker_connection()
    worker.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", [LOCK_SPACE, str(row.pk)])

    assert requeue_orphaned_tasks(grace_seconds=60) == 0  # its worker still holds the lock
    assert DBTaskResult.objects.get(pk=row.pk).status == "RUNNING"

    worker.close()  # the worker dies: PostgreSQL drops its session's locks
    assert requeue_orphaned_tasks(grace_seconds=60) == 1
    requeued = DBTaskResult.objects.get(pk=row.pk)
    assert (requeued.status, requeued.started_at) == ("READY", None)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "survivor")
    done = DBTaskResult.objects.get(pk=row.pk)
    assert done.status == "SUCCESSFUL"
    assert done.worker_ids == ["worker-that-dies", "survivor"]
    # The worker let its lock go when the task finished.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s", [LOCK_SPACE]
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_a_task_just_claimed_is_left_alone(settings: Any) -> None:
    """Between the claim and the lock there is a moment with no lock: the grace period covers it."""
    row = _running_task(settings, started_seconds_ago=5)
    assert requeue_orphaned_tasks(grace_seconds=60) == 0
    assert DBTaskResult.objects.get(pk=row.pk).status == "RUNNING"
