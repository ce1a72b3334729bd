"""Excel import (dry run, row errors, nothing written on error) and export of the three lists."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.inspections.helpers import pools
from yingshang.core.models import Enterprise
from yingshang.inspections.exports import INSPECTOR_HEADERS, ITEM_HEADERS, TARGET_HEADERS
from yingshang.inspections.models import InspectionItem, Inspector

pytestmark = pytest.mark.django_db


def _xlsx(headers: tuple[str, ...], rows: list[tuple[Any, ...]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "list.xlsx"
    return buf


def _post(c: Any, who: str, kind: str, buf: io.BytesIO, *, apply: bool) -> Any:
    data: dict[str, Any] = {"kind": kind, "file": buf}
    if apply:
        data["apply"] = "1"
    return c.client(who).post("/inspections/lists/import/", data)


def test_item_import_with_a_bad_row_writes_nothing(cast: Any) -> None:
    buf = _xlsx(
        ITEM_HEADERS,
        [
            ("SC-09", "广告发布检查", "市场监督管理局", "广告法", "一般", "现场检查"),
            ("SC-10", "价格行为检查", "不存在的局", "", "一般", ""),
            ("SC-09", "重复编码", "市场监督管理局", "", "重点", ""),
        ],
    )
    response = _post(cast, "lead", "items", buf, apply=True)
    text = response.content.decode()
    assert response.status_code == 200
    assert "第3行" in text and "第4行" in text and "不会写入任何数据" in text
    assert not InspectionItem.objects.exists()


def test_item_import_dry_run_then_apply(cast: Any) -> None:
    rows = [("SC-09", "广告发布检查", "市场监督管理局", "广告法", "重点", "现场检查")]
    response = _post(cast, "lead", "items", _xlsx(ITEM_HEADERS, rows), apply=False)
    assert "将新增 1 行" in response.content.decode()
    assert not InspectionItem.objects.exists()
    response = _post(cast, "lead", "items", _xlsx(ITEM_HEADERS, rows), apply=True)
    assert response.status_code == 302
    item = InspectionItem.objects.get(code="SC-09")
    assert item.level == "key" and item.department == cast.lead_unit


def test_inspector_import_checks_qualifications(cast: Any) -> None:
    pools(cast, enterprises=0)
    rows = [
        ("X001", "新执法员", "市场监督管理局", "奈曼旗", "SC-01", "是"),
        ("X002", "错资格", "市场监督管理局", "奈曼旗", "FG-01", "是"),
    ]
    response = _post(cast, "lead", "inspectors", _xlsx(INSPECTOR_HEADERS, rows), apply=True)
    assert "执法资格须为本部门的抽查事项" in response.content.decode()
    assert not Inspector.objects.filter(code__startswith="X").exists()
    response = _post(cast, "lead", "inspectors", _xlsx(INSPECTOR_HEADERS, rows[:1]), apply=True)
    assert response.status_code == 302
    assert list(Inspector.objects.get(code="X001").qualifications.values_list("code", flat=True)) == ["SC-01"]


def test_target_import_and_export_round_trip(cast: Any) -> None:
    from yingshang.core.creditcode import make_credit_code

    code = make_credit_code(9001)
    rows = [(code, "新开业企业有限公司", "奈曼旗", "餐饮", "C"), (code, "重复", "奈曼旗", "", "A")]
    response = _post(cast, "office", "targets", _xlsx(TARGET_HEADERS, rows), apply=True)
    assert "重复" in response.content.decode()
    assert not Enterprise.objects.filter(credit_code=code).exists()
    response = _post(cast, "office", "targets", _xlsx(TARGET_HEADERS, rows[:1]), apply=True)
    assert response.status_code == 302
    assert Enterprise.objects.get(credit_code=code).credit_tier == "C"
    exported = cast.client("office").get("/inspections/lists/?export=targets")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet is not None
    assert code in [row[0] for row in sheet.iter_rows(values_only=True)]


def test_item_and_inspector_imports_name_the_same_row_problems(cast: Any) -> None:
    """Both lists check their key (empty, repeated in the sheet, already stored) and the department alike."""
    from yingshang.inspections.imports import plan_import

    pools(cast)
    items = plan_import(
        _xlsx(
            ITEM_HEADERS,
            [
                ("SC-01", "已有编码", "市场监督管理局", "", "一般", ""),
                ("SC-20", "新事项", "不存在的局", "", "特别", ""),
                ("SC-20", "", "市场监督管理局", "", "一般", ""),
            ],
        ),
        actor=cast.lead,
        kind="items",
    )
    assert [(e.row, e.message) for e in items.errors] == [
        (2, "事项编码SC-01已存在"),
        (3, "实施部门“不存在的局”不存在、有重名或不在您的范围内；类别应为“重点”或“一般”"),
        (4, "事项编码和抽查事项必填；与第3行事项编码重复"),
    ]
    inspectors = plan_import(
        _xlsx(
            INSPECTOR_HEADERS,
            [
                ("SC000", "已有证号", "市场监督管理局", "", "", "是"),
                ("SC900", "新人员", "不存在的局", "", "", "是"),
                ("SC900", "", "市场监督管理局", "", "FG-01", "在"),
                ("SC901", "新人员二", "市场监督管理局", "", "SC-01", ""),
            ],
        ),
        actor=cast.lead,
        kind="inspectors",
    )
    assert [(e.row, e.message) for e in inspectors.errors] == [
        (2, "执法证号SC000已在名录库中"),
        (3, "所在部门“不存在的局”不存在、有重名或不在您的范围内；区域“”不存在"),
        (4, "执法证号和姓名必填；与第3行执法证号重复；执法资格须为本部门的抽查事项；在岗应填“是”或“否”"),
    ]
    assert [row["code"] for row in inspectors.created] == ["SC901"]
    assert inspectors.created[0]["department"] == cast.lead_unit.pk
