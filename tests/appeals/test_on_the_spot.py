"""即时办结: a 政策咨询 the office answers on the call — answered without dispatch, counted, rated, closed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.appeals.makers import make_appeal
from yingshang.appeals import selectors, services
from yingshang.appeals.models import Appeal, AppealUnit, Service
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.models import Event

A = "/api/v1/appeals"


@pytest.fixture
def question(cast: Any) -> Appeal:
    make_appeal(cast)  # seeds the catalogue
    return make_appeal(
        cast,
        actor=cast.office,
        service=Service.objects.get(code="consult"),
        region=cast.county,
        channel="hotline",
        contact_name="王建国",
        contact_phone="13804750001",
        description="想咨询小微企业增值税减免政策的申请条件。",
    )


def test_office_answers_on_the_call_and_the_callback_rates_it(cast: Any, question: Appeal) -> None:
    r = cast.client("office").post(
        f"/appeals/{question.pk}/act/answer_on_call/", {"text": "月销售额10万元以下免征增值税，无需申请。"}
    )
    assert r.status_code == 302
    question.refresh_from_db()
    assert question.status == Appeal.Status.REPLIED and question.replied_at is not None
    assert question.dispatched_at is None and not AppealUnit.objects.filter(appeal=question).exists()
    assert question.replies.get().text.startswith("月销售额10万元")
    event = Event.objects.filter(object_id=question.pk, action="answer_on_call").get()
    assert event.actor_id == cast.office.pk
    page = cast.client("office").get(f"/appeals/{question.pk}/").content.decode()
    assert "即时办结" in page and "月销售额10万元" in page
    # Tracked and rated like any answer, then closed.
    track = (
        cast.client("enterprise_user").get(f"/appeals/track/?code={question.tracking_code}").content.decode()
    )
    assert "月销售额10万元" in track
    services.record_callback(actor=cast.office, appeal=question, solved=True, satisfaction=5)
    question.refresh_from_db()
    assert question.status == Appeal.Status.VISITED and question.satisfaction == 5
    services.close_appeal(actor=cast.office, appeal=question)
    stats = selectors.appeal_stats(Appeal.objects.filter(pk=question.pk))
    assert stats["total"] == 1 and stats["reply_on_time_rate"] == 100 and stats["satisfaction_rate"] == 100
    assert stats["by_unit"] == []  # no unit handled it


def test_api_answers_on_the_call(cast: Any, question: Appeal) -> None:
    r = cast.client("office").post(
        f"{A}/{question.pk}/answer-on-call", {"text": "已解答。"}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "replied"
    again = cast.client("office").post(
        f"{A}/{question.pk}/answer-on-call", {"text": "再答"}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"]


def test_only_consultations_and_only_before_dispatch(cast: Any, question: Appeal) -> None:
    complaint = make_appeal(cast)
    with pytest.raises(Conflict):
        services.answer_on_call(actor=cast.office, appeal=complaint, text="答")
    assert (
        "answer-on-call-form" not in cast.client("office").get(f"/appeals/{complaint.pk}/").content.decode()
    )
    assert "answer-on-call-form" in cast.client("office").get(f"/appeals/{question.pk}/").content.decode()
    with pytest.raises(ValidationFailed):
        services.answer_on_call(actor=cast.office, appeal=question, text="   ")
    with pytest.raises(NotAllowed):
        services.answer_on_call(actor=cast.enterprise_user, appeal=question, text="答")
    services.dispatch_appeal(actor=cast.office, appeal=question, lead_unit=cast.lead_unit)
    with pytest.raises(Conflict):
        services.answer_on_call(actor=cast.office, appeal=question, text="答")
