"""Optical character recognition of page images, offline, with each line's box and confidence.

Two engines sit behind one function; docs/decisions/0006-ocr-engine.md records which is the default and
why. `rapidocr` (rapidocr-onnxruntime: PP-OCR models inside the wheel, ONNX Runtime) scores each line;
`tesseract` (Debian's tesseract-ocr + tesseract-ocr-chi-sim, run as a process) scores each word. Neither
downloads anything at run time.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .layout import LOW_CONFIDENCE, Box, OcrLine, OcrPage

if TYPE_CHECKING:
    from PIL.Image import Image

DEFAULT_ENGINE = os.environ.get("POLICYPARSE_OCR_ENGINE", "rapidocr")
TESSERACT_TIMEOUT_S = 120
MAX_SIDE = 2400  # a phone photo is scaled down to this: more pixels only cost time


class OcrError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


Engine = Callable[["Image", int], OcrPage]

_rapid: Any = None


def _rapidocr(image: Image, number: int) -> OcrPage:
    global _rapid
    if _rapid is None:
        try:
            from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]
        except ImportError as exc:
            raise OcrError("未安装文字识别组件", "the OCR engine rapidocr-onnxruntime is not installed") from exc
        _rapid = RapidOCR()
    import numpy as np

    result, _ = _rapid(np.asarray(image.convert("RGB")))
    lines = []
    for points, text, score in result or []:
        xs = [int(p[0]) for p in points]
        ys = [int(p[1]) for p in points]
        conf = float(score)
        low = ((0, len(text)),) if conf < LOW_CONFIDENCE else ()
        lines.append(OcrLine(number, (min(xs), min(ys), max(xs), max(ys)), text, conf, low))
    return OcrPage(number, image.width, image.height, tuple(lines))


def _tesseract(image: Image, number: int) -> OcrPage:
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrError("未安装 tesseract 文字识别", "tesseract is not installed")
    buf = io.BytesIO()
    image.convert("L").save(buf, "PNG")
    try:
        run = subprocess.run(
            [exe, "stdin", "stdout", "-l", "chi_sim", "--psm", "6", "tsv"],
            input=buf.getvalue(),
            capture_output=True,
            timeout=TESSERACT_TIMEOUT_S,
            check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrError("文字识别超时", "OCR timed out") from exc
    if run.returncode != 0:
        raise OcrError("文字识别失败", f"tesseract failed: {run.stderr.decode(errors='replace')[:200]}")
    words: dict[tuple[str, str, str], list[tuple[Box, str, float]]] = {}
    for row in csv.DictReader(io.StringIO(run.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=3):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        x, y, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        key = (row["block_num"], row["par_num"], row["line_num"])
        words.setdefault(key, []).append(((x, y, x + w, y + h), text, float(row["conf"]) / 100))
    lines = []
    for ws in words.values():
        text, low = "", []
        for i, (_, word, conf) in enumerate(ws):
            if i and word[:1].isascii() and text[-1:].isascii():
                text += " "
            if conf < LOW_CONFIDENCE:
                low.append((len(text), len(text) + len(word)))
            text += word
        box = (min(b[0] for b, _, _ in ws), min(b[1] for b, _, _ in ws), max(b[2] for b, _, _ in ws), max(b[3] for b, _, _ in ws))
        conf = sum(c * len(t) for _, t, c in ws) / max(sum(len(t) for _, t, _ in ws), 1)
        lines.append(OcrLine(number, box, text, conf, tuple(low)))
    return OcrPage(number, image.width, image.height, tuple(lines))


ENGINES: dict[str, Engine] = {"rapidocr": _rapidocr, "tesseract": _tesseract}


def prepare(image: Image) -> Image:
    """An RGB image no larger than MAX_SIDE, upright as the camera's EXIF orientation says."""
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image) or image
    if max(image.size) > MAX_SIDE:
        scale = MAX_SIDE / max(image.size)
        image = image.resize((round(image.width * scale), round(image.height * scale)))
    return image.convert("RGB")


def recognise(
    images: Iterable[Image],
    *,
    total: int,
    engine: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    deadline: float | None = None,
) -> tuple[list[OcrPage], int]:
    """OCR each image in turn; stops before a page that would start after `deadline` (time.monotonic()).

    Returns the pages read and how many were left unread because of the deadline."""
    run = ENGINES[engine or DEFAULT_ENGINE]
    pages: list[OcrPage] = []
    for i, image in enumerate(images, start=1):
        if deadline is not None and time.monotonic() > deadline:
            return pages, total - len(pages)
        pages.append(run(prepare(image), i))
        if progress is not None:
            progress(i, total)
    return pages, 0


def page_texts(pages: Sequence[OcrPage]) -> int:
    """How many characters the pages hold (a page of nothing but noise reads as a few)."""
    return sum(len(ln.text.strip()) for p in pages for ln in p.lines)
