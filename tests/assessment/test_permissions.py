"""Permission matrix of the assessment pages and API (see tests/permissions.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings

from tests.assessment.helpers import observations, scheme
from tests.permissions import ROLES, Route, call_route, route
from yingshang.assessment import services
from yingshang.assessment.models import Bulletin, Score

LOGIN = {"anon": 302}
MANAGE = {"office": 200, "leader": 200, **LOGIN}
UNIT = {"lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200}
API_MANAGE = {"office": 200, "leader": 200, "anon": 401}
ALL = {r: 200 for r in ROLES}


def _scheme(c: Any) -> int:
    return scheme(c).pk


def _computed(c: Any) -> Any:
    observations(c)
    s = scheme(c)
    services.compute_scores(actor=c.office, scheme=s)
    return s


def _published(c: Any) -> int:
    s = _computed(c)
    services.publish_scheme(actor=c.office, scheme=s)
    return s.pk


def _lead_score(c: Any) -> int:
    return Score.objects.get(scheme=_computed(c), unit=c.lead_unit).pk


def _follow_up(c: Any) -> int:
    _published(c)
    return (
        c.lead_unit.pk
        and __import__("yingshang.assessment.models", fromlist=["FollowUp"]).FollowUp.objects.get().pk
    )


def _bulletin(c: Any) -> int:
    return services.request_bulletin(
        actor=c.office, region=c.city, period="2025-03", as_of=date(2025, 4, 1)
    ).pk


def _ready_bulletin(c: Any) -> int:
    """A built bulletin; its PDF is stored directly (who may fetch it is the question here, not LibreOffice)."""
    pk = _bulletin(c)
    with override_settings(YINGSHANG={**settings.YINGSHANG, "SOFFICE": "/nonexistent/soffice"}):
        services.build_bulletin(pk)
    Bulletin.objects.filter(pk=pk).update(pdf=b"%PDF-1.4", pdf_error="")
    return pk


PAGES = [
    route("assessment:scheme_list", "GET", lambda c: "/assessment/", MANAGE),
    route("assessment:scheme_create", "GET", lambda c: "/assessment/new/", {"office": 200, **LOGIN}),
    route("assessment:scheme_detail", "GET", lambda c: f"/assessment/{_scheme(c)}/", MANAGE),
    route(
        "assessment:scheme_action",
        "POST",
        lambda c: f"/assessment/{_scheme(c)}/action/",
        {"office": 302, **LOGIN},
        data=lambda c: {"action": "compute"},
    ),
    # a unit sees its own score, never another unit's
    route(
        "assessment:score_detail",
        "GET",
        lambda c: f"/assessment/scores/{_lead_score(c)}/",
        {"office": 200, "leader": 200, "lead": 200, "lead_boss": 200, "coop": 404, "outsider": 404, **LOGIN},
    ),
    route("assessment:my_scores", "GET", lambda c: "/assessment/mine/", {**UNIT, **LOGIN}),
    route("assessment:follow_up_list", "GET", lambda c: "/assessment/follow-ups/", {**MANAGE, **UNIT}),
    route(
        "assessment:follow_up_action",
        "POST",
        lambda c: f"/assessment/follow-ups/{_follow_up(c)}/",
        {"office": 302, **LOGIN},
        data=lambda c: {"outcome": "已约谈"},
    ),
    route("assessment:public_lists", "GET", lambda c: "/assessment/public/", ALL),
    route("assessment:public_list", "GET", lambda c: f"/assessment/public/{_published(c)}/", ALL),
    route("assessment:bulletin_list", "GET", lambda c: "/assessment/bulletins/", MANAGE),
    route("assessment:bulletin_detail", "GET", lambda c: f"/assessment/bulletins/{_bulletin(c)}/", MANAGE),
    route(
        "assessment:bulletin_download",
        "GET",
        lambda c: f"/assessment/bulletins/{_ready_bulletin(c)}/docx/",
        MANAGE,
    ),
    route(
        "assessment:bulletin_pdf",
        "GET",
        lambda c: f"/assessment/bulletins/{_ready_bulletin(c)}/pdf/",
        MANAGE,
    ),
]

API = [
    route(
        "GET /api/v1/assessment/components",
        "GET",
        lambda c: "/api/v1/assessment/components",
        {**API_MANAGE, **UNIT},
    ),
    route("GET /api/v1/assessment/schemes", "GET", lambda c: "/api/v1/assessment/schemes", API_MANAGE),
    route(
        "POST /api/v1/assessment/schemes",
        "POST",
        lambda c: "/api/v1/assessment/schemes",
        {"office": 201, "anon": 401, "outsider": 404},
        data=lambda c: {
            "name": "季度考核",
            "region_id": c.county.pk,
            "period": "2025Q1",
            "components": [{"code": "open_warnings", "weight": 1}],
        },
        json=True,
    ),
    # units get only their own row (an empty list for a unit without a score), never 403
    route(
        "GET /api/v1/assessment/schemes/{scheme_id}/scores",
        "GET",
        lambda c: f"/api/v1/assessment/schemes/{_computed(c).pk}/scores",
        {**API_MANAGE, **UNIT},
    ),
    route(
        "POST /api/v1/assessment/schemes/{scheme_id}/compute",
        "POST",
        lambda c: f"/api/v1/assessment/schemes/{_scheme(c)}/compute",
        {"office": 200, "leader": 403, "anon": 401},
        default=404,
        json=True,
    ),
    route(
        "POST /api/v1/assessment/schemes/{scheme_id}/publish",
        "POST",
        lambda c: f"/api/v1/assessment/schemes/{_computed(c).pk}/publish",
        {"office": 200, "leader": 403, "anon": 401},
        default=404,
        json=True,
    ),
    route(
        "POST /api/v1/assessment/schemes/{scheme_id}/adjustments",
        "POST",
        lambda c: f"/api/v1/assessment/schemes/{_scheme(c)}/adjustments",
        {"office": 201, "leader": 403, "anon": 401},
        default=404,
        data=lambda c: {"unit_id": c.lead_unit.pk, "points": "-2", "reason": "报送迟缓"},
        json=True,
    ),
    route("GET /api/v1/assessment/public/lists", "GET", lambda c: "/api/v1/assessment/public/lists", ALL),
    route(
        "POST /api/v1/assessment/bulletins",
        "POST",
        lambda c: "/api/v1/assessment/bulletins",
        {
            "office": 201,
            "leader": 403,
            "anon": 401,
            "outsider": 404,
            "lead": 403,
            "lead_boss": 403,
            "coop": 403,
        },
        data=lambda c: {"region_id": c.county.pk, "period": "2025-03", "as_of": "2025-04-01"},
        json=True,
    ),
    route(
        "GET /api/v1/assessment/bulletins/{bulletin_id}",
        "GET",
        lambda c: f"/api/v1/assessment/bulletins/{_bulletin(c)}",
        API_MANAGE,
    ),
]


@pytest.mark.parametrize("r", PAGES + API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
