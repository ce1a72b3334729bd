"""The office imports seed document 002, fixes one unit name, publishes; the unit reports with an
attachment and asks for closure; the office sees the colour, accepts and closes the task."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import login, logout

_HERE = Path(__file__).resolve()
SHARED_CANDIDATES = (_HERE.parents[3].parent / "shared", _HERE.parents[3] / "shared")
SEED = next((sorted((p / "corpus" / "docs").glob("002_*.txt")) for p in SHARED_CANDIDATES if p.is_dir()), [])
LEFT_OPEN = "奈曼电信分公司"


def _units_for_seed(cast: Any, path: Path) -> None:
    """Every unit the document names exists, except one the office will add during review."""
    import policyparse
    from tests.makers import make_unit
    from yingshang.core.models import Unit

    ledger = policyparse.parse_file(path)
    for m in ledger.leaves:
        for u in m.lead_units + m.cooperating_units + m.implied_units:
            if u.name == LEFT_OPEN or "相关" in u.name or "成员单位" in u.name:
                continue
            # "旗" is always a prefix here; "市" is not (市场监管局), so it stays.
            bare = u.name[1:] if u.name.startswith("旗") else u.name
            unit = Unit.objects.filter(region=cast.county, name=bare).first()
            if unit is None and not Unit.objects.filter(short_name=bare, region=cast.county).exists():
                unit = make_unit(bare, cast.county)
            if unit is not None and u.name not in unit.aliases and u.name != bare:
                unit.aliases = [*unit.aliases, u.name]
                unit.save(update_fields=["aliases"])


@pytest.mark.skipif(
    not SEED, reason=f"seed corpus not found in {SHARED_CANDIDATES[0]} (../shared beside the checkout)"
)
@pytest.mark.django_db(transaction=True)
def test_ledger_round_trip(page: Any, cast: Any, tmp_path: Path) -> None:
    _units_for_seed(cast, SEED[0])

    login(page, cast.office)
    page.goto("/ledger/documents/import/")
    page.set_input_files("input[name=file]", str(SEED[0]))
    page.click("[data-testid=parse]")
    page.wait_for_url("**/ledger/documents/*/")
    assert "奈政字〔2021〕151号" in page.content()
    page.locator(".measure[data-path='三/(一)/1/(1)']").click()
    assert page.locator("#source mark.span").count() == 1
    row = page.locator(f"tr[data-name='{LEFT_OPEN}']")
    row.locator("select[data-testid=choose-unit]").select_option("new")
    # collective names (各相关部门…) are questions, not silently ignored: the office answers each
    questions = page.locator("tr[data-name]").filter(has=page.locator("[data-testid=collective-question]"))
    assert questions.count() > 0
    for q in questions.all():
        q.locator("select[data-testid=choose-unit]").select_option("ignore")
    # Nothing saved yet: publishing saves what is on the screen first. Measures that name no unit are
    # listed by name; the office publishes without them on purpose.
    assert page.locator("[data-testid=no-lead-list]").is_visible()
    page.click("[data-testid=publish-without-lead]")
    page.wait_for_url("**/ledger/?document=*")
    assert page.locator("[data-testid=task-table] tbody tr").count() > 10
    # The unit chosen to be created for the unknown name, never saved with 保存审核, exists and has tasks.
    from yingshang.ledger.models import TaskUnit

    assert TaskUnit.objects.filter(unit__name=LEFT_OPEN).exists(), "the unsaved choice was lost"
    logout(page)

    login(page, cast.lead)
    page.goto("/ledger/mine/")
    page.locator("[data-testid=task-table] tbody tr").filter(
        has=page.locator("td.role", has_text="牵头")
    ).first.locator("a").first.click()
    page.wait_for_url("**/ledger/tasks/*/")
    task_url = page.url
    evidence = tmp_path / "进展佐证.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%e2e\n")
    form = page.locator("[data-testid=report-form]")
    form.locator("input[name=period]").fill("2025-03")
    form.locator("input[name=percent]").fill("100")
    form.locator("textarea[name=progress_text]").fill("已全部完成")
    form.locator("input[name=files]").set_input_files(str(evidence))
    page.click("[data-testid=submit-report]")
    assert "进展已报送" in page.locator(".messages").inner_text()
    assert "进展佐证.pdf" in page.locator("[data-testid=reports]").inner_text()
    page.fill("textarea[name=summary]", "任务已完成，佐证见附件。")
    page.click("[data-testid=request-closure]")
    assert "申请销号" in page.locator("[data-testid=task-status]").inner_text()
    logout(page)

    login(page, cast.office)
    page.goto(task_url)
    assert page.locator("[data-testid=task-colour]").inner_text() in ("红色", "黄色", "绿色")
    page.click("[data-testid=accept]")
    page.click("[data-testid=verify-closure]")
    assert page.locator("[data-testid=task-status]").inner_text() == "已销号"


@pytest.mark.django_db(transaction=True)
def test_office_sets_weights_campaign_and_restores(page: Any, cast: Any) -> None:
    from tests.ledger.helpers import leaf, publish_small
    from yingshang.ledger.models import Task
    from yingshang.ledger.transitions import TASK

    doc, tasks = publish_small(cast)
    group, first = leaf(tasks, "一"), leaf(tasks, "一/(一)")
    TASK.apply(first, "cancel", actor=cast.office, note={"reason": "测试撤销"})

    login(page, cast.office)
    page.goto(f"/ledger/tasks/{group.pk}/")
    page.click("[data-testid=edit-weights]")
    page.fill(f"input[name=weight_{leaf(tasks, '一/(二)').pk}]", "0")
    page.click("[data-testid=save-weights]")
    assert "至少要有一项" in page.content()  # the only counted child would weigh 0
    page.fill(f"input[name=weight_{leaf(tasks, '一/(二)').pk}]", "2")
    page.click("[data-testid=save-weights]")
    assert "权重已保存" in page.content()

    page.goto(f"/ledger/tasks/{first.pk}/")
    page.fill("input[placeholder=恢复原因]", "误撤销")
    page.click("[data-testid=restore]")
    assert "任务已恢复" in page.content()
    assert Task.objects.get(pk=first.pk).status == Task.Status.IN_PROGRESS

    page.goto("/ledger/campaigns/")
    page.fill("input[name=name]", "2023 攻坚突破年")
    page.click("[data-testid=campaign-form] button")
    page.goto(f"/ledger/documents/{doc.pk}/")
    page.select_option("select[data-testid=campaign]", label="2023 攻坚突破年")
    page.click("form:has(select[data-testid=campaign]) button")
    assert "已设置专项行动" in page.content()
    page.goto("/ledger/campaigns/")
    page.click("text=2023 攻坚突破年")
    assert page.locator("[data-testid=task-table] tbody tr").count() == 3
    logout(page)
