"""Background tasks of the core app, run by the database-backed worker (`yingshang db_worker`)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    from yingshang.core.models import Notification

    sent = 0
    rows = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient"
    )
    for note in rows:
        address = note.recipient.email
        if not address:
            continue
        send_mail(note.title, f"{note.body}\n\n{note.url}".strip(), settings.DEFAULT_FROM_EMAIL, [address])
        # Mark each one as it goes so a crash half-way does not send the others twice.
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        sent += 1
    log.info("emailed %s notifications", sent)
    return sent


@task()
def purge_rate_counts() -> int:
    """Drop the rate-limit rows of finished windows."""
    from yingshang.core.ratelimit import purge_expired

    return purge_expired()


@task()
def requeue_orphaned_tasks() -> int:
    """Tasks left RUNNING by a worker that died go back to the queue (core/task_recovery.py)."""
    from yingshang.core.task_recovery import requeue_orphaned_tasks as requeue

    return requeue()
