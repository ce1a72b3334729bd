"""Permission matrix of the 热线知识库 pages and the filer-notice outbox (see tests/permissions.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.appeals.knowledge.makers import make_entry
from tests.permissions import ROLES, Route, call_route, route

LOGIN = {"anon": 302}
STAFF = {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, "leader": 200}


def entry(c: Any, state: str = "published") -> int:
    cache = c.__dict__.setdefault("_entries", {})
    if state not in cache:
        cache[state] = make_entry(c, publish=state == "published").pk
    return cache[state]


K = "/appeals/knowledge"

ROUTES = [
    route("appeals:knowledge_list", "GET", lambda c: f"{K}/", {**STAFF, **LOGIN}),
    route(
        "appeals:knowledge_new",
        "GET",
        lambda c: f"{K}/new/",
        {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, **LOGIN},
    ),
    route(
        "appeals:knowledge_match",
        "GET",
        lambda c: f"{K}/match/?description=增值税减免怎么申报",
        {**STAFF, **LOGIN},
    ),
    # Published: staff of the region read it (the outsider's unit is in another county); a draft only its
    # unit, the office and leaders.
    route(
        "appeals:knowledge_detail", "GET", lambda c: f"{K}/{entry(c)}/", {**STAFF, "outsider": 404, **LOGIN}
    ),
    route(
        "appeals:knowledge_detail",
        "GET",
        lambda c: f"{K}/{entry(c, 'draft')}/",
        {"office": 200, "lead": 200, "lead_boss": 200, "leader": 200, "coop": 404, "outsider": 404, **LOGIN},
    ),
    route(
        "appeals:knowledge_edit",
        "GET",
        lambda c: f"{K}/{entry(c)}/edit/",
        {"office": 200, "lead": 200, "lead_boss": 200, "outsider": 404, **LOGIN},
    ),
    route(
        "appeals:knowledge_pick",
        "GET",
        lambda c: f"{K}/{entry(c)}/pick/",
        {**STAFF, "outsider": 404, **LOGIN},
    ),
    route(
        "appeals:knowledge_act",
        "POST",
        lambda c: f"{K}/{entry(c, 'draft')}/act/publish/",
        {"office": 302, "lead": 302, "lead_boss": 302, "coop": 404, "outsider": 404, **LOGIN},
    ),
    route("appeals:notices", "GET", lambda c: "/appeals/notices/", {"office": 200, **LOGIN}),
]


@pytest.mark.parametrize("r", ROUTES, ids=lambda r: f"{r.name} {r.method}")
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
