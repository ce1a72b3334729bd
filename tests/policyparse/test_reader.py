from pathlib import Path

import docx
import pytest

from policyparse import ReadError, parse_file, read_text

BODY = "一、提升便利度\n（一）企业开办。1个工作日内办结。（市场监管局牵头，税务局配合）\n"


def test_utf8_with_bom(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbf" + BODY.encode("utf-8"))
    assert read_text(p).startswith("一、")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_chinese_legacy_encodings(tmp_path: Path, encoding: str):
    p = tmp_path / "a.txt"
    p.write_bytes(BODY.encode(encoding))
    assert [m.path for m in parse_file(p).leaves] == ["一/(一)"]


def test_docx_paragraphs_and_tables_in_reading_order(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("一、重点任务")
    table = d.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["序号", "重点工作", "责任单位", "完成时限"], strict=True):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["1", "推进企业开办全程网办", "市场监管局、税务局", "全年"], strict=True
    ):
        cell.text = text
    d.add_paragraph("二、保障措施")
    p = tmp_path / "a.docx"
    d.save(str(p))
    led = parse_file(p, options={"issued_on": "2021-03-01"})
    assert [m.path for m in led.measures] == ["一", "一/1", "二"]
    row = led.measures[1]
    assert [u.name for u in row.lead_units] == ["市场监管局", "税务局"]
    assert [d.due.isoformat() for d in row.deadlines if d.due] == ["2021-12-31"]


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF with an ASCII text layer (enough to exercise the PDF path)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def test_pdf_text_layer(tmp_path: Path):
    p = tmp_path / "a.pdf"
    p.write_bytes(_tiny_pdf("1. Reduce approval time"))
    assert "Reduce approval time" in read_text(p)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n ", "file is empty"),
        ("bin.txt", b"\x00\x01\x02binary", "binary"),
        ("old.doc", b"\xd0\xcf\x11\xe0 legacy word", "unsupported"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, message: str):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_text(p)
    assert message in str(err.value)
    assert err.value.bilingual().startswith("错误：")


def test_missing_file(tmp_path: Path):
    with pytest.raises(ReadError, match="not found"):
        read_text(tmp_path / "nope.txt")


def test_docx_automatic_list_numbers_are_rebuilt(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("推进企业开办。1个工作日内办结。（市场监管局牵头）", style="List Number")
    d.add_paragraph("优化不动产登记。", style="List Number")
    p = tmp_path / "n.docx"
    d.save(str(p))
    assert [m.path for m in parse_file(p).measures] == ["1", "2"]
