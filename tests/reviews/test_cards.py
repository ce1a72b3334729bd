"""The printed QR card of a window: the PNG and the PDF decode back to the window's rating URL, and the
PDF carries the window's name. The codes are read with a real decoder (zxing-cpp), not with segno."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from tests.reviews.helpers import make_point
from yingshang.assessment import pdf

pytestmark = pytest.mark.django_db
SITE = "https://yingshang.example.gov.cn"

needs_soffice = pytest.mark.skipif(
    pdf.converter() is None and not os.environ.get("CI"),
    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)",
)


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.YINGSHANG = {**settings.YINGSHANG, "SITE_URL": SITE}


def _decoded(image: Image.Image) -> list[str]:
    return [
        code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode
    ]


def test_png_decodes_to_the_windows_rating_url(cast: Any) -> None:
    point = make_point(cast, name="不动产登记3号窗口")
    other = make_point(cast, name="不动产登记4号窗口")
    png = cast.client("lead").get(f"/reviews/points/{point.pk}/qr.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.format == "PNG"
    assert _decoded(image) == [f"{SITE}/reviews/r/{point.public_key}/"]
    # Each window has its own code: the neighbour's card opens the neighbour's page.
    other_png = cast.client("office").get(f"/reviews/points/{other.pk}/qr.png").content
    assert _decoded(Image.open(io.BytesIO(other_png))) == [f"{SITE}/reviews/r/{other.public_key}/"]


@needs_soffice
def test_pdf_card_has_the_windows_name_and_its_code(cast: Any) -> None:
    point = make_point(cast, name="不动产登记3号窗口")
    resp = cast.client("lead").get(f"/reviews/points/{point.pk}/card.pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert "attachment" in resp["Content-Disposition"]
    assert resp.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(resp.content))
    assert len(reader.pages) == 1
    text = "".join(reader.pages[0].extract_text().split())
    assert "不动产登记3号窗口" in text and cast.lead_unit.name in text and "好差评" in text
    images = [img.image for img in reader.pages[0].images]
    assert images, "the card has no picture"
    decoded = [url for image in images if image is not None for url in _decoded(image)]
    assert decoded == [f"{SITE}/reviews/r/{point.public_key}/"]
