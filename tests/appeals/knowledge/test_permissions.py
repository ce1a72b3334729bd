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
        cache[state] = make_entry(c, publish=state != "draft").pk
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


A = "/api/v1/appeals/knowledge"
API_STAFF = {**STAFF, "anon": 401, "outsider": 200}
NOT_SEEN = {"outsider": 404, "anon": 401}
OWNERS = {"office": 200, "lead": 200, "lead_boss": 200}


def appeal_id(c: Any) -> int:
    if "_kb_appeal" not in c.__dict__:
        from tests.appeals.makers import make_appeal
        from yingshang.appeals import services as appeal_services

        a = make_appeal(c)
        appeal_services.dispatch_appeal(actor=c.office, appeal=a, lead_unit=c.lead_unit)
        c.__dict__["_kb_appeal"] = a.pk
    return c.__dict__["_kb_appeal"]


API = [
    route(f"GET {A}", "GET", lambda c: f"{A}/", API_STAFF),
    route(f"GET {A}/match", "GET", lambda c: f"{A}/match?text=增值税减免怎么申报", API_STAFF),
    route(
        f"POST {A}",
        "POST",
        lambda c: f"{A}/",
        {"office": 201, "lead": 201, "lead_boss": 201, "coop": 422, "outsider": 422, "anon": 401},
        data=lambda c: {
            "owner_unit_id": c.lead_unit.pk,
            "question": "企业开办需要多长时间？",
            "answer": "一个工作日内办结。",
            "review_date": "2099-01-01",
        },
        json=True,
    ),
    route(f"GET {A}/{{entry_id}}", "GET", lambda c: f"{A}/{entry(c)}", {**STAFF, **NOT_SEEN}),
    route(
        f"PATCH {A}/{{entry_id}}",
        "PATCH",
        lambda c: f"{A}/{entry(c)}",
        {**NOT_SEEN, **OWNERS},
        data=lambda c: {"keywords": "增值税 小规模"},
        json=True,
    ),
    route(
        f"POST {A}/{{entry_id}}/publish",
        "POST",
        lambda c: f"{A}/{entry(c, 'draft')}/publish",
        {**NOT_SEEN, "coop": 404, **OWNERS},
        json=True,
    ),
    route(
        f"POST {A}/{{entry_id}}/retire",
        "POST",
        lambda c: f"{A}/{entry(c, 'to_retire')}/retire",
        {**NOT_SEEN, **OWNERS},
        json=True,
    ),
    route(
        f"POST {A}/{{entry_id}}/review",
        "POST",
        lambda c: f"{A}/{entry(c)}/review",
        {**NOT_SEEN, **OWNERS},
        data=lambda c: {"next_review": "2099-06-01"},
        json=True,
    ),
    # The office, or the appeal's lead unit; the leader may not; another unit does not see the appeal.
    route(
        f"POST {A}/{{entry_id}}/answer",
        "POST",
        lambda c: f"{A}/{entry(c)}/answer",
        {**NOT_SEEN, "office": 201, "lead": 201, "lead_boss": 201, "coop": 404, "leader": 403},
        data=lambda c: {"appeal_id": appeal_id(c)},
        json=True,
    ),
]


@pytest.mark.parametrize("r", ROUTES + API, ids=lambda r: f"{r.name} {r.method}")
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
