"""Permission matrix of the arrears pages and API (see tests/permissions.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.permissions import ROLES, Route, call_route, route

LOGIN = {"anon": 302}
API = {"anon": 401}
OFFICE_VIEW = {"office": 200, "leader": 200, **LOGIN}
# The case is owed by the lead unit (staff and leader), supervised by the cooperating unit, owed to the
# enterprise user's firm; a unit of another county gets 404.
ON_CASE = {
    "office": 200,
    "leader": 200,
    "lead": 200,
    "lead_boss": 200,
    "coop": 200,
    "enterprise_user": 200,
    "outsider": 404,
    **LOGIN,
}
READERS = {
    "office": 200,
    "leader": 200,
    "lead": 200,
    "lead_boss": 200,
    "coop": 200,
    "outsider": 200,
    "enterprise_user": 200,
    **LOGIN,
}
# Writes on the case by its debtor (lead unit) or the office; the supervising unit and the leader may not.
CASE_WRITE = {
    "office": 302,
    "lead": 302,
    "lead_boss": 302,
    "coop": 403,
    "outsider": 404,
    "leader": 403,
    **LOGIN,
}
PUBLIC = {r: 200 for r in ROLES}

PAGES = [
    route("arrears:ledger", "GET", lambda c: "/arrears/", READERS),
    route("arrears:case_create", "GET", lambda c: "/arrears/cases/new/", {"office": 200, **LOGIN}),
    route("arrears:case_detail", "GET", lambda c: f"/arrears/cases/{c.case.pk}/", ON_CASE),
    route(
        "arrears:payment_add",
        "POST",
        lambda c: f"/arrears/cases/{c.case.pk}/payments/",
        CASE_WRITE,
        data=lambda c: {"paid_on": "2025-07-01", "amount": "10.00"},
    ),
    route(
        "arrears:instalment_add",
        "POST",
        lambda c: f"/arrears/cases/{c.case.pk}/instalments/",
        CASE_WRITE,
        data=lambda c: {"due_date": "2099-01-01", "amount": "10.00"},
    ),
    route(
        "arrears:case_action",
        "POST",
        lambda c: f"/arrears/cases/{c.case.pk}/action/",
        {**CASE_WRITE, "coop": 302},  # the supervising unit may add internal notes
        data=lambda c: {"action": "note", "text": "已联系财政局"},
    ),
    route(
        "arrears:instalment_pay",
        "POST",
        lambda c: f"/arrears/instalments/{c.instalment.pk}/pay/",
        CASE_WRITE,
        data=lambda c: {"paid_on": "2025-07-01"},
    ),
    route(
        "arrears:instalment_reschedule",
        "POST",
        lambda c: f"/arrears/instalments/{c.instalment.pk}/reschedule/",
        CASE_WRITE,
        data=lambda c: {"due_date": "2099-06-01", "reason": "等待审计"},
    ),
    route(
        "arrears:from_appeal",
        "POST",
        lambda c: f"/arrears/from-appeal/{c.appeal.pk}/",
        {"office": 302, **LOGIN},
        data=lambda c: {"case": c.case.pk},
    ),
    route("arrears:import", "GET", lambda c: "/arrears/import/", {"office": 200, **LOGIN}),
    route("arrears:progress", "GET", lambda c: "/arrears/progress/", OFFICE_VIEW),
    route("arrears:calculator", "GET", lambda c: "/arrears/calculator/", PUBLIC),
    route("arrears:breach_list", "GET", lambda c: "/arrears/breaches/", READERS),
    route("arrears:breach_create", "GET", lambda c: "/arrears/breaches/new/", {"office": 200, **LOGIN}),
    route("arrears:breach_detail", "GET", lambda c: f"/arrears/breaches/{c.breach.pk}/", ON_CASE),
    route(
        "arrears:breach_act",
        "POST",
        lambda c: f"/arrears/breaches/{c.verifying.pk}/action/",
        # The superior (coop) verifies; the accused unit may not, nor may another county's unit see it.
        {"office": 302, "coop": 302, "lead": 403, "lead_boss": 403, "outsider": 404, **LOGIN},
        data=lambda c: {"action": "note", "text": "已调阅合同"},
    ),
    route("arrears:disclosure", "GET", lambda c: "/arrears/disclosure/", PUBLIC),
    route("arrears:disclosure_xlsx", "GET", lambda c: "/arrears/disclosure.xlsx", PUBLIC),
    route(
        "arrears:credit_export",
        "GET",
        lambda c: "/arrears/breaches/credit-export.csv",
        {"office": 200, **LOGIN},
    ),
    route("arrears:promise_list", "GET", lambda c: "/arrears/promises/", OFFICE_VIEW),
    route(
        "arrears:promise_act",
        "POST",
        lambda c: f"/arrears/promises/{c.promise.pk}/action/",
        {"office": 302, **LOGIN},
        data=lambda c: {"action": "fulfil", "fulfilled_on": "2025-07-01"},
    ),
]

API_ROUTES = [
    route(
        "POST /api/v1/arrears/calculate",
        "POST",
        lambda c: "/api/v1/arrears/calculate",
        {**{r: 200 for r in ROLES}, **API},
        data=lambda c: {"amount": "1000.00", "delivered_on": "2025-06-10", "as_of": "2025-08-09"},
        json=True,
    ),
    route(
        "GET /api/v1/arrears/cases",
        "GET",
        lambda c: "/api/v1/arrears/cases",
        {**{r: 200 for r in READERS if r != "anon"}, **API},
    ),
    route(
        "POST /api/v1/arrears/cases",
        "POST",
        lambda c: "/api/v1/arrears/cases",
        {"office": 201, **API},
        data=lambda c: {
            "debtor_id": c.lead_unit.pk,
            "creditor_id": c.enterprise.pk,
            "contract_no": "API-1",
            "contract_name": "采购合同",
            "contract_date": "2025-01-01",
            "amount": "500.00",
            "delivered_on": "2025-02-01",
        },
        json=True,
    ),
    route(
        "GET /api/v1/arrears/cases/{case_id}",
        "GET",
        lambda c: f"/api/v1/arrears/cases/{c.case.pk}",
        {**{r: s for r, s in ON_CASE.items() if r != "anon"}, **API},
    ),
    route(
        "POST /api/v1/arrears/cases/{case_id}/payments",
        "POST",
        lambda c: f"/api/v1/arrears/cases/{c.case.pk}/payments",
        {"office": 201, "lead": 201, "lead_boss": 201, "coop": 403, "outsider": 404, "leader": 403, **API},
        data=lambda c: {"paid_on": "2025-07-01", "amount": "10.00"},
        json=True,
    ),
    route(
        "GET /api/v1/arrears/totals",
        "GET",
        lambda c: "/api/v1/arrears/totals",
        {**{r: 200 for r in READERS if r != "anon"}, **API},
    ),
]

# -- breach complaints and promises over the API: the same doors as the pages above -----------------
# Moves the office alone makes (send, perform, confirm, decide repair): a unit that sees the complaint
# and the read-only leader get 403, another county's unit 404, the enterprise 403 (no write role).
OFFICE_MOVE = {"office": 200, "outsider": 404, **API}
ON_BREACH = {**{r: s for r, s in ON_CASE.items() if r != "anon"}, **API}
OVERSEE = {"office": 200, "leader": 200, **API}


def _breach_move(action: str, subject: str, expect: dict[str, int], data: dict[str, Any]) -> Route:
    return route(
        f"POST /api/v1/arrears/breaches/{{breach_id}}/{action}",
        "POST",
        lambda c: f"/api/v1/arrears/breaches/{getattr(c, subject).pk}/{action}",
        expect,
        data=lambda c: data,
        json=True,
    )


BREACH_API = [
    route(
        "GET /api/v1/arrears/breaches",
        "GET",
        lambda c: "/api/v1/arrears/breaches",
        {**{r: 200 for r in READERS if r != "anon"}, **API},
    ),
    route(
        "POST /api/v1/arrears/breaches",
        "POST",
        lambda c: "/api/v1/arrears/breaches",
        {"office": 201, **API},
        data=lambda c: {
            "accused_id": c.lead_unit.pk,
            "enterprise_id": c.enterprise.pk,
            "summary": "拖欠货款",
        },
        json=True,
    ),
    route(
        "GET /api/v1/arrears/breaches/{breach_id}",
        "GET",
        lambda c: f"/api/v1/arrears/breaches/{c.breach.pk}",
        ON_BREACH,
    ),
    _breach_move("send-to-superior", "breach", OFFICE_MOVE, {}),
    # The superior (coop) verifies; the accused unit may not.
    _breach_move(
        "verify",
        "verifying",
        {"office": 200, "coop": 200, "outsider": 404, **API},
        {"founded": True, "text": "情况属实", "perform_due": "2099-01-01"},
    ),
    _breach_move("perform", "performing", OFFICE_MOVE, {}),
    _breach_move(
        "confirm",
        "performing",
        OFFICE_MOVE,
        {"decision_no": "营商认〔2025〕2号", "text": "拒不履行", "refused": True},
    ),
    # The accused unit (or the office) asks for repair; the superior sees the record but may not ask.
    _breach_move(
        "repair-request",
        "confirmed",
        {"office": 200, "lead": 200, "lead_boss": 200, "coop": 404, "outsider": 404, **API},
        {"text": "已全额支付"},
    ),
    _breach_move("repair-decision", "repair_requested", OFFICE_MOVE, {"approve": True, "text": ""}),
    _breach_move(
        "notes", "verifying", {"office": 201, "coop": 201, "outsider": 404, **API}, {"text": "已调阅合同"}
    ),
    route("GET /api/v1/arrears/promises", "GET", lambda c: "/api/v1/arrears/promises", OVERSEE),
    route(
        "POST /api/v1/arrears/promises",
        "POST",
        lambda c: "/api/v1/arrears/promises",
        {"office": 201, **API},
        data=lambda c: {
            "unit_id": c.lead_unit.pk,
            "enterprise_id": c.enterprise.pk,
            "kind": "service",
            "content": "代办施工许可",
            "due_date": "2099-01-01",
        },
        json=True,
    ),
    route(
        "GET /api/v1/arrears/promises/{promise_id}",
        "GET",
        lambda c: f"/api/v1/arrears/promises/{c.promise.pk}",
        OVERSEE,
    ),
    route(
        "POST /api/v1/arrears/promises/{promise_id}/fulfil",
        "POST",
        lambda c: f"/api/v1/arrears/promises/{c.promise.pk}/fulfil",
        {"office": 200, **API},
        data=lambda c: {"fulfilled_on": "2025-07-01"},
        json=True,
    ),
    route(
        "POST /api/v1/arrears/promises/{promise_id}/mark-broken",
        "POST",
        lambda c: f"/api/v1/arrears/promises/{c.late_promise.pk}/mark-broken",
        {"office": 200, **API},
        json=True,
    ),
]


@pytest.mark.parametrize("r", PAGES + API_ROUTES + BREACH_API, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(mcast: Any, role: str, r: Route) -> None:
    assert call_route(mcast, role, r) == r.expected(role), f"{role} {r.method} {r.path(mcast)}"
