"""Background work of the knowledge base, run by the database-backed worker."""

from __future__ import annotations

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def flag_knowledge_reviews() -> int:
    """Entries past their review date: tell the owner unit once per review date."""
    from yingshang.appeals.knowledge.services import flag_due_reviews

    flagged = flag_due_reviews()
    log.info("knowledge entries flagged for review: %s", flagged)
    return flagged
