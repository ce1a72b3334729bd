"""Bulk 催报, 督办 and 采纳 from the overview, for the tasks the office ticks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.ledger.helpers import leaf, publish_small
from yingshang.core.events import timeline
from yingshang.core.models import Notification
from yingshang.ledger import services
from yingshang.ledger.models import Report, SupervisionNotice


def test_urge_and_supervise_the_ticked_tasks_from_the_overview(cast: Any) -> None:
    _, tasks = publish_small(cast)
    a, b = leaf(tasks, "一/(一)"), leaf(tasks, "一/(二)")
    office = cast.client("office")
    page = office.get("/ledger/").content.decode()
    assert 'data-testid="bulk-form"' in page and f'name="tasks" value="{a.pk}" form="bulk-form"' in page
    response = office.post(
        "/ledger/tasks/bulk/", {"action": "urge", "tasks": [a.pk, b.pk], "next": "/ledger/?q=x"}
    )
    assert response.status_code == 302 and response["Location"] == "/ledger/?q=x"
    assert [e.action for e in timeline(a)][-1] == "urge_report"
    assert Notification.objects.filter(recipient=cast.lead, title=f"请报送进展：{a.title}").exists()
    later = (date.today() + timedelta(days=7)).isoformat()
    office.post(
        "/ledger/tasks/bulk/",
        {"action": "supervise", "tasks": [a.pk, b.pk], "reason": "进度滞后", "demanded_date": later},
    )
    assert SupervisionNotice.objects.filter(task__in=[a, b], reason="进度滞后").count() == 2


def test_accept_the_waiting_report_of_each_ticked_task_and_say_what_was_skipped(cast: Any) -> None:
    _, tasks = publish_small(cast)
    a, b = leaf(tasks, "一/(一)"), leaf(tasks, "一/(二)")
    report = services.submit_report(
        actor=cast.lead, task=a, period="2025-04", percent=50, progress_text="推进中"
    )
    response = cast.client("office").post(
        "/ledger/tasks/bulk/", {"action": "accept", "tasks": [a.pk, b.pk]}, follow=True
    )
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    assert (
        "已采纳报送 1 项任务" in response.content.decode() and "没有待审核的报送" in response.content.decode()
    )


def test_bulk_api_and_refusals(cast: Any) -> None:
    _, tasks = publish_small(cast)
    a = leaf(tasks, "一/(一)")
    office = cast.client("office")
    r = office.post(
        "/api/v1/ledger/tasks/bulk",
        {"action": "supervise", "task_ids": [a.pk]},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["fields"] == {"demanded_date": "必填"}
    r = office.post(
        "/api/v1/ledger/tasks/bulk",
        {"action": "urge", "task_ids": [a.pk, 999999]},
        content_type="application/json",
    )
    assert r.status_code == 422
    r = office.post(
        "/api/v1/ledger/tasks/bulk", {"action": "urge", "task_ids": [a.pk]}, content_type="application/json"
    )
    assert r.json() == {"done": 1, "skipped": []}


def test_the_overview_pages_through_withdrawn_tasks_too(cast: Any) -> None:
    _, tasks = publish_small(cast)
    a = leaf(tasks, "一/(一)")
    services.cancel_task(actor=cast.office, task=a, reason="重复")
    page = cast.client("office").get("/ledger/?status=cancelled").content.decode()
    assert f'data-task="{a.pk}"' in page
