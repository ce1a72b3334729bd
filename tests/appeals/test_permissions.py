"""Permission matrix of the appeal pages, the native API and the Open311 endpoints (see tests/permissions.py).

The appeal each row needs (filed, dispatched, acknowledged, returned, replied) is made on first use and kept
on the cast object, so a row sees an appeal in the state its action requires.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.appeals.makers import ensure_services, make_appeal
from tests.makers import make_unit
from tests.permissions import ROLES, Route, call_route, route
from yingshang.appeals import services
from yingshang.appeals.models import Appeal, AppealAttachment, Service

ALL_LOGGED_IN = {r: 200 for r in ROLES if r != "anon"}
LOGIN = {"anon": 302}
STAFF_OK = {"office": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200, "leader": 200}
# Who sees an appeal dispatched to the lead unit with the coop unit helping, filed by the cast's enterprise.
SEES = {"office": 200, "leader": 200, "lead": 200, "lead_boss": 200, "coop": 200, "enterprise_user": 200}
HIDDEN = {"outsider": 404, "supervisor": 404}


def appeal(c: Any, state: str) -> Appeal:
    cache = c.__dict__.setdefault("_appeals", {})
    if state in cache:
        return cache[state]
    if state == "claim":
        ensure_services()
        # Filed without a login, naming the cast's enterprise by its credit code: only a claim.
        a = services.file_appeal(
            actor=None,
            service=Service.objects.get(code="complaint"),
            description="有企业反映检查过多。",
            region=c.county,
            contact_name="赵六",
            contact_phone="13900000009",
            credit_code=c.enterprise.credit_code,
        )
        cache[state] = a
        return a
    if state == "consult":
        ensure_services()
        a = make_appeal(c, service=Service.objects.get(code="consult"))
        cache[state] = a
        return a
    a = make_appeal(c)
    if state != "filed":
        services.dispatch_appeal(
            actor=c.office, appeal=a, lead_unit=c.lead_unit, cooperating_units=[c.coop_unit]
        )
    if state in ("acknowledged", "returned", "replied", "extension"):
        services.acknowledge_appeal(actor=c.lead, appeal=a)
    if state == "returned":
        services.return_dispatch(actor=c.lead, appeal=a, reason="不属于本单位")
    if state == "replied":
        services.reply_appeal(actor=c.lead, appeal=a, text="答复")
    if state == "visited_unhappy":
        services.acknowledge_appeal(actor=c.lead, appeal=a)
        services.reply_appeal(actor=c.lead, appeal=a, text="答复")
        services.record_callback(actor=c.office, appeal=a, solved=True, satisfaction=1)
    if state == "extension":
        a.__dict__["_ext"] = services.request_extension(actor=c.lead, appeal=a, workdays_n=2, reason="核查")
    if state == "attached":
        AppealAttachment.objects.create(
            appeal=a,
            name="a.pdf",
            size=5,
            content_type="application/pdf",
            file=SimpleUploadedFile("a.pdf", b"%PDF-"),
        )
    if state == "reply_file":
        AppealAttachment.objects.create(
            appeal=a,
            kind=AppealAttachment.Kind.REPLY,
            name="答复.pdf",
            size=5,
            content_type="application/pdf",
            file=SimpleUploadedFile("r.pdf", b"%PDF-"),
        )
    a.refresh_from_db()
    cache[state] = a
    return a


def attachment_path(c: Any) -> str:
    a = appeal(c, "attached")
    return f"/appeals/attachments/{a.attachments.get().pk}/"


def track_file_path(c: Any) -> str:
    """A reply's material by the tracking code: whoever holds the code, logged in or not."""
    a = appeal(c, "reply_file")
    return f"/appeals/track/files/{a.attachments.get().pk}/?code={a.tracking_code}"


def helper_unit(c: Any) -> int:
    if "_helper" not in c.__dict__:
        c.__dict__["_helper"] = make_unit("自然资源局", c.county)
    return c.__dict__["_helper"].pk


PAGES = [
    route("appeals:list", "GET", lambda c: "/appeals/", {**ALL_LOGGED_IN, **LOGIN}),
    route(
        "appeals:file",
        "GET",
        lambda c: "/appeals/new/",
        {"office": 200, "enterprise_user": 200, "supervisor": 200, **LOGIN},
    ),
    route(
        "appeals:caller_history",
        "GET",
        lambda c: "/appeals/history/?contact_phone=13900000000",
        {"office": 200, **LOGIN},
        default=403,
    ),
    route(
        "appeals:bulk_dispatch",
        "POST",
        lambda c: "/appeals/dispatch/",
        {"office": 302, **LOGIN},
        data=lambda c: {"ids": [appeal(c, "filed").pk], "lead_unit": c.lead_unit.pk},
    ),
    route("appeals:public_file", "GET", lambda c: "/appeals/public/", {r: 200 for r in ROLES}),
    route("appeals:track", "GET", lambda c: "/appeals/track/", {r: 200 for r in ROLES}),
    route("appeals:track_attachment", "GET", track_file_path, {r: 200 for r in ROLES}),
    route("appeals:stats", "GET", lambda c: "/appeals/stats/", {**STAFF_OK, **LOGIN}),
    route(
        "appeals:suggestion_accuracy",
        "GET",
        lambda c: "/appeals/stats/suggestions/",
        {"office": 200, **LOGIN},
    ),
    route("appeals:services", "GET", lambda c: "/appeals/services/", {"office": 200, **LOGIN}),
    route(
        "appeals:services",
        "POST",
        lambda c: "/appeals/services/",
        {"office": 302, **LOGIN},
        data=lambda c: {"op": "add", "code": "land_use", "name": "用地审批"},
    ),
    route(
        "appeals:detail",
        "GET",
        lambda c: f"/appeals/{appeal(c, 'dispatched').pk}/",
        {**SEES, **HIDDEN, **LOGIN},
    ),
    route("appeals:attachment", "GET", attachment_path, {**SEES, **HIDDEN, **LOGIN}),
    # A successful action redirects back to the page (302); a forbidden one is 403, a hidden appeal 404.
    route(
        "appeals:act",
        "POST",
        lambda c: f"/appeals/{appeal(c, 'dispatched').pk}/act/acknowledge/",
        {"lead": 302, "lead_boss": 302, **HIDDEN, **LOGIN},
    ),
    route("open311:services", "GET", lambda c: "/open311/v2/services.json", {r: 200 for r in ROLES}),
    # Without a staff login a caller must name the requests it wants.
    route("open311:requests", "GET", lambda c: "/open311/v2/requests.json", {**STAFF_OK}, default=400),
    route(
        "open311:request",
        "GET",
        lambda c: f"/open311/v2/requests/{appeal(c, 'dispatched').tracking_code}.json",
        {r: 200 for r in ROLES},
    ),
]

API_ALL = {r: 200 for r in ROLES if r != "anon"} | {"anon": 401}
API_STAFF = {**STAFF_OK, "anon": 401}
A = "/api/v1/appeals"
NOT_SEEN = {"outsider": 404, "supervisor": 404, "anon": 401}


def post(name: str, state: str, suffix: str, expect: dict[str, int], data: Any = None) -> Route:
    return route(
        name,
        "POST",
        lambda c: f"{A}/{appeal(c, state).pk}/{suffix(c) if callable(suffix) else suffix}",
        {**NOT_SEEN, **expect},
        data=data or (lambda c: {}),
        json=True,
    )


API = [
    route(f"GET {A}/services", "GET", lambda c: f"{A}/services", API_ALL),
    route(f"GET {A}", "GET", lambda c: f"{A}/", API_ALL),
    route(
        f"POST {A}",
        "POST",
        lambda c: f"{A}/",
        {"office": 201, "enterprise_user": 201, "supervisor": 201, "anon": 401},
        data=lambda c: {
            "service_code": "complaint",
            "description": "反映问题",
            "region_id": c.county.pk,
            "contact_name": "来电人",
            "contact_phone": "13900000000",
        },
        json=True,
    ),
    route(f"GET {A}/stats", "GET", lambda c: f"{A}/stats", API_STAFF),
    route(
        f"GET {A}/suggestion-models", "GET", lambda c: f"{A}/suggestion-models", {"office": 200, "anon": 401}
    ),
    route(
        f"GET {A}/{{appeal_id}}", "GET", lambda c: f"{A}/{appeal(c, 'dispatched').pk}", {**SEES, **NOT_SEEN}
    ),
    route(
        f"GET {A}/{{appeal_id}}/suggestions",
        "GET",
        lambda c: f"{A}/{appeal(c, 'dispatched').pk}/suggestions",
        {"office": 200, "leader": 200, **NOT_SEEN},
    ),
    route(
        f"GET {A}/{{appeal_id}}/duplicates",
        "GET",
        lambda c: f"{A}/{appeal(c, 'dispatched').pk}/duplicates",
        {"office": 200, "leader": 200, **NOT_SEEN},
    ),
    # A filed appeal is not yet any unit's: units do not see it.
    post(
        f"POST {A}/{{appeal_id}}/dispatch",
        "filed",
        "dispatch",
        {"office": 200, "lead": 404, "lead_boss": 404, "coop": 404},
        data=lambda c: {"lead_unit_id": c.lead_unit.pk},
    ),
    post(
        f"POST {A}/{{appeal_id}}/review",
        "returned",
        "review",
        {"office": 200},
        data=lambda c: {"decision": "insist"},
    ),
    post(
        f"POST {A}/{{appeal_id}}/answer-on-call",
        "consult",
        "answer-on-call",
        {"office": 200, "lead": 404, "lead_boss": 404, "coop": 404},
        data=lambda c: {"text": "已在电话中解答。"},
    ),
    post(f"POST {A}/{{appeal_id}}/acknowledge", "dispatched", "acknowledge", {"lead": 200, "lead_boss": 200}),
    post(
        f"POST {A}/{{appeal_id}}/handle",
        "acknowledged",
        "handle",
        {"lead": 200, "lead_boss": 200, "coop": 200},
        data=lambda c: {"text": "办理中"},
    ),
    post(
        f"POST {A}/{{appeal_id}}/reply",
        "acknowledged",
        "reply",
        {"lead": 200, "lead_boss": 200},
        data=lambda c: {"text": "答复"},
    ),
    route(
        f"POST {A}/{{appeal_id}}/reply/attachments",
        "POST",
        lambda c: f"{A}/{appeal(c, 'acknowledged').pk}/reply/attachments",
        {**NOT_SEEN, "lead": 201, "lead_boss": 201},
        data=lambda c: {"files": SimpleUploadedFile("答复.pdf", b"%PDF-1.4 reply", "application/pdf")},
    ),
    post(
        f"POST {A}/{{appeal_id}}/return",
        "acknowledged",
        "return",
        {"lead": 200, "lead_boss": 200},
        data=lambda c: {"reason": "非本单位职责"},
    ),
    post(
        f"POST {A}/{{appeal_id}}/escalate",
        "acknowledged",
        "escalate",
        {"lead": 200, "lead_boss": 200},
        data=lambda c: {"reason": "需会商"},
    ),
    post(
        f"POST {A}/{{appeal_id}}/help",
        "acknowledged",
        "help",
        {"lead": 200, "lead_boss": 200, "office": 200},
        data=lambda c: {"unit_id": helper_unit(c), "reason": "请协办"},
    ),
    post(
        f"POST {A}/{{appeal_id}}/extension",
        "acknowledged",
        "extension",
        {"lead": 201, "lead_boss": 201},
        data=lambda c: {"workdays": 2, "reason": "需核查"},
    ),
    post(
        f"POST {A}/{{appeal_id}}/extension/{{extension_id}}/decision",
        "extension",
        lambda c: f"extension/{appeal(c, 'extension').extensions.get().pk}/decision",
        {"office": 200},
        data=lambda c: {"approve": True},
    ),
    post(
        f"POST {A}/{{appeal_id}}/merge",
        "dispatched",
        "merge",
        {"office": 200},
        data=lambda c: {"children": [appeal(c, "filed").pk]},
    ),
    post(
        f"POST {A}/{{appeal_id}}/callback",
        "replied",
        "callback",
        {"office": 200, "enterprise_user": 200},
        data=lambda c: {"solved": True, "satisfaction": 5},
    ),
    post(f"POST {A}/{{appeal_id}}/close", "replied", "close", {"office": 200}),
    # A claim is not dispatched yet: units do not see it, nor does the enterprise it names.
    post(
        f"POST {A}/{{appeal_id}}/link-enterprise",
        "claim",
        "link-enterprise",
        {"office": 200, "leader": 403, "lead": 404, "lead_boss": 404, "coop": 404, "enterprise_user": 404},
    ),
    post(
        f"POST {A}/{{appeal_id}}/indicator",
        "dispatched",
        "indicator",
        {"office": 200, "leader": 403, "lead": 403, "lead_boss": 403, "coop": 403, "enterprise_user": 403},
        data=lambda c: {"indicator": "纳税", "reason": "涉及退税"},
    ),
    post(
        f"POST {A}/{{appeal_id}}/reopen",
        "visited_unhappy",
        "reopen",
        {"office": 200},
        data=lambda c: {"reason": "企业对答复不满意"},
    ),
]


@pytest.mark.parametrize("r", PAGES + API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(cast: object, role: str, r: Route) -> None:
    assert call_route(cast, role, r) == r.expected(role), f"{role} {r.method} {r.path(cast)}"
