"""The unit directory as Excel: export, re-import unchanged, edit and import, and a bad file writing nothing."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from yingshang.core.events import timeline
from yingshang.core.excel import write_sheet
from yingshang.core.models import Event, Unit
from yingshang.core.unit_directory import HEADERS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("单位名录.xlsx", data, content_type=XLSX)


def export(client) -> bytes:
    r = client.get("/units/", {"format": "xlsx"})
    assert r.status_code == 200
    assert r["Content-Type"] == XLSX
    assert "attachment" in r["Content-Disposition"]
    return r.content


def test_export_lists_the_visible_units(cast):
    ws = load_workbook(io.BytesIO(export(cast.client("office")))).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert ("市场监督管理局", "市场监管局", None, "党政部门", "奈曼旗", "是") in rows
    assert len(rows) == 4
    # A unit's staff export only their own unit.
    rows = list(load_workbook(io.BytesIO(export(cast.client("lead")))).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["市场监督管理局"]


def test_reimporting_the_export_changes_nothing(cast):
    client = cast.client("office")
    r = client.post("/units/import/", {"file": upload(export(client))})
    plan = r.context["plan"]
    assert (plan.created, plan.updated, plan.unchanged, plan.errors) == ([], [], 3, [])


def test_edit_then_import_round_trip(cast):
    client = cast.client("office")
    wb = load_workbook(io.BytesIO(export(client)))
    ws = wb.active
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "发展和改革委员会":
            row[2].value = "发改、发展改革委"
    ws.append(["税务局", "", "", "党政部门", "奈曼旗", "是"])
    buf = io.BytesIO()
    wb.save(buf)
    events_before = Event.objects.count()

    preview = client.post("/units/import/", {"file": upload(buf.getvalue())})
    plan = preview.context["plan"]
    assert [v["name"] for v in plan.created] == ["税务局"]
    assert [v["name"] for v in plan.updated] == ["发展和改革委员会"]
    assert not Unit.objects.filter(name="税务局").exists()  # the preview writes nothing
    assert Event.objects.count() == events_before

    r = client.post("/units/import/", {"stash": preview.context["stash"], "apply": "1"})
    assert r.status_code == 302 and r["Location"] == "/units/"
    new = Unit.objects.get(name="税务局", region=cast.county)
    cast.coop_unit.refresh_from_db()
    assert cast.coop_unit.aliases == ["发改", "发展改革委"]
    assert [e.action for e in timeline(new)] == ["import_create"]
    assert timeline(cast.coop_unit).last().action == "import_update"

    # And the new export carries the edit back out.
    rows = list(load_workbook(io.BytesIO(export(client))).active.iter_rows(values_only=True))
    assert ("发展和改革委员会", "发改委", "发改、发展改革委", "党政部门", "奈曼旗", "是") in rows


def test_a_bad_row_shows_row_errors_and_writes_nothing(cast):
    client = cast.client("office")
    data = write_sheet(
        "单位名录",
        HEADERS,
        [
            ["税务局", "", "", "党政部门", "奈曼旗", "是"],
            ["公安局", "", "", "警察", "不存在旗", "是"],
            ["", "", "", "党政部门", "奈曼旗", "也许"],
            ["税务局", "", "", "党政部门", "奈曼旗", "是"],
        ],
    )
    r = client.post("/units/import/", {"file": upload(data)})
    html = r.content.decode()
    assert "第 3 行" in html and "不存在旗" in html and "类型“警察”无效" in html
    assert "第 4 行" in html and "名称为空" in html and "启用应填" in html
    assert "第 5 行" in html and "重复" in html
    assert "确认写入" not in html

    # Forcing the apply step with the same file still writes nothing.
    r = client.post("/units/import/", {"stash": r.context["stash"], "apply": "1"})
    assert r.status_code == 200
    assert not Unit.objects.filter(name__in=["税务局", "公安局"]).exists()


def test_region_outside_the_users_area_is_a_row_error(cast):
    cast.office.region = cast.county
    cast.office.save()
    data = write_sheet("单位名录", HEADERS, [["税务局", "", "", "党政部门", "东河区", "是"]])
    plan = cast.client("office").post("/units/import/", {"file": upload(data)}).context["plan"]
    assert "不在您的管辖范围" in plan.errors[0].message


def test_not_an_excel_file_is_a_message(cast):
    r = cast.client("office").post("/units/import/", {"file": upload(b"not a workbook")})
    assert r.status_code == 200
    assert "无法读取这个Excel文件" in r.content.decode() and "Error" not in r.content.decode()


def test_missing_header_is_a_message(cast):
    data = write_sheet("x", ["名称", "类型"], [["税务局", "党政部门"]])
    r = cast.client("office").post("/units/import/", {"file": upload(data)})
    assert "缺少表头列：所属区域" in r.content.decode()
