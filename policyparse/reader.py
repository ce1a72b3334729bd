"""Reading a file into text, its format told by content (formats.py): plain text in UTF-8 (BOM or not),
GBK or GB18030; .docx; Word 97 .doc and WPS .wps (office.py); OFD (ofd.py); PDF with a text layer; scanned
PDFs and photos (scan.py, OCR)."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .formats import detect
from .layout import ScanText
from .ocr import DEFAULT_ENGINE as DEFAULT_ENGINE
from .ofd import OfdError, ofd_pages
from .office import ConversionError, convert_to_docx
from .scan import PageSink, Progress, ScanError, open_image, pdf_page_images, read_scan
from .tables import header_columns, render_row

log = logging.getLogger("policyparse")

TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ".tsv", ".htm", ".html", ""}
# A file that decodes as text but is named as one of these is not what it claims: refused, not guessed.
UNSUPPORTED = {".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".png", ".jpg", ".jpeg", ".gif"}
# Named as a document format this reader knows, but its bytes are plain text: a damaged or mislabelled
# file. Said so plainly rather than read as text (which would end in "no measures found").
DOCUMENT_SUFFIXES = {".docx", ".doc", ".wps", ".pdf", ".ofd"}


class ReadError(ValueError):
    """A file that cannot be read as a policy document; carries a Chinese and an English message."""

    def __init__(self, zh: str, en: str, path: str) -> None:
        super().__init__(f"{en}: {path}")
        self.zh = zh
        self.en = en
        self.path = path

    def bilingual(self) -> str:
        return f"错误：{self.zh} / error: {self.en}: {self.path}"


@dataclass
class Source:
    """What a file read to: the text, its kind (`formats.detect`), the OCR layout for a scan, warnings."""

    text: str
    kind: str
    scan: ScanText | None = None
    warnings: list[str] = field(default_factory=list)


def read_text(path: str | Path) -> str:
    """The document's text; raises ReadError for a missing, empty, binary or unsupported file."""
    return read_document(path).text


def read_document(
    path: str | Path,
    *,
    progress: Progress | None = None,
    on_page: PageSink | None = None,
    engine: str | None = None,
    unit_names: Sequence[str] = (),
) -> Source:
    """Read any supported file, detected by content: text, .docx, Word 97/WPS (via LibreOffice), OFD,
    PDF (its text layer, else OCR of its page images) or a JPEG/PNG photo (OCR).

    `progress(done, total)` is called after each OCR'd page; `on_page(number, image)` receives each page
    image before it is read (the platform keeps them for the review screen); `unit_names` (the region's
    unit directory) helps put back a unit name OCR misread."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise ReadError("文件不存在", "file not found", name)
    if p.is_dir():
        raise ReadError("这是一个目录，不是文件", "is a directory", name)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError("文件无法读取", f"cannot read file ({exc.strerror})", name) from exc
    if not data.strip():
        raise ReadError("文件为空", "file is empty", name)
    kind = detect(data)
    source = Source("", kind or "unknown")
    try:
        if kind == "docx":
            source.text = _docx_text(p, name)
        elif kind == "ole2":
            source.text = _ole2_text(data, p.suffix.lower(), name)
        elif kind == "ofd":
            source.text = "\n".join(ofd_pages(data))
        elif kind == "pdf":
            source = _pdf_source(
                p, name, progress=progress, on_page=on_page, engine=engine, unit_names=unit_names
            )
        elif kind in ("jpeg", "png"):
            result = read_scan(
                iter([open_image(data)]),
                1,
                progress=progress,
                on_page=on_page,
                engine=engine,
                unit_names=unit_names,
            )
            source = Source(result.scan.text, kind, result.scan, result.warnings)
        elif kind == "text" and p.suffix.lower() in DOCUMENT_SUFFIXES:
            suffix = p.suffix.lower()
            raise ReadError(
                f"文件无法读取：文件名是{suffix}，内容却不是这种格式，文件可能已损坏",
                f"cannot read: named {suffix} but the content is not; the file may be damaged",
                name,
            )
        elif kind == "text" and p.suffix.lower() not in UNSUPPORTED:
            source.text = decode(data, name)
        elif kind is None and b"\x00" in data[:4096] and p.suffix.lower() in TEXT_SUFFIXES:
            raise ReadError("文件是二进制格式，不是文本", "binary file, not text", name)
        else:
            raise ReadError("不支持的文件格式", f"unsupported file type {p.suffix.lower() or '(none)'}", name)
    except (ConversionError, OfdError, ScanError) as exc:
        raise ReadError(exc.zh, exc.en, name) from exc
    if not source.text.strip():
        raise ReadError("文件中没有文字", "no text in file", name)
    return source


def decode(data: bytes, name: str = "<bytes>") -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ReadError("文件是二进制格式，不是文本", "binary file, not text", name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ReadError("无法识别文件编码", "unknown text encoding", name) from exc


def _docx_text(p: Path, name: str) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - the docs extra
        raise ReadError(
            "缺少 python-docx", "python-docx is not installed (pip install 'yingshang[docs]')", name
        ) from exc
    try:
        document = docx.Document(str(p))
    except Exception as exc:
        raise ReadError("Word 文件无法打开", f"cannot open .docx ({type(exc).__name__})", name) from exc
    lines: list[str] = []
    numbering = _Numbering(document)
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(numbering.label(block) + Paragraph(block, document).text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(block, document)))
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_COUNT = "一二三四五六七八九十"


def _format_number(n: int, fmt: str) -> str:
    if fmt.startswith(("chinese", "ideograph", "japaneseCounting", "taiwaneseCounting")):
        if n <= 10:
            return _CN_COUNT[n - 1]
        if n < 20:
            return "十" + (_CN_COUNT[n - 11] if n > 10 else "")
        if n < 100:
            return _CN_COUNT[n // 10 - 1] + "十" + (_CN_COUNT[n % 10 - 1] if n % 10 else "")
        return str(n)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(ord("①") + n - 1)
    return str(n)


class _Numbering:
    """Word's automatic list numbers ("一、", "（一）", "1.") are not in the paragraph text: rebuild them."""

    def __init__(self, document: object) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → fmt, lvlText, start
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, object] = {}  # styleId → the style's numPr ("List Number")
        try:
            for st in document.styles.element.iter(f"{_W}style"):  # type: ignore[attr-defined]
                num_pr = st.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None:
                    self.style_num[st.get(f"{_W}styleId", "")] = num_pr
        except AttributeError:
            pass
        try:
            root = document.part.numbering_part.element  # type: ignore[attr-defined]
        except (AttributeError, KeyError, NotImplementedError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iter(f"{_W}abstractNum"):
            lvls: dict[int, tuple[str, str, int]] = {}
            for lvl in an.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                lvls[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[an.get(f"{_W}abstractNumId", "")] = lvls
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{_W}val", ""), {}).items():
                self.levels[(num.get(f"{_W}numId", ""), ilvl)] = spec

    def label(self, p: object) -> str:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")  # type: ignore[attr-defined]
        if num_pr is None:
            style = p.find(f"{_W}pPr/{_W}pStyle")  # type: ignore[attr-defined]
            num_pr = self.style_num.get(style.get(f"{_W}val", "")) if style is not None else None
        if num_pr is None or not self.levels:
            return ""
        num_id_el = num_pr.find(f"{_W}numId")
        ilvl_el = num_pr.find(f"{_W}ilvl")
        num_id = num_id_el.get(f"{_W}val", "") if num_id_el is not None else ""
        ilvl = int(ilvl_el.get(f"{_W}val", "0")) if ilvl_el is not None else 0
        if (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = self.levels[(num_id, ilvl)]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        for k in range(ilvl + 1):
            spec = self.levels.get((num_id, k), (fmt, text, start))
            value = counters[k] or spec[2]
            text = text.replace(f"%{k + 1}", _format_number(value, spec[0]))
        return text


def _table_lines(table: object) -> list[str]:
    rows: list[list[str]] = []
    for row in getattr(table, "rows", []):
        cells: list[str] = []
        prev = None
        for cell in row.cells:
            # a merged cell is returned once per grid column it spans
            if cell._tc is prev:
                continue
            prev = cell._tc
            cells.append(" ".join(cell.text.split()))
        rows.append(cells)
    out: list[str] = []
    columns = None
    numbered = 0  # rows of a table without a 序号 column are numbered in order
    for cells in rows:
        header = header_columns(cells)
        if header is not None:
            columns = header
            numbered = 0
            continue
        if columns is not None:
            rendered = render_row(columns, cells, number=numbered + 1)
            if rendered:
                numbered += 1
                out.append(rendered)
                continue
        out.append(" ".join(c for c in cells if c))
    return out


def _ole2_text(data: bytes, suffix: str, name: str) -> str:
    """Word 97–2003 and WPS files: LibreOffice makes a .docx, which the .docx reader reads."""
    docx_bytes = convert_to_docx(
        data, suffix=suffix if suffix in (".doc", ".wps", ".wpt", ".dot") else ".doc"
    )
    with tempfile.TemporaryDirectory(prefix="policyparse-") as tmp:
        converted = Path(tmp) / "converted.docx"
        converted.write_bytes(docx_bytes)
        return _docx_text(converted, name)


# A PDF page with fewer extracted characters than this has no usable text layer (a scan).
MIN_TEXT_LAYER_CHARS = 10


def _pdf_source(
    p: Path,
    name: str,
    *,
    progress: Progress | None,
    on_page: PageSink | None,
    engine: str | None,
    unit_names: Sequence[str] = (),
) -> Source:
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - the docs extra
        raise ReadError("缺少 pypdf", "pypdf is not installed (pip install 'yingshang[docs]')", name) from exc
    try:
        reader = PdfReader(str(p))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))  # a PDF with only an owner password opens without one
            except Exception:
                opened = False
            if not opened:
                raise ReadError("PDF 文件已加密，请先解除密码保护后再上传", "PDF is encrypted", name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError("PDF 文件无法读取", f"cannot read .pdf ({type(exc).__name__})", name) from exc
    text = "\n".join(pages)
    if len(text.strip()) >= MIN_TEXT_LAYER_CHARS * max(len(pages), 1) / 2:
        return Source(text, "pdf")
    result = read_scan(
        pdf_page_images(reader),
        len(pages),
        progress=progress,
        on_page=on_page,
        engine=engine,
        unit_names=unit_names,
    )
    return Source(result.scan.text, "pdf-scan", result.scan, result.warnings)
