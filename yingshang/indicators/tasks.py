"""Background jobs of the indicators app."""

from __future__ import annotations

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def sweep_overdue_warnings() -> int:
    from yingshang.indicators.services import mark_overdue_warnings

    moved = mark_overdue_warnings()
    log.info("indicator warnings marked overdue: %s", moved)
    return moved
