"""Background work of the reviews app, run by the database-backed worker."""

from __future__ import annotations

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def sweep_bad_ratings() -> dict[str, int]:
    """Colours, escalation and follow-up closing of bad-rating cases (services.sweep_cases)."""
    from yingshang.reviews.services import sweep_cases

    counts = sweep_cases()
    log.info("bad-rating sweep: %s", counts)
    return counts


@task()
def issue_requests() -> dict[str, int]:
    """一事一评 requests for appeals closed since the last run (services.issue_matter_requests)."""
    from yingshang.reviews.services import issue_matter_requests

    counts = issue_matter_requests()
    log.info("matter rating requests: %s", counts)
    return counts
