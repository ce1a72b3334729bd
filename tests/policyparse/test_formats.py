"""Formats told by content: Word 97 and WPS (LibreOffice), OFD, and the one error for anything else."""

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from policyparse import ReadError, parse, parse_file, read_document, read_text
from policyparse.formats import detect
from policyparse.ofd import ofd_pages
from tests.policyparse.scans import ofd_bytes, wrap

BODY = "一、提升便利度\n（一）企业开办。2023年6月底前1个工作日内办结。（市场监管局牵头，税务局配合）\n"


def _docx_bytes(*paras: str) -> bytes:
    d = docx.Document()
    for para in paras:
        d.add_paragraph(para)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_detect_by_content_not_name():
    assert detect(_docx_bytes("x")) == "docx"
    assert detect(ofd_bytes([["一、总则"]])) == "ofd"
    assert detect(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600) == "ole2"
    assert detect(b"%PDF-1.4\n...") == "pdf"
    assert detect(b"\xff\xd8\xff\xe0....") == "jpeg"
    assert detect(b"\x89PNG\r\n\x1a\n....") == "png"
    assert detect(BODY.encode("gb18030")) == "text"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<x/>")
    assert detect(buf.getvalue()) is None  # a spreadsheet is not a document here


def test_a_docx_named_txt_is_read_as_docx(tmp_path: Path):
    p = tmp_path / "方案.txt"
    p.write_bytes(_docx_bytes("一、提升便利度", "（一）企业开办。（市场监管局牵头）"))
    assert [m.path for m in parse_file(p).leaves] == ["一/(一)"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.xlsx", "xlsx"),
        ("a.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00"),
        ("a.doc", b"\xd0\xcf\x11\xe0 cut short"),
    ],
)
def test_anything_else_gets_the_one_bilingual_error(tmp_path: Path, name: str, content: object):
    if content == "xlsx":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("xl/workbook.xml", "<x/>")
        content = buf.getvalue()
    p = tmp_path / name
    assert isinstance(content, bytes)
    p.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_text(p)
    assert err.value.bilingual().startswith("错误：不支持的文件格式 / error: unsupported file type")


# -- Word 97 and WPS -----------------------------------------------------------------------------------

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def _to_doc(tmp_path: Path, docx_bytes: bytes) -> bytes:
    src = tmp_path / "src.docx"
    src.write_bytes(docx_bytes)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "doc:MS Word 97",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp_path / "src.doc").read_bytes()


@needs_soffice
def test_word97_and_wps_read_as_the_docx_they_came_from(tmp_path: Path):
    paras = [ln for ln in BODY.splitlines() if ln]
    doc = _to_doc(tmp_path, _docx_bytes(*paras))
    assert detect(doc) == "ole2"
    want = parse(BODY, options={"issued_on": "2023-01-01"}).to_dict()
    for name in ("旧方案.doc", "旧方案.wps", "旧方案.txt"):  # WPS Office files are OLE2 like Word 97
        p = tmp_path / name
        p.write_bytes(doc)
        source = read_document(p)
        assert source.kind == "ole2"
        assert parse(source.text, options={"issued_on": "2023-01-01"}).to_dict() == want


# -- OFD -------------------------------------------------------------------------------------------------


def test_ofd_text_objects_are_read_in_position_order(tmp_path: Path):
    text = (
        "某市优化营商环境工作方案\n"
        + BODY
        + "（二）不动产登记。一般登记3个工作日内办结，2023年底前全面推行网上办理。（自然资源局牵头）\n"
    )
    lines = wrap(text)
    p = tmp_path / "方案.ofd"
    p.write_bytes(ofd_bytes([lines[:3], lines[3:]], shuffle=True))
    got = parse_file(p, options={"issued_on": "2023-01-01"}).to_dict()
    assert got["measures"] == parse(text, options={"issued_on": "2023-01-01"}).to_dict()["measures"]


def test_ofd_tables_become_rows(tmp_path: Path):
    table = [
        ["序号", "重点工作", "牵头单位", "完成时限"],
        ["1", "推行项目帮办代办", "区政务服务中心", "全年"],
    ]
    p = tmp_path / "清单.ofd"
    p.write_bytes(ofd_bytes([["一、重点任务"]], tables=[table]))
    led = parse_file(p, options={"issued_on": "2023-01-01"})
    row = next(m for m in led.measures if m.path == "一/1")
    assert [u.name for u in row.lead_units] == ["区政务服务中心"]
    assert [d.due.isoformat() for d in row.deadlines if d.due] == ["2023-12-31"]


def test_a_truncated_ofd_is_a_clear_error(tmp_path: Path):
    data = ofd_bytes([["一、总则", "（一）企业开办。（市场监管局牵头）"]] * 3)
    p = tmp_path / "断.ofd"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError) as err:
        read_text(p)
    assert err.value.bilingual().startswith("错误：OFD 文件已损坏或不完整 / error: OFD file is damaged")


def test_ofd_pages_keep_their_order():
    pages = ofd_pages(ofd_bytes([["第一页"], ["第二页"], ["第三页"]]))
    assert pages == ["第一页", "第二页", "第三页"]


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".ofd", ".doc"])
def test_a_document_name_over_plain_text_is_called_damaged_not_read_as_text(tmp_path: Path, suffix: str):
    bad = tmp_path / f"措施{suffix}"
    bad.write_bytes("一、加快审批。牵头单位：市场监管局".encode())
    with pytest.raises(ReadError) as err:
        read_document(bad)
    assert "可能已损坏" in err.value.zh and suffix in err.value.bilingual()
