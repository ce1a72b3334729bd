"""One appeal's whole loop in a real browser: public filing → dispatch → 退单 → 改派 → reply → callback
"not solved" → 重办 → reply → callback solved and satisfied → closed, then the public tracking page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.appeals.makers import ensure_services
from tests.e2e.conftest import login, logout
from yingshang.appeals.models import Appeal


def open_appeal(page: Any, appeal: Appeal) -> None:
    page.goto(f"/appeals/{appeal.pk}/")


def submit(page: Any, form: str, button: str | None = None) -> None:
    with page.expect_navigation():
        page.locator(form).locator(
            f"button:has-text('{button}')" if button else "button[type=submit]"
        ).first.click()


@pytest.mark.django_db(transaction=True)
def test_public_appeal_through_return_reopen_and_closure(page: Any, cast: Any) -> None:
    ensure_services()
    # 1. The public files without logging in and gets a tracking code.
    page.goto("/appeals/public/")
    page.select_option("select[name=service]", label="求助")
    page.fill("textarea[name=description]", "园区供水水压不足，生产线经常停机，请求协调。")
    page.select_option("select[name=region]", label="奈曼旗")
    page.fill("input[name=contact_name]", "张经理")
    page.fill("input[name=contact_phone]", "13904750001")
    a, b = map(int, re.findall(r"\d+", page.get_attribute("[data-testid=challenge]", "data-question") or ""))
    page.fill("input[name=answer]", str(a + b))
    with page.expect_navigation():
        page.click("[data-testid=filing-form] button[type=submit]")
    code = page.inner_text("[data-testid=tracking-code]").strip()
    appeal = Appeal.objects.get(tracking_code=code)

    # 2. The office dispatches to the lead unit (the suggestion is preselected; choose explicitly).
    login(page, cast.office)
    open_appeal(page, appeal)
    page.select_option("[data-testid=dispatch-form] select[name=lead_unit]", str(cast.lead_unit.pk))
    submit(page, "[data-testid=dispatch-form]")
    assert page.inner_text("[data-testid=status]") == "已分办"
    logout(page)

    # 3. The lead unit returns it: not theirs.
    login(page, cast.lead)
    open_appeal(page, appeal)
    page.fill("[data-testid=return-form] input[name=reason]", "供水不属于本单位职责")
    submit(page, "[data-testid=return-form]")
    assert page.inner_text("[data-testid=status]") == "退单待审"
    logout(page)

    # 4. The office re-dispatches to the other unit.
    login(page, cast.office)
    open_appeal(page, appeal)
    page.select_option("[data-testid=review-form] select[name=lead_unit]", str(cast.coop_unit.pk))
    submit(page, "[data-testid=review-form]")
    assert page.inner_text("[data-testid=status]") == "已分办"
    logout(page)

    # 5. The new unit signs and replies.
    login(page, cast.coop)
    open_appeal(page, appeal)
    with page.expect_navigation():
        page.click("[data-testid=acknowledge]")
    page.fill("[data-testid=reply-form] textarea[name=text]", "已协调自来水公司检修管网。")
    submit(page, "[data-testid=reply-form]")
    assert page.inner_text("[data-testid=status]") == "已答复"
    logout(page)

    # 6. The office calls back: not solved → 重办.
    login(page, cast.office)
    open_appeal(page, appeal)
    page.select_option("[data-testid=callback-form] select[name=solved]", "0")
    page.select_option("[data-testid=callback-form] select[name=satisfaction]", "2")
    submit(page, "[data-testid=callback-form]")
    assert page.inner_text("[data-testid=status]") == "已签收"
    logout(page)

    # 7. The unit replies again.
    login(page, cast.coop)
    open_appeal(page, appeal)
    page.fill("[data-testid=reply-form] textarea[name=text]", "管网已更换，水压恢复正常。")
    submit(page, "[data-testid=reply-form]")
    logout(page)

    # 8. Callback solved and satisfied, then the office closes it.
    login(page, cast.office)
    open_appeal(page, appeal)
    page.select_option("[data-testid=callback-form] select[name=solved]", "1")
    page.select_option("[data-testid=callback-form] select[name=satisfaction]", "5")
    submit(page, "[data-testid=callback-form]")
    assert page.inner_text("[data-testid=status]") == "已回访"
    with page.expect_navigation():
        page.click("[data-testid=close]")
    assert page.inner_text("[data-testid=status]") == "已办结"
    logout(page)

    # 9. The anonymous filer tracks it by code: closed, with both answers.
    page.goto(f"/appeals/track/?code={code}")
    assert page.inner_text("[data-testid=track-status]") == "已办结"
    replies = page.locator("[data-testid=track-reply]").all_inner_texts()
    assert len(replies) == 2 and "水压恢复正常" in replies[1]
    appeal.refresh_from_db()
    assert appeal.status == "closed" and appeal.reopen_count == 1 and appeal.satisfaction == 5
