"""An anonymous filer's tracking page after the reply, in a real browser: the answering unit, the reply
deadline in force with its extension, the reply, and the reply's material downloaded with the code —
never the filer's own material or the units' notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.appeals.makers import ensure_services
from tests.e2e.conftest import login, logout
from yingshang.appeals import services
from yingshang.appeals.models import Appeal, Service


@pytest.mark.django_db(transaction=True)
def test_tracking_page_after_the_reply_shows_deadline_and_attachment(
    page: Any, cast: Any, tmp_path: Path
) -> None:
    ensure_services()
    appeal = services.file_appeal(
        actor=None,
        service=Service.objects.get(code="help"),
        description="园区供水水压不足，生产线经常停机，请求协调。",
        region=cast.county,
        contact_name="张经理",
        contact_phone="13904750001",
        attachments=[SimpleUploadedFile("营业执照副本.pdf", b"%PDF-1.4 own", "application/pdf")],
    )
    services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=appeal)
    services.handle_appeal(actor=cast.lead, appeal=appeal, text="内部：已约谈水务公司负责人")
    ext = services.request_extension(actor=cast.lead, appeal=appeal, workdays_n=2, reason="需现场核查")
    services.decide_extension(actor=cast.office, extension=ext, approve=True)

    # The lead unit replies in the browser with a report attached.
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(b"%PDF-1.4 report of the water pressure fix")
    login(page, cast.lead)
    page.goto(f"/appeals/{appeal.pk}/")
    page.fill("[data-testid=reply-form] textarea[name=text]", "已协调水务公司加压，水压已恢复。")
    page.set_input_files("[data-testid=reply-form] input[name=attachments]", str(report))
    with page.expect_navigation():
        page.click("[data-testid=reply-form] button[type=submit]")
    assert page.inner_text("[data-testid=status]") == "已答复"
    logout(page)

    # The filer, not logged in, tracks it by code.
    appeal = Appeal.objects.get(pk=appeal.pk)
    page.goto(f"/appeals/track/?code={appeal.tracking_code}")
    assert page.inner_text("[data-testid=track-status]") == "已答复"
    assert page.inner_text("[data-testid=track-unit]") == "市场监督管理局"
    deadline = page.inner_text("[data-testid=track-deadline]")
    assert appeal.reply_due_at is not None
    assert timezone.localtime(appeal.reply_due_at).strftime("%Y-%m-%d %H:%M") in deadline
    assert "含延期2个工作日" in deadline
    assert "水压已恢复" in page.inner_text("[data-testid=track-reply]")
    files = page.locator("[data-testid=track-files] a")
    assert files.all_inner_texts() == ["整改报告.pdf"]
    body = page.inner_text("body")
    assert "营业执照副本" not in body and "约谈" not in body and "13904750001" not in body
    with page.expect_download() as info:
        files.first.click()
    download = info.value
    assert download.suggested_filename == "整改报告.pdf"
    assert Path(download.path()).read_bytes() == report.read_bytes()
