"""Background jobs of the inspections app, run by the database-backed worker."""

from __future__ import annotations

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def refresh_rectifications() -> dict[str, int]:
    """Recolour open rectifications and escalate the newly red ones to the office (once each)."""
    from yingshang.inspections.services.results import refresh_rectifications as refresh

    counts = refresh()
    log.info("inspection rectifications: %s", counts)
    return counts
