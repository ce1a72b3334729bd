"""The breach-complaint and promise operations of the API: the pages' moves over HTTP, refused to whom
the pages refuse them, and bad input answered as {"message","code","fields"} with nothing changed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from yingshang.arrears.models import Breach, Promise

pytestmark = pytest.mark.django_db
BASE = "/api/v1/arrears"


def post(c: Any, who: str, path: str, data: dict[str, Any] | None = None) -> Any:
    return c.client(who).post(f"{BASE}{path}", data or {}, content_type="application/json")


def assert_error(r: Any, status: int, code: str | None = None, field: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = r.json()
    assert r.status_code == status, body
    assert set(body) == {"message", "code", "fields"} and body["message"]
    if code:
        assert body["code"] == code
    if field:
        assert field in body["fields"], body
    return body


def test_breach_from_complaint_to_repair_through_the_api(acast: Any) -> None:
    c = acast
    r = post(
        c,
        "office",
        "/breaches",
        {"accused_id": c.lead_unit.pk, "enterprise_id": c.enterprise.pk, "summary": "承诺的厂房补贴未兑现"},
    )
    assert r.status_code == 201, r.json()
    b = r.json()
    assert b["status"] == "filed" and b["superior"] == c.coop_unit.name and b["accused_id"] == c.lead_unit.pk
    pk = b["id"]

    r = post(c, "office", f"/breaches/{pk}/send-to-superior")
    assert r.status_code == 200 and r.json()["status"] == "verifying" and r.json()["verify_due"]
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    r = post(c, "coop", f"/breaches/{pk}/verify", {"founded": True, "text": "经核实属实", "perform_due": due})
    assert r.status_code == 200 and r.json()["status"] == "performing" and r.json()["perform_due"] == due
    assert set(r.json()["allowed"]) == {"perform", "confirm"}
    r = post(
        c,
        "office",
        f"/breaches/{pk}/confirm",
        {"decision_no": "营商认〔2025〕3号", "text": "明确拒绝履行", "refused": True},
    )
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert (
        r.json()["decision_no"] == "营商认〔2025〕3号"
        and r.json()["decided_on"] == timezone.localdate().isoformat()
    )

    r = post(c, "lead", f"/breaches/{pk}/repair-request", {"text": "补贴已拨付到位"})
    assert r.status_code == 200 and r.json()["status"] == "repair_requested"
    r = post(c, "office", f"/breaches/{pk}/repair-decision", {"approve": True})
    assert r.status_code == 200 and r.json()["status"] == "repaired" and r.json()["repaired_on"]

    detail = c.client("enterprise_user").get(f"{BASE}/breaches/{pk}").json()
    actions = [e["action"] for e in detail["events"]]
    assert actions[0] == "file" and "confirm" in actions and actions[-1] == "approve_repair"
    assert Breach.objects.get(pk=pk).status == "repaired"


def test_breach_list_filters_and_pages(acast: Any) -> None:
    c = acast
    office = c.client("office")
    body = office.get(f"{BASE}/breaches?limit=1").json()
    assert body["count"] == 2 and len(body["items"]) == 1
    verifying = office.get(f"{BASE}/breaches?status=verifying").json()
    assert [b["id"] for b in verifying["items"]] == [c.verifying.pk]
    # Another county's unit sees none of them; the enterprise sees its own complaints.
    assert c.client("outsider").get(f"{BASE}/breaches").json()["count"] == 0
    assert c.client("enterprise_user").get(f"{BASE}/breaches").json()["count"] == 2
    assert_error(office.get(f"{BASE}/breaches?status=nonsense"), 422, field="status")
    assert_error(office.get(f"{BASE}/breaches?limit=0"), 422)


def test_refused_roles_change_nothing(acast: Any) -> None:
    c = acast
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    # The accused body may not verify the complaint against itself.
    body = assert_error(
        post(c, "lead", f"/breaches/{c.verifying.pk}/verify", {"founded": False, "text": "不属实"}),
        403,
        "role",
    )
    assert "核实部门" in body["message"]
    assert_error(post(c, "leader", f"/breaches/{c.breach.pk}/send-to-superior"), 403, "read_only")
    assert_error(
        post(
            c,
            "enterprise_user",
            "/breaches",
            {"accused_id": c.lead_unit.pk, "enterprise_id": c.enterprise.pk, "summary": "x"},
        ),
        403,
    )
    assert_error(
        post(
            c,
            "outsider",
            f"/breaches/{c.verifying.pk}/verify",
            {"founded": True, "text": "属实", "perform_due": due},
        ),
        404,
        "not_found",
    )
    assert_error(
        post(
            c,
            "leader",
            "/promises",
            {
                "unit_id": c.lead_unit.pk,
                "enterprise_id": c.enterprise.pk,
                "kind": "land",
                "content": "供地",
                "due_date": "2099-01-01",
            },
        ),
        403,
    )
    assert_error(c.client("lead").get(f"{BASE}/promises"), 403)
    assert_error(post(c, "coop", f"/promises/{c.promise.pk}/fulfil"), 403)
    assert Breach.objects.get(pk=c.verifying.pk).status == "verifying"
    assert Breach.objects.get(pk=c.breach.pk).status == "filed"
    assert Breach.objects.count() == 2 and Promise.objects.count() == 1
    assert Promise.objects.get(pk=c.promise.pk).status == "pending"


def test_bad_breach_input_is_a_clear_error(acast: Any) -> None:
    c = acast
    base = {"enterprise_id": c.enterprise.pk, "summary": "拖欠工程款"}
    assert_error(
        post(c, "office", "/breaches", {**base, "accused_id": c.other_unit.pk + 1000}),
        422,
        field="accused_id",
    )
    assert_error(
        post(c, "office", "/breaches", {**base, "accused_id": c.lead_unit.pk, "case_id": 2**53}),
        422,
        field="case_id",
    )
    assert_error(post(c, "office", "/breaches", {**base, "accused_id": 2**60}), 422)
    assert_error(
        post(c, "office", "/breaches", {**base, "accused_id": c.lead_unit.pk, "summary": "  "}),
        422,
        field="summary",
    )
    assert_error(
        post(c, "office", "/breaches", {**base, "accused_id": c.lead_unit.pk, "summary": "a\x00b"}), 422
    )
    r = c.client("office").post(f"{BASE}/breaches", "{not json", content_type="application/json")
    assert r.status_code in (400, 422) and set(r.json()) == {"message", "code", "fields"}
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert_error(
        post(
            c,
            "coop",
            f"/breaches/{c.verifying.pk}/verify",
            {"founded": True, "text": "属实", "perform_due": past},
        ),
        422,
        field="perform_due",
    )
    assert_error(post(c, "coop", f"/breaches/{c.verifying.pk}/verify", {"founded": True}), 422)
    # A move the complaint's state does not allow is a conflict, not a 500.
    assert_error(post(c, "office", f"/breaches/{c.breach.pk}/perform"), 409, "bad_transition")
    assert_error(c.client("office").get(f"{BASE}/breaches/{2**60}"), 422)
    assert Breach.objects.count() == 2
    assert Breach.objects.get(pk=c.verifying.pk).status == "verifying"


def test_confirm_before_the_deadline_needs_a_refusal(acast: Any) -> None:
    c = acast
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    post(
        c, "coop", f"/breaches/{c.verifying.pk}/verify", {"founded": True, "text": "属实", "perform_due": due}
    )
    r = post(c, "office", f"/breaches/{c.verifying.pk}/confirm", {"decision_no": "认1号", "text": "未履行"})
    assert_error(r, 422, "not_due", "refused")
    assert Breach.objects.get(pk=c.verifying.pk).status == "performing"


def test_promises_through_the_api(acast: Any) -> None:
    c = acast
    r = post(
        c,
        "office",
        "/promises",
        {
            "unit_id": c.lead_unit.pk,
            "enterprise_id": c.enterprise.pk,
            "kind": "subsidy",
            "content": "设备补贴300万元",
            "due_date": "2025-01-31",
        },
    )
    assert r.status_code == 201, r.json()
    late = r.json()
    assert late["status"] == "pending" and late["kind"] == "subsidy" and late["unit"] == c.lead_unit.name
    office, leader = c.client("office"), c.client("leader")
    assert leader.get(f"{BASE}/promises").json()["count"] == 2
    overdue = office.get(f"{BASE}/promises?overdue=true").json()
    assert [p["id"] for p in overdue["items"]] == [late["id"]]
    assert office.get(f"{BASE}/promises?kind=land").json()["count"] == 1

    r = post(c, "office", f"/promises/{late['id']}/mark-broken")
    assert r.status_code == 200 and r.json()["status"] == "broken"
    r = post(c, "office", f"/promises/{late['id']}/fulfil", {"fulfilled_on": "2025-03-01"})
    assert (
        r.status_code == 200
        and r.json()["status"] == "fulfilled"
        and r.json()["fulfilled_on"] == "2025-03-01"
    )
    detail = leader.get(f"{BASE}/promises/{late['id']}").json()
    assert [e["action"] for e in detail["events"]] == ["create", "mark_broken", "fulfil"]
    assert detail["breach_ids"] == []
    # Fulfilment without a date is recorded for today, as on the page.
    r = post(c, "office", f"/promises/{c.promise.pk}/fulfil")
    assert r.status_code == 200 and r.json()["fulfilled_on"] == timezone.localdate().isoformat()


def test_bad_promise_input_is_a_clear_error(acast: Any) -> None:
    c = acast
    base = {
        "unit_id": c.lead_unit.pk,
        "enterprise_id": c.enterprise.pk,
        "kind": "land",
        "content": "供地",
        "due_date": "2099-01-01",
    }
    assert_error(post(c, "office", "/promises", {**base, "kind": "bribe"}), 422, field="kind")
    assert_error(post(c, "office", "/promises", {**base, "unit_id": 2**53}), 422, field="unit_id")
    assert_error(post(c, "office", "/promises", {**base, "due_date": "2025-02-30"}), 422)
    assert_error(post(c, "office", "/promises", {**base, "content": ""}), 422, field="content")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert_error(
        post(c, "office", f"/promises/{c.promise.pk}/fulfil", {"fulfilled_on": tomorrow}),
        422,
        field="fulfilled_on",
    )
    # Not yet due: cannot be marked broken.
    assert_error(post(c, "office", f"/promises/{c.promise.pk}/mark-broken"), 422, "not_due")
    assert_error(c.client("office").get(f"{BASE}/promises?status=gone"), 422, field="status")
    assert Promise.objects.count() == 1 and Promise.objects.get(pk=c.promise.pk).status == "pending"
    assert date(2099, 1, 1) == Promise.objects.get(pk=c.promise.pk).due_date


def test_case_list_refuses_an_unknown_status(acast: Any) -> None:
    """The cases list answers a status it does not know with a 422 naming the field, as the breach and
    promise lists do, instead of quietly listing every case."""
    office = acast.client("office")
    open_cases = office.get(f"{BASE}/cases?status=open").json()["count"]
    assert open_cases >= 1
    assert_error(office.get(f"{BASE}/cases?status=nonsense"), 422, field="status")
