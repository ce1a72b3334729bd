"""The leader filters the dashboard by region and drills down; the office generates and downloads a 通报."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from tests.assessment.helpers import observations, scheme, without_pdf_converter
from tests.e2e.conftest import login, logout
from yingshang.assessment import services
from yingshang.dashboard.summary import refresh_summary


@pytest.mark.django_db(transaction=True)
def test_leader_filters_and_drills_down_then_office_gets_the_bulletin(
    page: Any, cast: Any, settings: Any
) -> None:
    without_pdf_converter(settings)  # the PDF: tests/e2e/test_outputs.py
    observations(cast)  # 2025-03: 开办企业 missed in 奈曼旗, met in 东河区; 获得电力 met in both
    s = scheme(cast, region=cast.city)
    services.compute_scores(actor=cast.office, scheme=s)
    services.publish_scheme(actor=cast.office, scheme=s)
    refresh_summary()

    login(page, cast.leader)
    page.goto("/dashboard/?period=2025-03")
    assert page.locator("[data-testid=kpi-total] b").inner_text() == "4"
    # A function, not an expression: Playwright evals an expression in the page, which the CSP refuses.
    page.wait_for_function("() => document.querySelector('#chart-indicator canvas') !== null")
    page.select_option("[data-testid=region-filter]", str(cast.county.pk))
    page.click("#dash-filters button[type=submit]")
    page.wait_for_url(f"**region={cast.county.pk}**")
    assert page.locator("[data-testid=kpi-total] b").inner_text() == "2"
    assert page.locator("[data-testid=kpi-missed] b").inner_text() == "1"
    page.click("[data-testid=kpi-missed]")
    page.wait_for_url("**/dashboard/drill/**")
    assert page.locator("[data-testid=drill-count]").inner_text() == "1"
    row = page.locator("[data-testid=drill-table] tbody tr").first.inner_text()
    assert "开办企业/办理时间" in row and "奈曼旗" in row and "未达目标" in row
    logout(page)

    login(page, cast.office)
    page.goto("/assessment/bulletins/")
    page.fill("input[name=period]", "2025-03")
    page.fill("input[name=as_of]", timezone.localdate().isoformat())
    page.fill("input[name=doc_number]", "营商办〔2025〕4号")
    page.click("[data-testid=bulletin-generate]")
    page.wait_for_url("**/assessment/bulletins/*/")
    # generation runs as a background task; the page polls until the document is ready
    link = page.locator("[data-testid=bulletin-download]")
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["一级指标", "监测值", "达标", "未达目标", "触发预警", "达标率"] in headers
    indicator_table = doc.tables[
        headers.index(["一级指标", "监测值", "达标", "未达目标", "触发预警", "达标率"])
    ]
    assert [c.text for c in indicator_table.rows[1].cells][:3] == ["开办企业", "2", "1"]
    assert any("发展和改革委员会" in c.text for t in doc.tables for r in t.rows for c in r.cells)
