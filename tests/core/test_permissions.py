"""Permission matrix of the core pages and API (see tests/permissions.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.permissions import ROLES, Route, call_route, route
from yingshang.core.models import Webhook, WebhookDelivery

ALL_LOGGED_IN = {r: 200 for r in ROLES if r != "anon"}
STAFF_OK = {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, "leader": 200}
LOGIN = {"anon": 302}

PAGES = [
    # A leader's home is the dashboard.
    route("core:home", "GET", lambda c: "/", {**ALL_LOGGED_IN, **LOGIN, "leader": 302}),
    route("core:search", "GET", lambda c: "/search/?q=RW", {**ALL_LOGGED_IN, **LOGIN}),
    route("core:login", "GET", lambda c: "/login/", {"anon": 200}, default=302),
    route("core:logout", "POST", lambda c: "/logout/", {}, default=302),
    route("core:password_change", "GET", lambda c: "/password/", {**ALL_LOGGED_IN, **LOGIN}),
    route("core:tokens", "GET", lambda c: "/tokens/", {**ALL_LOGGED_IN, **LOGIN}),
    route("core:notifications", "GET", lambda c: "/notifications/", {**ALL_LOGGED_IN, **LOGIN}),
    route("core:notification_read", "POST", lambda c: "/notifications/read/", {**LOGIN}, default=302),
    route("core:unit_list", "GET", lambda c: "/units/", {**STAFF_OK, **LOGIN}),
    route("core:unit_create", "GET", lambda c: "/units/new/", {"office": 200, **LOGIN}),
    route("core:unit_import", "GET", lambda c: "/units/import/", {"office": 200, **LOGIN}),
    # Own unit: visible to its staff and the office; another unit's: 404.
    route(
        "core:unit_detail",
        "GET",
        lambda c: f"/units/{c.lead_unit.pk}/",
        {"office": 200, "leader": 200, "lead": 200, "lead_boss": 200, "coop": 404, "outsider": 404, **LOGIN},
    ),
    route(
        "core:enterprise_list",
        "GET",
        lambda c: "/enterprises/",
        {**STAFF_OK, "enterprise_user": 200, **LOGIN},
    ),
    route("core:enterprise_create", "GET", lambda c: "/enterprises/new/", {"office": 200, **LOGIN}),
    route(
        "core:enterprise_detail",
        "GET",
        lambda c: f"/enterprises/{c.other_enterprise.pk}/",
        {
            "office": 200,
            "leader": 200,
            "outsider": 200,
            "lead": 404,
            "lead_boss": 404,
            "coop": 404,
            "enterprise_user": 404,
            **LOGIN,
        },
    ),
    route("core:calendar", "GET", lambda c: "/calendar/", {"office": 200, **LOGIN}),
    route("core:export_log", "GET", lambda c: "/exports/log/", {"office": 200, **LOGIN}),
    route("core:login_locks", "GET", lambda c: "/login-locks/", {"office": 200, **LOGIN}),
    route(
        "core:login_locks",
        "POST",
        lambda c: "/login-locks/",
        {"office": 302, **LOGIN},
        data=lambda c: {"kind": "account", "value": "nobody"},
    ),
    route("core:health", "GET", lambda c: "/healthz", {r: 200 for r in ROLES}),
]

API_ALL = {r: 200 for r in ROLES if r != "anon"} | {"anon": 401}
API_STAFF = {
    "office": 200,
    "lead": 200,
    "lead_boss": 200,
    "coop": 200,
    "outsider": 200,
    "leader": 200,
    "anon": 401,
}

API = [
    route("GET /api/v1/me", "GET", lambda c: "/api/v1/me", API_ALL),
    route("GET /api/v1/units", "GET", lambda c: "/api/v1/units", API_ALL),
    route("GET /api/v1/units/resolve", "GET", lambda c: "/api/v1/units/resolve?name=市场监管局", API_STAFF),
    route(
        "GET /api/v1/units/{unit_id}",
        "GET",
        lambda c: f"/api/v1/units/{c.lead_unit.pk}",
        {"office": 200, "leader": 200, "lead": 200, "lead_boss": 200, "anon": 401},
        default=404,
    ),
    route(
        "POST /api/v1/units",
        "POST",
        lambda c: "/api/v1/units",
        {"office": 201, "anon": 401},
        data=lambda c: {"name": "新设单位", "region_id": c.county.pk},
        json=True,
    ),
    route("GET /api/v1/enterprises", "GET", lambda c: "/api/v1/enterprises", API_ALL),
    route(
        "GET /api/v1/enterprises/{enterprise_id}",
        "GET",
        lambda c: f"/api/v1/enterprises/{c.enterprise.pk}",
        {
            "office": 200,
            "leader": 200,
            "lead": 200,
            "lead_boss": 200,
            "coop": 200,
            "enterprise_user": 200,
            "anon": 401,
        },
        default=404,
    ),
    route(
        "POST /api/v1/enterprises",
        "POST",
        lambda c: "/api/v1/enterprises",
        {"office": 201, "anon": 401},
        data=lambda c: {"name": "新登记企业", "credit_code": "91350100M000100Y43", "region_id": c.county.pk},
        json=True,
    ),
    route("GET /api/v1/notifications", "GET", lambda c: "/api/v1/notifications", API_ALL),
    route(
        "POST /api/v1/notifications/read",
        "POST",
        lambda c: "/api/v1/notifications/read",
        API_ALL,
        data=lambda c: {},
        json=True,
    ),
    route("GET /api/v1/workdays/add", "GET", lambda c: "/api/v1/workdays/add?start=2025-09-29&n=5", API_ALL),
    route("GET /api/v1/workdays/day", "GET", lambda c: "/api/v1/workdays/day?day=2025-10-01", API_ALL),
    route("GET /api/v1/tokens", "GET", lambda c: "/api/v1/tokens", API_ALL),
    route(
        "POST /api/v1/tokens",
        "POST",
        lambda c: "/api/v1/tokens",
        {**API_ALL, **{r: 201 for r in ROLES if r != "anon"}},
        data=lambda c: {"name": "t"},
        json=True,
    ),
    route(
        "DELETE /api/v1/tokens/{token_id}",
        "DELETE",
        lambda c: "/api/v1/tokens/999999",
        {"anon": 401},
        default=404,
    ),
]


@pytest.mark.parametrize("r", PAGES + API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"


# -- group robots (群机器人) -------------------------------------------------------------------------
# A unit's robot: its unit's staff and the office manage it; another unit gets 404; roles that manage
# no robot (leader, enterprise, supervisor) get 403.

# A literal public address: the check needs no DNS, and nothing is sent inside a test transaction.
WEBHOOK_URL = "https://1.1.1.1/cgi-bin/webhook/send?key=permission-test"
WEBHOOK_MANAGERS = {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, **LOGIN}


def _hook(c: Any) -> Webhook:
    row, _ = Webhook.objects.get_or_create(
        name="牵头单位群",
        defaults={"platform": "wecom", "url": WEBHOOK_URL, "unit": c.lead_unit, "created_by": c.office},
    )
    return row


def failed_delivery(c: Any) -> WebhookDelivery:
    return WebhookDelivery.objects.create(webhook=_hook(c), event="test", text="t", status="failed")


def _own(ok: int) -> dict[str, int]:
    return {"office": ok, "lead": ok, "lead_boss": ok, "coop": 404, "outsider": 404}


WEBHOOK_PAGES = [
    route("core:webhook_list", "GET", lambda c: "/webhooks/", WEBHOOK_MANAGERS),
    route("core:webhook_detail", "GET", lambda c: f"/webhooks/{_hook(c).pk}/", {**_own(200), **LOGIN}),
    route("core:webhook_test", "POST", lambda c: f"/webhooks/{_hook(c).pk}/test/", {**_own(302), **LOGIN}),
    route(
        "core:webhook_delete", "POST", lambda c: f"/webhooks/{_hook(c).pk}/delete/", {**_own(302), **LOGIN}
    ),
    route(
        "core:webhook_resend",
        "POST",
        lambda c: f"/webhooks/deliveries/{failed_delivery(c).pk}/resend/",
        {**_own(302), **LOGIN},
    ),
]

API_LOGIN = {"anon": 401}
WEBHOOK_API = [
    route(
        "GET /api/v1/webhooks",
        "GET",
        lambda c: "/api/v1/webhooks",
        {r: 200 for r in ("office", "lead", "lead_boss", "coop", "outsider")} | API_LOGIN,
    ),
    route(
        "POST /api/v1/webhooks",
        "POST",
        lambda c: "/api/v1/webhooks",
        {"office": 201, "lead": 201, "lead_boss": 201, "coop": 404, "outsider": 404, **API_LOGIN},
        data=lambda c: {"name": "群", "platform": "wecom", "url": WEBHOOK_URL, "unit_id": c.lead_unit.pk},
        json=True,
    ),
    route(
        "GET /api/v1/webhooks/{webhook_id}",
        "GET",
        lambda c: f"/api/v1/webhooks/{_hook(c).pk}",
        {**_own(200), **API_LOGIN},
    ),
    route(
        "PATCH /api/v1/webhooks/{webhook_id}",
        "PATCH",
        lambda c: f"/api/v1/webhooks/{_hook(c).pk}",
        {**_own(200), **API_LOGIN},
        data=lambda c: {"is_active": False},
        json=True,
    ),
    route(
        "DELETE /api/v1/webhooks/{webhook_id}",
        "DELETE",
        lambda c: f"/api/v1/webhooks/{_hook(c).pk}",
        {**_own(204), **API_LOGIN},
    ),
    route(
        "POST /api/v1/webhooks/{webhook_id}/test",
        "POST",
        lambda c: f"/api/v1/webhooks/{_hook(c).pk}/test",
        {**_own(202), **API_LOGIN},
        data=lambda c: {},
        json=True,
    ),
    route(
        "GET /api/v1/webhooks/{webhook_id}/deliveries",
        "GET",
        lambda c: f"/api/v1/webhooks/{_hook(c).pk}/deliveries",
        {**_own(200), **API_LOGIN},
    ),
]


@pytest.mark.parametrize("r", WEBHOOK_PAGES + WEBHOOK_API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_webhook_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
