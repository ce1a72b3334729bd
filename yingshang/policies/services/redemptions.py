"""兑现: applications reviewed by the responsible unit and paid on time; 免申即享 lists signed off
into redemptions without application."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingshang.core import workdays
from yingshang.core.errors import Conflict, NotAllowed, NotFound, TooLarge, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, User
from yingshang.core.services import notify
from yingshang.policies import engine
from yingshang.policies import facts as fact_catalogue
from yingshang.policies.models import AutoGrantList, Clause, Policy, Redemption, RedemptionFile
from yingshang.policies.rules import ELIGIBLE, NOT_ELIGIBLE, explain, fmt
from yingshang.policies.services.common import Role, clean_text, require_responsible_unit, today
from yingshang.policies.services.facts import declare_fact
from yingshang.policies.transitions import AUTO_GRANT, REDEMPTION

MAX_FILES = 10


def _workday(n: int) -> date:
    return workdays.get_calendar().add_workdays(today(), n).date


def _require_open(policy: Policy) -> None:
    on = today()
    if policy.status != Policy.Status.PUBLISHED:
        raise Conflict("该政策未发布或已废止。", code="not_published")
    if on < policy.valid_from or (policy.valid_until is not None and on > policy.valid_until):
        raise Conflict("不在政策有效期内。", code="out_of_validity")


def _unit_users(policy: Policy) -> list[User]:
    return list(User.objects.filter(unit_id=policy.responsible_unit_id, is_active=True))


def _enterprise_users(enterprise_id: int) -> list[User]:
    return list(User.objects.filter(enterprise_id=enterprise_id, role=Role.ENTERPRISE, is_active=True))


def _save_files(redemption: Redemption, files: list[tuple[str, UploadedFile]]) -> None:
    if len(files) > MAX_FILES:
        raise ValidationFailed(f"材料最多{MAX_FILES}个。", fields={"files": "过多"})
    for name, upload in files:
        if upload.size and upload.size > settings.UPLOAD_MAX_BYTES:
            raise TooLarge("文件过大。", fields={"files": "文件过大"})
        RedemptionFile.objects.create(
            redemption=redemption, name=clean_text(name, "files", "材料名称", max_length=100), file=upload
        )


@transaction.atomic
def apply_for_clause(
    *,
    actor: User,
    clause: Clause,
    facts: dict[str, Any] | None = None,
    statement: str = "",
    files: list[tuple[str, UploadedFile]] | None = None,
) -> Redemption:
    """An enterprise applies. The facts it fills in are kept as its declarations; an application the
    rule already answers "no" is refused with the reason; the required materials must all be there."""
    if actor.role != Role.ENTERPRISE or actor.enterprise_id is None:
        raise NotAllowed("只有企业用户可以申报。", code="role")
    policy = clause.policy
    _require_open(policy)
    if clause.auto_grant:
        raise Conflict("本条款为免申即享，无需申报，核定后直接兑现。", code="auto_grant")
    enterprise = Enterprise.objects.get(pk=actor.enterprise_id)
    for key, value in (facts or {}).items():
        if str(value).strip() != "":
            declare_fact(actor=actor, enterprise=enterprise, key=key, value=value)
    files = files or []
    given = {name for name, _ in files}
    lacking = [a for a in clause.attachments if a not in given]
    if lacking:
        raise ValidationFailed(
            f"请上传申报材料：{'、'.join(lacking)}", code="attachments", fields={"files": "缺少材料"}
        )
    known = fact_catalogue.facts_for(
        Enterprise.objects.filter(pk=enterprise.pk), engine.clause_rule(clause).facts
    )[enterprise.pk]
    answer = explain(engine.clause_rule(clause), known, today())
    if answer.status == NOT_ELIGIBLE:
        reasons = "；".join(s.expression for s in answer.failing)
        raise ValidationFailed(
            f"根据填报的信息，不符合条件：{reasons}", code="not_eligible", fields={"facts": reasons}
        )
    redemption = Redemption(
        clause=clause,
        enterprise=enterprise,
        origin=Redemption.Origin.APPLICATION,
        status=Redemption.Status.SUBMITTED,
        facts={k: fact_catalogue.to_json(v) for k, v in known.items()},
        statement=clean_text(statement, "statement", "申报说明", max_length=5000, required=False),
        amount_computed=answer.amount,
        submitted_on=today(),
        review_due=_workday(clause.review_workdays),
        applicant=actor,
    )
    try:
        with transaction.atomic():
            redemption.save()
    except IntegrityError:
        raise Conflict("贵企业已申报过该条款，请查看申报进度。", code="duplicate") from None
    _save_files(redemption, files)
    record_event(
        redemption,
        actor=actor,
        action="apply",
        to_status=redemption.status,
        note={
            "amount": fmt(answer.amount) if answer.amount is not None else "",
            "due_date": str(redemption.review_due),
        },
    )
    notify(
        recipients=_unit_users(policy),
        title=f"新的政策兑现申报：{enterprise.name}",
        body=f"{policy.title} · {clause.title}，请于{redemption.review_due:%m月%d日}前审核。",
        url=f"/policies/redemptions/{redemption.pk}/",
        kind="policy_redemption",
    )
    return redemption


def _amount(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationFailed("金额应为数值。", fields={field: "应为数值"}) from None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal(10) ** 12:
        raise ValidationFailed("金额应大于零。", fields={field: "超出范围"})
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def review_redemption(
    *, actor: User, redemption: Redemption, decision: str, reason: str = "", amount: Any = None
) -> Redemption:
    """The responsible unit accepts (with the approved amount), returns for more material, or refuses;
    returning and refusing need a reason."""
    policy = redemption.clause.policy
    require_responsible_unit(actor, policy)
    if decision not in ("accept", "return", "refuse"):
        raise ValidationFailed("审核结论无效。", fields={"decision": "无效"})
    reason = clean_text(reason, "reason", "审核意见", max_length=2000, required=decision != "accept")
    fields: dict[str, Any] = {"reason": reason}
    note: dict[str, Any] = {"reason": reason, "late": today() > redemption.review_due}
    if decision == "accept":
        approved = _amount(amount, "amount") if amount not in (None, "") else redemption.amount_computed
        if approved is None:
            raise ValidationFailed("请填写核定金额。", fields={"amount": "必填"})
        due = _workday(redemption.clause.payment_workdays)
        fields.update(amount_approved=approved, accepted_on=today(), payment_due=due)
        note.update(amount=fmt(approved), due_date=str(due))
    REDEMPTION.apply(redemption, decision, actor=actor, note=note, fields=fields)
    label = {"accept": "审核通过", "return": "被退回补充材料", "refuse": "未获支持"}[decision]
    notify(
        recipients=_enterprise_users(redemption.enterprise_id),
        title=f"您的政策兑现申报{label}：{redemption.clause.title}",
        body=reason,
        url=f"/policies/redemptions/{redemption.pk}/",
        kind="policy_redemption",
    )
    return redemption


@transaction.atomic
def resubmit_redemption(
    *,
    actor: User,
    redemption: Redemption,
    statement: str = "",
    files: list[tuple[str, UploadedFile]] | None = None,
) -> Redemption:
    if actor.role != Role.ENTERPRISE or actor.enterprise_id != redemption.enterprise_id:
        raise NotFound("未找到该申报。")
    _save_files(redemption, files or [])
    due = _workday(redemption.clause.review_workdays)
    text = clean_text(statement, "statement", "补充说明", max_length=5000, required=False)
    REDEMPTION.apply(
        redemption,
        "resubmit",
        actor=actor,
        note={"reason": text, "due_date": str(due)},
        fields={
            "review_due": due,
            "statement": (redemption.statement + "\n" + text).strip() if text else redemption.statement,
        },
    )
    notify(
        recipients=_unit_users(redemption.clause.policy),
        title=f"政策兑现申报已补充材料：{redemption.enterprise.name}",
        url=f"/policies/redemptions/{redemption.pk}/",
        kind="policy_redemption",
    )
    return redemption


@transaction.atomic
def pay_redemption(
    *, actor: User, redemption: Redemption, amount: Any, paid_on: date, voucher: str
) -> Redemption:
    require_responsible_unit(actor, redemption.clause.policy)
    paid = _amount(amount, "amount")
    if redemption.amount_approved is not None and paid > redemption.amount_approved:
        raise ValidationFailed("兑现金额不能超过核定金额。", fields={"amount": "超过核定金额"})
    if paid_on > today():
        raise ValidationFailed("兑现日期不能晚于今天。", fields={"paid_on": "晚于今天"})
    if redemption.accepted_on and paid_on < redemption.accepted_on:
        raise ValidationFailed("兑现日期不能早于审核通过日期。", fields={"paid_on": "早于审核通过"})
    voucher = clean_text(voucher, "voucher", "支付凭证号", max_length=100)
    late = redemption.payment_due is not None and paid_on > redemption.payment_due
    REDEMPTION.apply(
        redemption,
        "pay",
        actor=actor,
        note={"amount": fmt(paid), "late": late},
        fields={"amount_paid": paid, "paid_on": paid_on, "voucher": voucher},
    )
    notify(
        recipients=_enterprise_users(redemption.enterprise_id),
        title=f"政策资金已兑现：{redemption.clause.title}",
        body=f"兑现金额 {fmt(paid)} 元，兑现日期 {paid_on}。",
        url=f"/policies/redemptions/{redemption.pk}/",
        kind="policy_redemption",
    )
    return redemption


@transaction.atomic
def generate_auto_grant_list(*, actor: User, clause: Clause) -> AutoGrantList:
    """免申即享: every enterprise of the region the data show eligible, with its amount, that has no
    redemption of the clause yet. Nothing is granted until a second person signs the list off."""
    policy = clause.policy
    require_responsible_unit(actor, policy)
    _require_open(policy)
    if not clause.auto_grant:
        raise Conflict("该条款不是免申即享条款。", code="not_auto_grant")
    enterprises = Enterprise.objects.filter(region__tree_path__startswith=policy.region.tree_path)
    facts = fact_catalogue.facts_for(enterprises, engine.clause_rule(clause).facts)
    taken = set(
        Redemption.objects.filter(
            clause=clause, status__in=(*Redemption.OPEN_STATUSES, Redemption.Status.PAID)
        ).values_list("enterprise_id", flat=True)
    )
    fast = engine.clause_fast(clause)
    names = dict(enterprises.values_list("id", "name"))
    candidates = []
    for eid, fs in facts.items():
        if eid in taken:
            continue
        status, amount = fast(fs, today())
        if status == ELIGIBLE and amount is not None and amount > 0:
            candidates.append({"enterprise": eid, "name": names[eid], "amount": str(amount)})
    candidates.sort(key=lambda c: str(c["name"]))
    lst = AutoGrantList.objects.create(clause=clause, candidates=candidates, created_by=actor)
    record_event(lst, actor=actor, action="create", to_status=lst.status, note={"count": len(candidates)})
    return lst


@transaction.atomic
def sign_off_auto_grant_list(*, actor: User, grant_list: AutoGrantList) -> list[Redemption]:
    """A second person confirms the list; each candidate gets an accepted redemption without applying."""
    clause = grant_list.clause
    require_responsible_unit(actor, clause.policy)
    if actor.pk == grant_list.created_by_id:
        raise Conflict("清单须由生成人以外的人员确认。", code="four_eyes")
    AUTO_GRANT.apply(
        grant_list, "sign_off", actor=actor, fields={"signed_by": actor, "signed_at": timezone.now()}
    )
    due = _workday(clause.payment_workdays)
    taken = set(
        Redemption.objects.filter(
            clause=clause, status__in=(*Redemption.OPEN_STATUSES, Redemption.Status.PAID)
        ).values_list("enterprise_id", flat=True)
    )
    made = []
    for c in grant_list.candidates:
        if c["enterprise"] in taken:
            continue
        amount = Decimal(c["amount"])
        r = Redemption.objects.create(
            clause=clause,
            enterprise_id=c["enterprise"],
            origin=Redemption.Origin.AUTO_GRANT,
            status=Redemption.Status.ACCEPTED,
            amount_computed=amount,
            amount_approved=amount,
            submitted_on=today(),
            review_due=today(),
            accepted_on=today(),
            payment_due=due,
        )
        record_event(
            r,
            actor=actor,
            action="grant",
            to_status=r.status,
            note={"amount": fmt(amount), "due_date": str(due)},
        )
        made.append(r)
    for r in made:
        notify(
            recipients=_enterprise_users(r.enterprise_id),
            title=f"免申即享：{clause.policy.title}",
            body=f"贵企业符合“{clause.title}”，无需申报，核定金额 {fmt(r.amount_approved or Decimal(0))} 元，将于{due:%m月%d日}前兑现。",
            url=f"/policies/redemptions/{r.pk}/",
            kind="policy_redemption",
        )
    return made
