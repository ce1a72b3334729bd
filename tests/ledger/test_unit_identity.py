"""Two regions each have a 市场监督管理局: shown apart everywhere, exported so they re-import to the same
unit, and a bare name in a sheet resolved by the task's (or the sheet's) region."""

from __future__ import annotations

import io
from typing import Any

import pytest
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


def test_preview_shows_each_changed_cell_and_reports_edits_it_does_not_import(cast: Any) -> None:
    a, b = two_regions(cast)
    rows = exported(cast)
    col = {h: i for i, h in enumerate(rows[0])}
    for r in rows[1:]:
        if r[col["任务编号"]] == a.code:
            r[col["完成时限"]] = "2026年12月底前"
            r[col["进展"]] = "80%"
    data = write_sheet("任务台账", rows[0], rows[1:])
    plan = excel.plan_ledger_import(io.BytesIO(data), actor=cast.office, region=cast.city)
    assert plan.ok, plan.errors
    [change] = plan.updated
    assert change["changes"] == [{"field": "完成时限", "old": "空", "new": "2026-12-31"}]
    [notice] = plan.notices
    assert "“进展”列不导入" in notice.message and "80%" in notice.message
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = cast.client("office").post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", data)})
    text = page.content.decode()
    assert "完成时限：空 → <strong>2026-12-31</strong>" in text and "“进展”列不导入" in text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026年12月底前", "2026-12-31"),
        ("2026年6月底", "2026-06-30"),
        ("2026年2月", "2026-02-28"),
        ("2026年底前", "2026-12-31"),
        ("2026年9月15日前", "2026-09-15"),
        ("2026/9/5", "2026-09-05"),
        ("2026.09.05", "2026-09-05"),
    ],
)
def test_deadlines_are_read_as_documents_write_them(written: str, expected: str) -> None:
    assert excel._as_date(written).isoformat() == expected  # type: ignore[union-attr]


def test_export_marks_the_columns_the_import_does_not_read(cast: Any) -> None:
    two_regions(cast)
    response = cast.client("office").get("/ledger/?format=xlsx")
    header = {c.value: c for c in load_workbook(io.BytesIO(response.content)).active[1]}
    assert header["进展"].comment is not None and "只读" in header["进展"].comment.text
    assert header["完成时限"].comment is None
    assert set(excel.READ_ONLY) >= {"进展", "状态", "最新进展情况"}


def test_review_candidates_name_each_unit_with_its_region(cast: Any) -> None:
    from datetime import date

    from tests.makers import make_unit

    # The county's own office must see both bureaus: the document is the city's.
    make_unit("市场监督管理局", cast.city)
    doc = services.import_document(
        actor=cast.office,
        region=cast.city,
        text="关于优化营商环境的措施\n一、压缩开办时间。2025年6月底前完成。（市场监督管理局牵头）\n",
        issued_on=date(2025, 3, 1),
    )
    page = cast.client("office").get(f"/ledger/documents/{doc.pk}/").content.decode()
    candidates = page.split('label="候选"')[1].split("</optgroup>")[0] if 'label="候选"' in page else ""
    assert "奈曼旗 市场监督管理局" in candidates and "东河区 市场监督管理局" in candidates
