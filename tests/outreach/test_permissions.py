"""Permission matrix of the outreach pages (see tests/permissions.py)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.outreach.makers import appoint, assign, make_event, make_problem, make_service, make_target
from tests.permissions import ROLES, Route, call_route, route
from yingshang.outreach import services

LOGIN = {"anon": 302}
OFFICE = {"office": 200, **LOGIN}
OFFICE_AND_UNITS = {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, **LOGIN}
ALL = {r: 200 for r in ROLES}
NOT_THEIRS = {"lead_boss": 404, "coop": 404, "outsider": 404}


def _page(c: Any) -> int:
    assign(c)
    return int(c.enterprise.pk)


def _assignment(c: Any) -> int:
    return assign(c).pk


def _campaign(c: Any) -> int:
    return services.create_campaign(actor=c.office, region=c.city, year=2025, name="年度回访").pk


PAGES = [
    # 一企一档: the enterprise, the office of its region, its assigned cadre (lead); nobody else
    route(
        "outreach:enterprise",
        "GET",
        lambda c: f"/outreach/enterprises/{_page(c)}/",
        {"office": 200, "lead": 200, "enterprise_user": 200, **NOT_THEIRS, **LOGIN},
    ),
    route(
        "outreach:visit_log",
        "GET",
        lambda c: f"/outreach/enterprises/{_page(c)}/visit/",
        {"lead": 200, **NOT_THEIRS, **LOGIN},
    ),
    route("outreach:my_profile", "GET", lambda c: "/outreach/mine/", {"enterprise_user": 302, **LOGIN}),
    route("outreach:contacts", "GET", lambda c: "/outreach/contacts/", OFFICE_AND_UNITS),
    route(
        "outreach:contact_assign",
        "POST",
        lambda c: "/outreach/contacts/assign/",
        {"office": 302, **LOGIN},
        data=lambda c: {"enterprise": c.enterprise.pk, "cadre": c.lead.pk, "frequency_days": 30},
    ),
    route(
        "outreach:contact_remove",
        "POST",
        lambda c: f"/outreach/contacts/{_assignment(c)}/remove/",
        {"office": 302, **LOGIN},
    ),
    route("outreach:contact_import", "GET", lambda c: "/outreach/contacts/import/", OFFICE),
    route("outreach:occasions", "GET", lambda c: "/outreach/occasions/", OFFICE),
    route("outreach:problems", "GET", lambda c: "/outreach/problems/", OFFICE),
    # the raiser (lead, on a visit) reads the outcome; other units never see it
    route(
        "outreach:problem",
        "GET",
        lambda c: f"/outreach/problems/{make_problem(c).pk}/",
        {"office": 200, "lead": 200, "supervisor": 404, **NOT_THEIRS, **LOGIN},
    ),
    route("outreach:events", "GET", lambda c: "/outreach/events/", OFFICE_AND_UNITS),
    route("outreach:event_new", "GET", lambda c: "/outreach/events/new/", OFFICE_AND_UNITS),
    route(
        "outreach:event",
        "GET",
        lambda c: f"/outreach/events/{make_event(c).pk}/",
        {"office": 200, "lead": 200, "lead_boss": 200, "coop": 404, "outsider": 404, **LOGIN},
    ),
    route("outreach:campaigns", "GET", lambda c: "/outreach/campaigns/", OFFICE),
    route("outreach:campaign", "GET", lambda c: f"/outreach/campaigns/{_campaign(c)}/", OFFICE),
    route("outreach:campaign_import", "GET", lambda c: f"/outreach/campaigns/{_campaign(c)}/import/", OFFICE),
    route(
        "outreach:campaign_import_template",
        "GET",
        lambda c: "/outreach/campaigns/import-template.xlsx",
        OFFICE,
    ),
    route("outreach:my_calls", "GET", lambda c: "/outreach/calls/", OFFICE_AND_UNITS),
    route(
        "outreach:call",
        "GET",
        lambda c: f"/outreach/calls/{make_target(c).pk}/",
        {"lead": 200, "office": 404, **NOT_THEIRS, **LOGIN},
    ),
    route("outreach:supervisors", "GET", lambda c: "/outreach/supervisors/", OFFICE),
    route("outreach:my_findings", "GET", lambda c: "/outreach/findings/", {"supervisor": 200, **LOGIN}),
    route("outreach:finding_new", "GET", lambda c: "/outreach/findings/new/", {"supervisor": 200, **LOGIN}),
    route("outreach:service_worker", "GET", lambda c: "/outreach/sw.js", ALL),
]


@pytest.mark.parametrize("r", PAGES, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"


API_LOGIN = {"anon": 401}
API_UNITS = {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, **API_LOGIN}


def _visit_payload(c: Any) -> dict[str, Any]:
    return {
        "enterprise_id": _page(c),
        "visited_on": "2025-03-01",
        "method": "phone",
        "discussed": "了解用工情况",
        "problems": ["招工难"],
    }


def _finding_payload(c: Any) -> dict[str, Any]:
    appoint(c)
    return {"text": "窗口无人值守", "location": "政务服务大厅", "unit_id": c.lead_unit.pk}


def _appeal_payload(c: Any) -> dict[str, Any]:
    assign(c, cadre=c.coop)  # another contact cadre of the enterprise: still refused
    return {"service_code": make_service().code}


def _campaign_sheet(c: Any) -> dict[str, Any]:
    wb = Workbook()
    wb.active.append(["统一社会信用代码"])
    wb.active.append([c.enterprise.credit_code])
    out = io.BytesIO()
    wb.save(out)
    return {"file": SimpleUploadedFile("回访名单.xlsx", out.getvalue())}


API = [
    route("GET /api/v1/outreach/visits", "GET", lambda c: "/api/v1/outreach/visits", API_UNITS),
    route(
        "POST /api/v1/outreach/visits",
        "POST",
        lambda c: "/api/v1/outreach/visits",
        {"lead": 201, "lead_boss": 404, "coop": 404, "outsider": 404, **API_LOGIN},
        data=_visit_payload,
        json=True,
    ),
    route(
        "GET /api/v1/outreach/findings",
        "GET",
        lambda c: "/api/v1/outreach/findings",
        {"office": 200, "supervisor": 200, **API_LOGIN},
    ),
    route(
        "POST /api/v1/outreach/findings",
        "POST",
        lambda c: "/api/v1/outreach/findings",
        {"supervisor": 201, **API_LOGIN},
        data=_finding_payload,
        json=True,
    ),
    # the office, or the cadre whose visit raised it (lead); the other cadres do not see it
    route(
        "POST /api/v1/outreach/problems/{problem_id}/appeal",
        "POST",
        lambda c: f"/api/v1/outreach/problems/{make_problem(c).pk}/appeal",
        {"office": 200, "lead": 200, **NOT_THEIRS, **API_LOGIN},
        data=_appeal_payload,
        json=True,
    ),
    route(
        "POST /api/v1/outreach/campaigns/{campaign_id}/import",
        "POST",
        lambda c: f"/api/v1/outreach/campaigns/{_campaign(c)}/import",
        {"office": 200, **API_LOGIN},
        data=_campaign_sheet,
    ),
    route("GET /api/v1/outreach/contacts", "GET", lambda c: "/api/v1/outreach/contacts", API_UNITS),
    route(
        "GET /api/v1/outreach/enterprises/{enterprise_id}",
        "GET",
        lambda c: f"/api/v1/outreach/enterprises/{_page(c)}",
        {"office": 200, "lead": 200, "enterprise_user": 200, **NOT_THEIRS, **API_LOGIN},
    ),
]


@pytest.mark.parametrize("r", API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_api_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
