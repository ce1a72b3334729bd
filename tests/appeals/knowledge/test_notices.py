"""Filers without an account get an SMS (and an email when given) on reply and closure, by the worker."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core import mail

from yingshang.appeals import services
from yingshang.appeals.models import Appeal, FilerNotice, Service

pytestmark = pytest.mark.django_db


class RefusingGateway:
    def send(self, phone: str, text: str) -> None:
        raise ConnectionError("短信网关无响应")


def _anonymous(cast: Any, *, phone: str = "13900000001", email: str = "caller@example.org") -> Appeal:
    return services.file_appeal(
        actor=None,
        service=Service.objects.get(code="complaint"),
        description="企业开办时银行开户预约一直排不上，影响经营。",
        region=cast.county,
        contact_name="钱七",
        contact_phone=phone,
        contact_email=email,
    )


def _to_reply(cast: Any, appeal: Appeal, text: str = "已协调银行于本周内完成开户。") -> None:
    services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=appeal)
    services.handle_appeal(actor=cast.lead, appeal=appeal, text="内部：已电话催促银行网点负责人")
    services.reply_appeal(actor=cast.lead, appeal=appeal, text=text)


def test_reply_sends_sms_and_email_with_code_and_link_only(
    cast: Any, service: Any, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    appeal = _anonymous(cast)
    caplog.set_level(logging.INFO, logger="yingshang.sms")
    with django_capture_on_commit_callbacks(execute=True):
        _to_reply(cast, appeal)
    sms = FilerNotice.objects.get(appeal=appeal, channel="sms")
    assert sms.recipient == "13900000001" and sms.status == "sent" and sms.event == "reply"
    assert appeal.tracking_code in sms.body
    assert f"/appeals/track/?code={appeal.tracking_code}" in sms.body
    assert "内部" not in sms.body
    assert appeal.tracking_code in caplog.text  # the logging backend wrote it to the log
    [message] = [m for m in mail.outbox if m.to == ["caller@example.org"]]
    assert "已协调银行于本周内完成开户。" in message.body  # the reply: the tracker may read it
    assert "内部" not in message.body and "钱七" not in message.body


def test_closure_is_notified_without_the_office_note(
    cast: Any, service: Any, django_capture_on_commit_callbacks: Any
) -> None:
    appeal = _anonymous(cast, email="")
    _to_reply(cast, appeal)
    appeal.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_appeal(actor=cast.office, appeal=appeal, note="回访未接通，按规定办结")
    notice = FilerNotice.objects.get(appeal=appeal, event="close")
    assert notice.channel == "sms" and "已办结" in notice.body
    assert "回访" not in notice.body
    assert FilerNotice.objects.filter(appeal=appeal, channel="email").count() == 0  # no email given


def test_filer_with_an_account_gets_no_sms(
    cast: Any, filed: Appeal, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _to_reply(cast, filed)
    assert not FilerNotice.objects.exists()


def test_a_failing_gateway_never_blocks_the_reply(
    cast: Any, service: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.YINGSHANG_SMS_BACKEND = f"{__name__}.RefusingGateway"
    appeal = _anonymous(cast)
    with django_capture_on_commit_callbacks(execute=True):
        _to_reply(cast, appeal)
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REPLIED
    sms = FilerNotice.objects.get(appeal=appeal, channel="sms")
    assert sms.status == "failed" and "短信网关无响应" in sms.error
    assert FilerNotice.objects.get(appeal=appeal, channel="email").status == "sent"


def test_merged_filers_each_get_their_own_code_never_the_others_contact(
    cast: Any, service: Any, django_capture_on_commit_callbacks: Any
) -> None:
    parent = _anonymous(cast, phone="13900000001", email="")
    child = _anonymous(cast, phone="13900000002", email="")
    services.merge_appeals(actor=cast.office, parent=parent, children=[child])
    with django_capture_on_commit_callbacks(execute=True):
        _to_reply(cast, parent)
    to_child = FilerNotice.objects.get(appeal=child)
    assert to_child.recipient == "13900000002"
    assert child.tracking_code in to_child.body
    assert parent.tracking_code not in to_child.body and "13900000001" not in to_child.body


def test_office_reads_the_outbox_and_units_do_not(
    cast: Any, service: Any, django_capture_on_commit_callbacks: Any
) -> None:
    appeal = _anonymous(cast, email="")
    with django_capture_on_commit_callbacks(execute=True):
        _to_reply(cast, appeal)
    page = cast.client("office").get("/appeals/notices/", {"code": appeal.tracking_code})
    assert page.status_code == 200
    assert "13900000001" in page.content.decode() and appeal.tracking_code in page.content.decode()
    assert cast.client("lead").get("/appeals/notices/").status_code == 403
