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


@pytest.mark.django_db(transaction=True)
def test_db_worker_posts_to_the_group_robot_and_retries_later(cast, settings) -> None:
    """The action only queues; the worker posts to a real local receiver, and a refusal leaves a
    retry for the periodic sweep."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.core.webhook_receiver import start
    from yingshang.core.models import Webhook, WebhookDelivery
    from yingshang.core.webhooks import services as webhooks
    from yingshang.core.webhooks.tasks import sweep_webhook_deliveries

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.YINGSHANG = {**settings.YINGSHANG, "WEBHOOK_ALLOW_LOOPBACK": True}
    receiver = start()
    try:
        hook = Webhook.objects.create(
            name="工作群",
            platform="wecom",
            url=receiver.url("wecom"),
            unit=cast.lead_unit,
            created_by=cast.office,
        )
        receiver.fail_next = 1
        row = webhooks.send_test(actor=cast.office, webhook=hook)
        assert receiver.received == [] and DBTaskResult.objects.count() == 1

        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
        row.refresh_from_db()
        assert (row.status, row.attempts, row.response_code) == ("retrying", 1, 502)

        # The sweep finds it once its retry time has come.
        WebhookDelivery.objects.filter(pk=row.pk).update(
            next_attempt_at=timezone.now() - timedelta(seconds=1)
        )
        sweep_webhook_deliveries.enqueue()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
        row.refresh_from_db()
        assert (row.status, row.attempts) == ("sent", 2)
        assert len(receiver.received) == 1
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
