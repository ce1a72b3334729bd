"""Policies, their parameters, clauses (rules) and test cases; publishing; 谁发布谁解读."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from yingshang.core import workdays
from yingshang.core.errors import Conflict, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Region, Unit, User
from yingshang.core.services import notify
from yingshang.policies import engine
from yingshang.policies import facts as fact_catalogue
from yingshang.policies.models import Clause, Interpretation, Parameter, Policy, TestCase
from yingshang.policies.rules import Parameter as RuleParameter
from yingshang.policies.rules import RuleError, explain, fmt
from yingshang.policies.services.common import (
    clean_text,
    require_office,
    require_policy_office,
    require_responsible_unit,
    today,
)
from yingshang.policies.transitions import INTERPRETATION, POLICY

MAX_RULE = 10_000


def _check_dates(issue_date: date, valid_from: date, valid_until: date | None) -> None:
    if valid_until is not None and valid_until < valid_from:
        raise ValidationFailed(
            "有效期止不能早于有效期起。", code="bad_dates", fields={"valid_until": "早于起始日"}
        )


@transaction.atomic
def create_policy(
    *,
    actor: User,
    title: str,
    issuer: str,
    issue_date: date,
    valid_from: date,
    responsible_unit: Unit,
    region: Region,
    doc_number: str = "",
    valid_until: date | None = None,
    summary: str = "",
    source_text: str = "",
    interpretation_workdays: int = 7,
) -> Policy:
    require_office(actor)
    _check_dates(issue_date, valid_from, valid_until)
    if not 1 <= interpretation_workdays <= 60:
        raise ValidationFailed("解读时限应为1至60个工作日。", fields={"interpretation_workdays": "超出范围"})
    policy = Policy(
        title=clean_text(title, "title", "政策名称", max_length=200),
        issuer=clean_text(issuer, "issuer", "发文机关", max_length=100),
        doc_number=clean_text(doc_number, "doc_number", "文号", max_length=100, required=False),
        issue_date=issue_date,
        valid_from=valid_from,
        valid_until=valid_until,
        responsible_unit=responsible_unit,
        region=region,
        summary=clean_text(summary, "summary", "政策摘要", max_length=5000, required=False),
        source_text=source_text,
        interpretation_workdays=interpretation_workdays,
        created_by=actor,
    )
    require_policy_office(actor, policy)
    policy.save()
    record_event(policy, actor=actor, action="create", to_status=policy.status)
    return policy


@transaction.atomic
def update_policy(*, actor: User, policy: Policy, **changes: Any) -> Policy:
    require_policy_office(actor, policy)
    allowed = {"title", "issuer", "doc_number", "summary", "valid_until", "interpretation_workdays"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed("不能修改这些字段。", fields={k: "不可修改" for k in unknown})
    for name in ("title", "issuer", "doc_number", "summary"):
        if name in changes:
            label = {"title": "政策名称", "issuer": "发文机关", "doc_number": "文号", "summary": "政策摘要"}[
                name
            ]
            limit = 5000 if name == "summary" else 200
            changes[name] = clean_text(
                changes[name], name, str(label), max_length=limit, required=name in ("title", "issuer")
            )
    _check_dates(policy.issue_date, policy.valid_from, changes.get("valid_until", policy.valid_until))
    before = {k: str(getattr(policy, k)) for k in changes}
    for k, v in changes.items():
        setattr(policy, k, v)
    policy.save(update_fields=list(changes))
    record_event(
        policy,
        actor=actor,
        action="update",
        note={"changes": {k: [before[k], str(v)] for k, v in changes.items()}},
    )
    return policy


@transaction.atomic
def set_parameter(
    *, actor: User, policy: Policy, name: str, label: str, values: list[list[str]], kind: str = "number"
) -> Parameter:
    """Create or replace a parameter's dated values. Refused if any clause's rule stops checking or,
    for a published policy, any test stops passing: nothing published changes."""
    require_policy_office(actor, policy)
    name = clean_text(name, "name", "参数名", max_length=50)
    if not name.replace("_", "a").isalnum():
        raise ValidationFailed("参数名只能由字母、数字、下划线或汉字组成。", fields={"name": "格式不对"})
    if kind not in Parameter.Kind.values:
        raise ValidationFailed("参数类型无效。", fields={"kind": "无效"})
    try:
        engine.parameter_values(kind, values)
    except ValueError as exc:
        raise ValidationFailed(
            f"参数取值有误：{exc}", code="bad_parameter", fields={"values": str(exc)}
        ) from None
    param, _ = Parameter.objects.update_or_create(
        policy=policy,
        name=name,
        defaults={
            "label": clean_text(label, "label", "说明", max_length=100),
            "kind": kind,
            "values": values,
        },
    )
    policy.__dict__.pop("_rule_parameters", None)
    params = engine.rule_parameters(policy.parameters.all())
    for clause in policy.clauses.all():
        _check_rule(clause.rule, params)
    if policy.status == Policy.Status.PUBLISHED:
        failures = _failing_tests(policy, params=params)
        if failures:
            raise ValidationFailed("修改后测试用例不通过，未保存：" + "；".join(failures), code="tests_fail")
        _enqueue_push(policy)
    record_event(policy, actor=actor, action="set_parameter", note={"name": name, "value": values})
    return param


def _check_rule(source: str, params: tuple[RuleParameter, ...]) -> None:
    if len(source) > MAX_RULE:
        raise ValidationFailed("规则过长。", code="too_long", fields={"rule": "过长"})
    try:
        engine.compile_text(source, params)
    except RuleError as exc:
        raise ValidationFailed(
            f"规则有误：{exc}", code="bad_rule", fields={"rule": "\n".join(str(p) for p in exc.problems)}
        ) from None


@transaction.atomic
def save_clause(
    *,
    actor: User,
    policy: Policy,
    title: str,
    rule: str,
    clause: Clause | None = None,
    text: str = "",
    benefit_text: str = "",
    attachments: list[str] | None = None,
    auto_grant: bool = False,
    review_workdays: int = 10,
    payment_workdays: int = 60,
) -> Clause:
    """Add a clause or change one. The rule is checked first; on a published policy the policy's tests
    must still pass with the new rule, else nothing changes. A change re-runs 政策找人."""
    require_policy_office(actor, policy)
    if policy.status == Policy.Status.WITHDRAWN:
        raise Conflict("政策已废止，不能修改。", code="withdrawn")
    params = engine.policy_parameters(policy)
    rule = rule.replace("\r\n", "\n").strip()
    _check_rule(rule, params)
    if not (1 <= review_workdays <= 120 and 1 <= payment_workdays <= 250):
        raise ValidationFailed("时限超出范围。", fields={"payment_workdays": "超出范围"})
    names = [
        clean_text(a, "attachments", "材料名称", max_length=100) for a in (attachments or []) if a.strip()
    ]
    new = clause is None
    if clause is None:
        number = (policy.clauses.aggregate(m=Max("number"))["m"] or 0) + 1
        clause = Clause(policy=policy, number=number)
    elif clause.policy_id != policy.pk:
        raise ValidationFailed("条款不属于该政策。")
    old_rule = clause.rule
    clause.title = clean_text(title, "title", "条款名称", max_length=200)
    clause.text = clean_text(text, "text", "条款原文", max_length=10000, required=False)
    clause.benefit_text = clean_text(benefit_text, "benefit_text", "支持内容", max_length=300, required=False)
    clause.rule = rule
    clause.facts = sorted(engine.compile_text(rule, params).facts)
    clause.attachments = names
    clause.auto_grant = auto_grant
    clause.review_workdays = review_workdays
    clause.payment_workdays = payment_workdays
    if policy.status == Policy.Status.PUBLISHED and not new:
        failures = _failing_tests(policy, override={clause.pk: rule})
        if failures:
            raise ValidationFailed("修改后测试用例不通过，未保存：" + "；".join(failures), code="tests_fail")
    clause.save()
    record_event(
        policy, actor=actor, action="add_clause" if new else "update_clause", note={"name": clause.title}
    )
    if policy.status == Policy.Status.PUBLISHED and old_rule != rule:
        _enqueue_push(policy)
    return clause


def _facts_of_case(case_facts: dict[str, Any]) -> dict[str, Any]:
    cat = fact_catalogue.catalogue()
    return {k: fact_catalogue.from_json(cat[k].spec, v) for k, v in case_facts.items() if k in cat}


@transaction.atomic
def add_test_case(
    *,
    actor: User,
    clause: Clause,
    name: str,
    facts: dict[str, Any],
    on_date: date,
    expected: str,
    expected_amount: Decimal | None = None,
) -> TestCase:
    """An example enterprise: facts typed as a person writes them ({"employees": "25"})."""
    require_policy_office(actor, clause.policy)
    if expected not in TestCase.Expected.values:
        raise ValidationFailed("预期结果无效。", fields={"expected": "无效"})
    cat = fact_catalogue.catalogue()
    stored: dict[str, Any] = {}
    for key, raw in facts.items():
        if key not in cat:
            raise ValidationFailed(f"未知的企业事实“{key}”。", fields={"facts": key})
        try:
            stored[key] = fact_catalogue.to_json(fact_catalogue.parse_value(cat[key].spec, raw))
        except ValueError as exc:
            raise ValidationFailed(str(exc), fields={"facts": str(exc)}) from None
    case = TestCase.objects.create(
        clause=clause,
        name=clean_text(name, "name", "用例名称", max_length=100),
        facts=stored,
        on_date=on_date,
        expected=expected,
        expected_amount=expected_amount,
    )
    record_event(clause.policy, actor=actor, action="add_test_case", note={"name": case.name})
    return case


@transaction.atomic
def delete_test_case(*, actor: User, case: TestCase) -> None:
    policy = case.clause.policy
    require_policy_office(actor, policy)
    if policy.status == Policy.Status.PUBLISHED and case.clause.test_cases.count() <= 1:
        raise Conflict("已发布政策的每个条款至少保留一个测试用例。", code="last_test")
    record_event(policy, actor=actor, action="delete_test_case", note={"name": case.name})
    case.delete()


@dataclass(frozen=True)
class CaseResult:
    case: TestCase
    passed: bool
    got: str


def evaluate_case(
    case: TestCase,
    clause: Clause,
    *,
    rule_text: str | None = None,
    params: tuple[RuleParameter, ...] | None = None,
) -> CaseResult:
    params = engine.policy_parameters(clause.policy) if params is None else params
    try:
        rule = engine.compile_text(rule_text if rule_text is not None else clause.rule, params)
    except RuleError as exc:
        return CaseResult(case, False, f"规则有误：{exc}")
    answer = explain(rule, _facts_of_case(case.facts), case.on_date)
    passed = answer.status == case.expected and (
        case.expected_amount is None or answer.amount == case.expected_amount
    )
    got = answer.label + (f"，金额 {fmt(answer.amount)} 元" if answer.amount is not None else "")
    if answer.failing:
        got += "（" + "；".join(s.expression for s in answer.failing) + "）"
    if answer.missing:
        got += "（缺少：" + "、".join(fact_catalogue.label_of(k) for k in answer.missing) + "）"
    return CaseResult(case, passed, got[:300])


def _failing_tests(
    policy: Policy, *, override: dict[int, str] | None = None, params: tuple[RuleParameter, ...] | None = None
) -> list[str]:
    out = []
    for clause in policy.clauses.prefetch_related("test_cases"):
        for case in clause.test_cases.all():
            result = evaluate_case(case, clause, rule_text=(override or {}).get(clause.pk), params=params)
            if not result.passed:
                out.append(f"“{case.name}”预期{case.get_expected_display()}，实际{result.got}")
    return out


@transaction.atomic
def run_policy_tests(*, actor: User | None, policy: Policy) -> list[CaseResult]:
    """Run every test case of the policy and keep each result on the case."""
    if actor is not None:
        require_policy_office(actor, policy)
    results: list[CaseResult] = []
    now = timezone.now()
    for clause in policy.clauses.prefetch_related("test_cases"):
        for case in clause.test_cases.all():
            result = evaluate_case(case, clause)
            TestCase.objects.filter(pk=case.pk).update(
                last_passed=result.passed, last_result=result.got, last_run_at=now
            )
            case.last_passed, case.last_result, case.last_run_at = result.passed, result.got, now
            results.append(result)
    if actor is not None:
        record_event(
            policy,
            actor=actor,
            action="run_tests",
            note={"tests": len(results), "failed": sum(1 for r in results if not r.passed)},
        )
    return results


def _enqueue_push(policy: Policy) -> None:
    from yingshang.policies.tasks import push_policy_task

    pk = policy.pk
    transaction.on_commit(lambda: push_policy_task.enqueue(pk))


@transaction.atomic
def publish_policy(*, actor: User, policy: Policy) -> Policy:
    """Publish a policy whose every clause has passing tests; open its interpretation clock; find the
    enterprises it concerns (in the worker)."""
    require_policy_office(actor, policy)
    clauses = list(policy.clauses.prefetch_related("test_cases"))
    if not clauses:
        raise Conflict("政策还没有条款，不能发布。", code="no_clauses")
    untested = [c.title for c in clauses if not c.test_cases.all()]
    if untested:
        raise Conflict(f"以下条款还没有测试用例：{'、'.join(untested)}", code="untested")
    results = run_policy_tests(actor=actor, policy=policy)
    failed = [r for r in results if not r.passed]
    if failed:
        raise Conflict(
            f"有{len(failed)}个测试用例不通过，不能发布："
            + "；".join(f"“{r.case.name}”实际{r.got}" for r in failed),
            code="tests_fail",
        )
    POLICY.apply(policy, "publish", actor=actor, fields={"published_at": timezone.now()})
    due = workdays.get_calendar().add_workdays(today(), policy.interpretation_workdays).date
    item, _ = Interpretation.objects.get_or_create(
        policy=policy, defaults={"unit": policy.responsible_unit, "due_date": due}
    )
    record_event(item, actor=actor, action="open", to_status=item.status, note={"due_date": str(due)})
    recipients = list(User.objects.filter(unit=policy.responsible_unit, is_active=True))
    notify(
        recipients=recipients,
        title=f"请在{due:%m月%d日}前发布政策解读：{policy.title}",
        body=f"按照“谁发布谁解读”的原则，请于{policy.interpretation_workdays}个工作日内发布解读。",
        url=f"/policies/{policy.pk}/",
        kind="policy_interpretation",
    )
    _enqueue_push(policy)
    return policy


@transaction.atomic
def withdraw_policy(*, actor: User, policy: Policy, reason: str) -> Policy:
    require_policy_office(actor, policy)
    reason = clean_text(reason, "reason", "废止原因", max_length=500)
    POLICY.apply(policy, "withdraw", actor=actor, note={"reason": reason})
    return policy


@transaction.atomic
def publish_interpretation(*, actor: User, policy: Policy, text: str) -> Interpretation:
    require_responsible_unit(actor, policy)
    item = Interpretation.objects.select_for_update().filter(policy=policy).first()
    if item is None:
        raise Conflict("政策尚未发布。", code="not_published")
    item.text = clean_text(text, "text", "解读内容", max_length=20000)
    late = today() > item.due_date
    INTERPRETATION.apply(
        item,
        "publish_interpretation",
        actor=actor,
        note={"late": late},
        fields={"text": item.text, "published_at": timezone.now()},
    )
    return item
