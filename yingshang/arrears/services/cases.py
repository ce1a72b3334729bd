"""Arrears cases: entering one (office, survey import, appeal, complaint platform), payments, closing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from yingshang.arrears import calculator
from yingshang.arrears.models import ArrearsCase, Instalment, Payment
from yingshang.arrears.services.common import (
    check_debtor_in_region,
    clean,
    money,
    require_debtor_side,
    require_office,
    require_office_for,
    rules,
)
from yingshang.arrears.transitions import CASE, INSTALMENT
from yingshang.core.errors import Conflict, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, Unit, User

APPEAL_CATEGORIES = ("arrears", "broken_promise")  # 拖欠账款, 政府承诺不兑现 (appeals.catalogue)


def _due_date(
    *,
    amount: Decimal,
    disputed: Decimal,
    delivered_on: date,
    accepted_on: date | None,
    agreed_term_days: int | None,
    agreed_daily_rate: Decimal | None,
) -> date:
    try:
        result = calculator.calculate(
            amount=amount,
            disputed=disputed,
            delivered_on=delivered_on,
            accepted_on=accepted_on,
            agreed_term_days=agreed_term_days,
            agreed_daily_rate=agreed_daily_rate,
            as_of=delivered_on,
            rules=rules(),
        )
    except calculator.CalculationError as exc:
        raise ValidationFailed(exc.message, fields={exc.field: exc.message}) from None
    return result.due_date


def check_case_fields(
    *,
    actor: User,
    debtor: Unit,
    amount: object,
    disputed_amount: object,
    contract_date: date,
    delivered_on: date,
    accepted_on: date | None,
    agreed_term_days: int | None,
    agreed_daily_rate: object,
) -> dict[str, Any]:
    """Every check of a new case that needs no other row; returns the cleaned money values."""
    check_debtor_in_region(actor, debtor)
    value = money(amount, "amount", "欠款金额")
    disputed = money(disputed_amount or 0, "disputed_amount", "争议金额", allow_zero=True)
    if disputed > value:
        raise ValidationFailed("争议金额不能超过欠款金额。", fields={"disputed_amount": "超过欠款金额"})
    today = timezone.localdate()
    if contract_date > today:
        raise ValidationFailed("合同签订日期不能晚于今天。", fields={"contract_date": "晚于今天"})
    if delivered_on < contract_date:
        raise ValidationFailed("交付日期不能早于合同签订日期。", fields={"delivered_on": "早于合同日期"})
    if accepted_on is not None and accepted_on < delivered_on:
        raise ValidationFailed("验收日期不能早于交付日期。", fields={"accepted_on": "早于交付日期"})
    if agreed_term_days is not None and not 0 <= agreed_term_days <= 3650:
        raise ValidationFailed("约定付款期限应为0到3650日。", fields={"agreed_term_days": "超出范围"})
    rate = None
    if agreed_daily_rate not in (None, ""):
        try:
            rate = Decimal(str(agreed_daily_rate).strip())
        except InvalidOperation:
            raise ValidationFailed("约定日利率不是有效数字。", fields={"agreed_daily_rate": "无效"}) from None
        if not rate.is_finite() or rate < 0 or rate > Decimal("0.01"):
            raise ValidationFailed("约定日利率应在0到0.01之间。", fields={"agreed_daily_rate": "超出范围"})
    return {"amount": value, "disputed_amount": disputed, "agreed_daily_rate": rate}


@transaction.atomic
def open_case(
    *,
    actor: User,
    debtor: Unit,
    creditor: Enterprise,
    contract_no: str,
    contract_name: str,
    contract_date: date,
    amount: object,
    delivered_on: date,
    accepted_on: date | None = None,
    disputed_amount: object = 0,
    agreed_term_days: int | None = None,
    agreed_daily_rate: object = None,
    superior: Unit | None = None,
    sector: str = ArrearsCase.Sector.ORGAN,
    source: str = ArrearsCase.Source.OFFICE,
    appeal: Any = None,
    platform_ref: str = "",
    action: str = "open",
) -> ArrearsCase:
    """登记 one debt. Refuses a debtor outside the office's region and a second open case of one contract."""
    require_office(actor)
    values = check_case_fields(
        actor=actor,
        debtor=debtor,
        amount=amount,
        disputed_amount=disputed_amount,
        contract_date=contract_date,
        delivered_on=delivered_on,
        accepted_on=accepted_on,
        agreed_term_days=agreed_term_days,
        agreed_daily_rate=agreed_daily_rate,
    )
    contract_no = clean(contract_no, "contract_no", "合同编号", limit=60)
    contract_name = clean(contract_name, "contract_name", "合同名称", limit=200)
    if sector not in ArrearsCase.Sector.values:
        raise ValidationFailed("欠款主体类型无效。", fields={"sector": "无效"})
    if open_case_for(debtor, creditor, contract_no) is not None:
        raise _duplicate(contract_no)
    case = ArrearsCase(
        region=debtor.region,
        debtor=debtor,
        superior=superior if superior is not None else debtor.parent,
        sector=sector,
        creditor=creditor,
        contract_no=contract_no,
        contract_name=contract_name,
        contract_date=contract_date,
        delivered_on=delivered_on,
        accepted_on=accepted_on,
        agreed_term_days=agreed_term_days,
        due_date=_due_date(
            amount=values["amount"],
            disputed=values["disputed_amount"],
            delivered_on=delivered_on,
            accepted_on=accepted_on,
            agreed_term_days=agreed_term_days,
            agreed_daily_rate=values["agreed_daily_rate"],
        ),
        source=source,
        appeal=appeal,
        platform_ref=platform_ref,
        created_by=actor,
        **values,
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # a concurrent entry of the same contract won the partial unique index
        raise _duplicate(contract_no) from None
    note: dict[str, Any] = {"enterprise": creditor.name, "due_date": case.due_date.isoformat()}
    if appeal is not None:
        note["appeal"] = appeal.tracking_code
    record_event(case, actor=actor, action=action, to_status=case.status, note=note)
    return case


def _duplicate(contract_no: str) -> Conflict:
    return Conflict(
        f"合同“{contract_no}”已有一件未清偿的欠款案件，请在原案件中登记。",
        code="duplicate_case",
        fields={"contract_no": "已有未清偿案件"},
    )


def open_case_for(debtor: Unit, creditor: Enterprise, contract_no: str) -> ArrearsCase | None:
    return ArrearsCase.objects.filter(
        debtor=debtor, creditor=creditor, contract_no=contract_no, status=ArrearsCase.Status.OPEN
    ).first()


def _locked(case: ArrearsCase) -> ArrearsCase:
    return ArrearsCase.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def record_payment(
    *, actor: User, case: ArrearsCase, paid_on: date, amount: object, instalment: Instalment | None = None
) -> Payment:
    """登记还款. A payment above what is still owed, dated before the contract or in the future is refused."""
    require_debtor_side(actor, case)
    case = _locked(case)
    if case.status != ArrearsCase.Status.OPEN:
        raise Conflict("该案件已不在清偿中，不能登记还款。", code="not_open")
    value = money(amount, "amount", "付款金额")
    if paid_on < case.contract_date:
        raise ValidationFailed("付款日期不能早于合同签订日期。", fields={"paid_on": "早于合同日期"})
    if paid_on > timezone.localdate():
        raise ValidationFailed("付款日期不能晚于今天。", fields={"paid_on": "晚于今天"})
    if value > case.outstanding:
        raise ValidationFailed(
            f"付款金额 {value:,.2f} 元超过尚欠的无争议金额 {case.outstanding:,.2f} 元。",
            code="overpaid",
            fields={"amount": "超过尚欠金额"},
        )
    payment = Payment.objects.create(
        case=case, paid_on=paid_on, amount=value, instalment=instalment, recorded_by=actor
    )
    ArrearsCase.objects.filter(pk=case.pk).update(paid_amount=F("paid_amount") + value)
    case.paid_amount += value
    record_event(
        case,
        actor=actor,
        action="record_payment",
        note={"amount": str(value), "paid_on": paid_on.isoformat()},
    )
    if case.outstanding == 0 and case.disputed_amount == 0:
        CASE.apply(case, "settle", actor=actor, fields={"settled_on": paid_on})
        Instalment.objects.filter(case=case, status=Instalment.Status.PENDING).update(next_alert_at=None)
    return payment


@transaction.atomic
def close_case(*, actor: User, case: ArrearsCase, reason: str) -> ArrearsCase:
    """销案 (e.g. the disputed part settled by a court, or the debt turned out not to exist)."""
    require_office_for(actor, case.region)
    reason = clean(reason, "reason", "销案理由")
    CASE.apply(case, "close", actor=actor, note={"reason": reason})
    Instalment.objects.filter(case=case, status=Instalment.Status.PENDING).update(next_alert_at=None)
    return case


@transaction.atomic
def add_case_note(*, actor: User, case: ArrearsCase, text: str) -> None:
    """An internal note among staff (the creditor never reads it: core.event_kinds)."""
    if not (actor.is_unit_user and actor.unit_id == case.superior_id):
        require_debtor_side(actor, case)
    record_event(case, actor=actor, action="add_note", note={"text": clean(text, "text", "备注")})


@transaction.atomic
def link_appeal(*, actor: User, appeal: Any, case: ArrearsCase | None = None, **fields: Any) -> ArrearsCase:
    """From an appeal of 拖欠账款 or 政府承诺不兑现: link an open case of the same enterprise, or open a new
    one with `fields`. The case points at the appeal and the appeal page lists the case."""
    require_office(actor)
    if appeal.service.code not in APPEAL_CATEGORIES:
        raise ValidationFailed(
            "只有“拖欠账款”“政府承诺不兑现”类诉求可以转入清欠台账。", code="wrong_category"
        )
    if appeal.enterprise_id is None:
        raise ValidationFailed("该诉求尚未关联企业，请先关联企业。", code="no_enterprise")
    if case is not None:
        require_office_for(actor, case.region)
        if case.creditor_id != appeal.enterprise_id:
            raise ValidationFailed("所选案件的债权企业与诉求企业不一致。", fields={"case": "企业不一致"})
        if case.appeal_id not in (None, appeal.pk):
            raise Conflict("所选案件已关联其他诉求。", code="already_linked")
        ArrearsCase.objects.filter(pk=case.pk).update(appeal=appeal)
        case.appeal = appeal
        record_event(case, actor=actor, action="link_appeal", note={"appeal": appeal.tracking_code})
        return case
    return open_case(
        actor=actor,
        creditor=appeal.enterprise,
        appeal=appeal,
        source=ArrearsCase.Source.APPEAL,
        **fields,
    )


def pay_instalment(*, actor: User, instalment: Instalment, paid_on: date) -> Instalment:
    """Pay one instalment in full: a payment of its amount, and the instalment moves to paid."""
    with transaction.atomic():
        record_payment(
            actor=actor,
            case=instalment.case,
            paid_on=paid_on,
            amount=instalment.amount,
            instalment=instalment,
        )
        INSTALMENT.apply(
            instalment,
            "pay",
            actor=actor,
            fields={"paid_on": paid_on, "next_alert_at": None, "colour": "green"},
        )
    return instalment
