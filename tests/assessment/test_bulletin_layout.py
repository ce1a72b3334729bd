"""The 通报 as an official document (GB/T 9704-2012): dates, 发文字号, the .docx layout and its PDF."""

from __future__ import annotations

import io
import os
from datetime import date
from typing import Any

import pytest
import time_machine
from docx import Document
from docx.shared import Mm, Pt
from pypdf import PdfReader

from tests.assessment.helpers import observations, scheme, without_pdf_converter
from yingshang.assessment import pdf, services
from yingshang.assessment.models import Bulletin
from yingshang.core.chinese_dates import chinese_date, chinese_number
from yingshang.core.errors import ValidationFailed

TODAY = "2026-12-03 10:00 +08:00"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 12, 3), "二〇二六年十二月三日"),
        (date(2026, 1, 10), "二〇二六年一月十日"),
        (date(2030, 10, 20), "二〇三〇年十月二十日"),
        (date(2025, 3, 31), "二〇二五年三月三十一日"),
        (date(2000, 11, 11), "二〇〇〇年十一月十一日"),
        (date(2019, 2, 21), "二〇一九年二月二十一日"),
    ],
)
def test_dates_are_written_in_chinese_numerals(day: date, text: str) -> None:
    assert chinese_date(day) == text


def test_chinese_number_refuses_what_a_date_never_holds() -> None:
    assert [chinese_number(n) for n in (1, 9, 10, 11, 19, 20, 29, 30, 31)] == [
        "一", "九", "十", "十一", "十九", "二十", "二十九", "三十", "三十一"
    ]  # fmt: skip
    for bad in (0, 100, -1):
        with pytest.raises(ValueError):
            chinese_number(bad)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("营商办〔2026〕12号", "营商办〔2026〕12号"),
        ("营商办[2026]12号", "营商办〔2026〕12号"),
        (" 营商办（2026）3号 ", "营商办〔2026〕3号"),
        ("奈营商办【2026】105号", "奈营商办〔2026〕105号"),
    ],
)
def test_doc_numbers_are_normalised_to_hexagonal_brackets(raw: str, clean: str) -> None:
    assert services.clean_doc_number(raw) == clean


@pytest.mark.parametrize(
    "raw", ["12号", "营商办2026年12号", "营商办〔26〕12号", "营商办〔2026〕号", "〔2026〕12号"]
)
def test_malformed_doc_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        services.clean_doc_number(raw)
    assert "营商办〔2026〕12号" in err.value.message and "doc_number" in err.value.fields


def _build(cast: Any, capture: Any, **kw: Any) -> Bulletin:
    observations(cast)
    s = scheme(cast)
    services.compute_scores(actor=cast.office, scheme=s)
    services.publish_scheme(actor=cast.office, scheme=s)
    with capture(execute=True):
        b = services.request_bulletin(
            actor=cast.office,
            region=cast.city,
            period="2025-03",
            as_of=date(2026, 12, 3),
            doc_number=kw.get("doc_number", "营商办〔2026〕12号"),
        )
    b.refresh_from_db()
    assert b.status == "ready", b.error
    return b


@pytest.fixture
def no_converter(settings: Any) -> None:
    """Tests of the .docx alone skip the seconds LibreOffice takes; the PDF has its own tests below."""
    without_pdf_converter(settings)


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_docx_has_the_standard_page_fonts_and_page_numbers(
    cast: Any, django_capture_on_commit_callbacks: Any, no_converter: None
) -> None:
    b = _build(cast, django_capture_on_commit_callbacks)
    doc = Document(io.BytesIO(bytes(b.docx)))
    sec = doc.sections[0]

    def mm(length: int) -> float:  # stored in twips: 1 mm is not a whole number of them
        return round(length / Mm(1), 1)

    assert (mm(sec.page_width), mm(sec.page_height)) == (210, 297)
    assert [mm(sec.top_margin), mm(sec.bottom_margin), mm(sec.left_margin), mm(sec.right_margin)] == [
        37, 35, 28, 26
    ]  # fmt: skip
    assert mm(sec.page_width - sec.left_margin - sec.right_margin) == 156
    assert mm(sec.page_height - sec.top_margin - sec.bottom_margin) == 225
    grid = sec._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}linePitch") == "579"  # 28.95 pt: 22 lines in 225 mm
    texts = [p.text for p in doc.paragraphs]
    title = next(p for p in doc.paragraphs if p.text == b.title)
    assert title.runs[0].font.size == Pt(22) and title.runs[0].font.name == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("2025年3月，示范市共报送"))
    assert body.runs[0].font.size == Pt(16) and body.runs[0].font.name == "仿宋_GB2312"
    assert body.paragraph_format.line_spacing == Pt(28.95)
    assert "营商办〔2026〕12号" in texts
    assert texts[-2:] == ["示范市优化营商环境工作领导小组办公室", "二〇二六年十二月三日"]
    # page numbers: a PAGE field between dashes in 4号, odd footer on the right, even on the left
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((sec.footer, "right"), (sec.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert p.text == "— 1 —" and p.alignment is not None and align in str(p.alignment).lower()
        assert "PAGE" in "".join(t.text or "" for t in p._p.iter(f"{W}instrText"))
        assert {r.font.size for r in p.runs} == {Pt(14)}
    assert b.pdf is None and "无法启动" in b.pdf_error


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_a_new_doc_number_for_the_same_snapshot_is_printed_and_kept_in_the_event(
    cast: Any, django_capture_on_commit_callbacks: Any, no_converter: None
) -> None:
    b = _build(cast, django_capture_on_commit_callbacks)
    first = dict(b.snapshot)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_bulletin(
            actor=cast.office,
            region=cast.city,
            period="2025-03",
            as_of=date(2026, 12, 3),
            doc_number="营商办[2026]13号",
        )
    b.refresh_from_db()
    assert b.doc_number == "营商办〔2026〕13号" and b.snapshot == first
    assert "营商办〔2026〕13号" in [p.text for p in Document(io.BytesIO(bytes(b.docx))).paragraphs]
    from yingshang.core.events import timeline

    regenerate = [e for e in timeline(b) if e.action == "regenerate"][0]
    assert regenerate.note["doc_number"] == ["营商办〔2026〕12号", "营商办〔2026〕13号"]


needs_soffice = pytest.mark.skipif(
    pdf.converter() is None and not os.environ.get("CI"),
    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)",
)


@needs_soffice
@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_the_worker_makes_an_a4_pdf_with_page_numbers(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    b = _build(cast, django_capture_on_commit_callbacks)
    assert b.pdf_error == "" and bytes(b.pdf).startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(bytes(b.pdf)))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    texts = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert f"— {number} —" in text, text[-200:]
    everything = "".join("".join(t.split()) for t in texts)
    for expected in (
        "营商办〔2026〕12号",
        "示范市优化营商环境工作2025年3月通报",
        "一、总体进展",
        "二〇二六年十二月三日",
    ):
        assert expected in everything


@needs_soffice
@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_the_bulletin_page_serves_the_pdf(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    b = _build(cast, django_capture_on_commit_callbacks)
    client = cast.client("office")
    page = client.get(f"/assessment/bulletins/{b.pk}/").content.decode()
    assert f"/assessment/bulletins/{b.pk}/pdf/" in page and "二〇二六年十二月三日" in page
    resp = client.get(f"/assessment/bulletins/{b.pk}/pdf/")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert "attachment" in resp["Content-Disposition"]
    assert cast.client("outsider").get(f"/assessment/bulletins/{b.pk}/pdf/").status_code in (403, 404)


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_a_failed_conversion_keeps_the_docx_and_says_why(
    cast: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    without_pdf_converter(settings, "/bin/false")
    b = _build(cast, django_capture_on_commit_callbacks)
    assert b.docx and b.pdf is None and b.pdf_error == "PDF转换失败，请稍后重新生成。"
    client = cast.client("office")
    page = client.get(f"/assessment/bulletins/{b.pk}/").content.decode()
    assert "PDF未生成：PDF转换失败" in page
    assert client.get(f"/assessment/bulletins/{b.pk}/pdf/").status_code == 404
