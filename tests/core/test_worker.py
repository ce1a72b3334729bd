"""The real database queue: notify() enqueues the email task and `db_worker --batch` sends it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from yingshang.core import services
from yingshang.core.models import Notification


@pytest.mark.django_db(transaction=True)
def test_db_worker_sends_the_queued_notification_email(cast, settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

    services.notify(recipients=[cast.lead], title="请报送九月进展", body="截止10月8日")
    note = Notification.objects.get(title="请报送九月进展")
    # Queued, not yet sent: the web request does not wait for the mail server.
    assert note.emailed_at is None
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    note.refresh_from_db()
    assert note.emailed_at is not None
    assert [m.to for m in mail.outbox] == [["lead@example.org"]]
    assert mail.outbox[0].subject == "请报送九月进展"
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
