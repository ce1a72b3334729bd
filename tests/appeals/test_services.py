"""The appeal workflow through its services: every move, every refusal, and what each leaves behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.appeals.makers import make_appeal
from yingshang.appeals import selectors, services
from yingshang.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealExtension,
    AppealReply,
    AppealUnit,
    Service,
)
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.events import timeline
from yingshang.core.models import Event, Notification

S = Appeal.Status


def actions(appeal: Appeal) -> list[str]:
    return [e.action for e in timeline(appeal)]


# -- intake ----------------------------------------------------------------------------------------


def test_enterprise_filing_links_enterprise_and_gets_unguessable_code(cast: Any, service: Service) -> None:
    a = make_appeal(cast, service=service)
    assert a.enterprise == cast.enterprise and a.region == cast.county
    assert a.status == S.SUBMITTED and len(a.tracking_code) == 12
    assert a.credit_code == cast.enterprise.credit_code
    assert a.suggested_indicator == "开办企业"
    other = make_appeal(cast, service=Service.objects.get(code="consult"))
    assert other.tracking_code != a.tracking_code
    assert actions(a) == ["file"]


def test_public_filing_needs_region_and_contact(cast: Any, service: Service) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.file_appeal(
            actor=None,
            service=service,
            description="路灯不亮",
            contact_name="张三",
            contact_phone="13900000000",
        )
    assert exc.value.fields == {"region": "必填"}
    with pytest.raises(ValidationFailed) as exc:
        services.file_appeal(
            actor=None, service=service, description="路灯不亮", region=cast.county, contact_phone="139"
        )
    assert "contact_name" in exc.value.fields
    a = services.file_appeal(
        actor=None,
        service=service,
        description="路灯不亮",
        region=cast.county,
        contact_name="张三",
        contact_phone="13900000000",
        enterprise_name="某某商店",
    )
    assert a.enterprise is None and selectors.filer_label(a, full=False) == "某某商店"


def test_anonymous_credit_code_of_a_known_enterprise_is_only_a_claim(cast: Any, service: Service) -> None:
    """Anyone can type a credit code: the filing names the enterprise but is not its appeal."""
    a = services.file_appeal(
        actor=None,
        service=service,
        description="检查太多",
        region=cast.county,
        contact_name="李四",
        contact_phone="13900000000",
        credit_code=cast.other_enterprise.credit_code.lower(),
    )
    assert a.enterprise is None
    assert a.claimed_enterprise == cast.other_enterprise
    assert a.credit_code == cast.other_enterprise.credit_code
    assert a.contact_name == "李四"  # the filer's own contact, never the enterprise's


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "   \n  "}, "description"),
        ({"description": "长" * 100_000}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"credit_code": "91150000123456789X"}, "credit_code"),
        ({"credit_code": "ABC"}, "credit_code"),
        ({"contact_phone": "电话"}, "contact_phone"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"channel": "pigeon"}, "channel"),
        ({"service": None}, "service"),
    ],
)
def test_bad_filings_are_refused_and_store_nothing(
    cast: Any, service: Service, kwargs: dict, field: str
) -> None:
    before = (Appeal.objects.count(), Event.objects.count())
    base = {
        "actor": None,
        "service": service,
        "description": "正常内容",
        "region": cast.county,
        "contact_name": "张三",
        "contact_phone": "13900000000",
    }
    with pytest.raises(ValidationFailed) as exc:
        services.file_appeal(**{**base, **kwargs})
    assert field in exc.value.fields
    assert exc.value.message
    assert (Appeal.objects.count(), Event.objects.count()) == before


def test_inactive_service_is_unknown(cast: Any, service: Service) -> None:
    service.is_active = False
    service.save()
    with pytest.raises(ValidationFailed) as exc:
        make_appeal(cast, service=service)
    assert exc.value.code == "unknown_service"


def test_invalid_credit_code_message_is_clear(cast: Any, service: Service) -> None:
    code = cast.enterprise.credit_code
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as exc:
        services.file_appeal(
            actor=None,
            service=service,
            description="x",
            region=cast.county,
            contact_name="张三",
            contact_phone="13900000000",
            credit_code=bad,
        )
    assert "校验位" in exc.value.message


def test_units_and_read_only_cannot_file(cast: Any, service: Service) -> None:
    with pytest.raises(NotAllowed):
        make_appeal(cast, service=service, actor=cast.lead)
    with pytest.raises(NotAllowed):
        make_appeal(cast, service=service, actor=cast.leader)


def test_office_staff_entry_records_channel_and_stays_in_region(cast: Any, service: Service) -> None:
    a = services.file_appeal(
        actor=cast.office,
        service=service,
        channel="hotline",
        description="来电反映",
        region=cast.county,
        contact_name="王五",
        contact_phone="0475-1234567",
    )
    assert a.channel == "hotline" and a.filed_by == cast.office


def test_repeat_within_30_days_is_linked_and_counted(cast: Any, service: Service) -> None:
    first = make_appeal(cast, service=service)
    second = make_appeal(cast, service=service)
    third = make_appeal(cast, service=service)
    other_kind = make_appeal(cast, service=Service.objects.get(code="consult"))
    first.refresh_from_db()
    assert second.repeat_of == first and third.repeat_of == first
    assert first.repeat_count == 2 and other_kind.repeat_of is None


# -- attachments -----------------------------------------------------------------------------------


def pdf(name: str = "a.pdf", size: int = 100) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


def test_attachment_is_stored_with_its_name(cast: Any, service: Service) -> None:
    a = make_appeal(cast, service=service, attachments=[pdf("合同.pdf")])
    row = AppealAttachment.objects.get(appeal=a)
    assert row.name == "合同.pdf" and row.content_type == "application/pdf" and row.size > 100


@pytest.mark.parametrize(
    ("upload", "fragment"),
    [
        (SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream"), "类型不支持"),
        (
            SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
            "内容与扩展名不符",
        ),
        (SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024 + 1)), "超过"),
        (SimpleUploadedFile("empty.txt", b""), "空文件"),
    ],
)
def test_bad_attachment_refuses_the_whole_filing(
    cast: Any, service: Service, upload: Any, fragment: str
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        make_appeal(cast, service=service, attachments=[upload])
    assert fragment in exc.value.message
    assert Appeal.objects.count() == 0 and AppealAttachment.objects.count() == 0


def test_too_many_attachments(cast: Any, service: Service) -> None:
    with pytest.raises(ValidationFailed):
        make_appeal(cast, service=service, attachments=[pdf(f"{i}.pdf") for i in range(6)])


# -- dispatch and unit actions ---------------------------------------------------------------------


def test_dispatch_sets_units_clocks_and_notifies(cast: Any, dispatched: Appeal) -> None:
    a = dispatched
    assert a.status == S.DISPATCHED and a.dispatched_at and a.acknowledge_due_at and a.reply_due_at
    links = {(link.unit_id, link.role) for link in AppealUnit.objects.filter(appeal=a, is_active=True)}
    assert links == {(cast.lead_unit.pk, "lead"), (cast.coop_unit.pk, "cooperating")}
    assert Notification.objects.filter(recipient=cast.lead, title__contains="待签收").exists()
    assert Notification.objects.filter(recipient=cast.coop, title__contains="协办").exists()
    assert a.next_alert_at is not None


def test_only_office_dispatches(cast: Any, filed: Appeal) -> None:
    for who in (cast.lead, cast.leader, cast.enterprise_user):
        with pytest.raises(NotAllowed):
            services.dispatch_appeal(actor=who, appeal=filed, lead_unit=cast.lead_unit)


def test_dispatch_outside_region_is_refused(cast: Any, filed: Appeal) -> None:
    cast.office.region = cast.county
    cast.office.save()
    with pytest.raises(ValidationFailed):
        services.dispatch_appeal(actor=cast.office, appeal=filed, lead_unit=cast.other_unit)
    filed.refresh_from_db()
    assert filed.status == S.SUBMITTED


def test_only_lead_unit_acknowledges_and_replies(cast: Any, dispatched: Appeal) -> None:
    for who in (cast.coop, cast.outsider, cast.office, cast.enterprise_user):
        with pytest.raises(NotAllowed):
            services.acknowledge_appeal(actor=who, appeal=dispatched)
    services.acknowledge_appeal(actor=cast.lead_boss, appeal=dispatched)
    with pytest.raises(Conflict):
        services.acknowledge_appeal(actor=cast.lead, appeal=dispatched)
    with pytest.raises(NotAllowed):
        services.reply_appeal(actor=cast.coop, appeal=dispatched, text="协办单位不能答复")


def test_reply_before_acknowledge_is_a_conflict(cast: Any, dispatched: Appeal) -> None:
    with pytest.raises(Conflict) as exc:
        services.reply_appeal(actor=cast.lead, appeal=dispatched, text="答复")
    assert "签收" in exc.value.message or "不能执行" in exc.value.message
    assert not AppealReply.objects.exists()


def test_handle_notes_by_lead_and_cooperating_unit(cast: Any, acknowledged: Appeal) -> None:
    services.handle_appeal(actor=cast.lead, appeal=acknowledged, text="已电话联系企业", contacted=True)
    services.handle_appeal(actor=cast.coop, appeal=acknowledged, text="协办意见：配合核实")
    acknowledged.refresh_from_db()
    assert acknowledged.first_contacted_at is not None
    assert AppealReply.objects.filter(appeal=acknowledged, kind="note").count() == 2
    with pytest.raises(ValidationFailed):
        services.handle_appeal(actor=cast.lead, appeal=acknowledged, text="")


def test_reply_records_answer_and_tells_the_enterprise(cast: Any, replied: Appeal) -> None:
    assert replied.status == S.REPLIED and replied.replied_at and not replied.replied_late
    assert AppealReply.objects.get(appeal=replied, kind="reply").text.startswith("已协调解决")
    assert Notification.objects.filter(recipient=cast.enterprise_user, title__contains="已答复").exists()
    assert replied.next_alert_at is not None  # the auto-close moment


def test_return_review_redispatch_and_insist(cast: Any, acknowledged: Appeal) -> None:
    with pytest.raises(ValidationFailed):
        services.return_dispatch(actor=cast.lead, appeal=acknowledged, reason="  ")
    services.return_dispatch(actor=cast.lead, appeal=acknowledged, reason="不属于本单位职责")
    assert acknowledged.status == S.RETURNED
    assert Notification.objects.filter(recipient=cast.office, title__contains="退单").exists()
    with pytest.raises(ValidationFailed):
        services.review_return(
            actor=cast.office, appeal=acknowledged, decision="redispatch", lead_unit=cast.lead_unit
        )
    services.review_return(
        actor=cast.office, appeal=acknowledged, decision="redispatch", lead_unit=cast.coop_unit
    )
    assert acknowledged.status == S.DISPATCHED
    lead = AppealUnit.objects.get(appeal=acknowledged, role="lead", is_active=True)
    assert lead.unit == cast.coop_unit
    # The unit that returned it still sees it (history), but can no longer act.
    with pytest.raises(NotAllowed):
        services.acknowledge_appeal(actor=cast.lead, appeal=acknowledged)
    services.return_dispatch(actor=cast.coop, appeal=acknowledged, reason="也不是我们的")
    due = acknowledged.reply_due_at
    services.review_return(actor=cast.office, appeal=acknowledged, decision="insist", note="就是你们的")
    acknowledged.refresh_from_db()
    assert acknowledged.status == S.DISPATCHED and acknowledged.reply_due_at == due
    assert AppealUnit.objects.get(appeal=acknowledged, role="lead", is_active=True).unit == cast.coop_unit
    assert actions(acknowledged)[-4:] == ["return_dispatch", "redispatch", "return_dispatch", "insist"]


def test_escalate_then_office_dispatches_after_consultation(cast: Any, acknowledged: Appeal) -> None:
    services.escalate_appeal(actor=cast.lead, appeal=acknowledged, reason="涉及多个部门，需会商")
    assert acknowledged.status == S.ESCALATED
    services.dispatch_appeal(
        actor=cast.office,
        appeal=acknowledged,
        lead_unit=cast.coop_unit,
        cooperating_units=[cast.lead_unit],
        note="会商决定",
    )
    assert acknowledged.status == S.DISPATCHED


def test_request_help_adds_a_cooperating_unit(cast: Any, cast_extra_unit: Any, acknowledged: Appeal) -> None:
    services.request_help(actor=cast.lead, appeal=acknowledged, unit=cast_extra_unit, reason="请核实用地情况")
    assert AppealUnit.objects.filter(appeal=acknowledged, unit=cast_extra_unit, role="cooperating").exists()
    with pytest.raises(Conflict):
        services.request_help(actor=cast.lead, appeal=acknowledged, unit=cast_extra_unit, reason="再请一次")
    with pytest.raises(ValidationFailed):
        services.request_help(actor=cast.lead, appeal=acknowledged, unit=cast.other_unit, reason="外区单位")


@pytest.fixture
def cast_extra_unit(cast: Any) -> Any:
    from tests.makers import make_unit

    return make_unit("自然资源局", cast.county)


def test_extension_approved_moves_due_and_refused_does_not(cast: Any, acknowledged: Appeal) -> None:
    due = acknowledged.reply_due_at
    ext = services.request_extension(actor=cast.lead, appeal=acknowledged, workdays_n=3, reason="需现场核查")
    with pytest.raises(Conflict):
        services.request_extension(actor=cast.lead, appeal=acknowledged, workdays_n=2, reason="再申请")
    with pytest.raises(NotAllowed):
        services.decide_extension(actor=cast.lead, extension=ext, approve=True)
    services.decide_extension(actor=cast.office, extension=ext, approve=True)
    acknowledged.refresh_from_db()
    assert acknowledged.reply_due_at > due and acknowledged.extension_workdays == 3
    with pytest.raises(Conflict):
        services.decide_extension(actor=cast.office, extension=ext, approve=False)
    ext2 = services.request_extension(actor=cast.lead, appeal=acknowledged, workdays_n=2, reason="还需时间")
    due2 = acknowledged.reply_due_at
    services.decide_extension(actor=cast.office, extension=ext2, approve=False)
    acknowledged.refresh_from_db()
    assert acknowledged.reply_due_at == due2
    assert list(AppealExtension.objects.values_list("status", flat=True)) == ["approved", "refused"]
    with pytest.raises(ValidationFailed):
        services.request_extension(actor=cast.lead, appeal=acknowledged, workdays_n=31, reason="太久")


# -- merge, callback, closure ----------------------------------------------------------------------


def test_merge_propagates_reply_and_closure_to_children(cast: Any, service: Service) -> None:
    parent = make_appeal(cast, service=service)
    child = services.file_appeal(
        actor=None,
        service=service,
        description="同样的营业执照变更问题",
        region=cast.county,
        contact_name="赵六",
        contact_phone="13900000001",
    )
    services.merge_appeals(actor=cast.office, parent=parent, children=[child])
    child.refresh_from_db()
    assert child.status == S.MERGED and child.parent == parent
    with pytest.raises(Conflict):
        services.merge_appeals(actor=cast.office, parent=child, children=[parent])
    services.dispatch_appeal(actor=cast.office, appeal=parent, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=parent)
    services.reply_appeal(actor=cast.lead, appeal=parent, text="统一答复：已办结变更登记")
    from yingshang.appeals.selectors import public_replies

    assert [r.text for r in public_replies(child)] == ["统一答复：已办结变更登记"]
    assert "reply_propagated" in actions(child)
    services.record_callback(actor=cast.office, appeal=parent, solved=True, satisfaction=5)
    services.close_appeal(actor=cast.office, appeal=parent)
    child.refresh_from_db()
    assert child.status == S.CLOSED and child.tracking_code != parent.tracking_code


def test_callback_not_solved_reopens_with_history_then_solved_closes(cast: Any, replied: Appeal) -> None:
    first_reply_at = replied.replied_at
    with pytest.raises(ValidationFailed):
        services.record_callback(actor=cast.enterprise_user, appeal=replied, solved=False, satisfaction=9)
    with pytest.raises(NotAllowed):
        services.record_callback(actor=cast.lead, appeal=replied, solved=True, satisfaction=5)
    services.record_callback(
        actor=cast.enterprise_user, appeal=replied, solved=False, satisfaction=2, note="没解决"
    )
    replied.refresh_from_db()
    assert replied.status == S.ACKNOWLEDGED and replied.reopen_count == 1 and replied.solved is False
    assert replied.replied_at == first_reply_at  # history kept; the new reply will overwrite the latest time
    services.reply_appeal(actor=cast.lead, appeal=replied, text="再次答复：已办理")
    services.record_callback(actor=cast.enterprise_user, appeal=replied, solved=True, satisfaction=4)
    assert replied.status == S.VISITED and replied.solved and replied.satisfaction == 4
    services.close_appeal(actor=cast.office, appeal=replied)
    assert replied.status == S.CLOSED and replied.closed_at
    assert actions(replied) == [
        "file",
        "dispatch",
        "acknowledge",
        "reply",
        "reopen",
        "reply",
        "callback",
        "close",
    ]
    with pytest.raises(Conflict):
        services.close_appeal(actor=cast.office, appeal=replied)


def test_other_enterprise_cannot_callback(cast: Any, replied: Appeal) -> None:
    from tests.makers import make_user
    from yingshang.core.models import User

    stranger = make_user("ent2", User.Role.ENTERPRISE, enterprise=cast.other_enterprise)
    with pytest.raises(NotAllowed):
        services.record_callback(actor=stranger, appeal=replied, solved=True, satisfaction=5)


def test_every_move_writes_one_event(cast: Any, replied: Appeal) -> None:
    events = list(timeline(replied))
    moves = [(e.from_status, e.to_status) for e in events if e.to_status]
    assert moves == [
        ("", "submitted"),
        ("submitted", "dispatched"),
        ("dispatched", "acknowledged"),
        ("acknowledged", "replied"),
    ]


def test_update_service_by_office_only(cast: Any, service: Service) -> None:
    services.update_service(actor=cast.office, service=service, close_workdays=10)
    service.refresh_from_db()
    assert service.close_workdays == 10
    with pytest.raises(ValidationFailed):
        services.update_service(actor=cast.office, service=service, close_workdays=0)
    with pytest.raises(NotAllowed):
        services.update_service(actor=cast.leader, service=service, close_workdays=3)


def test_office_of_one_county_cannot_file_for_another(cast: Any, service: Service) -> None:
    cast.office.region = cast.county
    cast.office.save()
    with pytest.raises(ValidationFailed) as exc:
        services.file_appeal(
            actor=cast.office,
            service=service,
            channel="visit",
            description="来访反映",
            region=cast.other_county,
            contact_name="王五",
            contact_phone="13900000000",
        )
    assert exc.value.fields == {"region": "超出管辖范围"}
    assert services.file_appeal(
        actor=cast.office,
        service=service,
        channel="visit",
        description="来访反映",
        region=cast.county,
        contact_name="王五",
        contact_phone="13900000000",
    )
