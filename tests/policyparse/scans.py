"""Test documents made from text: page images as a scan or a phone photo would give them, and OFD files.

Pages are A4 at 150 dpi with a CJK font (fonts-wqy-microhei), 28 Chinese characters a line as in an
official document, wrapped by width (`wrap_pixels`); a stamp-like red circle over part of the text, slight rotation and noise are optional. Used by
the OCR tests and by bench/ocr.py; nothing here knows any corpus file.
"""

from __future__ import annotations

import functools
import io
import random
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
DPI = 150
PAGE = (1240, 1754)  # A4 at 150 dpi
MARGIN_X, MARGIN_Y = 150, 160
FONT_PX = 32  # about 三号 (16 pt)
LINE_PX = 54
PER_LINE = 28
PER_PAGE = 28
TAB_CHARS = 3  # the gap a tab leaves between two cells of a table row, in characters
TAB_PX = TAB_CHARS * FONT_PX


def _width(line: str) -> int:
    """A line's width in characters: a tab leaves a gap of TAB_CHARS."""
    return len(line) + (TAB_CHARS - 1) * line.count("\t")


def _wrap(text: str, too_wide: Callable[[str], bool], most: int) -> list[str]:
    """Paragraphs cut into lines that are not `too_wide` (none holds more than `most` characters); a
    blank line stays a blank line."""
    out: list[str] = []
    for para in text.splitlines():
        para = para.rstrip()
        if not para.strip():
            out.append("")
            continue
        while too_wide(para):
            cut = min(len(para), most)
            while cut > 1 and too_wide(para[:cut]):
                cut -= 1
            out.append(para[:cut])
            para = para[cut:]
        out.append(para)
    return out


def wrap(text: str, per_line: int = PER_LINE) -> list[str]:
    """Paragraphs wrapped at `per_line` characters (a tab counting TAB_CHARS)."""
    return _wrap(text, lambda line: _width(line) > per_line, per_line)


@functools.cache
def _font(size: int = FONT_PX) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size)


def _pixels(line: str) -> float:
    """A line's width on the page: digits, Latin letters, bars and spaces are narrower than a Chinese
    character, and a tab leaves TAB_PX."""
    font = _font()
    return sum(font.getlength(cell) for cell in line.split("\t")) + TAB_PX * line.count("\t")


def wrap_pixels(text: str, width: int = PER_LINE * FONT_PX) -> list[str]:
    """Paragraphs wrapped where the page's width ends, as a word processor wraps them: a line of
    half-width characters holds more than PER_LINE of them (none is narrower than a fifth of a Chinese
    character)."""
    return _wrap(text, lambda line: _pixels(line) > width, 5 * width // FONT_PX + 1)


def paginate(text: str, per_page: int = PER_PAGE) -> list[list[str]]:
    lines = wrap_pixels(text)
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    return [p for p in pages if any(s.strip() for s in p)] or [[]]


def render_page(
    lines: Sequence[str],
    *,
    number: int | None = None,
    stamp: bool = False,
    rotate: float = 0.0,
    noise: float = 0.0,
    seed: int = 0,
) -> Image.Image:
    """One page as an RGB image; `number` prints a page number (— 1 —) at the foot."""
    rng = random.Random(seed)
    img = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(img)
    font = _font()
    y = MARGIN_Y
    for line in lines:
        x = float(MARGIN_X)
        for i, cell in enumerate(line.split("\t")):  # a tab is a gap between table cells, not a glyph
            if i:
                x += TAB_PX
            draw.text((x, y), cell, fill=(20, 20, 20), font=font)
            x += draw.textlength(cell, font=font)
        y += LINE_PX
    if number is not None:
        label = f"— {number} —"
        w = draw.textlength(label, font=font)
        draw.text(((PAGE[0] - w) / 2, PAGE[1] - 110), label, fill=(20, 20, 20), font=font)
    if stamp:
        overlay = Image.new("RGBA", PAGE, (0, 0, 0, 0))
        od = ImageDraw.Draw(overlay)
        cx, cy, r = PAGE[0] - 380, MARGIN_Y + LINE_PX * min(len(lines), 8), 150
        od.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 30, 200), width=9)
        star = ImageFont.truetype(FONT, 70)
        od.text((cx - 35, cy - 45), "★", fill=(220, 30, 30, 190), font=star)
        img = Image.alpha_composite(img.convert("RGBA"), overlay).convert("RGB")
    if rotate:
        img = img.rotate(rotate, resample=Image.Resampling.BICUBIC, expand=False, fillcolor="white")
    if noise:
        px = img.load()
        assert px is not None
        for _ in range(int(PAGE[0] * PAGE[1] * noise)):
            x, yy = rng.randrange(PAGE[0]), rng.randrange(PAGE[1])
            v = rng.randrange(0, 160)
            px[x, yy] = (v, v, v)
        img = img.filter(ImageFilter.GaussianBlur(0.6))
    return img


def render_pages(text: str, *, variety: bool = True, seed: int = 0) -> Iterator[Image.Image]:
    """Every page of `text`; with `variety` pages take in turn a stamp, a slight rotation and noise."""
    for i, lines in enumerate(paginate(text)):
        kind = i % 3 if variety else -1
        yield render_page(
            lines,
            number=i + 1,
            stamp=kind == 0,
            rotate=(0.8 if i % 2 else -0.6) if kind == 1 else 0.0,
            noise=0.004 if kind == 2 else 0.0,
            seed=seed + i,
        )


def scanned_pdf(pages: Sequence[Image.Image], path: Path) -> Path:
    """A PDF of page images only (no text layer), as a scanner writes it."""
    first, *rest = [p.convert("RGB") for p in pages]
    first.save(path, "PDF", resolution=DPI, save_all=True, append_images=rest)
    return path


def photo_jpeg(page: Image.Image, path: Path) -> Path:
    page.save(path, "JPEG", quality=85)
    return path


# -- OFD (GB/T 33190): a zip with OFD.xml → Document.xml → Pages/Page_N/Content.xml ----------------------

_NS = "http://www.ofdspec.org/2016"


def ofd_bytes(
    pages: Sequence[Sequence[str]], *, shuffle: bool = True, tables: Sequence[Sequence[Sequence[str]]] = ()
) -> bytes:
    """An OFD whose pages hold one TextObject per line (written out of order when `shuffle`, so a reader
    must order them by position); `tables` are drawn after the text of the last page, one TextObject a cell."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{_NS}" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        page_refs = "".join(
            f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
        )
        z.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{_NS}">'
            "<ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
            "<ofd:MaxUnitID>999</ofd:MaxUnitID></ofd:CommonData>"
            f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>",
        )
        for i, lines in enumerate(pages):
            objs: list[str] = []
            oid = 100
            for n, line in enumerate(lines):
                if not line:
                    continue
                y = 30 + n * 8.5
                objs.append(_text_object(oid, 25.0, y, line))
                oid += 1
            if i == len(pages) - 1:
                y = 30 + len(lines) * 8.5 + 10
                for table in tables:
                    for row in table:
                        x = 25.0
                        for cell in row:
                            objs.append(_text_object(oid, x, y, cell))
                            oid += 1
                            x += max(40.0, 5.6 * len(cell) + 10.0)
                        y += 8.5
                    y += 8.5
            if shuffle:
                random.Random(i).shuffle(objs)
            z.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{_NS}"><ofd:Content>'
                f'<ofd:Layer ID="{i + 50}">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>',
            )
    return buf.getvalue()


def _text_object(oid: int, x: float, y: float, text: str) -> str:
    # Real writers often split a line into several TextCodes; the second half is its own code here.
    half = len(text) // 2 or len(text)
    width = 5.6 * len(text)
    codes = f'<ofd:TextCode X="0" Y="5">{escape(text[:half])}</ofd:TextCode>'
    if text[half:]:
        codes += f'<ofd:TextCode X="{5.6 * half:.1f}" Y="5">{escape(text[half:])}</ofd:TextCode>'
    return (
        f'<ofd:TextObject ID="{oid}" Boundary="{x:.1f} {y:.1f} {width:.1f} 7" Font="1" Size="5.6">'
        f"{codes}</ofd:TextObject>"
    )
