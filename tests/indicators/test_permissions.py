"""Permission matrix of the indicators pages and API (see tests/permissions.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.indicators.helpers import setup_indicator
from tests.permissions import ROLES, Route, call_route, route
from yingshang.indicators import services
from yingshang.indicators.models import Indicator

LOGIN = {"anon": 302}
STAFF = {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, "leader": 200, **LOGIN}
ENTER = {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, **LOGIN}
API_STAFF = {
    "office": 200,
    "lead": 200,
    "lead_boss": 200,
    "coop": 200,
    "outsider": 200,
    "leader": 200,
    "anon": 401,
}


def _ind(c: Any) -> int:
    return Indicator.objects.get(code="I01.2").pk


def _warning(c: Any) -> int:
    ind = setup_indicator(c)
    obs = services.record_observation(
        actor=c.office, indicator=ind, region=c.county, period="2025-03", value="2"
    )
    return obs.warning.pk


PAGES = [
    route("indicators:indicator_list", "GET", lambda c: "/indicators/", STAFF),
    route("indicators:indicator_detail", "GET", lambda c: f"/indicators/{_ind(c)}/", STAFF),
    route(
        "indicators:indicator_edit", "GET", lambda c: f"/indicators/{_ind(c)}/edit/", {"office": 200, **LOGIN}
    ),
    route("indicators:observation_list", "GET", lambda c: "/indicators/observations/", STAFF),
    route("indicators:observation_create", "GET", lambda c: "/indicators/observations/new/", ENTER),
    route("indicators:observation_import", "GET", lambda c: "/indicators/observations/import/", ENTER),
    route("indicators:warning_list", "GET", lambda c: "/indicators/warnings/", STAFF),
    # own unit's warning: lead unit staff and the office; another unit's: 404
    route(
        "indicators:warning_detail",
        "GET",
        lambda c: f"/indicators/warnings/{_warning(c)}/",
        {"office": 200, "leader": 200, "lead": 200, "lead_boss": 200, "coop": 404, "outsider": 404, **LOGIN},
    ),
    route(
        "indicators:warning_action",
        "POST",
        lambda c: f"/indicators/warnings/{_warning(c)}/action/",
        {"office": 302, "lead": 302, "lead_boss": 302, "coop": 404, "outsider": 404, **LOGIN},
        data=lambda c: {"action": "explain", "explanation": "说明", "fix_plan": "措施"},
    ),
]

API = [
    route("GET /api/v1/indicators", "GET", lambda c: "/api/v1/indicators/", API_STAFF),
    route(
        "GET /api/v1/indicators/{indicator_id}", "GET", lambda c: f"/api/v1/indicators/{_ind(c)}", API_STAFF
    ),
    route(
        "PATCH /api/v1/indicators/{indicator_id}",
        "PATCH",
        lambda c: f"/api/v1/indicators/{_ind(c)}",
        {"office": 200, "anon": 401},
        data=lambda c: {"target_value": "0.5"},
        json=True,
    ),
    route(
        "GET /api/v1/indicators/observations", "GET", lambda c: "/api/v1/indicators/observations", API_STAFF
    ),
    route(
        "POST /api/v1/indicators/observations",
        "POST",
        lambda c: "/api/v1/indicators/observations",
        {"office": 201, "lead": 201, "lead_boss": 201, "anon": 401, "outsider": 404, "enterprise_user": 403},
        data=lambda c: {
            "indicator_id": setup_indicator(c).pk,
            "region_id": c.county.pk,
            "period": "2025-03",
            "value": "0.5",
        },
        json=True,
    ),
    route("GET /api/v1/indicators/warnings", "GET", lambda c: "/api/v1/indicators/warnings", API_STAFF),
    route(
        "POST /api/v1/indicators/warnings/{warning_id}/explain",
        "POST",
        lambda c: f"/api/v1/indicators/warnings/{_warning(c)}/explain",
        {"office": 200, "lead": 200, "lead_boss": 200, "leader": 403, "anon": 401},
        default=404,
        data=lambda c: {"explanation": "说明", "fix_plan": "措施"},
        json=True,
    ),
    route(
        "POST /api/v1/indicators/warnings/{warning_id}/resolve",
        "POST",
        lambda c: f"/api/v1/indicators/warnings/{_warning(c)}/resolve",
        # the warning is still open, so even the office gets 409 (resolve needs an explanation first)
        {"office": 409, "lead": 403, "lead_boss": 403, "leader": 403, "anon": 401},
        default=404,
        data=lambda c: {"note": ""},
        json=True,
    ),
    route(
        "POST /api/v1/indicators/match-target",
        "POST",
        lambda c: "/api/v1/indicators/match-target",
        API_STAFF,
        data=lambda c: {"subject": "企业开办时间", "metric": "time", "indicators": ["开办企业"]},
        json=True,
    ),
]


@pytest.mark.parametrize("r", PAGES + API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
