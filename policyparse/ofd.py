"""OFD (GB/T 33190) text: OFD.xml → DocRoot Document.xml → each page's Content.xml → TextObjects.

Text objects are placed by their `Boundary` (x y w h, in mm) and the `X`/`Y` of their TextCodes, not by
their order in the file; objects whose baselines lie within half a line of each other form one line, read
left to right. A line whose objects stand apart by more than a wide gap (a table row drawn cell by cell)
is written with tabs between the cells, which the table stage (`tables.py`) reads as a row. A line that
reaches the right edge of the text goes on into the next one (a paragraph broken by the page width).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .segment import starts_with_label

MAX_PAGES = 2000
MAX_XML_BYTES = 50_000_000
CELL_GAP_MM = 8.0  # wider than any space between words of one sentence, narrower than a table column gap


class OfdError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class _Run:
    x: float
    y: float
    right: float
    height: float
    text: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el.iter() if _local(c.tag) == name]


def _floats(value: str | None, n: int) -> list[float]:
    try:
        parts = [float(v) for v in (value or "").split()]
    except ValueError:
        return [0.0] * n
    return (parts + [0.0] * n)[:n]


def ofd_pages(data: bytes) -> list[str]:
    """Each page's text, lines in reading order; raises OfdError for a damaged or cut-off file."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = {n.lower(): n for n in z.namelist()}
        root = _xml(z, names, "OFD.xml")
        doc_roots = [el.text.strip() for el in _children(root, "DocRoot") if el.text]
        if not doc_roots:
            raise OfdError("OFD 文件缺少文档入口（DocRoot）", "OFD has no DocRoot")
        doc_path = doc_roots[0].lstrip("/")
        document = _xml(z, names, doc_path)
        base = posixpath.dirname(doc_path)
        pages = _children(document, "Page")[:MAX_PAGES]
        out = []
        for page in pages:
            loc = (page.get("BaseLoc") or "").lstrip("/")
            if not loc:
                continue
            path = loc if loc.lower() in names else posixpath.join(base, loc)
            out.append(_page_text(_xml(z, names, path)))
        return out
    except OfdError:
        raise
    except (zipfile.BadZipFile, ET.ParseError, KeyError, OSError, EOFError, ValueError) as exc:
        raise OfdError(
            "OFD 文件已损坏或不完整", f"OFD file is damaged or truncated ({type(exc).__name__})"
        ) from exc


def _xml(z: zipfile.ZipFile, names: dict[str, str], path: str) -> ET.Element:
    real = names.get(path.lower())
    if real is None:
        raise OfdError("OFD 文件不完整（缺少部件）", f"OFD file is incomplete (no {path})")
    if z.getinfo(real).file_size > MAX_XML_BYTES:
        raise OfdError("OFD 文件部件过大", f"OFD part too large: {path}")
    return ET.fromstring(z.read(real))


def _page_text(page: ET.Element) -> str:
    runs: list[_Run] = []
    for obj in _children(page, "TextObject"):
        bx, by, _, bh = _floats(obj.get("Boundary"), 4)
        size = _floats(obj.get("Size"), 1)[0] or bh or 5.0
        for code in _children(obj, "TextCode"):
            text = "".join(code.itertext())
            if not text.strip():
                continue
            x = bx + (_floats(code.get("X"), 1)[0])
            y = by + (_floats(code.get("Y"), 1)[0])
            runs.append(_Run(x, y, x + size * len(text), size, text))
    runs.sort(key=lambda r: (r.y, r.x))
    lines: list[list[_Run]] = []
    for run in runs:
        if lines and abs(run.y - lines[-1][0].y) <= lines[-1][0].height / 2:
            lines[-1].append(run)
        else:
            lines.append([run])
    texts: list[str] = []
    for line in lines:
        line.sort(key=lambda r: r.x)
        text = line[0].text
        for prev, run in zip(line, line[1:], strict=False):
            text += ("\t" if run.x - prev.right > CELL_GAP_MM else "") + run.text
        texts.append(text)
    if not lines:
        return ""
    # A line that reaches the text block's right edge was broken by the page width: the next line, when
    # it follows at one line spacing and opens no numbered node or table row, goes on with it.
    right = max(ln[-1].right for ln in lines)
    out = [texts[0]]
    for above, below, text in zip(lines, lines[1:], texts[1:], strict=False):
        size = above[0].height
        if (
            above[-1].right >= right - 1.5 * size
            and below[0].y - above[0].y <= 2.0 * size
            and "\t" not in out[-1]
            and "\t" not in text
            and not starts_with_label(text.strip())
        ):
            out[-1] += text
        else:
            out.append(text)
    return "\n".join(out)
