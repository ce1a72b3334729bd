"""违约失信 complaints (发改财金〔2023〕1103号) and the promises made to investors.

complaint → the accused body's superior verifies within N working days → true: the body performs by a
deadline → performed: closed; refused or not done by then: 认定违约失信 with its decision record →
disclosure list and credit-platform export → 信用修复 on request, after performance, on approval.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from yingshang.arrears.models import ArrearsCase, Breach, Promise
from yingshang.arrears.services.common import (
    breach_verify_workdays,
    check_debtor_in_region,
    clean,
    in_region,
    require_office,
    require_office_for,
)
from yingshang.arrears.transitions import BREACH, PROMISE
from yingshang.core import services as core_services
from yingshang.core.access import require_write
from yingshang.core.errors import NotAllowed, NotFound, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, Unit, User
from yingshang.core.workdays import get_calendar
from yingshang.ledger.services.common import unit_users


def breach_url(breach: Breach) -> str:
    return f"/arrears/breaches/{breach.pk}/"


@transaction.atomic
def file_breach(
    *,
    actor: User,
    accused: Unit,
    enterprise: Enterprise,
    summary: str,
    superior: Unit | None = None,
    case: ArrearsCase | None = None,
    promise: Promise | None = None,
) -> Breach:
    """受理 a complaint against a public body. The verifying unit is its supervising superior."""
    require_office(actor)
    check_debtor_in_region(actor, accused)
    superior = superior or accused.parent
    if superior is None:
        raise ValidationFailed("被投诉单位没有上级主管部门，请指定核实部门。", fields={"superior": "必填"})
    if superior.pk == accused.pk:
        raise ValidationFailed("核实部门不能是被投诉单位本身。", fields={"superior": "不能是被投诉单位"})
    breach = Breach.objects.create(
        region=accused.region,
        accused=accused,
        superior=superior,
        enterprise=enterprise,
        case=case,
        promise=promise,
        summary=clean(summary, "summary", "投诉事项", limit=500),
    )
    record_event(
        breach, actor=actor, action="file", to_status=breach.status, note={"enterprise": enterprise.name}
    )
    return breach


@transaction.atomic
def send_to_superior(*, actor: User, breach: Breach) -> Breach:
    require_office_for(actor, breach.region)
    days = breach_verify_workdays()
    due = get_calendar().add_workdays(timezone.localdate(), days).date
    BREACH.apply(
        breach,
        "send_to_superior",
        actor=actor,
        note={"unit": breach.superior.name, "due": due.isoformat()},
        fields={"verify_due": due},
    )
    core_services.notify(
        recipients=unit_users([breach.superior_id]),
        title=f"违约失信投诉待核实：{breach.summary[:40]}（{days}个工作日内）",
        url=breach_url(breach),
        kind="arrears_breach",
    )
    return breach


def _require_verifier(actor: User, breach: Breach) -> None:
    require_write(actor)
    if actor.role == User.Role.OFFICE_ADMIN and in_region(actor, breach.region):
        return
    if actor.is_unit_user and actor.unit_id == breach.superior_id:
        return
    if actor.is_unit_user and actor.unit_id == breach.accused_id:
        raise NotAllowed("只有核实部门和营商办可以办理此步骤。", code="role")
    raise NotFound("未找到该对象，或您无权查看。")


@transaction.atomic
def verify_breach(
    *, actor: User, breach: Breach, founded: bool, text: str, perform_due: date | None = None
) -> Breach:
    """The superior's finding: true → the body must perform by `perform_due`; false → closed, with why."""
    _require_verifier(actor, breach)
    text = clean(text, "text", "核实意见")
    if not founded:
        return BREACH.apply(breach, "verify_false", actor=actor, note={"text": text})  # type: ignore[return-value]
    if perform_due is None or perform_due <= timezone.localdate():
        raise ValidationFailed("请指定晚于今天的履行期限。", fields={"perform_due": "应晚于今天"})
    BREACH.apply(
        breach,
        "verify_true",
        actor=actor,
        note={"text": text, "due": perform_due.isoformat()},
        fields={"perform_due": perform_due},
    )
    core_services.notify(
        recipients=unit_users([breach.accused_id]),
        title=f"违约失信投诉核实属实，请于 {perform_due:%Y-%m-%d} 前履行",
        url=breach_url(breach),
        kind="arrears_breach",
    )
    return breach


@transaction.atomic
def record_performance(*, actor: User, breach: Breach) -> Breach:
    require_office_for(actor, breach.region)
    return BREACH.apply(breach, "perform", actor=actor)  # type: ignore[return-value]


@transaction.atomic
def confirm_breach(
    *, actor: User, breach: Breach, decision_no: str, text: str, refused: bool = False
) -> Breach:
    """认定违约失信: the body refused to perform, or its deadline passed without performance."""
    require_office_for(actor, breach.region)
    decision_no = clean(decision_no, "decision_no", "认定文号", limit=60)
    text = clean(text, "text", "认定意见")
    today = timezone.localdate()
    if not refused and (breach.perform_due is None or today <= breach.perform_due):
        raise ValidationFailed(
            "履行期限尚未届满；只有拒不履行或逾期未履行的才能认定违约失信。",
            code="not_due",
            fields={"refused": "期限未满"},
        )
    BREACH.apply(
        breach,
        "confirm",
        actor=actor,
        note={"text": text, "name": decision_no},
        fields={"decision_no": decision_no, "decision_text": text, "decided_on": today},
    )
    return breach


@transaction.atomic
def request_repair(*, actor: User, breach: Breach, text: str) -> Breach:
    """信用修复 request by the body (or the office for it), only after it has performed."""
    require_write(actor)
    if not (
        (actor.role == User.Role.OFFICE_ADMIN and in_region(actor, breach.region))
        or (actor.is_unit_user and actor.unit_id == breach.accused_id)
    ):
        raise NotFound("未找到该对象，或您无权查看。")
    text = clean(text, "text", "修复申请说明")
    if breach.case is not None and breach.case.status == ArrearsCase.Status.OPEN:
        raise ValidationFailed(
            "关联的欠款尚未清偿，履行完毕后方可申请信用修复。",
            code="not_performed",
            fields={"text": "尚未履行"},
        )
    return BREACH.apply(breach, "request_repair", actor=actor, note={"text": text})  # type: ignore[return-value]


@transaction.atomic
def decide_repair(*, actor: User, breach: Breach, approve: bool, text: str = "") -> Breach:
    require_office_for(actor, breach.region)
    text = clean(text, "text", "审核意见", required=not approve)
    if approve:
        return BREACH.apply(  # type: ignore[return-value]
            breach,
            "approve_repair",
            actor=actor,
            note={"text": text},
            fields={"repaired_on": timezone.localdate()},
        )
    return BREACH.apply(breach, "refuse_repair", actor=actor, note={"text": text})  # type: ignore[return-value]


@transaction.atomic
def add_breach_note(*, actor: User, breach: Breach, text: str) -> None:
    _require_verifier(actor, breach)
    record_event(breach, actor=actor, action="add_note", note={"text": clean(text, "text", "备注")})


# -- promises to investors -------------------------------------------------------------------------


@transaction.atomic
def create_promise(
    *, actor: User, unit: Unit, enterprise: Enterprise, kind: str, content: str, due_date: date
) -> Promise:
    require_office(actor)
    check_debtor_in_region(actor, unit)
    if kind not in Promise.Kind.values:
        raise ValidationFailed("承诺类型无效。", fields={"kind": "无效"})
    promise = Promise.objects.create(
        region=unit.region,
        unit=unit,
        enterprise=enterprise,
        kind=kind,
        content=clean(content, "content", "承诺内容", limit=500),
        due_date=due_date,
    )
    record_event(
        promise, actor=actor, action="create", to_status=promise.status, note={"enterprise": enterprise.name}
    )
    return promise


@transaction.atomic
def fulfil_promise(*, actor: User, promise: Promise, fulfilled_on: date) -> Promise:
    require_office_for(actor, promise.region)
    if fulfilled_on > timezone.localdate():
        raise ValidationFailed("兑现日期不能晚于今天。", fields={"fulfilled_on": "晚于今天"})
    return PROMISE.apply(promise, "fulfil", actor=actor, fields={"fulfilled_on": fulfilled_on})  # type: ignore[return-value]


@transaction.atomic
def mark_promise_broken(*, actor: User, promise: Promise) -> Promise:
    require_office_for(actor, promise.region)
    if promise.due_date >= timezone.localdate():
        raise ValidationFailed("承诺兑现期限尚未届满。", code="not_due")
    return PROMISE.apply(promise, "mark_broken", actor=actor)  # type: ignore[return-value]
