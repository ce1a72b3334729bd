"""双随机: a department drafts a joint plan; the office approves, announces, commits, enters the seed,
draws and publishes; the public verify page shows matching hashes; an inspector records a problem,
the rectification is closed; the office publishes the result on the public page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.conftest import login, logout
from tests.inspections.helpers import pools


def _click(page: Any, label: str) -> None:
    with page.expect_navigation():
        page.click(f"button:has-text('{label}')")


@pytest.mark.django_db(transaction=True)
def test_joint_plan_to_published_result(page: Any, cast: Any, tmp_path: Path) -> None:
    pools(cast, enterprises=16)

    login(page, cast.lead)
    page.goto("/inspections/new/")
    page.fill("input[name=title]", "市场监管与发改联合抽查")
    for box in page.locator("input[name=items]").all():
        box.check()
    page.fill("input[name=scheduled_on]", str(timezone.localdate() + timedelta(days=5)))
    page.fill("input[name=seed_source]", "抽取当日双色球开奖号码")
    page.click("button:has-text('保存草稿')")
    page.wait_for_url("**/inspections/*/")
    plan_url = page.url
    _click(page, "提交审批")
    assert page.locator("[data-testid=plan-status]").inner_text() == "待审批"
    logout(page)

    login(page, cast.office)
    page.goto(plan_url)
    _click(page, "批准")
    _click(page, "提前公告")
    _click(page, "冻结输入并公布承诺值")
    combined = page.locator("[data-testid=combined]").inner_text()
    assert len(combined) == 64
    page.fill("input[name=seed]", "05 11 16 22 27 30 + 12")
    _click(page, "录入种子并抽取")
    _click(page, "公布抽取结果")
    assert page.locator("[data-testid=plan-status]").inner_text() == "抽取结果已公布"
    plan_id = plan_url.rstrip("/").split("/")[-1]
    logout(page)

    page.goto(f"/inspections/public/{plan_id}/verify/")
    assert page.locator("[data-testid=verify-verdict]").inner_text().startswith("核验通过")
    assert page.locator("[data-testid=verify] td", has_text="不一致").count() == 0
    assert combined in page.content()

    login(page, cast.lead)
    page.goto(plan_url)
    page.locator("[data-testid=drawn] a").first.click()
    page.wait_for_url("**/inspections/targets/*/")
    target_url = page.url
    page.select_option("select[name=outcome]", "rectify")
    page.fill("textarea[name=findings]", "消防通道堆放杂物")
    evidence = tmp_path / "现场照片.txt"
    evidence.write_text("现场检查记录", encoding="utf-8")
    page.set_input_files("input[name=evidence]", str(evidence))
    _click(page, "录入检查结果")
    assert page.locator("[data-testid=rectification-status]").inner_text() == "整改中"
    page.fill("textarea[name=note]", "已清理并复查")
    _click(page, "整改销号")
    assert page.locator("[data-testid=rectification-status]").inner_text() == "已整改销号"
    logout(page)

    login(page, cast.office)
    page.goto(target_url)
    _click(page, "公示检查结果")
    assert page.locator("[data-testid=result-status]").inner_text() == "已公示"
    logout(page)
    page.goto(f"/inspections/public/{plan_id}/")
    assert page.locator("[data-testid=results]").inner_text().count("发现问题责令整改") == 1
