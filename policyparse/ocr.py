"""Optical character recognition of page images, offline, with each line's box and confidence.

The engine is Debian's `tesseract-ocr` with `tesseract-ocr-chi-sim`, run as a process per page (one
thread, a timeout); docs/decisions/0006-ocr-engine.md records why it was chosen over rapidocr-onnxruntime
and the figures. Tesseract scores each word: words under LOW_CONFIDENCE are marked on their line.
Nothing downloads a model at run time: the language data is the Debian package's.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from .layout import LOW_CONFIDENCE, Box, OcrLine, OcrPage
from .repair import CIRCLED

if TYPE_CHECKING:
    from PIL.Image import Image

DEFAULT_ENGINE = "tesseract"
TESSERACT_TIMEOUT_S = 120
NOISE_CONFIDENCE = 0.30  # a lone character read with less is a speck of noise or a seal's edge: left out
MAX_SIDE = 3600
MIN_SIDE = 2400  # a phone photo is scaled down to this: more pixels only cost time
TAB_GAP = 1.4  # words further apart than 1.4 line heights are cells of a table row: a tab between them
GAP_FILLER_CONFIDENCE = 0.5


class OcrError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


Engine = Callable[["Image", int], OcrPage]


def _run(exe: str, image: Image, lang: str, psm: str) -> subprocess.CompletedProcess[bytes]:
    """One tesseract process on `image` (one thread, a timeout), its words as TSV."""
    buf = io.BytesIO()
    image.convert("L").save(buf, "PNG")
    return subprocess.run(
        [exe, "stdin", "stdout", "-l", lang, "--psm", psm, "tsv"],
        input=buf.getvalue(),
        capture_output=True,
        timeout=TESSERACT_TIMEOUT_S,
        check=False,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )


def _tsv(run: subprocess.CompletedProcess[bytes]) -> csv.DictReader[str]:
    return csv.DictReader(io.StringIO(run.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=3)


def _tesseract(image: Image, number: int) -> OcrPage:
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrError("未安装 tesseract 文字识别", "tesseract is not installed")
    try:
        run = _run(exe, image, "chi_sim", "6")
    except subprocess.TimeoutExpired as exc:
        raise OcrError("文字识别超时", "OCR timed out") from exc
    if run.returncode != 0:
        raise OcrError("文字识别失败", f"tesseract failed: {run.stderr.decode(errors='replace')[:200]}")
    words: dict[tuple[str, str, str], list[tuple[Box, str, float]]] = {}
    for row in _tsv(run):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        conf = float(row["conf"]) / 100
        if conf < NOISE_CONFIDENCE and len(text) == 1 and text.isascii() and text not in "()":
            continue  # tesseract gives Chinese one character a word: only a lone Latin mark is a speck
        if conf < LOW_CONFIDENCE and text.isascii() and text.isalpha():
            continue  # Latin letters read into a seal's ring or a smudge ("PR", "SN"), not the text
        x, y, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        key = (row["block_num"], row["par_num"], row["line_num"])
        words.setdefault(key, []).append(((x, y, x + w, y + h), text, float(row["conf"]) / 100))
    lines = []
    line_words = list(words.values())
    circled_marks(image, line_words)
    for ws in line_words:
        text, low = line_text(ws)
        box = (
            min(b[0] for b, _, _ in ws),
            min(b[1] for b, _, _ in ws),
            max(b[2] for b, _, _ in ws),
            max(b[3] for b, _, _ in ws),
        )
        conf = sum(c * len(t) for _, t, c in ws) / max(sum(len(t) for _, t, _ in ws), 1)
        lines.append(OcrLine(number, box, text, conf, low))
    return OcrPage(number, image.width, image.height, tuple(lines))


# -- circled numerals ----------------------------------------------------------------------------------
# `chi_sim` has no ①–⑳: it reads them as `外`, `@`, `加` or nothing, and the sub-item's label is lost.
# Debian's `jpn` language data has them. The head of every line (one and a half line heights before
# its first word to one and a third after) is cut out, the cuts are stacked into one small image, and
# `jpn` reads it once a page; where it reads a circled numeral at a line's head, that numeral replaces
# what `chi_sim` read over the same pixels. Which numeral it is, is left to `repair/`: jpn tells a
# circled numeral from other marks far better than one circled numeral from another.

CIRCLED_CONFIDENCE = 0.5  # what the numeral is marked with: the review screen flags it as unsure
_HEAD_BEFORE, _HEAD_AFTER, _PAD = 1.5, 1.3, 20

Word = tuple[Box, str, float]


@functools.cache
def _has_language(exe: str, lang: str) -> bool:
    try:
        run = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return lang in run.stdout.decode(errors="replace").split()


def _line_height(ws: Sequence[Word]) -> int:
    heights = sorted(b[3] - b[1] for b, w, _ in ws if not _is_punct(w))
    return heights[len(heights) // 2] if heights else 0


def circled_marks(image: Image, lines: list[list[Word]]) -> None:
    """Put the circled numerals `jpn` reads at the heads of `lines` (each a line's words, in place)."""
    exe = shutil.which("tesseract")
    if exe is None or not lines or not _has_language(exe, "jpn"):
        return
    from PIL import Image as PILImage

    gray = image.convert("L")
    heads: list[tuple[int, Box]] = []  # (line index, the cut's box on the page)
    for i, ws in enumerate(lines):
        height = _line_height(ws)
        if not height:
            continue
        x0, y0 = ws[0][0][0], min(b[1] for b, _, _ in ws)
        y1 = max(b[3] for b, _, _ in ws)
        box = (
            max(0, x0 - round(_HEAD_BEFORE * height)),
            max(0, y0 - 5),
            x0 + round(_HEAD_AFTER * height),
            y1 + 5,
        )
        heads.append((i, box))
    if not heads:
        return
    pitch = 2 * max(b[3] - b[1] for _, b in heads)
    sheet = PILImage.new("L", (max(b[2] - b[0] for _, b in heads) + 2 * _PAD, pitch * len(heads) + _PAD), 255)
    for row, (_, box) in enumerate(heads):
        sheet.paste(gray.crop(box), (_PAD, _PAD + row * pitch))
    try:
        run = _run(exe, sheet, "jpn", "11")
    except subprocess.TimeoutExpired:
        return  # the page is read without its circled numerals rather than not at all
    if run.returncode != 0:
        return
    found: dict[int, tuple[int, int, str]] = {}
    for r in _tsv(run):
        text = (r.get("text") or "").strip()
        at = next((k for k, ch in enumerate(text[:2]) if ch in CIRCLED), None)
        if r.get("level") != "5" or at is None:
            continue
        x, y, w, h = (int(r[k]) for k in ("left", "top", "width", "height"))
        row = (y + h // 2 - _PAD) // pitch
        if not 0 <= row < len(heads) or row in found:
            continue
        step = w / len(text)
        left = heads[row][1][0] - _PAD
        found[row] = (round(left + x + at * step), round(left + x + (at + 1) * step), text[at])
    for row, (gx0, gx1, mark) in found.items():
        index = heads[row][0]
        lines[index] = _with_mark(lines[index], gx0, gx1, mark)


def _with_mark(ws: list[Word], gx0: int, gx1: int, mark: str) -> list[Word]:
    """The line's words with a circled numeral at (gx0, gx1) in front; what chi_sim read over those pixels
    (characters whose centre lies left of the numeral's right edge) is left out. A numeral standing
    after the line's first character is not at its head: the line is kept as read."""
    height = _line_height(ws)
    first = ws[0][0]
    if gx0 > first[0] + 0.6 * height:
        return ws
    kept: list[Word] = []
    for box, word, conf in ws:
        if not kept:
            step = (box[2] - box[0]) / max(len(word), 1)
            drop = 0
            while drop < len(word) and box[0] + (drop + 0.5) * step < gx1 + 0.15 * height:
                drop += 1
            if drop == len(word):
                continue
            if drop:
                box, word = (round(box[0] + drop * step), box[1], box[2], box[3]), word[drop:]
        kept.append((box, word, conf))
    return [((gx0, first[1], gx1, first[3]), mark, CIRCLED_CONFIDENCE), *kept]


def _is_punct(word: str) -> bool:
    return len(word) == 1 and not word.isalnum()


def line_text(words: Sequence[tuple[Box, str, float]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A line's words (box, text, confidence) as its text and the ranges of its unsure words: Latin words
    spaced, the cells of a table row without ruling (words further apart than TAB_GAP line heights)
    separated by a tab. A lone mark read with low confidence in such a gap (tesseract reads blank paper
    between cells as `。` or `”` now and then) is left out."""
    text, low = "", []
    height = _line_height(words)
    kept = [
        (b, w, c)
        for i, (b, w, c) in enumerate(words)
        if not (0 < i < len(words) - 1 and c < GAP_FILLER_CONFIDENCE and _is_punct(w))
        or words[i + 1][0][0] - words[i - 1][0][2] <= TAB_GAP * height
    ]
    for i, (box, word, conf) in enumerate(kept):
        if i and height and box[0] - kept[i - 1][0][2] > TAB_GAP * height:
            text += "\t"
        elif i and word[:1].isascii() and text[-1:].isascii():
            text += " "
        if conf < LOW_CONFIDENCE:
            low.append((len(text), len(text) + len(word)))
        text += word
    return text, tuple(low)


ENGINES: dict[str, Engine] = {"tesseract": _tesseract}


# A pixel whose red exceeds its green and blue by this much is a seal's ink, not text: official seals
# (公章) are red and are stamped over the signature and date lines.
SEAL_RED_MARGIN = 60


def prepare(image: Image) -> Image:
    """A grey image (as RGB) no larger than MAX_SIDE, upright as the camera's EXIF orientation says, with
    red seal ink lifted so the text under a seal is read."""
    from PIL import Image, ImageChops, ImageFilter, ImageOps

    image = ImageOps.exif_transpose(image) or image
    if max(image.size) > MAX_SIDE:
        scale = MAX_SIDE / max(image.size)
        image = image.resize((round(image.width * scale), round(image.height * scale)))
    if max(image.size) < MIN_SIDE:  # a 150 dpi scan: tesseract reads glyphs better at about 200 dpi and up
        scale = MIN_SIDE / max(image.size)
        image = image.resize(
            (round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS
        )
    image = image.convert("RGB")
    r, g, b = image.split()
    redness = ImageChops.subtract(r, ImageChops.lighter(g, b))
    # widened by a few pixels: JPEG compression (scanners write JPEG) blurs the seal's edges to grey
    seal = redness.point(lambda v: 255 if v > SEAL_RED_MARGIN else 0).filter(ImageFilter.MaxFilter(5))
    # Under the seal, black text shows as a darker red than the seal's ink over paper: read the red
    # channel there, stretched so paper-under-ink goes light and text-under-ink stays dark.
    gray = image.convert("L")
    gray.paste(r.point(lambda v: max(0, min(255, (v - 165) * 5))), mask=seal)
    return gray.convert("RGB")


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
