"""/api/v1/arrears/breaches and /promises: the 政务诚信 half of the arrears API.

Each operation is a page's action (views.breach_*, views.promise_*) over HTTP: the same role table
(roles.py) opens the door, the same selectors scope the object (another region's is 404) and the same
services decide the move, so the API refuses exactly whom the pages refuse.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate
from ninja.params.functions import Path, Query

from yingshang.arrears import selectors, services
from yingshang.arrears.models import Breach, Promise
from yingshang.arrears.roles import OFFICE, OVERSEERS, READERS, WRITERS
from yingshang.arrears.schemas import (
    BreachConfirmIn,
    BreachDetailOut,
    BreachIn,
    BreachOut,
    BreachTextIn,
    BreachVerifyIn,
    FulfilIn,
    PromiseDetailOut,
    PromiseIn,
    PromiseOut,
    RepairDecisionIn,
)
from yingshang.arrears.transitions import BREACH
from yingshang.core.access import get_or_404, require_role, visible_enterprises
from yingshang.core.errors import ValidationFailed
from yingshang.core.models import User
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import ErrorOut
from yingshang.core.visibility import timeline_for

router = Router(tags=["arrears"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
ID = Path(..., ge=1, le=2**53)


def _user(request: HttpRequest, roles: tuple[str, ...]) -> User:
    user: User = request.user  # type: ignore[assignment]
    require_role(user, *roles)
    return user


def checked_choice(value: str, choices: list[str], field: str, label: str) -> str:
    if value and value not in choices:
        raise ValidationFailed(f"{label}无效。", fields={field: "无效"})
    return value


def _picked(qs: QuerySet[Any], pk: int | None, field: str, message: str) -> Any:
    """The row of `qs` with this id, or a 422 naming the field (ids the caller may not use look absent)."""
    if pk is None:
        return None
    row = qs.filter(pk=pk).first()
    if row is None:
        raise ValidationFailed(message, fields={field: "无效"})
    return row


# -- breach complaints ------------------------------------------------------------------------------


def _breach(user: User, breach_id: int) -> Breach:
    return get_or_404(selectors.visible_breaches(user), pk=breach_id)


def _breach_detail(user: User, breach: Breach) -> Breach:
    breach.allowed = [m.action for m in BREACH.allowed(breach.status)]  # type: ignore[attr-defined]
    audience = selectors.breach_audience(user, breach)
    breach.events = [e.as_dict() for e in timeline_for(breach, audience)]  # type: ignore[attr-defined]
    return breach


@router.get("/breaches", response={200: list[BreachOut], **ERRORS}, summary="违约失信投诉")
@paginate(LimitOffsetPagination)
def list_breaches(
    request: HttpRequest,
    status: str = Query("", max_length=20),
    accused_id: int | None = Query(None, ge=1, le=2**53),
) -> Any:
    """Newest first; each caller sees the complaints the list page shows them."""
    user = _user(request, READERS)
    status = checked_choice(status, Breach.Status.values, "status", "状态")
    return selectors.filter_breaches(selectors.visible_breaches(user), status=status, accused_id=accused_id)


@router.post("/breaches", response={201: BreachOut, **ERRORS}, summary="受理违约失信投诉")
def file_breach(request: HttpRequest, payload: BreachIn) -> Any:
    user = _user(request, OFFICE)
    units = selectors.office_units(user)
    accused = _picked(units, payload.accused_id, "accused_id", "被投诉单位不在本营商办管辖区域内。")
    breach = services.file_breach(
        actor=user,
        accused=accused,
        superior=_picked(units, payload.superior_id, "superior_id", "核实部门无效。"),
        enterprise=_picked(
            visible_enterprises(user), payload.enterprise_id, "enterprise_id", "投诉企业无效。"
        ),
        case=_picked(selectors.visible_cases(user), payload.case_id, "case_id", "欠款案件无效。"),
        promise=_picked(selectors.visible_promises(user), payload.promise_id, "promise_id", "政策承诺无效。"),
        summary=payload.summary,
    )
    return Status(201, _breach(user, breach.pk))


@router.get("/breaches/{breach_id}", response={200: BreachDetailOut, **ERRORS}, summary="违约失信投诉详情")
def get_breach(request: HttpRequest, breach_id: int = ID) -> Any:
    user = _user(request, READERS)
    return _breach_detail(user, _breach(user, breach_id))


@router.post(
    "/breaches/{breach_id}/send-to-superior",
    response={200: BreachDetailOut, **ERRORS},
    summary="转主管部门核实",
)
def send_to_superior(request: HttpRequest, breach_id: int = ID) -> Any:
    user = _user(request, WRITERS)
    breach = services.send_to_superior(actor=user, breach=_breach(user, breach_id))
    return _breach_detail(user, breach)


@router.post(
    "/breaches/{breach_id}/verify", response={200: BreachDetailOut, **ERRORS}, summary="主管部门核实"
)
def verify_breach(request: HttpRequest, payload: BreachVerifyIn, breach_id: int = ID) -> Any:
    user = _user(request, WRITERS)
    breach = services.verify_breach(
        actor=user,
        breach=_breach(user, breach_id),
        founded=payload.founded,
        text=payload.text,
        perform_due=payload.perform_due,
    )
    return _breach_detail(user, breach)


@router.post(
    "/breaches/{breach_id}/perform", response={200: BreachDetailOut, **ERRORS}, summary="已履行，办结"
)
def record_performance(request: HttpRequest, breach_id: int = ID) -> Any:
    user = _user(request, WRITERS)
    breach = services.record_performance(actor=user, breach=_breach(user, breach_id))
    return _breach_detail(user, breach)


@router.post(
    "/breaches/{breach_id}/confirm", response={200: BreachDetailOut, **ERRORS}, summary="认定违约失信"
)
def confirm_breach(request: HttpRequest, payload: BreachConfirmIn, breach_id: int = ID) -> Any:
    user = _user(request, WRITERS)
    breach = services.confirm_breach(
        actor=user,
        breach=_breach(user, breach_id),
        decision_no=payload.decision_no,
        text=payload.text,
        refused=payload.refused,
    )
    return _breach_detail(user, breach)


@router.post(
    "/breaches/{breach_id}/repair-request",
    response={200: BreachDetailOut, **ERRORS},
    summary="申请信用修复",
)
def request_repair(request: HttpRequest, payload: BreachTextIn, breach_id: int = ID) -> Any:
    user = _user(request, WRITERS)
    breach = services.request_repair(actor=user, breach=_breach(user, breach_id), text=payload.text)
    return _breach_detail(user, breach)


@router.post(
    "/breaches/{breach_id}/repair-decision",
    response={200: BreachDetailOut, **ERRORS},
    summary="审核信用修复(批准/不予修复)",
)
def decide_repair(request: HttpRequest, payload: RepairDecisionIn, breach_id: int = ID) -> Any:
    user = _user(request, WRITERS)
    breach = services.decide_repair(
        actor=user, breach=_breach(user, breach_id), approve=payload.approve, text=payload.text
    )
    return _breach_detail(user, breach)


@router.post("/breaches/{breach_id}/notes", response={201: BreachDetailOut, **ERRORS}, summary="内部备注")
def add_breach_note(request: HttpRequest, payload: BreachTextIn, breach_id: int = ID) -> Any:
    user = _user(request, WRITERS)
    breach = _breach(user, breach_id)
    services.add_breach_note(actor=user, breach=breach, text=payload.text)
    return Status(201, _breach_detail(user, breach))


# -- promises to investors --------------------------------------------------------------------------


def _promise(user: User, promise_id: int) -> Promise:
    return get_or_404(selectors.visible_promises(user), pk=promise_id)


def _promise_detail(user: User, promise: Promise) -> Promise:
    promise.breach_ids = list(promise.breaches.order_by("pk").values_list("pk", flat=True))  # type: ignore[attr-defined]
    audience = selectors.promise_audience(user)
    promise.events = [e.as_dict() for e in timeline_for(promise, audience)]  # type: ignore[attr-defined]
    return promise


@router.get("/promises", response={200: list[PromiseOut], **ERRORS}, summary="招商引资政策承诺台账")
@paginate(LimitOffsetPagination)
def list_promises(
    request: HttpRequest,
    status: str = Query("", max_length=10),
    kind: str = Query("", max_length=10),
    overdue: bool = Query(False),
) -> Any:
    """By promised date; `overdue`: still pending past it."""
    user = _user(request, OVERSEERS)
    return selectors.filter_promises(
        selectors.visible_promises(user),
        status=checked_choice(status, Promise.Status.values, "status", "状态"),
        kind=checked_choice(kind, Promise.Kind.values, "kind", "承诺类型"),
        overdue=overdue,
    )


@router.post("/promises", response={201: PromiseOut, **ERRORS}, summary="登记政策承诺")
def create_promise(request: HttpRequest, payload: PromiseIn) -> Any:
    user = _user(request, OFFICE)
    promise = services.create_promise(
        actor=user,
        unit=_picked(
            selectors.office_units(user), payload.unit_id, "unit_id", "承诺单位不在本营商办管辖区域内。"
        ),
        enterprise=_picked(
            visible_enterprises(user), payload.enterprise_id, "enterprise_id", "投资企业无效。"
        ),
        kind=payload.kind,
        content=payload.content,
        due_date=payload.due_date,
    )
    return Status(201, _promise(user, promise.pk))


@router.get("/promises/{promise_id}", response={200: PromiseDetailOut, **ERRORS}, summary="政策承诺详情")
def get_promise(request: HttpRequest, promise_id: int = ID) -> Any:
    user = _user(request, OVERSEERS)
    return _promise_detail(user, _promise(user, promise_id))


@router.post("/promises/{promise_id}/fulfil", response={200: PromiseDetailOut, **ERRORS}, summary="记录兑现")
def fulfil_promise(request: HttpRequest, payload: FulfilIn, promise_id: int = ID) -> Any:
    """`fulfilled_on` defaults to today, as on the page."""
    user = _user(request, OFFICE)
    promise = services.fulfil_promise(
        actor=user,
        promise=_promise(user, promise_id),
        fulfilled_on=payload.fulfilled_on or timezone.localdate(),
    )
    return _promise_detail(user, promise)


@router.post(
    "/promises/{promise_id}/mark-broken",
    response={200: PromiseDetailOut, **ERRORS},
    summary="标记逾期未兑现",
)
def mark_promise_broken(request: HttpRequest, promise_id: int = ID) -> Any:
    user = _user(request, OFFICE)
    promise = services.mark_promise_broken(actor=user, promise=_promise(user, promise_id))
    return _promise_detail(user, promise)
