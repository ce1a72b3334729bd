"""Permission matrix rows of the group-robot pages and API (see tests/permissions.py).

A unit's robot: its unit's staff and the office manage it; another unit gets 404; roles that manage
no robot (leader, enterprise, supervisor) get 403."""

from __future__ import annotations

from typing import Any

import pytest

from tests.permissions import ROLES, Route, call_route, route
from yingshang.core.models import Webhook, WebhookDelivery

# A literal public address: the check needs no DNS, and nothing is sent inside a test transaction.
URL = "https://1.1.1.1/cgi-bin/webhook/send?key=permission-test"
LOGIN = {"anon": 302}
MANAGERS = {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, **LOGIN}


def hook(c: Any) -> Webhook:
    row, _ = Webhook.objects.get_or_create(
        name="牵头单位群",
        defaults={"platform": "wecom", "url": URL, "unit": c.lead_unit, "created_by": c.office},
    )
    return row


def failed_delivery(c: Any) -> WebhookDelivery:
    return WebhookDelivery.objects.create(webhook=hook(c), event="test", text="t", status="failed")


def own(ok: int) -> dict[str, int]:
    return {"office": ok, "lead": ok, "lead_boss": ok, "coop": 404, "outsider": 404}


PAGES = [
    route("core:webhook_list", "GET", lambda c: "/webhooks/", MANAGERS),
    route("core:webhook_detail", "GET", lambda c: f"/webhooks/{hook(c).pk}/", {**own(200), **LOGIN}),
    route("core:webhook_test", "POST", lambda c: f"/webhooks/{hook(c).pk}/test/", {**own(302), **LOGIN}),
    route("core:webhook_delete", "POST", lambda c: f"/webhooks/{hook(c).pk}/delete/", {**own(302), **LOGIN}),
    route(
        "core:webhook_resend",
        "POST",
        lambda c: f"/webhooks/deliveries/{failed_delivery(c).pk}/resend/",
        {**own(302), **LOGIN},
    ),
]

API_LOGIN = {"anon": 401}
API = [
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
        data=lambda c: {"name": "群", "platform": "wecom", "url": URL, "unit_id": c.lead_unit.pk},
        json=True,
    ),
    route(
        "GET /api/v1/webhooks/{webhook_id}",
        "GET",
        lambda c: f"/api/v1/webhooks/{hook(c).pk}",
        {**own(200), **API_LOGIN},
    ),
    route(
        "PATCH /api/v1/webhooks/{webhook_id}",
        "PATCH",
        lambda c: f"/api/v1/webhooks/{hook(c).pk}",
        {**own(200), **API_LOGIN},
        data=lambda c: {"is_active": False},
        json=True,
    ),
    route(
        "DELETE /api/v1/webhooks/{webhook_id}",
        "DELETE",
        lambda c: f"/api/v1/webhooks/{hook(c).pk}",
        {**own(204), **API_LOGIN},
    ),
    route(
        "POST /api/v1/webhooks/{webhook_id}/test",
        "POST",
        lambda c: f"/api/v1/webhooks/{hook(c).pk}/test",
        {**own(202), **API_LOGIN},
        data=lambda c: {},
        json=True,
    ),
    route(
        "GET /api/v1/webhooks/{webhook_id}/deliveries",
        "GET",
        lambda c: f"/api/v1/webhooks/{hook(c).pk}/deliveries",
        {**own(200), **API_LOGIN},
    ),
]


@pytest.mark.parametrize("r", PAGES + API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
