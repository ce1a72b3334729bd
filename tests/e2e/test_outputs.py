"""Outputs fit to publish, in a real browser: the 通报 as an A4 PDF with page numbers, and pages on paper."""

from __future__ import annotations

import io
import os
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.assessment.helpers import observations, scheme
from tests.e2e.conftest import login
from yingshang.assessment import pdf, services
from yingshang.ledger import services as ledger

OUT = os.environ.get("PRINT_OUTPUT_DIR")  # set it to keep the PDFs for a look


def _keep(name: str, data: bytes) -> None:
    if OUT:
        os.makedirs(OUT, exist_ok=True)
        with open(os.path.join(OUT, name), "wb") as fh:
            fh.write(data)


@pytest.mark.skipif(pdf.converter() is None and not os.environ.get("CI"), reason="LibreOffice not installed")
@pytest.mark.django_db(transaction=True)
def test_office_generates_the_bulletin_with_todays_date_and_downloads_an_a4_pdf(page: Any, cast: Any) -> None:
    observations(cast)
    s = scheme(cast, region=cast.city)
    services.compute_scores(actor=cast.office, scheme=s)
    services.publish_scheme(actor=cast.office, scheme=s)

    login(page, cast.office)
    page.goto("/assessment/bulletins/")
    # the "as of" field comes filled with today and is accepted as it is
    assert page.input_value("input[name=as_of]") == timezone.localdate().isoformat()
    page.fill("input[name=period]", "2025-03")
    page.fill("input[name=doc_number]", "营商办[2026]12号")
    page.click("[data-testid=bulletin-generate]")
    page.wait_for_url("**/assessment/bulletins/*/")
    link = page.locator("[data-testid=bulletin-pdf]")
    link.wait_for(timeout=120_000)
    assert page.locator("[data-testid=doc-number]").inner_text() == "营商办〔2026〕12号"
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".pdf")
    data = open(info.value.path(), "rb").read()
    _keep("bulletin.pdf", data)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    for number, p in enumerate(reader.pages, start=1):
        assert (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (595, 842)
        assert f"— {number} —" in p.extract_text()
    first = "".join(reader.pages[0].extract_text().split())
    assert "营商办〔2026〕12号" in first and "示范市优化营商环境工作2025年3月通报" in first


@pytest.mark.django_db(transaction=True)
def test_task_page_on_paper_has_no_navigation_forms_or_buttons(page: Any, cast: Any) -> None:
    task = ledger.create_task(
        actor=cast.office, region=cast.county, title="压缩企业开办时间至1个工作日", lead_unit=cast.lead_unit
    )
    notice = ledger.issue_notice(
        actor=cast.office,
        task=task,
        unit=cast.lead_unit,
        reason="进度滞后，请于一周内说明原因并加快推进",
        demanded_date=date(2099, 1, 1),
    )
    login(page, cast.office)
    page.goto(f"/ledger/tasks/{task.pk}/")
    assert page.locator(".topbar").is_visible() and page.locator("[data-testid=print]").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible()
    assert page.locator("h1").is_visible()
    visible = page.evaluate(
        """() => [...document.querySelectorAll('form, button, nav, input, select, textarea, .footer')]
                 .filter(el => el.offsetParent !== null || el.getClientRects().length > 0).length"""
    )
    assert visible == 0
    _keep("task.pdf", page.pdf(format="A4", print_background=True))

    # the 督办通知单 from the task page's link, and its print button calls window.print (no inline code)
    page.emulate_media(media="screen")
    page.click("[data-testid=notice-print]")
    page.wait_for_url(f"**/ledger/notices/{notice.pk}/print/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.click("[data-testid=print]")
    assert page.evaluate("() => window.__printed") == 1
    page.emulate_media(media="print")
    assert page.locator("[data-testid=notice-sheet]").is_visible()
    assert not page.locator("[data-testid=print]").is_visible()
    assert "督办通知单" in page.locator("[data-testid=notice-sheet]").inner_text()
    _keep("notice.pdf", page.pdf(format="A4", print_background=True))
