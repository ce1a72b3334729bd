"""/api/v1/outreach/: the same access rules as the pages, errors in the house shape."""

from __future__ import annotations

import json
from typing import Any

from tests.outreach.makers import appoint, assign, make_finding, make_visit
from yingshang.outreach.models import Problem, Visit


def _post(cast: Any, who: str, url: str, body: dict[str, Any]) -> Any:
    return cast.client(who).post(url, json.dumps(body), content_type="application/json")


def test_cadre_logs_a_visit_with_problems_through_the_api(cast: Any) -> None:
    assign(cast)
    response = _post(
        cast,
        "lead",
        "/api/v1/outreach/visits",
        {
            "enterprise_id": cast.enterprise.pk,
            "visited_on": "2025-03-01",
            "method": "on_site",
            "discussed": "了解用工情况",
            "problems": ["招工难", " ", "用电报装慢"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted(p["text"] for p in body["problems"]) == ["招工难", "用电报装慢"]
    assert Visit.objects.get().problems.count() == 2
    listed = cast.client("lead").get("/api/v1/outreach/visits").json()
    assert [v["id"] for v in listed["items"]] == [body["id"]]


def test_bad_visit_input_answers_in_the_house_shape(cast: Any) -> None:
    assign(cast)
    future = _post(
        cast,
        "lead",
        "/api/v1/outreach/visits",
        {
            "enterprise_id": cast.enterprise.pk,
            "visited_on": "2099-01-01",
            "method": "on_site",
            "discussed": "x",
        },
    )
    assert future.status_code in (400, 422) and set(future.json()) == {"message", "code", "fields"}
    wrong = _post(
        cast,
        "lead",
        "/api/v1/outreach/visits",
        {"enterprise_id": cast.enterprise.pk, "visited_on": "2025-01-01", "method": "fax", "discussed": "x"},
    )
    assert wrong.status_code == 422 and "method" in wrong.json()["fields"]
    huge = _post(
        cast,
        "lead",
        "/api/v1/outreach/visits",
        {"enterprise_id": 2**60, "visited_on": "2025-01-01", "method": "phone", "discussed": "x"},
    )
    assert huge.status_code == 422
    assert not Visit.objects.exists()


def test_a_cadre_lists_only_their_own_visits_and_contacts(cast: Any) -> None:
    make_visit(cast)
    assert cast.client("lead").get("/api/v1/outreach/visits").json()["count"] == 1
    assert cast.client("coop").get("/api/v1/outreach/visits").json()["count"] == 0
    contacts = cast.client("lead").get("/api/v1/outreach/contacts").json()
    assert [c["cadre_id"] for c in contacts["items"]] == [cast.lead.pk]
    assert cast.client("coop").get("/api/v1/outreach/contacts").json()["count"] == 0


def test_supervisor_files_and_lists_only_their_own_findings(cast: Any) -> None:
    appoint(cast)
    response = _post(
        cast,
        "supervisor",
        "/api/v1/outreach/findings",
        {"text": "窗口无人值守", "location": "政务服务大厅", "unit_id": cast.lead_unit.pk},
    )
    assert response.status_code == 201, response.content
    assert Problem.objects.get().channel == Problem.Channel.FINDING
    mine = cast.client("supervisor").get("/api/v1/outreach/findings").json()
    assert [f["id"] for f in mine["items"]] == [response.json()["id"]]
    assert cast.client("office").get("/api/v1/outreach/findings").json()["count"] == 1


def test_enterprise_page_as_json_hides_supervisor_findings_from_the_enterprise(cast: Any) -> None:
    assign(cast)
    finding = make_finding(cast)
    Problem.objects.filter(pk=finding.pk).update(enterprise=cast.enterprise)
    make_visit(cast, problems=("用电报装时间太长",))
    url = f"/api/v1/outreach/enterprises/{cast.enterprise.pk}"
    office = cast.client("office").get(url)
    assert office.status_code == 200
    assert "窗口工作人员午休时间无人值守" in json.dumps(office.json(), ensure_ascii=False)
    own = cast.client("enterprise_user").get(url)
    assert own.status_code == 200
    codes = [s["code"] for s in own.json()["sections"]]
    assert "profile" in codes
    assert "窗口工作人员午休时间无人值守" not in json.dumps(own.json(), ensure_ascii=False)
    other = cast.client("outsider").get(url)
    assert other.status_code == 404 and other.json()["code"] == "not_found"
