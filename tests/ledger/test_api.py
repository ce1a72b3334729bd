"""The API: import → review → publish → report → accept → closure, with error shapes."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine

from tests.ledger.helpers import SMALL_TEXT, pdf

pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, data: Any, method: str = "POST") -> Any:
    return client.generic(method, url, json.dumps(data), content_type="application/json")


@time_machine.travel("2025-04-03 10:00 +0800", tick=False)
def test_api_full_flow(cast: Any) -> None:
    office, lead = cast.client("office"), cast.client("lead")
    resp = _post(office, "/api/v1/ledger/documents", {"text": SMALL_TEXT, "issued_on": "2025-03-01"})
    assert resp.status_code == 201, resp.content
    body = resp.json()
    doc_id = body["document"]["id"]
    assert body["open_names"] == ["旗税务局", "旗直相关部门"]  # a collective name is asked about too
    resp = _post(office, f"/api/v1/ledger/documents/{doc_id}/publish", {})
    assert resp.status_code == 422 and resp.json()["code"] == "unresolved_units"
    keys = [n["key"] for n in body["names"] if n["text"] in ("旗税务局", "旗直相关部门")]
    resp = _post(
        office, f"/api/v1/ledger/documents/{doc_id}/review", {"names": dict.fromkeys(keys, "ignore")}, "PATCH"
    )
    assert resp.status_code == 200 and resp.json()["open_names"] == []
    resp = _post(office, f"/api/v1/ledger/documents/{doc_id}/publish", {})
    assert resp.status_code == 200 and resp.json()["tasks"] == 3
    tasks = office.get("/api/v1/ledger/tasks?colour=green").json()
    assert tasks["count"] == 3
    mine = lead.get("/api/v1/ledger/tasks").json()["items"]
    assert [t["title"] for t in mine] == ["压缩企业开办时间"]
    task_id = mine[0]["id"]
    detail = lead.get(f"/api/v1/ledger/tasks/{task_id}").json()
    assert "压缩企业开办时间" in detail["source_excerpt"] and detail["doc_number"] == "示政发〔2025〕7号"
    resp = _post(
        lead,
        f"/api/v1/ledger/tasks/{task_id}/reports",
        {"period": "2025-03", "progress_text": "完成", "percent": 100},
    )
    assert resp.status_code == 201
    report_id = resp.json()["id"]
    # A report not yet accepted is no evidence: an attachment or an accepted report is.
    resp = _post(lead, f"/api/v1/ledger/tasks/{task_id}/closure/request", {"summary": "完成"})
    assert resp.status_code == 422 and resp.json()["code"] == "no_evidence"
    assert _post(office, f"/api/v1/ledger/reports/{report_id}/accept", {}).status_code == 200
    resp = lead.post(f"/api/v1/ledger/tasks/{task_id}/evidence", {"files": pdf()})
    assert resp.status_code == 201
    assert (
        _post(lead, f"/api/v1/ledger/tasks/{task_id}/closure/request", {"summary": "完成"}).status_code == 200
    )
    resp = _post(office, f"/api/v1/ledger/tasks/{task_id}/closure/verify", {})
    assert resp.status_code == 200 and resp.json()["status"] == "closed"
    resp = _post(office, f"/api/v1/ledger/tasks/{task_id}/closure/verify", {})
    assert resp.status_code == 409 and set(resp.json()) == {"message", "code", "fields"}


def test_api_rejects_garbage_with_4xx(cast: Any) -> None:
    office = cast.client("office")
    assert office.get("/api/v1/ledger/tasks/99999999999999999999").status_code in (404, 422)
    assert office.get("/api/v1/ledger/tasks?document=-1").status_code == 422
    assert _post(office, "/api/v1/ledger/documents", {"text": ""}).status_code == 422
    assert _post(office, "/api/v1/ledger/tasks", {"title": "x", "lead_unit_id": 2**60}).status_code == 422
    assert cast.client("enterprise_user").get("/api/v1/ledger/tasks").status_code == 403
