"""惠企政策 end to end: the office writes a rule, runs its tests and publishes; the enterprise sees the
policy with its explanation, supplies a missing fact and applies; the unit pays; the 公示 shows it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import login, logout
from yingshang.policies import services
from yingshang.policies.models import Policy, Redemption

RULE = """eligible = all(
  企业规模 in ["小型", "微型"],
  not has_tax_arrears,
  equipment_investment >= $min_investment
)
benefit = min(equipment_investment * 10%, 2000000)"""


@pytest.mark.django_db(transaction=True)
def test_policy_from_rule_to_payment(page: Any, cast: Any, tmp_path: Path) -> None:
    page.set_default_timeout(60_000)  # a long walk through many pages on a shared machine
    policy = services.create_policy(
        actor=cast.office,
        title="奈曼旗支持小微企业设备更新若干措施",
        doc_number="奈政发〔2026〕3号",
        issuer="奈曼旗人民政府",
        issue_date=date(2026, 1, 5),
        valid_from=date(2026, 1, 1),
        valid_until=date(2030, 12, 31),
        responsible_unit=cast.lead_unit,
        region=cast.county,
    )
    services.set_parameter(
        actor=cast.office,
        policy=policy,
        name="min_investment",
        label="最低新增设备投资额",
        values=[["2026-01-01", "500000"]],
    )
    services.declare_fact(
        actor=cast.enterprise_user, enterprise=cast.enterprise, key="equipment_investment", value="3000000"
    )

    # The office writes the rule; a typo is refused with its line first.
    login(page, cast.office)
    page.goto(f"/policies/{policy.pk}/")
    page.click("[data-testid=add-clause]")
    page.fill("input[name=title]", "新增设备投资补助")
    page.fill("input[name=attachments]", "设备购置发票")
    page.fill("[data-testid=rule]", RULE.replace("has_tax_arrears", "has_tax_arear"))
    page.click("[data-testid=save-clause]")
    assert "第3行：未知的企业事实“has_tax_arear”" in page.locator("[data-testid=rule-errors]").inner_text()
    page.fill("[data-testid=rule]", RULE)
    page.click("[data-testid=save-clause]")
    page.wait_for_url(f"**/policies/{policy.pk}/")
    page.click("[data-testid=add-test]")
    page.fill("input[name=name]", "小型企业投资300万")
    page.fill("textarea[name=facts]", "企业规模 = 小型\n存在欠税 = 否\n新增设备投资额 = 3000000")
    page.select_option("select[name=expected]", "eligible")
    page.fill("input[name=expected_amount]", "300000")
    page.click("[data-testid=save-test]")
    page.wait_for_url(f"**/policies/{policy.pk}/")
    page.click("[data-testid=run-tests]")
    assert page.locator("[data-testid=test-passed]").count() == 1
    page.click("[data-testid=publish]")
    assert page.locator("[data-testid=policy-status]").inner_text() == "已发布"
    logout(page)

    # The enterprise was told, sees why it is undetermined, supplies the fact, and applies.
    login(page, cast.enterprise_user)
    page.goto("/policies/mine/")
    answer = page.locator("[data-testid=policy-answer]").first
    assert answer.get_attribute("data-status") == "undetermined"
    assert "存在欠税" in answer.locator("[data-testid=missing]").inner_text()
    answer.locator("[data-testid=missing] a").first.click()
    page.fill("[data-testid=supply-fact] input[name=value]", "否")
    page.click("[data-testid=supply-fact] button[type=submit]")
    answer = page.locator("[data-testid=policy-answer]").first
    assert answer.get_attribute("data-status") == "eligible"
    assert answer.locator("[data-testid=answer-amount]").inner_text() == "300000.00"
    assert "3,000,000 × 0.1" in answer.locator("[data-testid=steps]").inner_text()
    answer.locator("[data-testid=apply]").click()
    invoice = tmp_path / "发票.pdf"
    invoice.write_bytes(b"%PDF-1.4 invoice")
    page.set_input_files("input[name=file_0]", str(invoice))
    page.click("[data-testid=submit-application]")
    assert page.locator("[data-testid=redemption-status]").inner_text() == "待审核"
    logout(page)

    # The responsible unit accepts and pays.
    r = Redemption.objects.get()
    login(page, cast.lead)
    page.goto(f"/policies/redemptions/{r.pk}/")
    page.select_option("select[name=decision]", "accept")
    page.click("[data-testid=review]")
    assert page.locator("[data-testid=redemption-status]").inner_text() == "审核通过待兑现"
    page.fill("input[name=voucher]", "奈财支〔2026〕0031号")
    page.click("[data-testid=pay]")
    assert "300000.00 元" in page.locator("[data-testid=paid]").inner_text()
    logout(page)

    # The public 公示 shows the payment.
    page.goto(f"/policies/public/{policy.pk}/")
    row = page.locator("[data-testid=publication] tbody tr").first
    assert "奈曼旗恒达农牧业科技有限公司" in row.inner_text() and "300,000.00" in row.inner_text()
    assert Policy.objects.get().status == "published"
