"""The one Excel writer: unwritable characters stripped, formulas neutralised, numbers kept, exports re-import.

`test_every_export_is_safe_with_hostile_data` walks every GET route of the permission matrix with
`?format=xlsx` over data stored before the input checks existed (written straight into the tables), so
an export added later is covered without edits here.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from docx import Document as DocxDocument
from openpyxl import load_workbook

import tests
from tests.appeals.makers import make_appeal
from tests.assessment.helpers import observations, scheme
from tests.ledger.helpers import publish_small
from tests.permissions import REGISTRY
from yingshang.appeals import services as appeal_services
from yingshang.appeals.models import Appeal, Service
from yingshang.appeals.selectors import forget_services
from yingshang.assessment import services as assessment_services
from yingshang.core.excel import FORMULA_TRIGGERS, read_sheet, write_sheet
from yingshang.core.models import Unit
from yingshang.core.text import FORBIDDEN_RE
from yingshang.ledger import excel as ledger_excel
from yingshang.ledger.models import Task

ROOT = Path(__file__).resolve().parents[2]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HYPERLINK = '=HYPERLINK("http://example.com/x","点此查看")'


def cells(data: bytes) -> list[Any]:
    wb = load_workbook(io.BytesIO(data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def assert_safe(data: bytes) -> list[str]:
    """No formula, no text a spreadsheet would run, nothing unwritable; returns the texts."""
    texts = []
    for cell in cells(data):
        assert cell.data_type != "f", cell.value
        if isinstance(cell.value, str):
            assert cell.data_type == "s"
            assert not cell.value.startswith(FORMULA_TRIGGERS), cell.value
            assert not FORBIDDEN_RE.search(cell.value), repr(cell.value)
            texts.append(cell.value)
    return texts


def test_writer_neutralises_text_and_keeps_numbers_and_dates() -> None:
    row = [
        HYPERLINK,
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "王\x0b五\x01",
        "正常",
        -5,
        -2.5,
        Decimal("-1.5"),
        date(2025, 3, 1),
        None,
    ]
    data = write_sheet("测试\x0b", ["a", "=b"], [row])
    written = cells(data)
    values = [c.value for c in written]
    assert values[:2] == ["a", "'=b"]
    assert values[2:10] == ["'" + HYPERLINK, "'+1+1", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1", "王五", "正常"]
    numbers = written[10:13]
    assert [c.value for c in numbers] == [-5, -2.5, -1.5] and {c.data_type for c in numbers} == {"n"}
    assert written[13].is_date
    assert_safe(data)


def test_reader_takes_the_neutralising_quote_off_again() -> None:
    data = write_sheet("t", ["任务", "牵头单位"], [[HYPERLINK, "-2"], ["'普通的引号", "x"]])
    rows = read_sheet(io.BytesIO(data), required=["任务", "牵头单位"])
    assert rows == [(2, {"任务": HYPERLINK, "牵头单位": "-2"}), (3, {"任务": "'普通的引号", "牵头单位": "x"})]


def test_no_workbook_is_built_outside_the_one_writer() -> None:
    offenders = []
    for path in (ROOT / "yingshang").rglob("*.py"):
        if path.name == "excel.py" and path.parent.name == "core":
            continue
        text = path.read_text("utf-8")
        if re.search(r"\bimport openpyxl\b|\bfrom openpyxl\b|\bWorkbook\(", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_ledger_export_reimports_unchanged_with_formula_like_titles(cast: Any) -> None:
    publish_small(cast)
    titles = ["=目标值", "+互联网政务服务", "-负面清单以外事项", "@所有部门"]
    for task, title in zip(Task.objects.filter(is_group=False).order_by("pk"), titles, strict=False):
        Task.objects.filter(pk=task.pk).update(title=title)
    data = cast.client("office").get("/ledger/", {"format": "xlsx"}).content
    assert "'+互联网政务服务" in assert_safe(data)
    plan = ledger_excel.plan_ledger_import(io.BytesIO(data), actor=cast.office, region=cast.county)
    assert plan.ok, plan.errors
    assert (plan.created, plan.updated) == ([], [])
    assert plan.unchanged == Task.objects.filter(is_group=False).count()


def test_unit_directory_reimports_unchanged_with_formula_like_names(cast: Any) -> None:
    Unit.objects.create(
        name="+互联网信息中心", short_name="-网信", aliases=["@网信办"], region=cast.county, kind="department"
    )
    client = cast.client("office")
    data = client.get("/units/", {"format": "xlsx"}).content
    assert "'+互联网信息中心" in assert_safe(data)
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post("/units/import/", {"file": SimpleUploadedFile("u.xlsx", data, content_type=XLSX)})
    plan = r.context["plan"]
    assert (plan.created, plan.updated, plan.errors) == ([], [], [])
    assert plan.unchanged == Unit.objects.filter(region__in=[cast.county, cast.other_county]).count()


def _hostile_data(cast: Any) -> None:
    """Rows as they could be stored before the input checks: written into the tables directly."""
    unit = Unit.objects.create(
        name=HYPERLINK + "\x0b", short_name="@SUM(A1)", aliases=["-1+2", "\x01"], region=cast.county
    )
    publish_small(cast)
    Task.objects.filter(pk=Task.objects.filter(is_group=False).order_by("pk")[0].pk).update(
        title="\t=2+3\x01", lead_unit=unit
    )
    Service.objects.filter(code="complaint").update(name="-2+3\x0c")
    forget_services()
    appeal = make_appeal(cast)
    appeal_services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=unit)
    Appeal.objects.filter(pk=appeal.pk).update(title="=1+1", contact_name="王\x0b五", description="+cmd\x1b")


def _load_all_matrices() -> None:
    for mod in pkgutil.walk_packages(tests.__path__, "tests."):
        if mod.name.rsplit(".", 1)[-1] == "test_permissions":
            importlib.import_module(mod.name)


KNOWN_EXPORTS = {"ledger:overview", "appeals:list", "appeals:stats", "core:unit_list"}


@pytest.mark.django_db
def test_every_export_is_safe_with_hostile_data(cast: Any) -> None:
    _hostile_data(cast)
    _load_all_matrices()
    client = cast.client("office")
    client.raise_request_exception = False
    exports: dict[str, list[str]] = {}
    failures = []
    requested = 0
    for r in REGISTRY:
        if r.method != "GET" or r.name.startswith("GET /api/"):
            continue
        try:
            with transaction.atomic():
                path = r.path(cast)
        except Exception:  # a row whose object this cast cannot build twice: not an export
            continue
        response = client.get(path, {"format": "xlsx"})
        requested += 1
        if response.status_code >= 500:
            failures.append(f"{r.name} {response.status_code}")
        elif response.get("Content-Type") == XLSX:
            exports[r.name] = assert_safe(response.content)
    assert failures == []
    assert requested > 50, "the walk no longer reaches the pages of the permission matrix"
    assert KNOWN_EXPORTS <= set(exports), sorted(exports)
    everything = [text for texts in exports.values() for text in texts]
    assert "'" + HYPERLINK in everything  # the hostile unit, written as text
    assert "'=1+1" in everything and "'-2+3" in everything and "'\t=2+3" in everything


@time_machine.travel(datetime(2025, 4, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_bulletin_docx_is_written_with_a_stored_control_character(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The other office document the product writes (Word): python-docx refuses the same characters."""
    observations(cast)
    Unit.objects.filter(pk=cast.coop_unit.pk).update(name="发展\x0b和改革委员会")
    s = scheme(cast)
    assessment_services.compute_scores(actor=cast.office, scheme=s)
    assessment_services.publish_scheme(actor=cast.office, scheme=s)
    with django_capture_on_commit_callbacks(execute=True):
        b = assessment_services.request_bulletin(
            actor=cast.office, region=cast.city, period="2025-03", as_of=date(2025, 4, 10)
        )
    b.refresh_from_db()
    assert b.status == "ready", b.error
    doc = DocxDocument(io.BytesIO(bytes(b.docx)))
    assert "发展和改革委员会" in [c.text for t in doc.tables for row in t.rows for c in row.cells]
