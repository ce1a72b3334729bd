"""The native API /api/v1/appeals/: the whole loop by token, errors as {message, code, fields}."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.appeals.makers import make_appeal
from yingshang.appeals.models import Appeal
from yingshang.core.services import create_api_token

A = "/api/v1/appeals"


def client_for(user: Any) -> Client:
    _, key = create_api_token(actor=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def post(client: Client, path: str, data: dict) -> Any:
    return client.post(path, data, content_type="application/json")


def test_whole_loop_by_token(cast: Any) -> None:
    ent, office, lead = client_for(cast.enterprise_user), client_for(cast.office), client_for(cast.lead)
    r = post(
        ent, f"{A}/", {"service_code": "arrears", "description": "镇政府拖欠我公司工程款48万元两年未付。"}
    )
    assert r.status_code == 201, r.content
    a = r.json()
    assert (
        a["status"] == "submitted"
        and a["enterprise_id"] == cast.enterprise.pk
        and len(a["tracking_code"]) == 12
    )
    pk = a["id"]
    sugg = office.get(f"{A}/{pk}/suggestions").json()
    assert sugg["indicators"][0]["name"] == "执行合同"
    r = post(
        office,
        f"{A}/{pk}/dispatch",
        {"lead_unit_id": cast.lead_unit.pk, "cooperating_unit_ids": [cast.coop_unit.pk]},
    )
    assert r.json()["status"] == "dispatched" and r.json()["lead_unit"] == "市场监督管理局"
    assert post(lead, f"{A}/{pk}/acknowledge", {}).json()["status"] == "acknowledged"
    assert post(lead, f"{A}/{pk}/acknowledge", {}).status_code == 409
    ext = post(lead, f"{A}/{pk}/extension", {"workdays": 2, "reason": "需核实合同"})
    assert ext.status_code == 201
    r = post(office, f"{A}/{pk}/extension/{ext.json()['id']}/decision", {"approve": True})
    assert r.status_code == 200 and r.json()["extensions"][0]["status"] == "approved"
    assert post(lead, f"{A}/{pk}/reply", {"text": "已协调镇政府制定还款计划"}).json()["status"] == "replied"
    r = post(ent, f"{A}/{pk}/callback", {"solved": False, "satisfaction": 2, "note": "还没收到钱"})
    assert r.json()["status"] == "acknowledged"
    post(lead, f"{A}/{pk}/reply", {"text": "已支付首期款"})
    assert post(ent, f"{A}/{pk}/callback", {"solved": True, "satisfaction": 5}).json()["status"] == "visited"
    r = post(office, f"{A}/{pk}/close", {"note": "办结"})
    assert r.json()["status"] == "closed"
    detail = ent.get(f"{A}/{pk}").json()
    assert [e["action"] for e in detail["events"]][-3:] == ["reply", "callback", "close"]
    assert [r["text"] for r in detail["replies"]] == ["已协调镇政府制定还款计划", "已支付首期款"]
    stats = office.get(f"{A}/stats").json()
    assert (
        stats["total"] == 1
        and stats["solved_rate"] == 100.0
        and stats["by_unit"][0]["name"] == "市场监督管理局"
    )


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"service_code": "nope", "description": "x"}, 422, "service"),
        ({"service_code": "complaint", "description": ""}, 422, "description"),
        ({"service_code": "complaint", "description": "长" * 100_000}, 422, "description"),
        ({"service_code": "complaint", "description": "x", "credit_code": "123"}, 422, "credit_code"),
        ({"service_code": "complaint"}, 422, "description"),
        ({"service_code": "complaint", "description": "x", "region_id": 0}, 422, "region_id"),
        ({"service_code": "complaint", "description": "x", "region_id": 999999}, 422, "region_id"),
    ],
)
def test_bad_filing_is_a_clear_error(cast: Any, payload: dict, status: int, field: str) -> None:
    r = post(client_for(cast.enterprise_user), f"{A}/", payload)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"message", "code", "fields"} and field in body["fields"], body
    assert not Appeal.objects.exists()


def test_unit_cannot_see_other_units_appeal_and_leader_cannot_write(cast: Any) -> None:
    a = make_appeal(cast)
    office = client_for(cast.office)
    post(office, f"{A}/{a.pk}/dispatch", {"lead_unit_id": cast.lead_unit.pk})
    assert client_for(cast.outsider).get(f"{A}/{a.pk}").status_code == 404
    assert client_for(cast.leader).get(f"{A}/{a.pk}").status_code == 200
    r = post(client_for(cast.leader), f"{A}/{a.pk}/close", {})
    assert r.status_code == 403 and r.json()["code"] == "read_only"
    assert client_for(cast.outsider).get(f"{A}/").json()["count"] == 0


def test_garbage_ids_are_4xx(cast: Any) -> None:
    office = client_for(cast.office)
    assert office.get(f"{A}/99999999999999999999").status_code in (404, 422)
    assert office.get(f"{A}/?limit=100000").status_code == 422
    a = make_appeal(cast)
    assert post(office, f"{A}/{a.pk}/dispatch", {"lead_unit_id": 2**60}).status_code == 422
    assert (
        post(office, f"{A}/{a.pk}/dispatch", {"lead_unit_id": cast.other_unit.pk + 1000}).status_code == 422
    )
    assert post(office, f"{A}/{a.pk}/merge", {"children": [a.pk]}).status_code == 422


def test_merge_and_duplicates_by_api(cast: Any) -> None:
    office = client_for(cast.office)
    a = make_appeal(cast, description="营业执照变更登记半个月没有结果")
    b = make_appeal(cast, description="营业执照变更登记半个月没有结果，再次反映")
    dups = office.get(f"{A}/{a.pk}/duplicates").json()
    assert dups[0]["id"] == b.pk and dups[0]["same_filer"]
    r = post(office, f"{A}/{a.pk}/merge", {"children": [b.pk]})
    assert r.status_code == 200
    b.refresh_from_db()
    assert b.status == "merged" and b.parent_id == a.pk


def test_list_filters(cast: Any) -> None:
    make_appeal(cast)
    late = make_appeal(cast)
    Appeal.objects.filter(pk=late.pk).update(is_late=True)
    office = client_for(cast.office)
    assert office.get(f"{A}/?late=true").json()["count"] == 1
    assert office.get(f"{A}/?status=submitted&service=complaint").json()["count"] == 2
    assert office.get(f"{A}/?q={late.tracking_code}").json()["items"][0]["id"] == late.pk
    services = office.get(f"{A}/services").json()
    assert len(services) == 10 and services[0]["name"] == "政策咨询"


def test_list_count_stops_at_the_cap(cast: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from yingshang.core import pagination

    for _ in range(4):
        make_appeal(cast)
    office = client_for(cast.office)
    page = office.get(f"{A}/?limit=2").json()
    assert (page["count"], page["count_capped"], len(page["items"])) == (4, False, 2)
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    page = office.get(f"{A}/?limit=2").json()
    assert (page["count"], page["count_capped"], len(page["items"])) == (3, True, 2)
    assert office.get(f"{A}/?limit=2&late=true").json()["count_capped"] is False


def test_reply_materials_upload_by_multipart(cast: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.appeals.makers import ensure_services
    from yingshang.appeals import services
    from yingshang.appeals.models import AppealAttachment, Service

    ensure_services()
    a = make_appeal(cast, service=Service.objects.get(code="complaint"))
    services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    lead = client_for(cast.lead)
    path = f"{A}/{a.pk}/reply/attachments"
    pdf = SimpleUploadedFile("答复函.pdf", b"%PDF-1.4 answer", "application/pdf")
    # Not signed yet: nothing to answer.
    assert lead.post(path, {"files": pdf}).status_code == 409
    services.acknowledge_appeal(actor=cast.lead, appeal=a)
    fake = SimpleUploadedFile("x.pdf", b"MZ not a pdf", "application/pdf")
    r = lead.post(path, {"files": fake})
    assert r.status_code == 422 and r.json()["fields"] == {"attachments": "内容与类型不符"}
    assert lead.post(path, {}).status_code in (400, 422)
    pdf.seek(0)
    r = lead.post(path, {"files": [pdf, SimpleUploadedFile("说明.txt", "情况说明".encode(), "text/plain")]})
    assert r.status_code == 201, r.content
    rows = r.json()
    assert [x["name"] for x in rows] == ["答复函.pdf", "说明.txt"] and rows[0]["kind"] == "reply"
    assert AppealAttachment.objects.filter(appeal=a, kind="reply").count() == 2
    # The filer downloads them from the appeal page.
    ent = cast.client("enterprise_user")
    assert ent.get(rows[0]["url"]).status_code == 200
    # Five reply files at most, across uploads.
    many = [SimpleUploadedFile(f"{i}.txt", b"x", "text/plain") for i in range(4)]
    r = lead.post(path, {"files": many})
    assert r.status_code == 422 and "最多5个" in r.json()["message"]
    # The office sees the appeal but cannot answer for the lead unit.
    assert client_for(cast.office).post(path, {"files": SimpleUploadedFile("a.txt", b"x")}).status_code == 403


def test_filing_by_token_stays_a_handful_of_queries(cast: Any, django_assert_max_num_queries: Any) -> None:
    from tests.appeals.makers import ensure_services

    ensure_services()
    office = client_for(cast.office)
    body = {
        "service_code": "help",
        "description": "园区供水水压不足，生产线经常停机。",
        "region_id": cast.county.pk,
        "contact_name": "来电人",
        "contact_phone": "13900000000",
    }
    assert post(office, f"{A}/", body).status_code == 201  # warms the catalogue copy
    # token, region, savepoint, appeal insert, event insert, release: no catalogue read, no table scan.
    with django_assert_max_num_queries(6):
        assert post(office, f"{A}/", body).status_code == 201
    # With a credit code: the enterprise and one indexed look-up for an earlier appeal (a repeat here).
    body["credit_code"] = cast.enterprise.credit_code
    post(office, f"{A}/", body)
    with django_assert_max_num_queries(9):
        r = post(office, f"{A}/", body)
    assert r.json()["repeat_of_id"] is not None
