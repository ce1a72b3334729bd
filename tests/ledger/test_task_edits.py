"""The office changes a published task on the web (改期, units, 撤销) with a reason and an event; the
lists never show a withdrawn task as green or a progress nobody reported."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.ledger.helpers import leaf, publish_small
from yingshang.core.errors import ValidationFailed
from yingshang.core.events import timeline
from yingshang.core.models import Notification
from yingshang.ledger import services
from yingshang.ledger.models import Task


def test_reschedule_and_change_units_on_the_page_with_a_reason(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    office = cast.client("office")
    page = office.get(f"/ledger/tasks/{task.pk}/").content.decode()
    assert 'data-testid="edit-task"' in page
    response = office.post(f"/ledger/tasks/{task.pk}/edit/", {"due_date": "2026-10-31", "reason": ""})
    assert response.status_code == 422
    assert 'value="2026-10-31"' in response.content.decode()  # what was typed is still there
    task.refresh_from_db()
    assert task.due_date != date(2026, 10, 31)
    office.post(
        f"/ledger/tasks/{task.pk}/edit/",
        {"due_date": "2026-10-31", "lead_unit": cast.coop_unit.pk, "reason": "按市政府要求调整"},
    )
    task.refresh_from_db()
    assert task.due_date == date(2026, 10, 31) and task.lead_unit == cast.coop_unit
    event = list(timeline(task))[-1]
    assert event.action == "update" and event.note["reason"] == "按市政府要求调整"
    assert event.note["before"]["lead_unit"] == cast.lead_unit.pk
    assert Notification.objects.filter(recipient=cast.lead, title__startswith="任务已调整").exists()


def test_cancel_one_task_with_a_reason_and_restore_it(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(二)")
    with pytest.raises(ValidationFailed):
        services.cancel_task(actor=cast.office, task=task, reason="")
    cast.client("office").post(
        f"/ledger/tasks/{task.pk}/closure/", {"action": "cancel", "reason": "与其他任务重复"}
    )
    task.refresh_from_db()
    assert task.status == Task.Status.CANCELLED
    assert list(timeline(task))[-1].note == {"reason": "与其他任务重复"}
    parent = cast.client("office").get(f"/ledger/tasks/{task.parent_id}/").content.decode()
    row = parent[: parent.index(f'href="/ledger/tasks/{task.pk}/"')].rsplit("<tr", 1)[1]
    assert 'class="cancelled"' in row and "green" not in row


def test_api_edit_and_cancel(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    office = cast.client("office")
    url = f"/api/v1/ledger/tasks/{task.pk}"
    r = office.patch(url, {"due_date": "2026-11-30"}, content_type="application/json")
    assert r.status_code == 422  # no reason
    r = office.patch(url, {"due_date": "2026-11-30", "reason": "改期"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["due_date"] == "2026-11-30"
    r = office.post(f"{url}/cancel", {"reason": "重复"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"


def test_progress_shows_only_what_a_report_said(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    page = cast.client("office").get("/ledger/").content.decode()
    row = page[page.index(f'data-task="{task.pk}"') :][:1500]
    assert "未报送" in row and "0%" not in row


def test_closure_needs_evidence_or_an_accepted_report_and_keeps_the_reported_progress(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    with pytest.raises(ValidationFailed):
        services.request_closure(actor=cast.lead, task=task, summary="已完成")
    report = services.submit_report(
        actor=cast.lead, task=task, period="2025-04", percent=90, progress_text="基本完成"
    )
    services.accept_report(actor=cast.office, report=report)
    task.refresh_from_db()
    services.request_closure(actor=cast.lead, task=task, summary="已完成")
    services.verify_closure(actor=cast.office, task=task)
    task.refresh_from_db()
    assert task.status == Task.Status.CLOSED and task.progress_percent == 90


def test_a_childs_deadline_past_its_parents_is_flagged(cast: Any) -> None:
    _, tasks = publish_small(cast)
    parent = leaf(tasks, "一")
    Task.objects.filter(pk=parent.pk).update(due_date=date(2025, 6, 30))
    child = leaf(tasks, "一/(二)")
    Task.objects.filter(pk=child.pk).update(due_date=date(2025, 12, 31))
    page = cast.client("office").get(f"/ledger/tasks/{parent.pk}/").content.decode()
    assert page.count('data-testid="child-late"') == 1


def test_a_withdrawn_task_counts_in_no_colour(cast: Any) -> None:
    from yingshang.ledger import selectors

    _, tasks = publish_small(cast)
    before = selectors.colour_totals(selectors.colour_counts_by_unit(Task.objects.filter(is_group=False)))
    services.cancel_task(actor=cast.office, task=leaf(tasks, "一/(二)"), reason="重复")
    after = selectors.colour_totals(selectors.colour_counts_by_unit(Task.objects.filter(is_group=False)))
    assert after["total"] == before["total"] - 1


def test_the_edit_form_shows_the_current_deadline_in_the_date_field(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    page = cast.client("office").get(f"/ledger/tasks/{task.pk}/").content.decode()
    assert f'type="date" name="due_date" value="{task.due_date.isoformat()}"' in page
