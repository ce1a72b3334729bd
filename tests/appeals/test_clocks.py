"""Clocks in working hours and workdays from the dispatch, across the 2025 National Day holiday and its
调休 Saturday (2025-10-11 is a workday), the sweep's colours, reminders, escalations and auto-closure."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.appeals.makers import make_appeal
from yingshang.appeals import services
from yingshang.appeals.models import Appeal, Service
from yingshang.core.models import Notification
from yingshang.core.periodic import jobs

SH = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def consult(db: None) -> Service:
    return Service.objects.get(code="consult")  # 2 working hours to sign, 5 workdays to answer


@pytest.fixture
def before_holiday(cast: Any, consult: Service) -> Appeal:
    with time_machine.travel(at(2025, 9, 30, 10, 0), tick=False):
        a = make_appeal(cast, service=consult)
    with time_machine.travel(at(2025, 9, 30, 16, 30), tick=False):
        services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    return a


def test_deadlines_skip_the_holiday_and_count_the_makeup_saturday(before_holiday: Appeal) -> None:
    a = before_holiday
    # 16:30–17:30 is one hour; the next workday is 10-09 after the 10-01…10-08 holiday.
    assert a.acknowledge_due_at == at(2025, 10, 9, 10, 0)
    # Workdays after 09-30: 10-09, 10-10, 10-11 (调休 Saturday), 10-13, 10-14.
    assert a.reply_due_at == at(2025, 10, 14, 17, 30)
    assert a.first_contact_due_at == at(2025, 10, 9, 17, 30)
    # The first sweep stop is the first-contact 临期 at the start of its due day.
    assert a.colour == "green" and a.next_alert_at == at(2025, 10, 9, 0, 0)


def test_signing_late_is_recorded_but_the_reply_clock_still_runs_from_dispatch(
    cast: Any, before_holiday: Appeal
) -> None:
    with time_machine.travel(at(2025, 10, 9, 11, 0), tick=False):
        services.acknowledge_appeal(actor=cast.lead, appeal=before_holiday)
    before_holiday.refresh_from_db()
    assert before_holiday.acknowledged_late and before_holiday.is_late
    assert before_holiday.reply_due_at == at(2025, 10, 14, 17, 30)


def test_sweep_turns_yellow_then_red_and_presses_unit_and_office(cast: Any, before_holiday: Appeal) -> None:
    a = before_holiday
    with time_machine.travel(at(2025, 10, 9, 9, 30), tick=False):
        services.acknowledge_appeal(actor=cast.lead, appeal=a)
        services.handle_appeal(actor=cast.lead, appeal=a, text="已电话联系企业", contacted=True)
        assert services.sweep_appeals() == {"reminded": 0, "overdue": 0, "closed": 0}
    with time_machine.travel(at(2025, 10, 13, 8, 0), tick=False):
        counts = services.sweep_appeals()
    a.refresh_from_db()
    assert counts["reminded"] == 1 and a.colour == "yellow" and not a.is_late
    assert Notification.objects.filter(recipient=cast.lead, title__contains="临期").exists()
    with time_machine.travel(at(2025, 10, 14, 18, 0), tick=False):
        counts = services.sweep_appeals()
    a.refresh_from_db()
    assert counts["overdue"] == 1 and a.colour == "red" and a.is_late and a.next_alert_at is None
    assert Notification.objects.filter(recipient=cast.office, title__contains="超期督办").exists()
    # Nothing more to do until someone acts.
    with time_machine.travel(at(2025, 10, 20, 9, 0), tick=False):
        assert services.sweep_appeals() == {"reminded": 0, "overdue": 0, "closed": 0}
    # Replying late keeps the appeal red in every list.
    with time_machine.travel(at(2025, 10, 20, 10, 0), tick=False):
        services.reply_appeal(actor=cast.lead, appeal=a, text="迟到的答复")
    a.refresh_from_db()
    assert a.replied_late and a.colour == "red"


def test_approved_extension_moves_the_due_date_by_workdays(cast: Any, before_holiday: Appeal) -> None:
    with time_machine.travel(at(2025, 10, 9, 9, 30), tick=False):
        services.acknowledge_appeal(actor=cast.lead, appeal=before_holiday)
        services.handle_appeal(actor=cast.lead, appeal=before_holiday, text="已联系", contacted=True)
        ext = services.request_extension(
            actor=cast.lead, appeal=before_holiday, workdays_n=2, reason="需现场核查"
        )
        services.decide_extension(actor=cast.office, extension=ext, approve=True)
    before_holiday.refresh_from_db()
    assert before_holiday.reply_due_at == at(2025, 10, 16, 17, 30)
    # Without the extension this would be overdue; now 10-15 is the last workday before the due day.
    with time_machine.travel(at(2025, 10, 14, 18, 0), tick=False):
        services.sweep_appeals()
    before_holiday.refresh_from_db()
    assert before_holiday.colour == "green" and not before_holiday.is_late
    with time_machine.travel(at(2025, 10, 15, 8, 0), tick=False):
        services.sweep_appeals()
    before_holiday.refresh_from_db()
    assert before_holiday.colour == "yellow" and not before_holiday.is_late


def test_unanswered_callback_closes_after_five_workdays(cast: Any, before_holiday: Appeal) -> None:
    with time_machine.travel(at(2025, 10, 10, 9, 0), tick=False):
        services.acknowledge_appeal(actor=cast.lead, appeal=before_holiday)
        services.reply_appeal(actor=cast.lead, appeal=before_holiday, text="答复")
    before_holiday.refresh_from_db()
    # 10-11 (调休), 10-13, 10-14, 10-15, 10-16.
    assert before_holiday.next_alert_at == at(2025, 10, 16, 17, 30)
    with time_machine.travel(at(2025, 10, 16, 17, 0), tick=False):
        assert services.sweep_appeals()["closed"] == 0
    with time_machine.travel(at(2025, 10, 16, 18, 0), tick=False):
        assert services.sweep_appeals()["closed"] == 1
    before_holiday.refresh_from_db()
    assert before_holiday.status == Appeal.Status.CLOSED


def test_reopen_gives_a_new_reply_deadline(cast: Any, before_holiday: Appeal) -> None:
    with time_machine.travel(at(2025, 10, 9, 9, 30), tick=False):
        services.acknowledge_appeal(actor=cast.lead, appeal=before_holiday)
        services.reply_appeal(actor=cast.lead, appeal=before_holiday, text="答复")
    with time_machine.travel(at(2025, 10, 10, 9, 0), tick=False):
        services.record_callback(actor=cast.office, appeal=before_holiday, solved=False, satisfaction=1)
    before_holiday.refresh_from_db()
    # 5 workdays after 10-10: 10-11, 10-13, 10-14, 10-15, 10-16.
    assert before_holiday.reply_due_at == at(2025, 10, 16, 17, 30)
    assert before_holiday.status == Appeal.Status.ACKNOWLEDGED and before_holiday.next_alert_at is not None


def test_the_sweep_is_registered_as_a_periodic_job(cast: Any, before_holiday: Appeal) -> None:
    job = next(j for j in jobs() if j.name == "appeals.sweep")
    with time_machine.travel(at(2025, 10, 15, 9, 0), tick=False):
        job.enqueue()  # runs inline in tests
    before_holiday.refresh_from_db()
    assert before_holiday.colour == "red"


def test_first_contact_deadline_reminds_then_presses(cast: Any, before_holiday: Appeal) -> None:
    a = before_holiday
    with time_machine.travel(at(2025, 10, 9, 0, 5), tick=False):
        assert services.sweep_appeals() == {"reminded": 1, "overdue": 0, "closed": 0}
    a.refresh_from_db()
    assert a.colour == "yellow" and not a.is_late
    assert Notification.objects.filter(recipient=cast.lead, title__startswith="诉求首次联系临期提醒").exists()
    with time_machine.travel(at(2025, 10, 9, 9, 30), tick=False):
        services.acknowledge_appeal(actor=cast.lead, appeal=a)
    with time_machine.travel(at(2025, 10, 9, 18, 0), tick=False):
        assert services.sweep_appeals() == {"reminded": 0, "overdue": 1, "closed": 0}
    a.refresh_from_db()
    assert a.colour == "red" and a.is_late
    assert Notification.objects.filter(
        recipient=cast.office, title__startswith="诉求首次联系超期督办"
    ).exists()
    # Later sweeps announce only the reply clock, once each.
    with time_machine.travel(at(2025, 10, 13, 8, 0), tick=False):
        assert services.sweep_appeals() == {"reminded": 1, "overdue": 0, "closed": 0}
    a.refresh_from_db()
    assert a.colour == "red"


def test_recording_the_first_contact_stops_its_clock(cast: Any, before_holiday: Appeal) -> None:
    a = before_holiday
    with time_machine.travel(at(2025, 10, 9, 9, 30), tick=False):
        services.sweep_appeals()
        services.acknowledge_appeal(actor=cast.lead, appeal=a)
        services.handle_appeal(actor=cast.lead, appeal=a, text="已电话联系", contacted=True)
    a.refresh_from_db()
    assert a.colour == "green" and a.first_contacted_at == at(2025, 10, 9, 9, 30)
    with time_machine.travel(at(2025, 10, 9, 18, 0), tick=False):
        assert services.sweep_appeals() == {"reminded": 0, "overdue": 0, "closed": 0}
    a.refresh_from_db()
    assert a.colour == "green" and not a.is_late
