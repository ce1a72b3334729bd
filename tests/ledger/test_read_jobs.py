"""Scans, photos and Word 97 files uploaded on the import page: read in the worker, with progress, into a
draft whose review shows the page image and flags what OCR was unsure of."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from tests.ledger.helpers import SMALL_TEXT
from tests.policyparse.scans import paginate, render_page
from yingshang.ledger.models import Document

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _scan_pdf() -> bytes:
    (lines,) = paginate(SMALL_TEXT)
    pages = [render_page(lines[:7], number=1), render_page(lines[7:], number=2, rotate=0.6)]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=150, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def _upload(client: Any, capture: Any, name: str, data: bytes) -> Any:
    with capture(execute=True):
        resp = client.post("/ledger/documents/import/", {"file": SimpleUploadedFile(name, data)})
    assert resp.status_code == 302 and "/ledger/import/jobs/" in resp["Location"], resp.content.decode()[:500]
    return client.get(resp["Location"], headers={"HX-Request": "true"}).content.decode()


@needs_tesseract
def test_a_scanned_pdf_becomes_a_draft_with_its_pages(
    cast: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    client = cast.client("office")
    fragment = _upload(client, django_capture_on_commit_callbacks, "扫描件.pdf", _scan_pdf())
    assert 'data-state="done"' in fragment and "2 / 2" in fragment and "审核解析结果" in fragment
    document = Document.objects.get()
    assert document.original.name  # the scan is kept as the original
    leaves = [m["path"] for m in document.review["measures"] if m["is_leaf"]]
    assert leaves == ["一/(一)", "一/(二)", "二/(一)"]
    sources = {m["path"]: m.get("source") for m in document.review["measures"]}
    assert sources["一/(一)"]["page"] == 1 and sources["二/(一)"]["page"] == 2
    x, y, w, h = sources["一/(一)"]["box"]
    assert 0 < x < 0.5 and 0 < y < 1 and w > 0.3 and h > 0
    page = client.get(f"/ledger/documents/{document.pk}/").content.decode()
    assert 'data-testid="scan"' in page and 'data-page="2"' in page
    image = client.get(f"/ledger/documents/{document.pk}/pages/2/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert client.get(f"/ledger/documents/{document.pk}/pages/3/").status_code == 404


@needs_tesseract
def test_a_photo_of_a_street_fails_the_job_with_a_message(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    img = Image.new("RGB", (900, 600), (120, 160, 210))
    img.paste((90, 90, 90), (0, 400, 900, 600))
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    fragment = _upload(cast.client("office"), django_capture_on_commit_callbacks, "街景.jpg", buf.getvalue())
    assert 'data-state="failed"' in fragment and "这张图片可能不是文件" in fragment
    assert not Document.objects.exists()


def test_an_encrypted_pdf_is_refused_at_once(cast: Any) -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    resp = cast.client("office").post(
        "/ledger/documents/import/", {"file": SimpleUploadedFile("加密.pdf", buf.getvalue())}
    )
    assert resp.status_code == 200 and "PDF 文件已加密" in resp.content.decode()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_word97_file_is_read_in_the_worker(
    cast: Any, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    import subprocess

    import docx

    d = docx.Document()
    for line in SMALL_TEXT.splitlines():
        d.add_paragraph(line)
    d.save(str(tmp_path / "a.docx"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
            "--headless",
            "--convert-to",
            "doc:MS Word 97",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "a.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    fragment = _upload(
        cast.client("office"),
        django_capture_on_commit_callbacks,
        "方案.wps",
        (tmp_path / "a.doc").read_bytes(),
    )
    assert 'data-state="done"' in fragment
    document = Document.objects.get()
    assert [m["path"] for m in document.review["measures"] if m["is_leaf"]] == [
        "一/(一)",
        "一/(二)",
        "二/(一)",
    ]
    assert "scan" not in document.review


def test_the_regions_unit_directory_is_what_a_scan_is_repaired_against(cast: Any):
    from tests.makers import make_unit
    from yingshang.ledger.read_jobs import _unit_names

    make_unit("东河区税务局", cast.other_county)
    names = _unit_names(cast.county)
    assert {"市场监督管理局", "市场监管局", "发展和改革委员会", "发改委"} <= set(names)
    assert "东河区税务局" not in names
