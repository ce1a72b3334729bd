"""Two regions each have a 市场监督管理局: shown apart everywhere, exported so they re-import to the same
unit, and a bare name in a sheet resolved by the task's (or the sheet's) region."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from yingshang.core.excel import write_sheet
from yingshang.ledger import excel, services
from yingshang.ledger.models import Task


def two_regions(cast: Any) -> tuple[Task, Task]:
    a = services.create_task(
        actor=cast.office,
        region=cast.county,
        title="压缩开办时间",
        lead_unit=cast.lead_unit,
        cooperating_units=[cast.coop_unit],
    )
    b = services.create_task(
        actor=cast.office, region=cast.other_county, title="双随机抽查", lead_unit=cast.other_unit
    )
    return a, b


def exported(cast: Any) -> list[list[Any]]:
    response = cast.client("office").get("/ledger/?format=xlsx")
    assert response.status_code == 200
    return [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def test_export_names_each_unit_with_its_region_and_reimports_unchanged(cast: Any) -> None:
    a, b = two_regions(cast)
    rows = exported(cast)
    col = {h: i for i, h in enumerate(rows[0])}
    by_code = {r[col["任务编号"]]: r for r in rows[1:]}
    assert by_code[a.code][col["牵头单位"]] == "奈曼旗 市场监督管理局"
    assert by_code[b.code][col["牵头单位"]] == "东河区 市场监督管理局"
    assert by_code[a.code][col["配合单位"]] == "发展和改革委员会"  # a unique name stays bare
    assert by_code[b.code][col["区域"]] == "东河区"
    plan = excel.plan_ledger_import(
        io.BytesIO(write_sheet("任务台账", rows[0], rows[1:])), actor=cast.office, region=cast.city
    )
    assert plan.ok, plan.errors
    assert plan.unchanged == 2 and not plan.updated and not plan.created


def test_a_bare_shared_name_means_the_unit_of_the_tasks_or_the_sheets_region(cast: Any) -> None:
    a, b = two_regions(cast)
    rows = exported(cast)
    col = {h: i for i, h in enumerate(rows[0])}
    for r in rows[1:]:
        r[col["牵头单位"]] = "市场监督管理局"
    new = [""] * len(rows[0])
    new[col["任务"]], new[col["牵头单位"]] = "新增任务", "市场监督管理局"
    data = write_sheet("任务台账", rows[0], [*rows[1:], new])
    plan = excel.plan_ledger_import(io.BytesIO(data), actor=cast.office, region=cast.county)
    assert plan.ok, plan.errors
    assert plan.unchanged == 2
    assert [c["lead"] for c in plan.created] == [cast.lead_unit.pk]


def test_pages_tell_the_two_units_apart(cast: Any) -> None:
    two_regions(cast)
    page = cast.client("office").get("/ledger/").content.decode()
    assert "奈曼旗 市场监督管理局" in page and "东河区 市场监督管理局" in page
