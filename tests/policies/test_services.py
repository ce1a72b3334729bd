"""Catalogue, publishing, 政策找人, facts and their precedence, redemptions and 免申即享."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.makers import make_enterprise, make_user
from tests.policies.helpers import RULE, make_policy
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.models import Event, Notification, User
from yingshang.policies import selectors, services
from yingshang.policies.models import EnterpriseFact, Interpretation, Match, Policy, Redemption, SmsMessage

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


def invoice() -> list[tuple[str, Any]]:
    return [("设备购置发票", SimpleUploadedFile("fp.pdf", b"%PDF-1.4 test", content_type="application/pdf"))]


def test_bad_rule_is_refused_with_its_line(cast: Any) -> None:
    policy = make_policy(cast)
    with pytest.raises(ValidationFailed) as info:
        services.save_clause(
            actor=cast.office, policy=policy, title="x", rule="eligible = all(\n  foo > 1\n)"
        )
    assert "第2行：未知的企业事实“foo”" in info.value.fields["rule"]


def test_policy_with_failing_tests_cannot_be_published(cast: Any) -> None:
    policy = make_policy(cast)
    clause = policy.clauses.get()
    services.add_test_case(
        actor=cast.office,
        clause=clause,
        name="错误预期",
        facts={"size_class": "大型"},
        on_date=TODAY,
        expected="eligible",
    )
    with pytest.raises(Conflict) as info:
        services.publish_policy(actor=cast.office, policy=policy)
    assert "错误预期" in info.value.message
    policy.refresh_from_db()
    assert policy.status == Policy.Status.DRAFT
    assert not Interpretation.objects.exists()


def test_untested_clause_blocks_publishing(cast: Any) -> None:
    policy = make_policy(cast)
    services.save_clause(actor=cast.office, policy=policy, title="无用例条款", rule="eligible = true")
    with pytest.raises(Conflict, match="还没有测试用例"):
        services.publish_policy(actor=cast.office, policy=policy)


def test_publish_opens_interpretation_clock_and_finds_enterprises(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.declare_fact(
        actor=cast.enterprise_user, enterprise=cast.enterprise, key="has_tax_arrears", value="否"
    )
    services.declare_fact(
        actor=cast.enterprise_user, enterprise=cast.enterprise, key="equipment_investment", value="3,000,000"
    )
    unknown = make_enterprise(cast.county, name="奈曼旗待补充信息有限公司", size_class="micro")
    make_user("ent2", User.Role.ENTERPRISE, enterprise=unknown, region=cast.county)
    make_enterprise(cast.county, name="奈曼旗大型集团", size_class="large")
    with django_capture_on_commit_callbacks(execute=True):
        policy = make_policy(cast, publish=True)
    item = Interpretation.objects.get(policy=policy)
    assert item.status == "open"
    assert item.due_date == date(2026, 3, 11)  # 7 working days after Monday 2 March
    matches = {m.enterprise.name: m for m in Match.objects.select_related("enterprise")}
    assert matches["奈曼旗恒达农牧业科技有限公司"].status == "eligible"
    assert matches["奈曼旗恒达农牧业科技有限公司"].amount == Decimal("300000.00")
    assert matches["奈曼旗待补充信息有限公司"].status == "undetermined"
    assert matches["奈曼旗待补充信息有限公司"].missing == ["equipment_investment", "has_tax_arrears"]
    assert "奈曼旗大型集团" not in matches  # not eligible: not told
    note = Notification.objects.get(recipient__username="ent2", kind="policy_push")
    assert "新增设备投资额、存在欠税" in note.body
    assert Notification.objects.filter(recipient=cast.enterprise_user, kind="policy_push").count() == 1
    assert SmsMessage.objects.filter(sent=True).count() == 2
    assert Notification.objects.filter(recipient=cast.lead, kind="policy_interpretation").exists()
    # Pushing again tells nobody twice.
    from yingshang.policies.services import push_policy

    assert push_policy(policy=policy).notified == 0


def test_changing_a_published_rule_must_keep_tests_passing(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    clause = policy.clauses.get()
    with pytest.raises(ValidationFailed, match="测试用例不通过"):
        services.save_clause(
            actor=cast.office,
            policy=policy,
            clause=clause,
            title=clause.title,
            rule="eligible = false",
            attachments=["设备购置发票"],
        )
    clause.refresh_from_db()
    assert clause.rule == RULE.strip()


def test_parameter_change_on_published_policy_checked_against_tests(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    with pytest.raises(ValidationFailed, match="测试用例不通过"):
        services.set_parameter(
            actor=cast.office,
            policy=policy,
            name="min_investment",
            label="最低",
            values=[["2026-01-01", "5000000"]],
        )
    assert policy.parameters.get().values[0] == ["2026-01-01", "500000"]


def test_fact_precedence_newer_wins_then_import_over_declaration(cast: Any) -> None:
    e = cast.enterprise
    services.declare_fact(actor=cast.enterprise_user, enterprise=e, key="employees", value="30", as_of=TODAY)
    EnterpriseFact.objects.create(
        enterprise=e, key="employees", value="25", source="import", as_of=TODAY - timedelta(days=30)
    )
    facts = {f.key: f for f in selectors.facts_for_enterprise(e)}
    assert facts["employees"].value == Decimal(30) and facts["employees"].source == "declaration"
    EnterpriseFact.objects.filter(source="import").update(as_of=TODAY)
    facts = {f.key: f for f in selectors.facts_for_enterprise(e)}
    assert facts["employees"].value == Decimal(25) and facts["employees"].source == "import"
    # The per-enterprise sheet that region-wide matching reads resolves the same way.
    from yingshang.core.models import Enterprise
    from yingshang.policies.facts import facts_for, refresh_fact_sheets

    refresh_fact_sheets([e.pk])
    assert facts_for(Enterprise.objects.filter(pk=e.pk), ["employees"])[e.pk]["employees"] == Decimal(25)
    assert facts["size_class"].value == "小型" and facts["size_class"].source == "platform"
    assert facts["regions"].value == frozenset({"示范市", "奈曼旗"})


def test_platform_facts_cannot_be_declared(cast: Any) -> None:
    with pytest.raises(ValidationFailed, match="由平台提供"):
        services.declare_fact(
            actor=cast.enterprise_user, enterprise=cast.enterprise, key="size_class", value="微型"
        )
    with pytest.raises(ValidationFailed, match="不是企业规模|由平台提供"):
        services.declare_fact(
            actor=cast.enterprise_user, enterprise=cast.enterprise, key="企业规模", value="微型"
        )


def test_enterprise_cannot_declare_for_another(cast: Any) -> None:
    from yingshang.core.errors import NotFound

    with pytest.raises(NotFound):
        services.declare_fact(
            actor=cast.enterprise_user, enterprise=cast.other_enterprise, key="employees", value="3"
        )


def _sheet(rows: list[list[Any]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "事实", "取值", "截至日期", "来源说明"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_fact_import_dry_run_row_errors_then_apply(cast: Any) -> None:
    code = cast.enterprise.credit_code
    bad = _sheet(
        [
            [code, "从业人数", "二十", "2026-02-28", "税务"],
            ["91150000XXXXXXXXXX", "从业人数", "3", "2026-02-28", ""],
        ]
    )
    plan = services.import_facts(actor=cast.office, fileobj=bad, dry_run=False)
    assert [e.row for e in plan.errors] == [2, 3]
    assert "应为数值" in plan.errors[0].message
    assert not EnterpriseFact.objects.exists()
    good = _sheet(
        [
            [code, "从业人数", "28", "2026-02-28", "税务"],
            [code, "资质认定", "高新技术企业、科技型中小企业", "2026-02-28", ""],
        ]
    )
    plan = services.import_facts(actor=cast.office, fileobj=good, dry_run=True)
    assert plan.ok and len(plan.created) == 2 and not EnterpriseFact.objects.exists()
    good.seek(0)
    services.import_facts(actor=cast.office, fileobj=good, dry_run=False)
    facts = {f.key: f for f in selectors.facts_for_enterprise(cast.enterprise)}
    assert facts["certificates"].value == frozenset({"高新技术企业", "科技型中小企业"})
    assert facts["employees"].source == "import" and facts["employees"].note == "税务"
    with pytest.raises(NotAllowed):
        services.import_facts(actor=cast.lead, fileobj=_sheet([]))


def test_policies_for_enterprise_explains(cast: Any) -> None:
    make_policy(cast, publish=True)
    answers = selectors.policies_for_enterprise(cast.enterprise)
    assert len(answers) == 1
    assert answers[0].answer.status == "undetermined"
    assert answers[0].missing_labels == ["新增设备投资额", "存在欠税"]
    services.declare_fact(
        actor=cast.enterprise_user, enterprise=cast.enterprise, key="has_tax_arrears", value="否"
    )
    services.declare_fact(
        actor=cast.enterprise_user, enterprise=cast.enterprise, key="equipment_investment", value="800000"
    )
    [a] = selectors.policies_for_enterprise(cast.enterprise)
    assert a.answer.status == "eligible" and a.answer.amount == Decimal("80000.00")
    assert any("800,000 × 0.1" in s.detail for s in a.answer.steps)
    # From 1 July the threshold is 1,000,000: the same facts no longer qualify.
    assert selectors.policies_for_enterprise(cast.enterprise, on=date(2026, 7, 1)) == []
    # Another county's enterprise is not covered by this county's policy.
    assert selectors.policies_for_enterprise(cast.other_enterprise) == []


def test_application_review_return_resubmit_accept_pay(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    clause = policy.clauses.get()
    facts = {"has_tax_arrears": "否", "equipment_investment": "3000000"}
    with pytest.raises(ValidationFailed, match="设备购置发票"):
        services.apply_for_clause(actor=cast.enterprise_user, clause=clause, facts=facts)
    r = services.apply_for_clause(actor=cast.enterprise_user, clause=clause, facts=facts, files=invoice())
    assert r.status == "submitted" and r.amount_computed == Decimal("300000.00")
    assert r.review_due == date(2026, 3, 16)
    with pytest.raises(Conflict, match="已申报"):
        services.apply_for_clause(actor=cast.enterprise_user, clause=clause, facts=facts, files=invoice())
    with pytest.raises(NotAllowed):
        services.review_redemption(actor=cast.coop, redemption=r, decision="accept")
    with pytest.raises(ValidationFailed):
        services.review_redemption(actor=cast.lead, redemption=r, decision="return", reason="")
    services.review_redemption(actor=cast.lead, redemption=r, decision="return", reason="请补充设备验收单")
    services.resubmit_redemption(actor=cast.enterprise_user, redemption=r, statement="已补充")
    services.review_redemption(actor=cast.lead, redemption=r, decision="accept", amount="280000")
    assert r.amount_approved == Decimal("280000.00") and r.payment_due is not None
    with pytest.raises(ValidationFailed, match="超过核定金额"):
        services.pay_redemption(actor=cast.lead, redemption=r, amount="300000", paid_on=TODAY, voucher="PZ-1")
    services.pay_redemption(
        actor=cast.lead, redemption=r, amount="280000", paid_on=TODAY, voucher="PZ-2026-001"
    )
    r.refresh_from_db()
    assert r.status == "paid"
    actions = list(
        Event.objects.filter(object_id=r.pk, content_type__model="redemption").values_list(
            "action", flat=True
        )
    )
    assert actions == ["apply", "return", "resubmit", "accept", "pay"]
    [fig] = selectors.figures(Policy.objects.filter(pk=policy.pk))
    assert (fig.due, fig.paid, fig.amount_paid, fig.rate, fig.max_days) == (
        1,
        1,
        Decimal("280000.00"),
        1.0,
        0,
    )


def test_not_eligible_application_refused_with_reason(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    with pytest.raises(ValidationFailed, match="not has_tax_arrears"):
        services.apply_for_clause(
            actor=cast.enterprise_user,
            clause=policy.clauses.get(),
            facts={"has_tax_arrears": "是", "equipment_investment": "3000000"},
            files=invoice(),
        )


def test_overdue_payment_counts_red(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    r = services.apply_for_clause(
        actor=cast.enterprise_user,
        clause=policy.clauses.get(),
        facts={"has_tax_arrears": "否", "equipment_investment": "3000000"},
        files=invoice(),
    )
    services.review_redemption(actor=cast.lead, redemption=r, decision="accept")
    later = r.payment_due + timedelta(days=1)  # type: ignore[operator]
    assert selectors.colour_of(r, later) == "red"
    [fig] = selectors.figures(Policy.objects.filter(pk=policy.pk), later)
    assert fig.overdue == 1 and fig.rate == 0


def test_auto_grant_list_signed_off_by_a_second_person(cast: Any) -> None:
    rule = 'eligible = all(企业规模 in ["小型", "微型"], not has_tax_arrears)\nbenefit = 50000'
    policy = make_policy(cast, rule=rule)
    clause = policy.clauses.get()
    clause.auto_grant = True
    clause.save()
    clause.test_cases.all().delete()
    services.add_test_case(
        actor=cast.office,
        clause=clause,
        name="小型无欠税",
        facts={"size_class": "小型", "has_tax_arrears": "否"},
        on_date=TODAY,
        expected="eligible",
    )
    services.publish_policy(actor=cast.office, policy=policy)
    services.declare_fact(
        actor=cast.enterprise_user, enterprise=cast.enterprise, key="has_tax_arrears", value="否"
    )
    with pytest.raises(Conflict, match="免申即享"):
        services.apply_for_clause(actor=cast.enterprise_user, clause=clause)
    lst = services.generate_auto_grant_list(actor=cast.lead, clause=clause)
    assert [c["name"] for c in lst.candidates] == ["奈曼旗恒达农牧业科技有限公司"]
    with pytest.raises(Conflict, match="生成人以外"):
        services.sign_off_auto_grant_list(actor=cast.lead, grant_list=lst)
    made = services.sign_off_auto_grant_list(actor=cast.lead_boss, grant_list=lst)
    assert [(r.origin, r.status, r.amount_approved) for r in made] == [
        ("auto_grant", "accepted", Decimal("50000.00"))
    ]
    assert Notification.objects.filter(recipient=cast.enterprise_user, title__startswith="免申即享").exists()
    # A new list leaves out enterprises already granted.
    assert services.generate_auto_grant_list(actor=cast.lead, clause=clause).candidates == []


def test_interpretation_by_the_responsible_unit(cast: Any) -> None:
    policy = make_policy(cast, publish=True)
    with pytest.raises(NotAllowed):
        services.publish_interpretation(actor=cast.coop, policy=policy, text="解读")
    item = services.publish_interpretation(actor=cast.lead, policy=policy, text="一、出台背景……")
    assert item.status == "published" and item.published_at is not None


def test_run_policy_tests_records_results(cast: Any) -> None:
    policy = make_policy(cast)
    results = services.run_policy_tests(actor=cast.office, policy=policy)
    assert [r.passed for r in results] == [True, True]
    assert set(policy.clauses.get().test_cases.values_list("last_passed", flat=True)) == {True}
    assert Redemption.objects.count() == 0
