"""Background tasks that post to group robots (run by `yingshang db_worker`)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def deliver_webhook(delivery_id: int) -> str:
    from yingshang.core.webhooks.delivery import attempt

    return attempt(delivery_id)


@task()
def sweep_webhook_deliveries() -> int:
    """Retries that are due, and first attempts whose enqueue was lost."""
    from yingshang.core.webhooks.delivery import attempt, due_deliveries

    ids = due_deliveries(timezone.now())
    for pk in ids:
        attempt(pk)
    if ids:
        log.info("webhook sweep: %s deliveries attempted", len(ids))
    return len(ids)
