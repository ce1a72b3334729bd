"""A unit submits a report in the browser; the office finds it in 我的待办, in the inbox and in the
待审核报送 queue, opens it from there and accepts it; the top bar's search opens a task by its number."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import login, logout


@pytest.mark.django_db(transaction=True)
def test_a_report_raises_the_offices_todo_and_queue(page: Any, cast: Any) -> None:
    from tests.ledger.helpers import leaf, publish_small

    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")

    login(page, cast.lead)
    page.goto(f"/ledger/tasks/{task.pk}/")
    form = page.locator("[data-testid=report-form]")
    form.locator("input[name=period]").fill("2025-03")
    form.locator("input[name=percent]").fill("40")
    form.locator("textarea[name=progress_text]").fill("已完成系统改造，正在试运行。")
    page.click("[data-testid=submit-report]")
    assert "已完成系统改造" in page.locator("[data-testid=reports]").inner_text()
    logout(page)

    login(page, cast.office)
    page.goto("/")
    summary = page.locator("[data-testid=todo-summary]").inner_text()
    assert "审核报送 1" in summary
    group = page.locator("[data-testid=todo-group][data-kind=审核报送]")
    assert task.title in group.inner_text()
    assert page.locator("[data-testid=unread]").inner_text() != ""

    page.hover("nav.mainnav .navmenu-label:has-text('督查督办')")  # the menu group opens on hover
    page.click("nav.mainnav >> text=待审核报送")
    page.wait_for_url("**/ledger/reports/pending/")
    assert "共 1 份" in page.locator("[data-testid=queue-total]").inner_text()
    units = page.locator("[data-testid=queue-units]").inner_text()
    assert "市场监督管理局" in units and "奈曼旗" in units
    assert "不足1个工作日 1" in page.locator("[data-testid=queue-ages]").inner_text()
    page.locator("[data-testid=queue-reports]").get_by_text(task.title).click()
    page.wait_for_url(f"**/ledger/tasks/{task.pk}/")
    page.click("[data-testid=accept]")
    page.goto("/ledger/reports/pending/")
    assert page.locator("[data-testid=queue-empty]").is_visible()

    page.fill("[data-testid=global-search]", task.code)
    page.press("[data-testid=global-search]", "Enter")
    page.wait_for_url(f"**/ledger/tasks/{task.pk}/")
