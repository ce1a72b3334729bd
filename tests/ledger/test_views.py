"""Pages: upload errors, review screen, publish, overview filters and query counts, Excel round trip."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.ledger.helpers import SMALL_TEXT, leaf, publish_small
from yingshang.core.excel import write_sheet
from yingshang.ledger import excel, services
from yingshang.ledger.models import Document, Task

pytestmark = pytest.mark.django_db


def test_upload_bad_file_shows_chinese_error_not_500(cast: Any) -> None:
    client = cast.client("office")
    bad = SimpleUploadedFile("坏文件.pdf", b"%PDF-garbage", content_type="application/pdf")
    resp = client.post("/ledger/documents/import/", {"file": bad})
    assert resp.status_code == 200
    assert "无法读取文件" in resp.content.decode()
    resp = client.post("/ledger/documents/import/", {"file": SimpleUploadedFile("a.xls", b"x")})
    assert resp.status_code == 200 and "不支持的文件格式" in resp.content.decode()
    resp = client.post("/ledger/documents/import/", {"text": ""})
    assert resp.status_code == 200 and "请上传文件或粘贴文件正文" in resp.content.decode()


def test_paste_review_fix_and_publish_through_pages(cast: Any) -> None:
    client = cast.client("office")
    resp = client.post("/ledger/documents/import/", {"text": SMALL_TEXT})
    assert resp.status_code == 302
    doc = Document.objects.get()
    page = client.get(resp["Location"]).content.decode()
    assert "旗税务局" in page and "未识别" in page and 'data-start="' in page
    resp = client.post(f"/ledger/documents/{doc.pk}/publish/")
    assert resp.status_code == 302
    doc.refresh_from_db()
    assert doc.status == "draft"
    key = next(k for k, v in doc.review["names"].items() if v["text"] == "旗税务局")
    resp = client.post(
        f"/ledger/documents/{doc.pk}/",
        {f"name:{key}": "new", f"newname:{key}": "税务局", f"newregion:{key}": cast.county.pk},
    )
    assert resp.status_code == 302
    # the collective name is still a question: publishing waits for the answer
    assert "collective-question" in client.get(f"/ledger/documents/{doc.pk}/").content.decode()
    resp = client.post(f"/ledger/documents/{doc.pk}/publish/")
    doc.refresh_from_db()
    assert doc.status == "draft"
    collective = next(k for k, v in doc.review["names"].items() if v["text"] == "旗直相关部门")
    client.post(f"/ledger/documents/{doc.pk}/", {f"name:{collective}": "ignore"})
    resp = client.post(f"/ledger/documents/{doc.pk}/publish/")
    assert resp.status_code == 302 and f"document={doc.pk}" in resp["Location"]
    assert Task.objects.filter(document=doc, is_group=False).count() == 3


def test_review_page_shows_ignored_text_and_runs_no_inline_script(cast: Any) -> None:
    client = cast.client("office")
    text = SMALL_TEXT + "抄送：旗委办\n另一份文件：关于开展营商环境专项督查的通知，请各单位认真落实。\n"
    resp = client.post("/ledger/documents/import/", {"text": text})
    page = client.get(resp["Location"]).content.decode()
    assert 'data-testid="parse-warnings"' in page and "未解析为任务" in page
    assert "个字符" in page and "另一份文件" in page
    assert "<script>" not in page and " onclick=" not in page
    assert "ledger/document_review.js" in page


@time_machine.travel("2025-03-03 10:00 +0800", tick=False)
def test_overview_filters_and_counts(cast: Any) -> None:
    _, tasks = publish_small(cast)
    Task.objects.filter(pk=leaf(tasks, "一/(一)").pk).update(colour="red")
    client = cast.client("office")
    page = client.get("/ledger/?colour=red").content.decode()
    assert "压缩企业开办时间" in page and "推进项目审批改革" not in page
    assert "红 1" in page
    page = client.get(f"/ledger/?unit={cast.lead_unit.pk}").content.decode()
    assert "压缩企业开办时间" in page and "做好融资对接" not in page
    page = client.get("/ledger/?due_from=2025-07-01&due_to=2025-12-31").content.decode()
    assert "推进项目审批改革" in page and "压缩企业开办时间" not in page


def _many_tasks(cast: Any, n: int) -> None:
    for i in range(n):
        services.create_task(
            actor=cast.office,
            region=cast.county,
            title=f"任务{i}",
            lead_unit=cast.lead_unit if i % 2 else cast.coop_unit,
            cooperating_units=[cast.coop_unit if i % 2 else cast.lead_unit],
            due_date=date(2030, 1, 1),
        )


def test_overview_pager_counts_what_it_lists(cast: Any) -> None:
    """The pager's count comes from the colour counts, so it must agree with the listed rows."""
    _many_tasks(cast, 60)
    ids = list(Task.objects.order_by("id").values_list("id", flat=True))
    Task.objects.filter(pk__in=ids[:55]).update(colour="red")
    Task.objects.filter(pk__in=ids[55:57]).update(colour="yellow")
    client = cast.client("office")
    cases = [
        ("/ledger/", 60),
        ("/ledger/?colour=red", 55),
        ("/ledger/?colour=yellow", 2),
        ("/ledger/?colour=green", 3),
        (f"/ledger/?unit={cast.lead_unit.pk}", 60),  # lead or cooperating on every task
        (f"/ledger/?unit={cast.lead_unit.pk}&colour=red", 55),
        (f"/ledger/?unit={cast.other_unit.pk}", 0),
        ("/ledger/?colour=red&page=2", 55),
    ]
    for url, expected in cases:
        page = client.get(url).context["page"]
        assert page.paginator.count == expected, url
        listed = {t.pk for p in page.paginator.page_range for t in page.paginator.page(p)}
        assert len(listed) == expected, url
    page = client.get("/ledger/?colour=red&page=2").context["page"]
    assert page.number == 2 and len(page.object_list) == 5


def test_task_rows_leave_long_fields_unread(cast: Any, django_assert_max_num_queries: Any) -> None:
    _, tasks = publish_small(cast)
    client = cast.client("office")
    page = client.get("/ledger/").context["page"]
    task = next(t for t in page if t.document_id)
    assert {"text", "targets"} <= task.get_deferred_fields()
    assert "source_text" in task.document.get_deferred_fields()
    with django_assert_max_num_queries(0):
        assert task.document.doc_number is not None and task.lead_unit is not None


@pytest.mark.parametrize(
    "url,who", [("/ledger/", "office"), ("/ledger/mine/", "lead"), ("/api/v1/ledger/tasks", "office")]
)
def test_list_queries_do_not_grow_with_rows(
    cast: Any, url: str, who: str, django_assert_max_num_queries: Any
) -> None:
    _many_tasks(cast, 3)
    client = cast.client(who)
    client.get(url)  # warm caches (content types, session)
    with django_assert_max_num_queries(15) as small:
        assert client.get(url).status_code == 200
    _many_tasks(cast, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_unit_sees_own_tasks_only(cast: Any) -> None:
    _, tasks = publish_small(cast)
    page = cast.client("lead").get("/ledger/mine/").content.decode()
    assert "压缩企业开办时间" in page and "做好融资对接" not in page
    assert cast.client("outsider").get(f"/ledger/tasks/{leaf(tasks, '一/(一)').pk}/").status_code == 404
    assert cast.client("enterprise_user").get("/ledger/").status_code == 403


def test_task_detail_shows_provenance_and_failed_target(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(二)")
    services.submit_report(
        actor=cast.coop,
        task=task,
        period="2025-04",
        progress_text="推进",
        percent=10,
        actual_values=[{"index": 0, "value": 25}],
    )
    page = cast.client("office").get(f"/ledger/tasks/{task.pk}/").content.decode()
    assert '<mark class="span">' in page and "示政发〔2025〕7号" in page
    assert "未达标" in page and "text-red" in page


def test_report_and_closure_through_pages(cast: Any) -> None:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    lead = cast.client("lead")
    pdf = SimpleUploadedFile("佐证.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    resp = lead.post(
        f"/ledger/tasks/{task.pk}/report/",
        {"period": "2025-03", "percent": 100, "progress_text": "已完成", "files": pdf, "actual_0": "1"},
    )
    assert resp.status_code == 302
    report = task.reports.get()
    assert (
        cast.client("office").post(f"/ledger/reports/{report.pk}/decide/", {"action": "accept"}).status_code
        == 302
    )
    assert (
        lead.post(f"/ledger/tasks/{task.pk}/closure/", {"action": "request", "summary": "完成"}).status_code
        == 302
    )
    assert (
        cast.client("coop").post(f"/ledger/tasks/{task.pk}/closure/", {"action": "verify"}).status_code == 403
    )
    cast.client("office").post(f"/ledger/tasks/{task.pk}/closure/", {"action": "verify"})
    task.refresh_from_db()
    assert task.status == "closed"


def test_excel_export_and_reimport_round_trip(cast: Any) -> None:
    _, tasks = publish_small(cast)
    resp = cast.client("office").get("/ledger/?format=xlsx")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert list(rows[0]) == excel.HEADERS
    first = leaf(tasks, "一/(一)")
    edited = []
    for row in rows[1:]:
        row = list(row)
        if row[0] == first.code:
            row[5] = "2026-09-30"
            row[4] = ""
        edited.append(row)
    edited.append(["", "", "新增的任务", "发改委", "", "2026-12-31", "", "", "", ""])
    data = write_sheet("任务台账", excel.HEADERS, edited)
    plan = excel.plan_ledger_import(io.BytesIO(data), actor=cast.office, region=cast.county)
    assert plan.ok, plan.errors
    assert len(plan.created) == 1 and len(plan.updated) == 1 and plan.unchanged == 2
    excel.apply_ledger_import(actor=cast.office, plan=plan, region=cast.county)
    first.refresh_from_db()
    assert first.due_date == date(2026, 9, 30)
    assert not first.task_units.filter(role="cooperating").exists()
    assert Task.objects.filter(title="新增的任务", lead_unit=cast.coop_unit).exists()


def test_excel_import_reports_row_errors_and_writes_nothing(cast: Any) -> None:
    publish_small(cast)
    rows = [
        ["RW999999", "", "不存在的任务", "发改委", "", "", "", "", "", ""],
        ["", "", "新任务", "不存在的局", "", "明天", "", "", "", ""],
        ["", "", "正常任务", "发改委", "", "2026-01-01", "", "", "", ""],
    ]
    data = write_sheet("任务台账", excel.HEADERS, rows)
    client = cast.client("office")
    resp = client.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", data)})
    page = resp.content.decode()
    assert "第 2 行" in page and "第 3 行" in page and "不存在的局" in page
    before = Task.objects.count()
    import base64

    client.post("/ledger/import/", {"stash": base64.b64encode(data).decode(), "apply": "1"})
    assert Task.objects.count() == before


def test_todo_lists_ledger_items(cast: Any) -> None:
    _, tasks = publish_small(cast)
    services.submit_report(
        actor=cast.lead, task=leaf(tasks, "一/(一)"), period="2025-03", progress_text="x", percent=5
    )
    assert "审核报送" in cast.client("office").get("/").content.decode()


def test_indicator_filter(cast: Any) -> None:
    for title, indicators in (("开办企业提速", ["开办企业"]), ("纳税便利", ["纳税"])):
        services.create_task(
            actor=cast.office,
            region=cast.county,
            title=title,
            lead_unit=cast.lead_unit,
            indicators=indicators,
        )
    page = cast.client("office").get("/ledger/?indicator=开办企业").content.decode()
    assert "开办企业提速" in page and "纳税便利" not in page
    items = cast.client("office").get("/api/v1/ledger/tasks?indicator=纳税").json()["items"]
    assert [t["title"] for t in items] == ["纳税便利"]
