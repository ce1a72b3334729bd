"""Privacy of appeals, per role and per way out: pages, API, Open311, tracking page, notifications,
Excel export (core.visibility is the rule; these tests read what each audience actually receives)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.appeals.makers import ensure_services
from tests.makers import make_unit, make_user
from yingshang.appeals import services
from yingshang.appeals.models import Appeal, Service
from yingshang.core.models import Notification, PersonalDataExport

NOTE = "内部备注：法人代表另有纠纷，暂不告知企业"
COOP = "协办意见：建议不予支持"
EXT = "延期理由：需请示分管领导"
EXT_OK = "审批意见：同意延期三天"
HELP = "协办事项：请核查用地手续"
DISPATCH = "分办说明：重点核查是否重复投诉"
REPLY = "答复：营业执照变更已办结，请查收。"
PRIVATE = (NOTE, COOP, EXT, EXT_OK, HELP, DISPATCH)


@pytest.fixture
def handled(cast: Any, filed: Appeal) -> Appeal:
    """An appeal that went through every internal step, then was answered."""
    services.dispatch_appeal(
        actor=cast.office,
        appeal=filed,
        lead_unit=cast.lead_unit,
        cooperating_units=[cast.coop_unit],
        note=DISPATCH,
    )
    services.acknowledge_appeal(actor=cast.lead, appeal=filed)
    services.handle_appeal(actor=cast.lead, appeal=filed, text=NOTE, contacted=True)
    services.handle_appeal(actor=cast.coop, appeal=filed, text=COOP)
    helper = make_unit("自然资源局", cast.county)
    make_user("helper", "unit_staff", unit=helper, region=cast.county)
    services.request_help(actor=cast.lead, appeal=filed, unit=helper, reason=HELP)
    ext = services.request_extension(actor=cast.lead, appeal=filed, workdays_n=3, reason=EXT)
    services.decide_extension(actor=cast.office, extension=ext, approve=True, note=EXT_OK)
    filed.refresh_from_db()
    services.reply_appeal(actor=cast.lead, appeal=filed, text=REPLY)
    filed.refresh_from_db()
    return filed


def _page(client: Client, appeal: Appeal) -> str:
    response = client.get(f"/appeals/{appeal.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_enterprise_page_shows_steps_and_reply_but_no_internal_text(cast: Any, handled: Appeal) -> None:
    html = _page(cast.client("enterprise_user"), handled)
    for text in PRIVATE:
        assert text not in html, text
    assert REPLY in html
    assert "签收" in html and "分办" in html  # the steps are there, in Chinese
    assert "邀请协办" not in html and "申请延期" not in html and "自然资源局" not in html
    assert cast.coop_unit.name not in html  # who helps is among staff
    assert "处理记录" in html and "工作人员" in html


@pytest.mark.parametrize("role", ["office", "lead", "coop", "leader"])
def test_staff_pages_show_the_internal_texts(cast: Any, handled: Appeal, role: str) -> None:
    html = _page(cast.client(role), handled)
    for text in PRIVATE:
        assert text in html, (role, text)
    assert "办理" in html and "handle" not in html.replace('data-action="handle"', "")


def test_api_detail_hides_internal_texts_from_the_enterprise(cast: Any, handled: Appeal) -> None:
    body = cast.client("enterprise_user").get(f"/api/v1/appeals/{handled.pk}").json()
    dumped = json.dumps(body, ensure_ascii=False)
    for text in PRIVATE:
        assert text not in dumped, text
    assert body["extensions"] == []
    assert [r["kind"] for r in body["replies"]] == ["reply"]
    assert {e["action"] for e in body["events"]} >= {"file", "dispatch", "acknowledge", "reply"}
    assert not {"handle", "request_help", "request_extension", "approve_extension"} & {
        e["action"] for e in body["events"]
    }
    assert cast.coop_unit.name not in dumped
    reply = next(e for e in body["events"] if e["action"] == "reply")
    assert reply["label"] == "答复" and reply["text"].startswith("答复：")


def test_api_detail_gives_staff_the_texts_with_labels(cast: Any, handled: Appeal) -> None:
    body = cast.client("leader").get(f"/api/v1/appeals/{handled.pk}").json()
    handle = [e for e in body["events"] if e["action"] == "handle"]
    assert [e["text"] for e in handle] == [NOTE, COOP] and handle[0]["label"] == "办理"
    assert body["extensions"][0]["reason"] == EXT


def test_tracking_page_and_open311_show_steps_and_reply_only(cast: Any, handled: Appeal) -> None:
    anonymous = Client()
    html = anonymous.get("/appeals/track/", {"code": handled.tracking_code}).content.decode()
    for text in PRIVATE:
        assert text not in html, text
    assert REPLY in html and "办理进度" in html and "签收" in html
    assert "市场监督管理局" in html  # the replying unit signs its reply; the timeline names no unit
    rows = anonymous.get(f"/open311/v2/requests/{handled.tracking_code}.json").json()
    dumped = json.dumps(rows, ensure_ascii=False)
    assert rows[0]["status_notes"] == REPLY
    for text in PRIVATE:
        assert text not in dumped


def test_notifications_to_the_enterprise_carry_no_internal_text(cast: Any, handled: Appeal) -> None:
    mine = Notification.objects.filter(recipient=cast.enterprise_user)
    assert mine.exists()
    for n in mine:
        for text in PRIVATE:
            assert text not in n.title + n.body
    # Units are told what they must act on.
    assert Notification.objects.filter(recipient__username="helper", body=HELP).exists()


# -- names of people filing alone ------------------------------------------------------------------


@pytest.fixture
def personal(cast: Any) -> Appeal:
    """A person (no enterprise) filed on the public form; dispatched to the lead unit with a helper."""
    ensure_services()
    a = services.file_appeal(
        actor=None,
        service=Service.objects.get(code="complaint"),
        description="小区门口占道经营，投诉多次无果。",
        region=cast.county,
        contact_name="王五",
        contact_phone="13800000002",
    )
    services.dispatch_appeal(
        actor=cast.office, appeal=a, lead_unit=cast.lead_unit, cooperating_units=[cast.coop_unit]
    )
    return a


@pytest.mark.parametrize("role", ["leader", "coop"])
def test_leaders_and_cooperating_units_see_the_name_masked(cast: Any, personal: Appeal, role: str) -> None:
    client = cast.client(role)
    html = _page(client, personal)
    assert "王五" not in html and "王*" in html and "138****0002" in html
    assert "王五" not in client.get("/appeals/").content.decode()
    api = client.get(f"/api/v1/appeals/{personal.pk}").json()
    assert api["contact_name"] == "王*" and api["contact_phone"] == "138****0002"


def test_lead_unit_sees_the_contact_on_the_detail_it_handles_only(cast: Any, personal: Appeal) -> None:
    client = cast.client("lead")
    assert "王五 13800000002" in _page(client, personal)  # it must call the complainant
    assert "王五" not in client.get("/appeals/").content.decode()
    listed = client.get("/api/v1/appeals/").json()["items"]
    assert [i["contact_name"] for i in listed if i["id"] == personal.pk] == ["王*"]
    services.acknowledge_appeal(actor=cast.lead, appeal=personal)
    services.reply_appeal(actor=cast.lead, appeal=personal, text="已处理")
    assert "王五" not in _page(client, personal)  # answered: no longer needed


def test_office_detail_shows_the_full_name_and_contact(cast: Any, personal: Appeal) -> None:
    html = _page(cast.client("office"), personal)
    assert "王五" in html and "13800000002" in html


def _sheet(response: Any) -> list[list[Any]]:
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


@pytest.mark.parametrize("role", ["office", "leader"])
def test_export_masks_names_by_default(cast: Any, personal: Appeal, role: str) -> None:
    rows = _sheet(cast.client(role).get("/appeals/", {"format": "xlsx"}))
    flat = json.dumps(rows, ensure_ascii=False)
    assert "王五" not in flat and "13800000002" not in flat and "王*" in flat
    assert not PersonalDataExport.objects.exists()


def test_office_personal_export_is_logged(cast: Any, personal: Appeal) -> None:
    client = cast.client("office")
    rows = _sheet(client.get("/appeals/", {"format": "xlsx", "personal": "1", "q": personal.tracking_code}))
    assert rows[0][-3:] == ["联系人", "联系电话", "电子邮箱"]
    assert rows[1][0] == personal.tracking_code and rows[1][4] == "王五" and rows[1][-2] == "13800000002"
    log = PersonalDataExport.objects.get()
    assert log.actor == cast.office and log.rows == [personal.tracking_code] and log.row_count == 1
    assert personal.tracking_code in log.query
    page = client.get("/exports/log/").content.decode()
    assert personal.tracking_code in page and "企业诉求(含诉求人姓名和联系方式)" in page


def test_leader_cannot_export_personal_data(cast: Any, personal: Appeal) -> None:
    assert cast.client("leader").get("/appeals/", {"format": "xlsx", "personal": "1"}).status_code == 403
    assert not PersonalDataExport.objects.exists()


# -- claims: a stranger names a company ------------------------------------------------------------


@pytest.fixture
def claim(cast: Any) -> Appeal:
    ensure_services()
    response = Client().post(
        "/open311/v2/requests.json",
        {
            "service_code": "complaint",
            "description": "该公司拖欠货款。",
            "last_name": "赵",
            "first_name": "六",
            "phone": "13900000009",
            "credit_code": cast.enterprise.credit_code,
            "jurisdiction_id": str(cast.county.pk),
        },
    )
    assert response.status_code == 201, response.content
    return Appeal.objects.get(tracking_code=response.json()[0]["service_request_id"])


def test_anonymous_filing_naming_a_company_is_a_claim_it_cannot_see(cast: Any, claim: Appeal) -> None:
    assert claim.enterprise_id is None and claim.claimed_enterprise == cast.enterprise
    client = cast.client("enterprise_user")
    assert client.get(f"/api/v1/appeals/{claim.pk}").status_code == 404
    assert client.get(f"/appeals/{claim.pk}/").status_code == 404
    assert claim.tracking_code not in client.get("/appeals/").content.decode()


def test_office_links_a_claim_and_the_company_never_sees_the_filer(cast: Any, claim: Appeal) -> None:
    office = cast.client("office")
    assert "关联到该企业" in _page(office, claim)
    office.post(f"/appeals/{claim.pk}/act/link_enterprise/")
    claim.refresh_from_db()
    assert claim.enterprise == cast.enterprise
    assert "关联企业" in _page(office, claim)
    client = cast.client("enterprise_user")
    html = _page(client, claim)
    assert "13900000009" not in html and "赵六" not in html
    api = client.get(f"/api/v1/appeals/{claim.pk}").json()
    assert api["contact_phone"] == "139****0009" and api["contact_name"] == "赵*"
    assert "回访评价" not in html  # only the filer rates its appeal
    services.dispatch_appeal(actor=cast.office, appeal=claim, lead_unit=cast.lead_unit, cooperating_units=[])
    services.acknowledge_appeal(actor=cast.lead, appeal=claim)
    services.reply_appeal(actor=cast.lead, appeal=claim, text="已督促该公司结清货款。")
    services.record_callback(
        actor=cast.office, appeal=claim, solved=True, satisfaction=4, note="回访赵六：表示满意"
    )
    html = _page(client, claim)
    assert "已督促该公司结清货款。" in html and "回访" in html
    assert "回访赵六" not in html and "主办单位：" not in html


def test_link_refuses_a_non_claim_and_a_second_link(cast: Any, claim: Appeal, filed: Appeal) -> None:
    office = cast.client("office")
    assert office.post(f"/api/v1/appeals/{filed.pk}/link-enterprise").status_code == 409
    assert office.post(f"/api/v1/appeals/{claim.pk}/link-enterprise").status_code == 200
    assert office.post(f"/api/v1/appeals/{claim.pk}/link-enterprise").status_code == 409


def test_enterprise_filing_logged_in_stays_linked(cast: Any, filed: Appeal) -> None:
    assert filed.enterprise == cast.enterprise and filed.claimed_enterprise_id is None
    html = _page(cast.client("enterprise_user"), filed)
    assert filed.contact_phone in html


def test_supervisor_naming_a_company_files_a_claim(cast: Any) -> None:
    ensure_services()
    a = services.file_appeal(
        actor=cast.supervisor,
        service=Service.objects.get(code="complaint"),
        description="企业反映审批慢。",
        region=cast.county,
        contact_phone="13900000010",
        credit_code=cast.enterprise.credit_code,
    )
    assert a.enterprise_id is None and a.claimed_enterprise == cast.enterprise


def test_migration_turns_anonymous_links_into_claims(cast: Any) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("yingshang.appeals.migrations.0004_enterprise_claims")
    ensure_services()
    a = services.file_appeal(
        actor=cast.office,
        service=Service.objects.get(code="complaint"),
        description="来电反映。",
        channel="hotline",
        region=cast.county,
        contact_name="甲",
        contact_phone="13900000011",
        credit_code=cast.enterprise.credit_code,
    )
    # As the old code stored a public-form filing: no filer, the website channel, linked to the company.
    old = Appeal.objects.filter(pk=a.pk)
    old.update(filed_by=None, channel="website")
    office_entered = services.file_appeal(
        actor=cast.office,
        service=Service.objects.get(code="complaint"),
        description="来访反映。",
        channel="visit",
        region=cast.county,
        contact_name="乙",
        contact_phone="13900000012",
        credit_code=cast.enterprise.credit_code,
    )
    migration.appeals_to_claims(apps, None)
    a.refresh_from_db()
    office_entered.refresh_from_db()
    assert a.enterprise_id is None and a.claimed_enterprise == cast.enterprise
    assert office_entered.enterprise == cast.enterprise and office_entered.claimed_enterprise_id is None


def test_linked_company_never_gets_the_filers_materials(cast: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yingshang.appeals import claims

    ensure_services()
    a = services.file_appeal(
        actor=None,
        service=Service.objects.get(code="complaint"),
        description="该公司拖欠工程款，附合同。",
        region=cast.county,
        contact_name="钱七",
        contact_phone="13900000013",
        credit_code=cast.enterprise.credit_code,
        attachments=[SimpleUploadedFile("合同.pdf", b"%PDF-1.4 test", content_type="application/pdf")],
    )
    claims.link_enterprise(actor=cast.office, appeal=a)
    f = a.attachments.get()
    client = cast.client("enterprise_user")
    assert "合同.pdf" not in _page(client, a)
    assert client.get(f"/appeals/attachments/{f.pk}/").status_code == 404
    assert cast.client("office").get(f"/appeals/attachments/{f.pk}/").status_code == 200
