"""Scanned PDFs and photos: page images → OCR → text with each line's page, box and confidence.

Bounds, so no upload can hold a worker: at most MAX_OCR_PAGES pages (a longer scan is refused at once
with the page count, before any page is read) and OCR_TIME_BUDGET_S seconds in all. A page with no
characters is reported as blank; a scan or photo with almost no text, or text read with very low
confidence (a street, not a document), is refused.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .layout import ScanText, scan_text
from .ocr import OcrError, page_texts, recognise

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_OCR_PAGES = 60
OCR_TIME_BUDGET_S = 900.0
MIN_DOCUMENT_CHARS = 20  # fewer recognised characters than this is not a document
MIN_MEAN_CONFIDENCE = 0.5
BLANK_STDDEV = 6.0  # a page whose grey levels spread less than this is paper with nothing on it

Progress = Callable[[int, int], None]
PageSink = Callable[[int, "Image"], None]


class ScanError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


@dataclass
class ScanResult:
    scan: ScanText
    warnings: list[str] = field(default_factory=list)


def pdf_page_images(reader: Any) -> Iterator[Image | None]:
    """The largest image of each PDF page (a scanner writes one a page), None for a page with none."""
    for page in reader.pages:
        best = None
        try:
            for item in page.images:
                img = item.image
                if img is not None and (best is None or img.width * img.height > best.width * best.height):
                    best = img
        except Exception:  # an image pypdf cannot decode is a page we cannot read, not a crash
            best = None
        yield best


def open_image(data: bytes) -> Image:
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        img = PILImage.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError, ValueError, PILImage.DecompressionBombError) as exc:
        raise ScanError("图片文件已损坏或无法识别", f"cannot read image ({type(exc).__name__})") from exc
    return img


def read_scan(
    images: Iterator[Image | None],
    total: int,
    *,
    progress: Progress | None = None,
    on_page: PageSink | None = None,
    engine: str | None = None,
    time_budget: float = OCR_TIME_BUDGET_S,
    unit_names: Sequence[str] = (),
) -> ScanResult:
    """OCR `total` page images (None for a page without one) into a ScanText, within the bounds above;
    `unit_names` (the region's unit directory) lets a unit name misread by one character be put back."""
    if total > MAX_OCR_PAGES:
        raise ScanError(
            f"扫描件共 {total} 页，超过可识别的上限 {MAX_OCR_PAGES} 页，请拆分后分别上传",
            f"the scan has {total} pages, more than the {MAX_OCR_PAGES} pages OCR is run on; split it",
        )
    from PIL import Image as PILImage
    from PIL import ImageStat

    flat_pages: list[bool] = []  # pages of one tone: paper with nothing on it

    def pages() -> Iterator[Image]:
        for number, img in enumerate(images, start=1):
            if img is None:
                img = PILImage.new("RGB", (100, 141), "white")
            flat_pages.append(ImageStat.Stat(img.convert("L")).stddev[0] < BLANK_STDDEV)
            if on_page is not None:
                on_page(number, img)
            yield img

    started = time.monotonic()
    try:
        read, left = recognise(
            pages(), total=total, engine=engine, progress=progress, deadline=started + time_budget
        )
    except OcrError as exc:
        raise ScanError(exc.zh, exc.en) from exc
    if left:
        raise ScanError(
            f"文字识别超时：{int(time_budget)} 秒内只识别了 {len(read)} 页（共 {total} 页）",
            f"OCR ran out of time: {len(read)} of {total} pages in {int(time_budget)} s",
        )
    blank = [n for n, flat in enumerate(flat_pages, start=1) if flat and page_texts([read[n - 1]]) < 5]
    chars = page_texts(read)
    scored = [ln for p in read for ln in p.lines]
    mean = sum(ln.confidence * len(ln.text) for ln in scored) / max(sum(len(ln.text) for ln in scored), 1)
    if chars < MIN_DOCUMENT_CHARS or mean < MIN_MEAN_CONFIDENCE:
        if len(blank) == len(read):
            raise ScanError("扫描件的每一页都是空白页，没有识别出文字", "every page is blank: no text found")
        raise ScanError(
            "没有识别出文件文字，这张图片可能不是文件的扫描件或照片",
            "no document text recognised: the image may not be a document",
        )
    warnings = []
    if blank:
        warnings.append(f"第{'、'.join(map(str, blank))}页为空白页，未识别出文字。")
    unsure = sum(1 for ln in scored if ln.low)
    if unsure:
        warnings.append(f"有 {unsure} 行文字识别把握不大（已标出），请对照原件核对。")
    return ScanResult(scan_text(read, unit_names), warnings)
