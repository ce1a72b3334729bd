"""/api/v1/arrears/: the calculator, cases (list, enter, read with figures), payments, totals; breach
complaints and promises in breach_api.py.

The same services and selectors as the pages: another region's case is 404, a reader's write 403.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate
from ninja.params.functions import Query

from yingshang.arrears import calculator, selectors, services
from yingshang.arrears.breach_api import ERRORS, ID, checked_choice
from yingshang.arrears.breach_api import router as breach_router
from yingshang.arrears.models import ArrearsCase
from yingshang.arrears.roles import OFFICE, READERS, WRITERS
from yingshang.arrears.schemas import (
    CalculateIn,
    CalculateOut,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    PaymentIn,
    TotalsOut,
)
from yingshang.arrears.services.common import money, rules
from yingshang.core.access import get_or_404, require_role, visible_enterprises, visible_units
from yingshang.core.errors import ValidationFailed
from yingshang.core.models import User
from yingshang.core.pagination import LimitOffsetPagination

router = Router(tags=["arrears"])
router.add_router("", breach_router)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _reader(request: HttpRequest) -> User:
    user = _user(request)
    require_role(user, *READERS)
    return user


def result_out(result: calculator.Result) -> dict[str, Any]:
    return {
        "clock_start": result.clock_start,
        "term_days": result.term_days,
        "term_capped": result.term_capped,
        "due_date": result.due_date,
        "days_overdue": result.days_overdue,
        "undisputed": str(result.undisputed),
        "paid": str(result.paid),
        "outstanding": str(result.outstanding),
        "rate": format(result.rate.normalize(), "f"),
        "rate_is_agreed": result.rate_is_agreed,
        "interest": str(result.interest),
        "rule": result.rule.source,
        "lines": [
            {
                "start": line.start,
                "end": line.end,
                "days": line.days,
                "balance": str(line.balance),
                "rate": format(line.rate.normalize(), "f"),
                "interest": str(line.interest),
            }
            for line in result.lines
        ],
        "working": result.working(),
    }


@router.post("/calculate", response={200: CalculateOut, **ERRORS}, summary="计算付款期限与逾期利息")
def calculate(request: HttpRequest, payload: CalculateIn) -> Any:
    try:
        result = calculator.calculate(
            amount=money(payload.amount, "amount", "欠款金额"),
            disputed=money(payload.disputed, "disputed", "争议金额", allow_zero=True),
            delivered_on=payload.delivered_on,
            accepted_on=payload.accepted_on,
            agreed_term_days=payload.agreed_term_days,
            agreed_daily_rate=payload.agreed_daily_rate,
            as_of=payload.as_of or timezone.localdate(),
            rules=rules(),
            payments=[
                calculator.Payment(p.paid_on, money(p.amount, "payments", "付款金额"))
                for p in payload.payments
            ],
        )
    except calculator.CalculationError as exc:
        raise ValidationFailed(exc.message, fields={exc.field: exc.message}) from None
    return result_out(result)


@router.get("/cases", response={200: list[CaseOut], **ERRORS}, summary="清欠台账")
@paginate(LimitOffsetPagination)
def list_cases(
    request: HttpRequest,
    status: str = Query("", max_length=10),
    overdue: bool = Query(False),
) -> Any:
    user = _reader(request)
    status = checked_choice(status, ArrearsCase.Status.values, "status", "状态")
    qs = selectors.filter_ledger(selectors.visible_cases(user), status=status, overdue=overdue)
    return qs.order_by("due_date", "pk")


@router.post("/cases", response={201: CaseOut, **ERRORS}, summary="登记欠款")
def create_case(request: HttpRequest, payload: CaseIn) -> Any:
    user = _user(request)
    require_role(user, *OFFICE)
    units = visible_units(user)
    debtor = units.filter(pk=payload.debtor_id).first()
    creditor = visible_enterprises(user).filter(pk=payload.creditor_id).first()
    if debtor is None:
        raise ValidationFailed(
            "欠款单位不在本营商办管辖区域内。", code="out_of_region", fields={"debtor_id": "不在管辖区域"}
        )
    if creditor is None:
        raise ValidationFailed("债权企业无效。", fields={"creditor_id": "无效"})
    superior = units.filter(pk=payload.superior_id).first() if payload.superior_id else None
    fields = payload.dict(exclude={"debtor_id", "creditor_id", "superior_id"})
    case = services.open_case(actor=user, debtor=debtor, creditor=creditor, superior=superior, **fields)
    return Status(201, case)


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **ERRORS}, summary="欠款案件及计算过程")
def get_case(request: HttpRequest, case_id: int = ID) -> Any:
    user = _reader(request)
    case = get_or_404(selectors.visible_cases(user), pk=case_id)
    case.figures = result_out(selectors.figures(case))  # type: ignore[attr-defined]
    return case


@router.post("/cases/{case_id}/payments", response={201: CaseOut, **ERRORS}, summary="登记还款")
def add_payment(request: HttpRequest, payload: PaymentIn, case_id: int = ID) -> Any:
    user = _user(request)
    require_role(user, *WRITERS)
    case = get_or_404(selectors.visible_cases(user), pk=case_id)
    services.record_payment(actor=user, case=case, paid_on=payload.paid_on, amount=payload.amount)
    case.refresh_from_db()
    return Status(201, case)


def _totals(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "cases": r["cases"],
            "open_cases": r["open_cases"],
            "overdue_cases": r["overdue_cases"],
            "amount": r["owed"],
            "paid": r["paid"],
            "outstanding": r["open_owed"],
            "overdue_amount": r["overdue_owed"],
        }
        for r in rows
    ]


@router.get("/totals", response={200: TotalsOut, **ERRORS}, summary="按欠款单位和区域汇总")
def totals(request: HttpRequest) -> Any:
    user = _reader(request)
    result = selectors.ledger_totals(selectors.visible_cases(user))
    return {"by_debtor": _totals(result.by_debtor), "by_region": _totals(result.by_region)}
