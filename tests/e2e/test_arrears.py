"""清欠 in a real browser: an enterprise's 拖欠账款 appeal becomes a case → a plan of two instalments →
one paid, one overdue (red) → breach confirmed → on the public disclosure list → paid → repair approved."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.appeals.makers import make_appeal
from tests.e2e.conftest import login, logout
from yingshang.appeals.models import Service
from yingshang.arrears.models import ArrearsCase, Breach


def submit(page: Any, form: str, button: str | None = None) -> None:
    with page.expect_navigation():
        page.locator(form).locator(
            f"button:has-text('{button}')" if button else "button[type=submit]"
        ).first.click()


@pytest.mark.django_db(transaction=True)
def test_appeal_to_case_plan_breach_disclosure_and_repair(page: Any, cast: Any) -> None:
    from tests.appeals.makers import ensure_services

    ensure_services()
    cast.lead_unit.parent = cast.coop_unit  # the debtor's supervising superior verifies breaches
    cast.lead_unit.save()
    appeal = make_appeal(
        cast,
        service=Service.objects.get(code="arrears"),
        title="维修工程款被拖欠",
        description="市场监管局办公楼维修工程已验收半年，工程款八万八千元至今未付。",
    )
    today = timezone.localdate()

    # 1. The office turns the appeal into a case with one action on the appeal page.
    login(page, cast.office)
    page.goto(f"/appeals/{appeal.pk}/")
    form = "[data-testid=open-case-form]"
    page.select_option(f"{form} select[name=debtor]", str(cast.lead_unit.pk))
    page.fill(f"{form} input[name=contract_no]", "HT-2025-088")
    page.fill(f"{form} input[name=contract_name]", "办公楼维修工程")
    page.fill(f"{form} input[name=contract_date]", str(today - timedelta(days=200)))
    page.fill(f"{form} input[name=amount]", "88000.00")
    page.fill(f"{form} input[name=delivered_on]", str(today - timedelta(days=180)))
    submit(page, form)
    case = ArrearsCase.objects.get(contract_no="HT-2025-088")
    assert page.url.endswith(f"/arrears/cases/{case.pk}/")
    assert page.inner_text("[data-testid=appeal-link]") == appeal.tracking_code
    assert "已逾期 150 日" in page.inner_text("[data-testid=overdue]")
    logout(page)

    # 2. The debtor plans two instalments; it pays the later one, the earlier one is overdue and red.
    login(page, cast.lead)
    page.goto(f"/arrears/cases/{case.pk}/")
    for due, amount in ((today - timedelta(days=5), "40000.00"), (today + timedelta(days=10), "48000.00")):
        page.fill("[data-testid=instalment-form] input[name=due_date]", str(due))
        page.fill("[data-testid=instalment-form] input[name=amount]", amount)
        submit(page, "[data-testid=instalment-form]")
    rows = page.locator("[data-testid=instalment]")
    assert rows.count() == 2
    with page.expect_navigation():
        rows.nth(1).locator("[data-testid=pay-instalment]").click()
    red = page.locator("[data-testid=instalment][data-colour=red]")
    assert red.count() == 1 and "待支付" in red.inner_text()
    colour = red.locator(".late").evaluate("e => getComputedStyle(e).color")
    assert colour.startswith("rgb(") and colour != "rgb(0, 0, 0)"
    assert "已支付" in page.locator("[data-testid=instalment]").nth(1).inner_text()
    logout(page)

    # 3. A breach complaint: sent to the superior, found true, refused → 认定违约失信.
    login(page, cast.office)
    page.goto(f"/arrears/cases/{case.pk}/")
    with page.expect_navigation():
        page.click("text=发起违约失信投诉")
    page.select_option("select[name=accused]", str(cast.lead_unit.pk))
    page.select_option("select[name=enterprise]", str(cast.enterprise.pk))
    page.fill("textarea[name=summary]", "拖欠办公楼维修工程款，经催告仍拒不支付")
    submit(page, "form.stack")
    breach = Breach.objects.get()
    assert breach.case == case
    submit(page, "form:has([data-testid=send])")
    page.fill("form:has([data-testid=verify-true]) textarea[name=text]", "经核实，欠款属实。")
    page.fill("form:has([data-testid=verify-true]) input[name=perform_due]", str(today + timedelta(days=15)))
    submit(page, "form:has([data-testid=verify-true])", "属实")
    page.fill("form:has([data-testid=confirm]) input[name=decision_no]", "示营商认〔2025〕1号")
    page.fill("form:has([data-testid=confirm]) textarea[name=text]", "被投诉单位明确拒绝履行。")
    page.check("form:has([data-testid=confirm]) input[name=refused]")
    submit(page, "form:has([data-testid=confirm])")
    assert page.inner_text("[data-testid=status]") == "认定违约失信"
    logout(page)

    # 4. The public disclosure list shows the record and the overdue payer.
    page.goto("/arrears/disclosure/")
    assert "示营商认〔2025〕1号" in page.inner_text("[data-testid=breach-records]")
    assert cast.lead_unit.name in page.inner_text("[data-testid=overdue-payers]")

    # 5. The debtor pays the overdue instalment (the case is settled) and asks for repair.
    login(page, cast.lead)
    page.goto(f"/arrears/cases/{case.pk}/")
    with page.expect_navigation():
        page.locator("[data-testid=instalment][data-colour=red] [data-testid=pay-instalment]").click()
    assert page.inner_text("[data-testid=status]") == "已清偿"
    page.goto(f"/arrears/breaches/{breach.pk}/")
    page.fill("form:has([data-testid=request-repair]) textarea[name=text]", "欠款已全额支付，申请信用修复。")
    submit(page, "form:has([data-testid=request-repair])")
    assert page.inner_text("[data-testid=status]") == "申请信用修复"
    logout(page)

    # 6. The office approves the repair; the record leaves the disclosure list.
    login(page, cast.office)
    page.goto(f"/arrears/breaches/{breach.pk}/")
    submit(page, "form:has([data-testid=approve-repair])", "批准")
    assert page.inner_text("[data-testid=status]") == "已信用修复"
    page.goto("/arrears/disclosure/")
    assert "示营商认〔2025〕1号" not in page.inner_text("[data-testid=breach-records]")
