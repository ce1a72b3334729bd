"""The worker's side of filer notices."""

from __future__ import annotations

from django_tasks import task


@task()
def send_filer_notices(appeal_id: int, event: str) -> int:
    from yingshang.appeals.models import Appeal
    from yingshang.appeals.notices.services import send_filer_notices as send

    appeal = Appeal.objects.filter(pk=appeal_id).first()
    return send(appeal, event) if appeal is not None else 0
