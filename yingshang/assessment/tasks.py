"""Background jobs of the assessment app."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_bulletin(bulletin_id: int) -> int:
    from yingshang.assessment.services import build_bulletin

    build_bulletin(bulletin_id)
    return bulletin_id
