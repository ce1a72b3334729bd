"""Background jobs of the ledger, run by the database-backed worker."""

from __future__ import annotations

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def refresh_colours() -> int:
    from yingshang.ledger.services import refresh_all_colours

    changed = refresh_all_colours()
    log.info("ledger colours refreshed: %s changed", changed)
    return changed


@task()
def send_reminders() -> dict[str, int]:
    from yingshang.ledger.services import run_reminders

    counts = run_reminders()
    log.info("ledger reminders: %s", counts)
    return counts
