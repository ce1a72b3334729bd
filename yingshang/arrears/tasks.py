"""Background jobs of the arrears app, run by the database-backed worker."""

from __future__ import annotations

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def sweep_instalments() -> dict[str, int]:
    from yingshang.arrears.services import run_instalment_clocks

    counts = run_instalment_clocks()
    log.info("arrears instalment clocks: %s", counts)
    return counts
