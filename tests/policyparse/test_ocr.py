"""Scanned PDFs and photos through OCR (tesseract chi_sim): a few pages only; bench/ocr.py does the set."""

import random
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from policyparse import ReadError, parse, read_document
from policyparse.layout import OcrLine, OcrPage, scan_text
from policyparse.scan import MAX_OCR_PAGES
from tests.policyparse.scans import paginate, photo_jpeg, render_page, scanned_pdf

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")

DOC = """青川县优化营商环境若干措施

一、提升企业开办便利度
（一）压缩企业开办时间。全面推行企业开办一网通办，将营业执照申领、公章刻制、发票申领整合为1个环节，2024年6月底前企业开办时间压减至1个工作日。（县市场监管局牵头，县税务局、县公安局配合）
（二）便利企业注销。简易注销公示期由20天压减至10天，2024年9月底前实现注销数据实时共享。（县市场监管局牵头，县税务局配合）

二、提升项目审批效率
（三）精简审批环节。社会投资一般工业项目审批时间压减至15个工作日以内。（县住房城乡建设局牵头，县自然资源局配合）
"""


def _ledger(text: str) -> dict[str, object]:
    return parse(text, options={"issued_on": "2024-01-01"}).to_dict()


def _facts(d: dict[str, object]) -> list[tuple[str, list[str], list[str | None]]]:
    return [
        (m["path"], m["lead_units"] + m["cooperating_units"], [x["due"] for x in m["deadlines"]])  # type: ignore[index]
        for m in d["measures"]  # type: ignore[attr-defined]
    ]


@needs_tesseract
def test_a_rotated_noisy_scanned_pdf_reads_as_its_text(tmp_path: Path):
    (lines,) = paginate(DOC)
    pages = [render_page(lines[:9], number=1, rotate=0.7), render_page(lines[9:], number=2, noise=0.003)]
    p = scanned_pdf(pages, tmp_path / "扫描件.pdf")
    seen: list[tuple[int, int]] = []
    kept: list[int] = []
    source = read_document(
        p, progress=lambda done, total: seen.append((done, total)), on_page=lambda n, _: kept.append(n)
    )
    assert source.kind == "pdf-scan" and source.scan is not None
    assert seen == [(i + 1, len(pages)) for i in range(len(pages))] and kept == list(range(1, len(pages) + 1))
    assert _facts(_ledger(source.text)) == _facts(_ledger(DOC))
    # each line keeps its page and box
    line = source.scan.line_at(source.text.index("县住房城乡建设局"))
    assert line is not None and line.page == 2 and line.box[2] > line.box[0]


@needs_tesseract
def test_a_skewed_stamped_phone_photo_keeps_its_measures(tmp_path: Path):
    (lines,) = paginate(DOC)
    p = photo_jpeg(render_page(lines, rotate=1.0, noise=0.003, stamp=True), tmp_path / "照片.jpg")
    source = read_document(p)
    assert source.kind == "jpeg"
    assert [f[0] for f in _facts(_ledger(source.text))] == [f[0] for f in _facts(_ledger(DOC))]
    assert "— 1 —" not in source.text


CIRCLED_DOC = """（二）提升供电可靠性。

①推进配电网自动化改造，城市核心区用户年均停电时间压减至1小时以内。

②建立计划停电信息主动推送机制，停电信息通过短信、微信等渠道提前告知用户。

③优化办电流程。

（三）降低用电成本。
"""


@needs_tesseract
@pytest.mark.skipif(
    not Path("/usr/share/tesseract-ocr/5/tessdata/jpn.traineddata").exists(), reason="no jpn data"
)
def test_circled_numerals_that_chi_sim_cannot_read_are_found_and_numbered(tmp_path: Path):
    (lines,) = paginate(CIRCLED_DOC)
    source = read_document(scanned_pdf([render_page(lines, noise=0.002)], tmp_path / "扫描件.pdf"))
    assert [m["path"] for m in _ledger(source.text)["measures"]] == [  # type: ignore[attr-defined]
        "(二)",
        "(二)/①",
        "(二)/②",
        "(二)/③",
        "(三)",
    ]
    assert source.scan is not None
    # the numeral is the reader's guess from its place: the review screen marks it unsure
    assert source.scan.unsure(source.text.index("②"), source.text.index("②") + 1)


def test_lines_broken_by_the_page_width_are_joined_and_page_numbers_dropped():
    def ln(y: int, x1: int, text: str, x0: int = 100) -> OcrLine:
        return OcrLine(1, (x0, y, x1, y + 30), text, 0.95)

    page = OcrPage(
        1,
        1000,
        1400,
        (
            ln(100, 900, "（一）压缩企业开办时间。全面推行企业开办一网通办，"),
            ln(150, 500, "2024年底前完成。（县市场监管局牵头）"),
            ln(200, 900, "（二）便利企业注销。简易注销公示期由20天压减至10"),
            ln(250, 300, "天。"),
            ln(1300, 560, "— 1 —", x0=440),
        ),
    )
    scan = scan_text([page])
    assert scan.text.splitlines() == [
        "（一）压缩企业开办时间。全面推行企业开办一网通办，2024年底前完成。（县市场监管局牵头）",
        "（二）便利企业注销。简易注销公示期由20天压减至10天。",
    ]
    line = scan.line_at(scan.text.index("县市场监管局"))
    assert line is not None and line.box[1] == 150


# -- bad input: clear errors, no traceback, nothing left running ------------------------------------------


def test_an_encrypted_pdf_is_refused(tmp_path: Path):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    p = tmp_path / "加密.pdf"
    with p.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ReadError) as err:
        read_document(p)
    assert err.value.bilingual().startswith("错误：PDF 文件已加密")


@needs_tesseract
def test_blank_pages_are_refused(tmp_path: Path):
    p = scanned_pdf([Image.new("RGB", (620, 877), "white")] * 2, tmp_path / "空白.pdf")
    with pytest.raises(ReadError) as err:
        read_document(p)
    assert "空白页" in err.value.zh


def test_a_300_page_scan_is_refused_before_any_page_is_read(tmp_path: Path):
    page = Image.new("L", (60, 85), 255)
    p = scanned_pdf([page] * 300, tmp_path / "长.pdf")
    assert len(PdfReader(p).pages) == 300
    with pytest.raises(ReadError) as err:
        read_document(p, progress=lambda done, total: pytest.fail("no page may be read"))
    assert f"共 300 页，超过可识别的上限 {MAX_OCR_PAGES} 页" in err.value.zh


@needs_tesseract
def test_a_photo_that_is_not_a_document_is_refused(tmp_path: Path):
    rng = random.Random(7)
    img = Image.new("RGB", (1200, 900), (120, 160, 210))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 600, 1200, 900), fill=(90, 90, 90))  # the road
    for _ in range(25):  # buildings, windows, cars
        x, y = rng.randrange(1100), rng.randrange(150, 600)
        colour = tuple(rng.randrange(40, 220) for _ in range(3))
        draw.rectangle((x, y, x + rng.randrange(40, 200), y + rng.randrange(40, 300)), fill=colour)  # type: ignore[arg-type]
    p = tmp_path / "街景.jpg"
    img.save(p, "JPEG")
    with pytest.raises(ReadError) as err:
        read_document(p)
    assert "不是文件" in err.value.zh


def test_a_misread_label_numeral_is_put_back_from_the_sequence():
    from policyparse.layout import fix_misreads

    got = fix_misreads("(十四)获得信贷。\n(中五)法律保护。\n(十六)劳动力。\n(重点)不是序号。")
    assert got.splitlines() == ["(十四)获得信贷。", "(十五)法律保护。", "(十六)劳动力。", "(重点)不是序号。"]


def test_words_far_apart_on_a_line_are_table_cells():
    from policyparse.ocr import line_text

    words = [
        ((0, 0, 40, 40), "序号", 0.9),
        ((120, 0, 200, 40), "重点工作", 0.95),
        ((208, 0, 248, 40), "。", 0.5),
    ]
    text, low = line_text(words)
    assert text == "序号\t重点工作。"
    assert low == ((7, 8),)
    # the blank after a full stop before a bracket is not a cell gap
    assert line_text([((0, 0, 40, 40), "甲。", 0.9), ((90, 0, 130, 40), "(乙", 0.9)])[0] == "甲。(乙"
    # blank paper between two cells read as an unsure "。" is a gap, not a full stop
    filled = [((0, 0, 80, 40), "序号", 0.9), ((130, 0, 148, 40), "。", 0.3), ((180, 0, 260, 40), "重点", 0.9)]
    assert line_text(filled)[0] == "序号\t重点"
