"""Permission matrix of the policies pages and API (see tests/permissions.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.permissions import ROLES, Route, call_route, route
from tests.policies.helpers import make_policy
from yingshang.policies import services
from yingshang.policies.models import Policy

LOGIN = {"anon": 302}
STAFF = {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, "leader": 200, **LOGIN}
OFFICE = {"office": 200, **LOGIN}
PUBLIC = dict.fromkeys(ROLES, 200)
API_ALL = {**dict.fromkeys(ROLES, 200), "anon": 401}


def _draft(c: Any) -> int:
    return make_policy(c).pk


def _published(c: Any) -> Policy:
    return make_policy(c, publish=True)


def _clause(c: Any) -> int:
    return make_policy(c).clauses.get().pk


def _pub_clause(c: Any) -> int:
    return _published(c).clauses.get().pk


def _redemption(c: Any) -> int:
    clause = _published(c).clauses.get()
    invoice = SimpleUploadedFile("fp.pdf", b"%PDF-1.4", content_type="application/pdf")
    r = services.apply_for_clause(
        actor=c.enterprise_user,
        clause=clause,
        facts={"has_tax_arrears": "否", "equipment_investment": "3000000"},
        files=[("设备购置发票", invoice)],
    )
    return r.pk


PAGES = [
    route("policies:policy_list", "GET", lambda c: "/policies/", STAFF),
    route("policies:policy_create", "GET", lambda c: "/policies/new/", OFFICE),
    # a draft of the county: the office and leader of the city see it; the responsible unit too
    route(
        "policies:policy_detail",
        "GET",
        lambda c: f"/policies/{_draft(c)}/",
        {
            "office": 200,
            "leader": 200,
            "lead": 200,
            "lead_boss": 200,
            "enterprise_user": 403,
            "supervisor": 403,
            **LOGIN,
        },
        default=404,
    ),
    route(
        "policies:policy_action",
        "POST",
        lambda c: f"/policies/{_draft(c)}/action/",
        # running tests: the office only (the responsible unit posts here to publish its interpretation)
        {
            "office": 302,
            "lead": 403,
            "lead_boss": 403,
            "leader": 403,
            "enterprise_user": 403,
            "supervisor": 403,
            **LOGIN,
        },
        default=404,
        data=lambda c: {"action": "run_tests"},
    ),
    route("policies:parameter_edit", "GET", lambda c: f"/policies/{_draft(c)}/parameters/", OFFICE),
    route("policies:clause_create", "GET", lambda c: f"/policies/{_draft(c)}/clauses/new/", OFFICE),
    route("policies:clause_edit", "GET", lambda c: f"/policies/clauses/{_clause(c)}/edit/", OFFICE),
    route("policies:test_case_create", "GET", lambda c: f"/policies/clauses/{_clause(c)}/tests/new/", OFFICE),
    route(
        "policies:auto_grant",
        "GET",
        lambda c: f"/policies/clauses/{_pub_clause(c)}/auto-grant/",
        {"office": 200, "lead": 200, "lead_boss": 200, "coop": 403, "outsider": 403, **LOGIN},
    ),
    route(
        "policies:apply",
        "GET",
        lambda c: f"/policies/clauses/{_pub_clause(c)}/apply/",
        {"enterprise_user": 200, **LOGIN},
    ),
    route("policies:mine", "GET", lambda c: "/policies/mine/", {"enterprise_user": 200, **LOGIN}),
    route(
        "policies:redemption_list",
        "GET",
        lambda c: "/policies/redemptions/",
        {**STAFF, "enterprise_user": 200},
    ),
    route(
        "policies:redemption_detail",
        "GET",
        lambda c: f"/policies/redemptions/{_redemption(c)}/",
        {
            "office": 200,
            "leader": 200,
            "lead": 200,
            "lead_boss": 200,
            "enterprise_user": 200,
            "supervisor": 403,
            **LOGIN,
        },
        default=404,
    ),
    route("policies:figures", "GET", lambda c: "/policies/figures/", {"office": 200, "leader": 200, **LOGIN}),
    route("policies:fact_import", "GET", lambda c: "/policies/facts/import/", OFFICE),
    route("policies:column", "GET", lambda c: "/policies/column/", PUBLIC),
    route("policies:column_month", "GET", lambda c: "/policies/column/2026/3/", PUBLIC),
    route("policies:feed", "GET", lambda c: "/policies/column/feed.json", PUBLIC),
    route("policies:publication", "GET", lambda c: f"/policies/public/{_published(c).pk}/", PUBLIC),
    route(
        "policies:publication_export",
        "GET",
        lambda c: f"/policies/public/{_published(c).pk}/publication.xlsx",
        PUBLIC,
    ),
]

API = [
    route("GET /api/v1/policies", "GET", lambda c: "/api/v1/policies/", API_ALL),
    route(
        "GET /api/v1/policies/{policy_id}",
        "GET",
        lambda c: f"/api/v1/policies/{_draft(c)}",
        {"office": 200, "leader": 200, "lead": 200, "lead_boss": 200, "anon": 401},
        default=404,
    ),
    route(
        "GET /api/v1/policies/mine",
        "GET",
        lambda c: "/api/v1/policies/mine",
        {"enterprise_user": 200, "anon": 401},
    ),
    route(
        "POST /api/v1/policies/facts",
        "POST",
        lambda c: "/api/v1/policies/facts",
        {"enterprise_user": 201, "anon": 401},
        data=lambda c: {"key": "employees", "value": "12"},
        json=True,
    ),
    route(
        "POST /api/v1/policies/rules/check",
        "POST",
        lambda c: "/api/v1/policies/rules/check",
        {"office": 200, "anon": 401},
        data=lambda c: {"rule": "eligible = employees > 10"},
        json=True,
    ),
]


@pytest.fixture(autouse=True)
def _dated() -> Any:
    import time_machine

    with time_machine.travel(date(2026, 3, 2), tick=False):
        yield


@pytest.mark.parametrize("r", PAGES + API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
