"""Permission matrix of the reviews pages and API (see tests/permissions.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.permissions import ROLES, Route, call_route, route
from tests.reviews.helpers import make_case, make_point, matter_sheet
from yingshang.reviews import services
from yingshang.reviews.models import RatingRequest

LOGIN = {"anon": 302}
STAFF = {r: 200 for r in ("office", "leader", "lead", "lead_boss", "coop", "outsider")} | LOGIN
OWN_UNIT = {
    "office": 200,
    "leader": 200,
    "lead": 200,
    "lead_boss": 200,
    "coop": 404,
    "outsider": 404,
    **LOGIN,
}
OFFICE = {"office": 200, **LOGIN}
API_OFFICE = {"office": 200, "anon": 401}
ALL = {r: 200 for r in ROLES}
API_STAFF = {r: 200 for r in ("office", "leader", "lead", "lead_boss", "coop", "outsider")} | {"anon": 401}
API_OWN = {
    "office": 200,
    "leader": 200,
    "lead": 200,
    "lead_boss": 200,
    "coop": 404,
    "outsider": 404,
    "anon": 401,
}


@pytest.fixture(autouse=True)
def _no_pdf_converter(settings: Any) -> None:
    """Who may fetch the PDF card is the question here, not LibreOffice: the allowed roles get its 503."""
    settings.YINGSHANG = {**settings.YINGSHANG, "SOFFICE": "/nonexistent/soffice"}


def _case(c: Any) -> int:
    return make_case(c).pk


def _point(c: Any) -> Any:
    return make_point(c)


def _appeal(c: Any) -> int:
    case = make_case(c)
    return services.appeal_rating(actor=c.lead, case=case, reason="恶意差评", evidence="录像").pk


def _request(c: Any) -> str:
    return RatingRequest.objects.create(
        appeal_id=1,
        enterprise=c.enterprise,
        unit=c.lead_unit,
        region=c.county,
        title="营业执照变更",
        code="req-code-1",
    ).code


def _matter_file(c: Any) -> dict[str, Any]:
    sheet = matter_sheet([["SJ-001", "企业设立登记", "奈曼旗市场监督管理局"]])
    return {"file": SimpleUploadedFile("事项.xlsx", sheet.getvalue()), "dry_run": "false"}


def _receipt(c: Any) -> str:
    return make_case(c).rating.receipt_code


PAGES = [
    route("reviews:case_list", "GET", lambda c: "/reviews/", STAFF),
    route("reviews:case_detail", "GET", lambda c: f"/reviews/cases/{_case(c)}/", OWN_UNIT),
    route(
        "reviews:case_action",
        "POST",
        lambda c: f"/reviews/cases/{_case(c)}/action/",
        {"lead": 302, "lead_boss": 302, "coop": 404, "outsider": 404, **LOGIN},
        data=lambda c: {"action": "verify", "text": "属实", "complexity": "simple"},
    ),
    route(
        "reviews:appeal_decide",
        "POST",
        lambda c: f"/reviews/appeals/{_appeal(c)}/decide/",
        {"office": 302, **LOGIN},
        data=lambda c: {"decision": "uphold", "reason": "评价不实"},
    ),
    route("reviews:point_list", "GET", lambda c: "/reviews/points/", STAFF),
    route("reviews:point_qr_png", "GET", lambda c: f"/reviews/points/{_point(c).pk}/qr.png", OWN_UNIT),
    route(
        "reviews:point_card_pdf",
        "GET",
        lambda c: f"/reviews/points/{_point(c).pk}/card.pdf",
        {k: (503 if v == 200 else v) for k, v in OWN_UNIT.items()},
    ),
    route(
        "reviews:token_issue",
        "POST",
        lambda c: f"/reviews/points/{_point(c).pk}/token/",
        {"office": 200, "lead": 200, "lead_boss": 200, "coop": 404, "outsider": 404, **LOGIN},
    ),
    route("reviews:matter_list", "GET", lambda c: "/reviews/matters/", STAFF),
    route("reviews:matter_import", "GET", lambda c: "/reviews/matters/import/", OFFICE),
    route("reviews:questionnaires", "GET", lambda c: "/reviews/questionnaires/", OFFICE),
    route("reviews:flags", "GET", lambda c: "/reviews/flags/", OFFICE),
    route("reviews:stats", "GET", lambda c: "/reviews/stats/", STAFF),
    route("reviews:stats_export", "GET", lambda c: "/reviews/stats.xlsx", STAFF),
    route("reviews:rate", "GET", lambda c: f"/reviews/r/{_point(c).public_key}/", ALL),
    route("reviews:rate_matter", "GET", lambda c: f"/reviews/m/{_request(c)}/", ALL),
    route("reviews:kiosk", "GET", lambda c: f"/reviews/kiosk/{_point(c).kiosk_key}/", ALL),
    route("reviews:receipt", "GET", lambda c: f"/reviews/receipt/{_receipt(c)}/", ALL),
    route("reviews:public_stats", "GET", lambda c: "/reviews/public/", ALL),
]

API = [
    route(
        "POST /api/v1/reviews/ratings",
        "POST",
        lambda c: "/api/v1/reviews/ratings",
        {r: 201 for r in ROLES},
        data=lambda c: {"kiosk_key": _point(c).kiosk_key, "level": 4},
        json=True,
    ),
    route("GET /api/v1/reviews/cases", "GET", lambda c: "/api/v1/reviews/cases", API_STAFF),
    route(
        "GET /api/v1/reviews/cases/{case_id}", "GET", lambda c: f"/api/v1/reviews/cases/{_case(c)}", API_OWN
    ),
    route(
        "POST /api/v1/reviews/cases/{case_id}/action",
        "POST",
        lambda c: f"/api/v1/reviews/cases/{_case(c)}/action",
        {"lead": 200, "lead_boss": 200, "coop": 404, "outsider": 404, "anon": 401},
        data=lambda c: {"action": "verify", "text": "属实", "complexity": "complex"},
        json=True,
    ),
    route(
        "POST /api/v1/reviews/points/{point_id}/tokens",
        "POST",
        lambda c: f"/api/v1/reviews/points/{_point(c).pk}/tokens",
        {"office": 201, "lead": 201, "lead_boss": 201, "coop": 404, "outsider": 404, "anon": 401},
        json=True,
    ),
    route("GET /api/v1/reviews/stats", "GET", lambda c: "/api/v1/reviews/stats", API_STAFF),
    route("GET /api/v1/reviews/matters", "GET", lambda c: "/api/v1/reviews/matters", API_STAFF),
    route(
        "POST /api/v1/reviews/matters",
        "POST",
        lambda c: "/api/v1/reviews/matters",
        {"office": 201, "anon": 401},
        data=lambda c: {"unit_id": c.lead_unit.pk, "code": "SJ-001", "name": "企业设立登记"},
        json=True,
    ),
    route(
        "POST /api/v1/reviews/matters/import",
        "POST",
        lambda c: "/api/v1/reviews/matters/import",
        API_OFFICE,
        data=_matter_file,
    ),
    route(
        "GET /api/v1/reviews/questionnaires", "GET", lambda c: "/api/v1/reviews/questionnaires", API_OFFICE
    ),
    route(
        "POST /api/v1/reviews/questionnaires/{channel}/versions",
        "POST",
        lambda c: "/api/v1/reviews/questionnaires/onsite/versions",
        {"office": 201, "anon": 401},
        data=lambda c: {"labels": ["整体满意度", "服务态度", "等候时长"]},
        json=True,
    ),
    route("GET /api/v1/reviews/public/stats", "GET", lambda c: "/api/v1/reviews/public/stats", ALL),
]


@pytest.mark.parametrize("r", PAGES + API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
