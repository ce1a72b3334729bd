"""The clock that matters next (appeals.sla) on lists and 我的待办, across the 2025 National Day holiday:
dispatched 2025-09-30 16:30 → sign by 10-09 10:00, first contact by 10-09 17:30, reply by 10-14 17:30."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from tests.appeals.makers import make_appeal
from tests.appeals.test_clocks import at
from yingshang.appeals import services
from yingshang.appeals.models import Appeal, Service
from yingshang.appeals.sla import next_clock, working_hours_between


@pytest.fixture
def consult(db: None) -> Service:
    return Service.objects.get(code="consult")


@pytest.fixture
def filed(cast: Any, consult: Service) -> Appeal:
    with time_machine.travel(at(2025, 9, 30, 10, 0), tick=False):
        return make_appeal(cast, service=consult)


@pytest.fixture
def dispatched(cast: Any, filed: Appeal) -> Appeal:
    with time_machine.travel(at(2025, 9, 30, 16, 30), tick=False):
        services.dispatch_appeal(actor=cast.office, appeal=filed, lead_unit=cast.lead_unit)
    filed.refresh_from_db()
    return filed


def text(a: Appeal, *when: int) -> str:
    clock = next_clock(a, at(*when))
    assert clock is not None
    return clock.text


def test_working_hours_skip_lunch_nights_and_the_holiday() -> None:
    assert working_hours_between(at(2025, 9, 30, 11, 0), at(2025, 9, 30, 14, 0)) == 1.5
    assert working_hours_between(at(2025, 9, 30, 17, 0), at(2025, 10, 9, 10, 0)) == 1.5
    assert working_hours_between(at(2025, 10, 9, 10, 0), at(2025, 9, 30, 17, 0)) == 0


def test_the_dispatch_queue_has_its_own_clock(filed: Appeal) -> None:
    assert text(filed, 2025, 9, 30, 11, 0) == "分办剩 1 工作小时"
    assert text(filed, 2025, 9, 30, 16, 0) == "分办超期"


def test_signing_then_first_contact_then_reply(cast: Any, dispatched: Appeal) -> None:
    assert text(dispatched, 2025, 9, 30, 17, 0) == "签收剩 1.5 工作小时"
    assert text(dispatched, 2025, 10, 9, 9, 30) == "签收剩 0.5 工作小时"
    assert next_clock(dispatched, at(2025, 10, 9, 9, 59)).overdue is False  # type: ignore[union-attr]
    assert text(dispatched, 2025, 10, 9, 10, 30) == "签收超期"
    with time_machine.travel(at(2025, 10, 9, 9, 30), tick=False):
        services.acknowledge_appeal(actor=cast.lead, appeal=dispatched)
    dispatched.refresh_from_db()
    assert text(dispatched, 2025, 10, 9, 9, 30) == "首次联系剩 6.5 工作小时"
    with time_machine.travel(at(2025, 10, 9, 9, 40), tick=False):
        services.handle_appeal(actor=cast.lead, appeal=dispatched, text="已电话联系企业", contacted=True)
    dispatched.refresh_from_db()
    assert text(dispatched, 2025, 10, 9, 9, 40) == "答复剩 4 个工作日"  # 10-11 is a 调休 workday
    assert text(dispatched, 2025, 10, 14, 15, 30) == "答复剩 2 工作小时"
    assert text(dispatched, 2025, 10, 14, 17, 31) == "答复超期"
    with time_machine.travel(at(2025, 10, 10, 9, 0), tick=False):
        services.reply_appeal(actor=cast.lead, appeal=dispatched, text="已答复")
    dispatched.refresh_from_db()
    assert next_clock(dispatched, at(2025, 10, 20, 9, 0)) is None


def test_office_list_puts_the_dispatch_queue_first_with_its_clock(cast: Any, dispatched: Appeal) -> None:
    with time_machine.travel(at(2025, 10, 9, 9, 0), tick=False):
        waiting = make_appeal(cast, title="新受理待分办")
    with time_machine.travel(at(2025, 10, 9, 9, 30), tick=False):
        body = cast.client("office").get("/appeals/").content.decode()
        lead_body = cast.client("lead").get("/appeals/").content.decode()
    queue, rest = body.split('data-testid="dispatch-queue"')[1].split('data-testid="appeal-list"')
    assert waiting.tracking_code in queue and "分办剩 1.5 工作小时" in queue
    assert dispatched.tracking_code in rest and waiting.tracking_code not in rest
    assert "签收剩 0.5 工作小时" in rest and "超期" not in rest
    assert "dispatch-queue" not in lead_body and "签收剩 0.5 工作小时" in lead_body


def test_late_is_shown_only_while_it_is(cast: Any, dispatched: Appeal) -> None:
    with time_machine.travel(at(2025, 10, 9, 11, 0), tick=False):
        services.sweep_appeals()
        body = cast.client("lead").get("/appeals/").content.decode()
        assert "签收超期" in body
        services.acknowledge_appeal(actor=cast.lead, appeal=dispatched)
        body = cast.client("lead").get("/appeals/").content.decode()
    assert "签收超期" not in body and "首次联系剩 5 工作小时" in body
    dispatched.refresh_from_db()
    assert dispatched.is_late, (dispatched.status, dispatched.acknowledged_late)
    rows = body.split('data-testid="appeal-list"')[1]
    assert "曾超期" in rows and ">超期<" not in rows


def test_todo_shows_the_clock(cast: Any, dispatched: Appeal) -> None:
    with time_machine.travel(at(2025, 10, 9, 9, 30), tick=False):
        assert "待签收 · 签收剩 0.5 工作小时" in cast.client("lead").get("/").content.decode()


def test_api_rows_carry_the_clock(cast: Any, dispatched: Appeal) -> None:
    with time_machine.travel(at(2025, 10, 9, 9, 30), tick=False):
        item = cast.client("lead").get("/api/v1/appeals/").json()["items"][0]
    assert item["clock"] == "签收剩 0.5 工作小时" and item["clock_overdue"] is False
    assert item["clock_due_at"].startswith("2025-10-09T02:00") or "10:00" in item["clock_due_at"]


def _todo_row(body: str, title: str) -> str:
    rows = [r for r in body.split('data-testid="todo-item"')[1:] if f">{title}</a>" in r]
    assert rows, title
    return rows[0].split("</tr>")[0]


def test_awaiting_callback_follows_the_callback_clock_not_the_reply_clock(
    cast: Any, dispatched: Appeal
) -> None:
    # Every clock kept, replied on 10-10 (reply due 10-14); the callback is due by 10-16 17:30 (10-11 is a
    # 调休 workday). The home page used to show the reply's date, 已逾期 from 10-15, beside a green dot.
    with time_machine.travel(at(2025, 10, 9, 9, 30), tick=False):
        services.acknowledge_appeal(actor=cast.lead, appeal=dispatched)
        services.handle_appeal(actor=cast.lead, appeal=dispatched, text="已电话联系企业", contacted=True)
    with time_machine.travel(at(2025, 10, 10, 9, 0), tick=False):
        services.reply_appeal(actor=cast.lead, appeal=dispatched, text="已答复")
    dispatched.refresh_from_db()
    assert not dispatched.is_late
    with time_machine.travel(at(2025, 10, 13, 9, 0), tick=False):
        row = _todo_row(cast.client("office").get("/").content.decode(), dispatched.title)
    assert 'class="dot green"' in row and "2025-10-16" in row and "回访剩 3 个工作日" in row
    # Past the reply's deadline, within the callback's: not late, yellow on its last day but one.
    with time_machine.travel(at(2025, 10, 15, 9, 0), tick=False):
        row = _todo_row(cast.client("office").get("/").content.decode(), dispatched.title)
    assert 'class="dot yellow"' in row and "已逾期" not in row and "待回访 · 回访剩 1 个工作日" in row
    # The callback's deadline passed and the sweep has not closed it yet: red, and late.
    with time_machine.travel(at(2025, 10, 17, 9, 0), tick=False):
        body = cast.client("office").get("/").content.decode()
    row = _todo_row(body, dispatched.title)
    assert 'class="dot red"' in row and "已逾期" in row and "回访超期" in row
    assert dispatched.title in body.split('data-testid="todo-urgent"')[1].split("</section>")[0]


def test_a_late_reply_awaiting_callback_is_not_late_at_the_callback(cast: Any, dispatched: Appeal) -> None:
    with time_machine.travel(at(2025, 10, 15, 9, 0), tick=False):
        services.sweep_appeals()
        services.acknowledge_appeal(actor=cast.lead, appeal=dispatched)
        services.reply_appeal(actor=cast.lead, appeal=dispatched, text="已答复")
    dispatched.refresh_from_db()
    assert dispatched.is_late
    with time_machine.travel(at(2025, 10, 16, 9, 0), tick=False):
        row = _todo_row(cast.client("office").get("/").content.decode(), dispatched.title)
    assert 'class="dot green"' in row and "已逾期" not in row and "回访剩 4 个工作日" in row
