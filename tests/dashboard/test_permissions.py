"""Permission matrix of the dashboard pages and API (see tests/permissions.py)."""

from __future__ import annotations

import pytest

from tests.permissions import ROLES, Route, call_route, route

LOGIN = {"anon": 302}
VIEW = {"office": 200, "leader": 200, **LOGIN}
API_VIEW = {"office": 200, "leader": 200, "anon": 401}

PAGES = [
    route("dashboard:index", "GET", lambda c: "/dashboard/", VIEW),
    route("dashboard:cards", "GET", lambda c: "/dashboard/cards/", VIEW),
    route("dashboard:drill", "GET", lambda c: "/dashboard/drill/?figure=warnings", VIEW),
]

API = [
    route("GET /api/v1/dashboard/filters", "GET", lambda c: "/api/v1/dashboard/filters", API_VIEW),
    route("GET /api/v1/dashboard/attainment", "GET", lambda c: "/api/v1/dashboard/attainment", API_VIEW),
    route(
        "GET /api/v1/dashboard/trend",
        "GET",
        lambda c: (
            "/api/v1/dashboard/trend?indicator="
            + str(
                __import__("yingshang.indicators.models", fromlist=["Indicator"])
                .Indicator.objects.get(code="I01.2")
                .pk
            )
        ),
        API_VIEW,
    ),
    route("GET /api/v1/dashboard/warnings", "GET", lambda c: "/api/v1/dashboard/warnings", API_VIEW),
    route(
        "GET /api/v1/dashboard/panels/{code}", "GET", lambda c: "/api/v1/dashboard/panels/appeals", API_VIEW
    ),
    route("GET /api/v1/dashboard/drill", "GET", lambda c: "/api/v1/dashboard/drill", API_VIEW),
]


@pytest.mark.parametrize("r", PAGES + API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
