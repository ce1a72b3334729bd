"""Background work of the appeals app, run by the database-backed worker."""

from __future__ import annotations

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def sweep_appeal_clocks() -> dict[str, int]:
    """临期提醒, 超期督办 and closing replied appeals nobody called back (see services.sweep_appeals)."""
    from yingshang.appeals.services import sweep_appeals

    counts = sweep_appeals()
    log.info("appeal sweep: %s", counts)
    return counts


@task()
def retrain_suggestion_models() -> dict[str, int]:
    """Retrain each region's dispatch-suggestion model on its history (see appeals.learned)."""
    from yingshang.appeals.learned import retrain_all

    counts = retrain_all()
    log.info("suggestion models: %s", counts)
    return counts


@task()
def fold_appeal_statistics() -> int:
    """Count new filings into the statistics cells (appeals.statistics); the read counts them live until."""
    from yingshang.appeals.statistics.cells import fold_pending

    return fold_pending()


@task()
def rebuild_appeal_statistics() -> int:
    """Recompute the statistics cells from the appeals and correct any difference: the daily safety net
    for edits made outside the services (the admin site, a manual fix in the database)."""
    from yingshang.appeals.statistics.cells import rebuild_cells

    written = rebuild_cells()
    log.info("appeal statistics checked: %s cells corrected", written)
    return written
