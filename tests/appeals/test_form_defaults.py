"""Forms never choose for the operator (no unit, no callback answer preselected without a suggestion);
重办 sets a deadline and label that match each other; the office sends an unhappy 已回访 appeal back."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.appeals.makers import make_appeal
from yingshang.appeals import services
from yingshang.appeals.models import Appeal
from yingshang.core.errors import ValidationFailed


def _selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no <select name={name}>"
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select.group(1))


def test_dispatch_preselects_no_unit_when_nothing_is_suggested(cast: Any) -> None:
    a = make_appeal(cast, title="咨询", description="你好，请问一下。")
    page = cast.client("office").get(f"/appeals/{a.pk}/").content.decode()
    assert "建议主办单位" not in page
    assert _selected(page, "lead_unit") == [""]


def test_dispatch_preselects_the_top_suggestion(cast: Any) -> None:
    a = make_appeal(cast)
    page = cast.client("office").get(f"/appeals/{a.pk}/").content.decode()
    assert "建议主办单位" in page
    chosen = _selected(page, "lead_unit")
    assert len(chosen) == 1 and chosen[0] != ""


def test_callback_form_preselects_nothing_and_refuses_an_unchosen_answer(cast: Any) -> None:
    a = make_appeal(cast)
    office, lead, ent = cast.client("office"), cast.client("lead"), cast.client("enterprise_user")
    office.post(f"/appeals/{a.pk}/act/dispatch/", {"lead_unit": cast.lead_unit.pk})
    lead.post(f"/appeals/{a.pk}/act/acknowledge/")
    lead.post(f"/appeals/{a.pk}/act/reply/", {"text": "已办结"})
    page = ent.get(f"/appeals/{a.pk}/").content.decode()
    assert _selected(page, "solved") == [""] and _selected(page, "satisfaction") == [""]

    response = ent.post(f"/appeals/{a.pk}/act/callback/", {"satisfaction": "4"}, follow=True)
    assert "请选择问题是否解决" in response.content.decode()
    a.refresh_from_db()
    # Not a silent "unsolved" that would have sent the appeal back to 重办.
    assert a.status == Appeal.Status.REPLIED and a.reopen_count == 0


def _replied(cast: Any) -> Appeal:
    a = make_appeal(cast)
    services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=a)
    return a


def test_reopen_drops_the_earlier_rounds_extension_from_deadline_and_label(cast: Any) -> None:
    a = _replied(cast)
    ext = services.request_extension(actor=cast.lead, appeal=a, workdays_n=3, reason="需现场核查")
    services.decide_extension(actor=cast.office, extension=ext, approve=True)
    a.refresh_from_db()
    assert a.extension_workdays == 3
    page = cast.client("office").get(f"/appeals/{a.pk}/").content.decode()
    assert "含延期3个工作日" in page
    services.reply_appeal(actor=cast.lead, appeal=a, text="已处理")
    services.record_callback(actor=cast.office, appeal=a, solved=False, satisfaction=2)
    a.refresh_from_db()
    assert a.status == Appeal.Status.ACKNOWLEDGED and a.extension_workdays == 0
    page = cast.client("office").get(f"/appeals/{a.pk}/").content.decode()
    assert "含延期" not in page


def test_office_sends_an_unhappy_visited_appeal_back_to_rework(cast: Any) -> None:
    a = _replied(cast)
    services.reply_appeal(actor=cast.lead, appeal=a, text="已处理")
    services.record_callback(actor=cast.enterprise_user, appeal=a, solved=True, satisfaction=1)
    office = cast.client("office")
    page = office.get(f"/appeals/{a.pk}/").content.decode()
    assert 'data-testid="reopen-form"' in page
    response = office.post(f"/appeals/{a.pk}/act/reopen/", {"reason": ""}, follow=True)
    assert "请填写重办原因" in response.content.decode()
    office.post(f"/appeals/{a.pk}/act/reopen/", {"reason": "企业认为答复未说明办理时间"})
    a.refresh_from_db()
    assert a.status == Appeal.Status.ACKNOWLEDGED and a.reopen_count == 1
    assert a.solved is True and a.satisfaction == 1  # the callback's answers stay on record


def test_a_satisfied_visited_appeal_cannot_be_sent_back(cast: Any) -> None:
    a = _replied(cast)
    services.reply_appeal(actor=cast.lead, appeal=a, text="已处理")
    services.record_callback(actor=cast.enterprise_user, appeal=a, solved=True, satisfaction=4)
    assert 'data-testid="reopen-form"' not in cast.client("office").get(f"/appeals/{a.pk}/").content.decode()
    with pytest.raises(ValidationFailed):
        services.reopen_appeal(actor=cast.office, appeal=a, reason="再办一次")
