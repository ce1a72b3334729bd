"""Two regions each have a 市场监督管理局. The city office exports the 台账 in the browser, edits it in
Excel (a new deadline written the documents' way, a bare shared unit name), and imports it back: the
preview shows each change and the read-only column it will not import, and applying it changes only
what was edited, each task keeping its own region's bureau."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import login


@pytest.mark.django_db(transaction=True)
def test_export_edit_and_reimport_across_two_regions(page: Any, cast: Any, tmp_path: Any) -> None:
    from yingshang.ledger import services
    from yingshang.ledger.models import Task

    a = services.create_task(
        actor=cast.office, region=cast.county, title="压缩开办时间", lead_unit=cast.lead_unit
    )
    b = services.create_task(
        actor=cast.office, region=cast.other_county, title="双随机抽查", lead_unit=cast.other_unit
    )

    login(page, cast.office)
    page.goto("/ledger/")
    with page.expect_download() as info:
        page.click("text=导出台账Excel")
    wb = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    ws = wb.active
    col = {c.value: c.column for c in ws[1]}
    for row in ws.iter_rows(min_row=2):
        code = row[col["任务编号"] - 1].value
        lead = row[col["牵头单位"] - 1]
        if code == a.code:
            assert lead.value == "奈曼旗 市场监督管理局"
            row[col["完成时限"] - 1].value = "2026年12月底前"
            row[col["进展"] - 1].value = "90%"  # not imported: reported, not lost
        if code == b.code:
            assert lead.value == "东河区 市场监督管理局"
            lead.value = "市场监督管理局"  # bare: the task's own region decides
    edited = tmp_path / "台账.xlsx"
    wb.save(edited)

    page.goto("/ledger/import/")
    page.set_input_files("input[name=file]", str(edited))
    page.click("button:text('预览')")
    page.wait_for_selector("text=预览结果")
    preview = page.inner_text("main")
    assert "完成时限：空 → 2026-12-31" in preview
    assert "“进展”列不导入" in preview
    assert "错误" not in preview
    page.click("text=确认写入")
    page.wait_for_url("**/ledger/**")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.due_date == date(2026, 12, 31) and a.lead_unit_id == cast.lead_unit.pk
    assert b.lead_unit_id == cast.other_unit.pk and Task.objects.count() == 2
