"""Permission matrix of the inspections pages and API (see tests/permissions.py).

The plan is a joint plan of the lead unit (市场监管, drafts it) and the cooperating unit (发改, owns an item);
the outsider's unit has no part in it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.inspections.helpers import plan, pools, today
from tests.permissions import ROLES, Route, call_route, route
from yingshang.inspections import services
from yingshang.inspections.models import DrawnTarget, Outcome, Rectification

LOGIN = {"anon": 302}
STAFF = {"office": 200, "leader": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200}
IN_PLAN = {"office": 200, "leader": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 404}
ALL = {r: 200 for r in ROLES}


def _target(c: Any) -> int:
    p = plan(c, stage="publish")
    target = DrawnTarget.objects.filter(draw=p.draw).first()
    assert target is not None
    return target.pk


def _rectification(c: Any) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    target = DrawnTarget.objects.get(pk=_target(c))
    services.record_result(
        actor=c.office,
        target=target,
        outcome=Outcome.RECTIFY,
        findings="台账不全",
        inspected_on=today(),
        evidence=SimpleUploadedFile("照片.jpg", b"\xff\xd8photo"),
    )
    return Rectification.objects.get(target=target).pk


def _evidence_target(c: Any) -> int:
    return Rectification.objects.get(pk=_rectification(c)).target_id


def _result_with_evidence(c: Any) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "outcome": "rectify",
        "findings": "健康证明过期",
        "inspected_on": str(today()),
        "evidence": SimpleUploadedFile("照片.jpg", b"\xff\xd8photo"),
    }


PAGES = [
    route("inspections:plan_list", "GET", lambda c: "/inspections/", {**STAFF, **LOGIN}),
    route(
        "inspections:plan_create",
        "GET",
        lambda c: "/inspections/new/",
        {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, **LOGIN},
    ),
    route("inspections:plan_detail", "GET", lambda c: f"/inspections/{plan(c).pk}/", {**IN_PLAN, **LOGIN}),
    # only the drafting unit (or the office) submits; a cooperating unit sees the plan but may not
    route(
        "inspections:plan_action",
        "POST",
        lambda c: f"/inspections/{plan(c).pk}/action/",
        {"office": 302, "lead": 302, "lead_boss": 302, "coop": 403, "outsider": 404, **LOGIN},
        data=lambda c: {"action": "submit"},
    ),
    route(
        "inspections:target_result",
        "GET",
        lambda c: f"/inspections/targets/{_target(c)}/",
        {**IN_PLAN, **LOGIN},
    ),
    route(
        "inspections:evidence",
        "GET",
        lambda c: f"/inspections/targets/{_evidence_target(c)}/evidence/",
        {**IN_PLAN, **LOGIN},
    ),
    # the office recorded the problem; the owner is the first inspector's department (发改)
    route(
        "inspections:rectification_close",
        "POST",
        lambda c: f"/inspections/rectifications/{_rectification(c)}/close/",
        {"office": 302, "lead": 403, "lead_boss": 403, "coop": 302, "outsider": 404, **LOGIN},
        data=lambda c: {"note": "已整改"},
    ),
    route(
        "inspections:figures",
        "GET",
        lambda c: "/inspections/figures/",
        {"office": 200, "leader": 200, **LOGIN},
    ),
    route("inspections:lists", "GET", lambda c: "/inspections/lists/", {**STAFF, **LOGIN}),
    # without a file the page answers with the error, never a 500
    route(
        "inspections:lists_import",
        "POST",
        lambda c: "/inspections/lists/import/",
        {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, **LOGIN},
        data=lambda c: {"kind": "items"},
    ),
    route("inspections:public_plans", "GET", lambda c: "/inspections/public/", ALL),
    route(
        "inspections:public_plan", "GET", lambda c: f"/inspections/public/{plan(c, stage='publish').pk}/", ALL
    ),
    route(
        "inspections:draw_file",
        "GET",
        lambda c: f"/inspections/public/{plan(c, stage='publish').pk}/draw.json",
        ALL,
    ),
    route(
        "inspections:verify",
        "GET",
        lambda c: f"/inspections/public/{plan(c, stage='publish').pk}/verify/",
        ALL,
    ),
]


def _plan_in(c: Any) -> dict[str, Any]:
    p = pools(c)
    return {
        "title": "接口新建的联合抽查",
        "year": today().year,
        "item_ids": [p["sc"].pk, p["fg"].pk],
        "rates": {"A": 300, "B": 500, "C": 1000, "D": 2000},
        "scheduled_on": str(today()),
        "seed_source": "双色球开奖号码",
    }


API = [
    route(
        "GET /api/v1/inspections/plans", "GET", lambda c: "/api/v1/inspections/plans", {**STAFF, "anon": 401}
    ),
    route(
        "POST /api/v1/inspections/plans",
        "POST",
        lambda c: "/api/v1/inspections/plans",
        {"office": 201, "lead": 201, "lead_boss": 201, "coop": 201, "outsider": 422, "anon": 401},
        data=_plan_in,
        json=True,
    ),
    route(
        "POST /api/v1/inspections/plans/{plan_id}/transition",
        "POST",
        lambda c: f"/api/v1/inspections/plans/{plan(c).pk}/transition",
        {"office": 200, "lead": 200, "lead_boss": 200, "coop": 403, "outsider": 404, "anon": 401},
        data=lambda c: {"action": "submit"},
        json=True,
    ),
    route(
        "GET /api/v1/inspections/public/plans/{plan_id}/commitments",
        "GET",
        lambda c: f"/api/v1/inspections/public/plans/{plan(c, stage='commit').pk}/commitments",
        ALL,
    ),
    route(
        "POST /api/v1/inspections/targets/{target_id}/result",
        "POST",
        lambda c: f"/api/v1/inspections/targets/{_target(c)}/result",
        {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 404, "anon": 401},
        data=lambda c: {"outcome": "no_problem", "inspected_on": str(today())},
        json=True,
    ),
    # multipart, the evidence in the same request; who may record is the page's rule
    route(
        "POST /api/v1/inspections/targets/{target_id}/result/upload",
        "POST",
        lambda c: f"/api/v1/inspections/targets/{_target(c)}/result/upload",
        {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 404, "anon": 401},
        data=_result_with_evidence,
    ),
    route(
        "GET /api/v1/inspections/targets/{target_id}/evidence",
        "GET",
        lambda c: f"/api/v1/inspections/targets/{_evidence_target(c)}/evidence",
        {**IN_PLAN, "anon": 401},
    ),
    route(
        "POST /api/v1/inspections/rectifications/{rectification_id}/close",
        "POST",
        lambda c: f"/api/v1/inspections/rectifications/{_rectification(c)}/close",
        {"office": 200, "lead": 403, "lead_boss": 403, "coop": 200, "outsider": 404, "anon": 401},
        data=lambda c: {"note": "已整改"},
        json=True,
    ),
    route(
        "GET /api/v1/inspections/figures",
        "GET",
        lambda c: "/api/v1/inspections/figures",
        {"office": 200, "leader": 200, "anon": 401},
    ),
]


@pytest.mark.parametrize("r", PAGES + API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
