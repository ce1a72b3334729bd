"""Repayment plans: instalments with an owner (the debtor) and a clock, warned and escalated the way
ledger tasks are (ledger.clock colours and timers, the ledger's recipients), and delays refused when
their reason is one the rules forbid."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from yingshang.arrears.excuses import forbidden_excuse, refusal_message
from yingshang.arrears.models import ArrearsCase, Instalment
from yingshang.arrears.services.common import case_url, clean, money, require_debtor_side
from yingshang.core import services as core_services
from yingshang.core.errors import Conflict, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import User
from yingshang.ledger import clock
from yingshang.ledger.services.common import office_users, unit_users

# An instalment still unpaid this many working days after its date goes up to the leaders.
ESCALATE_AFTER_WORKDAYS = 5


def _planned(case: ArrearsCase, exclude: int | None = None) -> Decimal:
    qs = Instalment.objects.filter(case=case, status=Instalment.Status.PENDING)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal("0")


@transaction.atomic
def add_instalment(*, actor: User, case: ArrearsCase, due_date: date, amount: object) -> Instalment:
    require_debtor_side(actor, case)
    case = ArrearsCase.objects.select_for_update().get(pk=case.pk)
    if case.status != ArrearsCase.Status.OPEN:
        raise Conflict("该案件已不在清偿中，不能制定还款计划。", code="not_open")
    value = money(amount, "amount", "计划金额")
    if due_date < case.contract_date:
        raise ValidationFailed("计划还款日期不能早于合同签订日期。", fields={"due_date": "早于合同日期"})
    if _planned(case) + value > case.outstanding:
        raise ValidationFailed(
            f"各期计划金额合计超过尚欠的无争议金额 {case.outstanding:,.2f} 元。",
            code="overplanned",
            fields={"amount": "超过尚欠金额"},
        )
    instalment = Instalment.objects.create(
        case=case,
        due_date=due_date,
        amount=value,
        next_alert_at=timezone.now(),
        colour=colour_of(due_date, Instalment.Status.PENDING),
    )
    record_event(
        case,
        actor=actor,
        action="add_instalment",
        note={"due_date": due_date.isoformat(), "amount": str(value)},
    )
    return instalment


@transaction.atomic
def reschedule_instalment(*, actor: User, instalment: Instalment, due_date: date, reason: str) -> Instalment:
    """Move an instalment's date. A forbidden excuse is refused, with the rule that forbids it."""
    case = instalment.case
    require_debtor_side(actor, case)
    reason = clean(reason, "reason", "延期理由")
    excuse = forbidden_excuse(reason)
    if excuse is not None:
        raise ValidationFailed(
            refusal_message(excuse), code="forbidden_excuse", fields={"reason": excuse.explanation}
        )
    if instalment.status != Instalment.Status.PENDING:
        raise Conflict("该期已支付，不能调整。", code="not_pending")
    if due_date <= instalment.due_date:
        raise ValidationFailed("新的还款日期应晚于原日期。", fields={"due_date": "应晚于原日期"})
    old = instalment.due_date
    Instalment.objects.filter(pk=instalment.pk).update(
        due_date=due_date, next_alert_at=timezone.now(), warned_at=None, overdue_at=None, escalated_at=None
    )
    instalment.due_date = due_date
    record_event(
        case,
        actor=actor,
        action="reschedule",
        note={"changes": {"due_date": [old.isoformat(), due_date.isoformat()]}, "reason": reason},
    )
    return instalment


def colour_of(due: date, status: str, on: date | None = None) -> str:
    """三色 of an instalment by the ledger's rule: red after its date, yellow close to it."""
    return clock.colour_of(
        due=due,
        status="closed" if status == Instalment.Status.PAID else "open",
        progress=0,
        started=None,
        on=on,
    )


def _leaders(unit_ids: list[int]) -> list[User]:
    return [u for u in unit_users(unit_ids) if u.role == User.Role.UNIT_LEADER]


def run_instalment_clocks(*, now: datetime | None = None) -> dict[str, int]:
    """临期提醒, 逾期催办 and 升级督办 for instalments whose timer is due. Idempotent: each step once."""
    from yingshang.core.workdays import get_calendar

    now = now or timezone.now()
    today = timezone.localdate(now)
    cal = get_calendar()
    counts = {"due_soon": 0, "overdue": 0, "escalate": 0}
    due = Instalment.objects.filter(status=Instalment.Status.PENDING, next_alert_at__lte=now).select_related(
        "case", "case__debtor", "case__region"
    )
    for inst in due:
        case = inst.case
        url = case_url(case)
        colour = colour_of(inst.due_date, inst.status, today)
        title = f"{case.debtor.name}《{case.contract_name}》{inst.due_date:%Y-%m-%d}到期的一期还款"
        updates: dict[str, object] = {"colour": colour, "next_alert_at": clock.next_morning(now)}
        if colour == "yellow" and inst.warned_at is None:
            updates["warned_at"] = now
            counts["due_soon"] += 1
            record_event(inst, actor=None, action="due_soon", note={"due_date": inst.due_date.isoformat()})
            core_services.notify(
                recipients=unit_users([case.debtor_id]),
                title=f"临期提醒：{title}",
                url=url,
                kind="arrears_reminder",
            )
        elif colour == "red":
            late = cal.workdays_between(inst.due_date, today)
            if inst.overdue_at is None:
                updates["overdue_at"] = now
                counts["overdue"] += 1
                record_event(inst, actor=None, action="overdue", note={"due_date": inst.due_date.isoformat()})
                core_services.notify(
                    recipients=unit_users([case.debtor_id]) + office_users(case.region),
                    title=f"催办：{title}已逾期",
                    url=url,
                    kind="arrears_urge",
                )
            if late >= ESCALATE_AFTER_WORKDAYS and inst.escalated_at is None:
                updates["escalated_at"] = now
                counts["escalate"] += 1
                record_event(inst, actor=None, action="escalate", note={"workdays": late})
                ids = [case.debtor_id] + ([case.superior_id] if case.superior_id else [])
                core_services.notify(
                    recipients=_leaders(ids),
                    title=f"升级督办：{title}已逾期 {late} 个工作日",
                    url=url,
                    kind="arrears_escalate",
                )
        Instalment.objects.filter(pk=inst.pk, status=Instalment.Status.PENDING).update(**updates)
    return counts
