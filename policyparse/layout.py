"""From OCR'd lines with boxes to the text the parser reads, keeping where each line came from.

Per page: lines are grouped into rows (boxes whose vertical centres lie within half a line height), read
left to right, with a tab between parts that stand apart (a table row or a two-part header line); page
numbers (`— 3 —`, `-3-`, `第3页`) at the head or foot of a page are dropped as the text reader drops
page furniture; a row that reaches the text block's right edge continues into the next row when that
one follows at one line spacing, is not indented and does not start with a heading label — the line was
broken by the page width, not by the author.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import repair
from .segment import starts_with_label

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels

LOW_CONFIDENCE = 0.80  # below this a word (or a line, for an engine that scores lines) is unsure

RE_PAGE_NUMBER = re.compile(
    r"^[\s\-—－–一_·.]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?[\s\-—－–一_·.]*$"
)
# "— 12 —" as OCR misreads it at a page's foot: dashes read as 一, digits as 二 or 十, a speck as a
# stop or colon ("一.18 :一")
RE_MISREAD_PAGE_NUMBER = re.compile(r"^[\s\-—－–一二三十_·.,:：<>〈〉|\d]{1,10}$")


@dataclass(frozen=True)
class OcrLine:
    """One line as the engine read it: page (from 1), box, text, confidence (0–1), unsure char ranges."""

    page: int
    box: Box
    text: str
    confidence: float
    low: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class OcrPage:
    number: int
    width: int
    height: int
    lines: tuple[OcrLine, ...]


@dataclass
class Placed:
    """A line of the scan's text: where it starts in `ScanText.text` and the OCR line(s) it joins."""

    start: int
    end: int
    parts: list[tuple[int, OcrLine]] = field(default_factory=list)  # (offset in text, line)


# Folded away when a ledger's text is looked up in the scan's: normalisation makes digits ASCII and OCR
# reads brackets and colons in either width.
_FOLD = str.maketrans({**{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}, "（": "(", "）": ")"})


@dataclass
class ScanText:
    text: str
    placed: list[Placed]
    pages: list[OcrPage]
    repaired: list[tuple[int, int]] = field(default_factory=list)  # text put back by `repair/`
    _squeezed: str | None = field(default=None, repr=False)
    _index: list[int] = field(default_factory=list, repr=False)

    def part_at(self, offset: int) -> tuple[int, OcrLine] | None:
        """The OCR line holding character `offset` of `text`, with the offset its text starts at."""
        for placed in self.placed:
            if placed.start <= offset < placed.end:
                best = placed.parts[0]
                for part in placed.parts:
                    if part[0] <= offset:
                        best = part
                return best
        return None

    def line_at(self, offset: int) -> OcrLine | None:
        part = self.part_at(offset)
        return part[1] if part else None

    def find(self, snippet: str, after: int = 0) -> tuple[int, int] | None:
        """Where `snippet` (text of the parsed ledger) stands in `text`, from `after` on; whitespace,
        full-width digits and bracket widths are ignored on both sides, as normalisation changes them."""
        if self._squeezed is None:
            keep = [(i, ch) for i, ch in enumerate(self.text) if not ch.isspace()]
            self._index = [i for i, _ in keep]
            self._squeezed = "".join(ch for _, ch in keep).translate(_FOLD)
        want = "".join(snippet.split()).translate(_FOLD)
        if not want:
            return None
        start = bisect_left(self._index, after)
        at = self._squeezed.find(want, start)
        if at < 0:
            return None
        return self._index[at], self._index[at + len(want) - 1] + 1

    def unsure(self, start: int, end: int) -> bool:
        """True when any character of text[start:end] was read with low confidence or repaired."""
        if any(a < end and start < b for a, b in self.repaired):
            return True
        for offset in range(start, end):
            part = self.part_at(offset)
            if part is not None and any(a <= offset - part[0] < b for a, b in part[1].low):
                return True
        return False

    def source_of(self, offset: int) -> dict[str, object] | None:
        """The page number and the box (fractions of the page: left, top, width, height) of a character."""
        line = self.line_at(offset)
        if line is None:
            return None
        page = self.pages[line.page - 1]
        x0, y0, x1, y1 = line.box
        w, h = page.width or 1, page.height or 1
        return {
            "page": line.page,
            "box": [round(x0 / w, 4), round(y0 / h, 4), round((x1 - x0) / w, 4), round((y1 - y0) / h, 4)],
        }


def _rows(lines: Sequence[OcrLine]) -> list[list[OcrLine]]:
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: ((ln.box[1] + ln.box[3]) / 2, ln.box[0])):
        mid = (line.box[1] + line.box[3]) / 2
        if rows:
            last = rows[-1][0]
            lmid, lh = (last.box[1] + last.box[3]) / 2, last.box[3] - last.box[1]
            if abs(mid - lmid) <= lh / 2:
                rows[-1].append(line)
                continue
        rows.append([line])
    for row in rows:
        row.sort(key=lambda ln: ln.box[0])
    return rows


SPECK_CONFIDENCE = 0.3
CELL_BREAK = 5  # line heights: a table row's line ending this near the right edge broke at a cell's end
RE_ROW_NUMBER = re.compile(r"^\s*\d{1,3}\s*[\t|]")  # a table row's 序号 cell


def _arabic_head(text: str) -> tuple[int, bool] | None:
    """The arabic label a row opens with, and whether its stop is missing (`2方便…`, not `6个…`), if any."""
    m = repair.RE_ARABIC_ANY.match(repair.without_stray(text).lstrip())
    if m is None or (not m.group("sep") and m.group("measure") is not None):
        return None
    return int(m.group("n")), not m.group("sep")


def _mid(row: list[OcrLine]) -> float:
    """A row's vertical centre (a line of one short glyph has a lower top than a full line)."""
    return (row[0].box[1] + row[0].box[3]) / 2


def _all_unsure(line: OcrLine, start: int, end: int) -> bool:
    return all(any(a <= i < b for a, b in line.low) for i in range(start, end))


def _ems(text: str) -> float:
    """How many character widths `text` takes: a CJK or full-width character one, an ASCII one about half."""
    return sum(0.55 if ch.isascii() else 1.0 for ch in text)


def _char_width(lines: Sequence[OcrLine]) -> float:
    """A page's character width, from its lines of one cell (a box's height grows on a skewed page)."""
    widths = sorted(
        (ln.box[2] - ln.box[0]) / _ems(ln.text) for ln in lines if "\t" not in ln.text and _ems(ln.text) >= 8
    )
    return widths[len(widths) // 2] if widths else 0.0


RE_WORDLIKE = re.compile(r"[\u4e00-\u9fff\d]")


def _without_specks(lines: Sequence[OcrLine], char_w: float) -> list[OcrLine]:
    """The lines without what a seal's ring or a smudge leaves: a line of at most three characters read
    with next to no confidence, and one unsure character a cell's gap before or after a line's text (two
    after a line that ends a sentence or a date, up to four marks that are no characters or digits):
    "…市场主体。\t四", "世\t崩责任单位…", "2025年2月18日\t了乡", "…若干措施\tSR__". A table row (more
    than two cells) is kept as read. A line cut so keeps the box of the text left (as near as its
    characters tell): a short line whose speck reached the right edge is not taken for a full one."""
    out = []
    for line in lines:
        if line.confidence < SPECK_CONFIDENCE and len(line.text.replace("\t", "").strip()) <= 3:
            continue
        cells = line.text.split("\t")
        if len(cells) == 2:  # a line of text and one character a cell's gap away: not a table row
            head, tail = cells
            start, end = 0, len(line.text)
            speck = tail.strip()
            at = len(head) + 1 + tail.find(speck)
            # two specks only after a sentence's or a date's end (its 日 may be misread itself)
            ends = head.rstrip()[-1:] in "。！？)）日号" or repair.RE_DATE_DAY_SLOT.search(head) is not None
            marks = len(speck) <= 4 and not RE_WORDLIKE.search(speck)  # "SR__": a seal's ring, not words
            if (len(speck) == 1 or (len(speck) == 2 and ends) or marks) and _all_unsure(
                line, at, at + len(speck)
            ):
                end -= len(tail) + 1
            elif len(head.strip()) == 1 and not head.strip().isdigit() and _all_unsure(line, 0, len(head)):
                start = len(head) + 1
            if (start, end) != (0, len(line.text)):
                low = tuple(
                    (max(a, start) - start, min(b, end) - start) for a, b in line.low if a < end and b > start
                )
                text = line.text[start:end]
                x0, y0, x1, y1 = line.box
                if char_w and start:
                    x0 = max(x0, x1 - round(_ems(text) * char_w))
                elif char_w:
                    x1 = min(x1, x0 + round(_ems(text) * char_w))
                line = OcrLine(line.page, (x0, y0, x1, y1), text, line.confidence, low)
        out.append(line)
    return out


def _is_furniture(row: list[OcrLine], page: OcrPage, above: list[OcrLine] | None, char_h: float) -> bool:
    """Whether a row is a page's furniture: a page number (read well or ill) at its top or bottom edge.
    A short row at the left margin right under the row above (`above`) goes on from it: a table's
    序号 cell."""
    text = "".join(ln.text for ln in row)
    y = row[0].box[1]
    at_edge = y > page.height * 0.85 or row[0].box[3] < page.height * 0.12
    if not at_edge:
        return False
    if above is not None and y - above[0].box[3] < char_h and abs(row[0].box[0] - above[0].box[0]) < char_h:
        return False
    short = len(text.strip()) <= 6
    short_and_unsure = short and all(ln.confidence < 0.5 for ln in row)  # a misread "— 1 —"
    centre = (row[0].box[0] + row[-1].box[2]) / 2
    centred = abs(centre - page.width / 2) < page.width * 0.1
    dashed = text.strip()[:1] in "一—-－–" and text.strip()[-1:] in "一—-－–二"  # "— 1 —" read as "一河二"
    if short and centred and dashed:
        return True
    return (
        RE_PAGE_NUMBER.match(text) is not None
        or short_and_unsure
        or RE_MISREAD_PAGE_NUMBER.match(text) is not None
    )


# Tesseract reads a full-width opening bracket as 〈, 〖, 【 or [ now and then (and 〔 as [); one closed
# by ）/) is a bracket: "〈县市场监管局牵头，县税务局配合)" → "(县市场监管局牵头，县税务局配合)",
# "[牵头单位：县商务局)" → "(牵头单位：县商务局)". Same length, so offsets hold.
RE_MISREAD_OPEN = re.compile(r"[〈〖《【\[〔](?=[^〈〉〖〗《》【】\[\]〔〕()（）\n]{1,80}[)）])")


# A row opening with what looks like a bracketed label whose numeral OCR misread ("(L)", "(中五)") or whose
# closing bracket it lost ("(七登记财产"): not joined to the row before, so that repair/ can put the
# label back from its sequence.
RE_LABEL_SHAPED = re.compile(
    r"^\s*[(（〈〖《](?:[^)）\s]{1,3}[)）]|[一二三四五六七八九十]{1,3}[^)）一二三四五六七八九十〇零百])"
)


def fix_misreads(text: str) -> str:
    """The text with misread brackets and label numerals and role words put back (`repair/`)."""
    text = RE_MISREAD_OPEN.sub("(", text)
    return repair.apply(text, repair.text_edits(text))[0]


def _repaired(scan: ScanText, directory: Sequence[str]) -> ScanText:
    text = scan.text
    edits = repair.text_edits(text, scan.unsure) + repair.unit_edits(text, scan.unsure, directory)
    edits += repair.period_edits(text, scan.unsure) + repair.place_edits(text, scan.unsure)
    if not edits:
        return scan
    new, ranges, moved = repair.apply(text, edits)
    for placed in scan.placed:
        placed.start, placed.end = moved(placed.start), moved(placed.end)
        placed.parts = [(moved(at), line) for at, line in placed.parts]
    return ScanText(new, scan.placed, scan.pages, repaired=ranges)


def scan_text(pages: Sequence[OcrPage], directory: Sequence[str] = ()) -> ScanText:
    """The text of OCR'd pages, one paragraph a line, with each line's source kept; misreads the document
    itself (or the unit `directory`) makes sure of are put back and marked unsure (`repair/`)."""
    out: list[str] = []
    placed: list[Placed] = []
    pos = 0
    carried = False
    in_table = False  # the paragraph being built is a table row (it has a tab)
    last_arabic = 0  # the last arabic label a paragraph opened with
    for page in pages:
        rows = _rows(page.lines)
        if not rows:
            continue
        heights = sorted(r[0].box[3] - r[0].box[1] for r in rows)
        char_h = heights[len(heights) // 2] or 1
        rows = [
            r for i, r in enumerate(rows) if not _is_furniture(r, page, rows[i - 1] if i else None, char_h)
        ]
        char_w = _char_width(page.lines)
        rows = [r for r in (_without_specks(r, char_w) for r in rows) if r]
        if not rows:
            continue
        steps = sorted(b[0].box[1] - a[0].box[1] for a, b in itertools.pairwise(rows))
        pitch = steps[len(steps) // 4] if steps else char_h  # the line spacing (most steps are one line)
        lefts = sorted(r[0].box[0] for r in rows)
        left = lefts[len(lefts) // 2]  # the margin most rows start at (a speck can start one further out)
        right_edges = sorted(r[-1].box[2] for r in rows)
        right = right_edges[int(len(right_edges) * 0.9)]
        prev_row: list[OcrLine] | None = None
        for number, row in enumerate(rows):
            follows = (  # the row goes on from the one before: on this page, or from the last full row
                carried
                if number == 0
                else prev_row is not None
                and prev_row[-1].box[2] >= right - 3 * char_h  # half-width digits end a full line short
                and not prev_row[-1].text.rstrip().endswith("|")  # a bar ends a table's cell
                and row[0].box[1] - prev_row[0].box[3] < 1.2 * char_h
                and _mid(row) - _mid(prev_row) < 1.5 * pitch  # a blank line ends a paragraph
            )
            indent = row[0].box[0] - left
            head = _arabic_head(row[0].text)
            # the next arabic label, its stop lost, after a sentence's end: "…下同。)" then "2方便…"
            stopless = (
                head is not None
                and head[1]
                and head[0] == last_arabic + 1
                and prev_row is not None
                and prev_row[-1].text.rstrip()[-1:] in ("。", ")", "）")
            )
            opens = (
                bool(placed)
                and not starts_with_label(repair.without_stray(row[0].text.strip()))
                and not RE_LABEL_SHAPED.match(row[0].text)
                and not repair.RE_CLAUSE_HEAD.match(row[0].text)  # a page break hides the blank line
                and not (in_table and RE_ROW_NUMBER.match(row[0].text))
                and not stopless
            )
            joined = follows and opens and indent < 0.8 * char_h
            # a table row broken where a cell ends: the line stops a cell's gap short of the right edge
            next_cell = (
                not joined
                and opens
                and in_table
                and indent < CELL_BREAK * char_h  # a wrapped tab can open the line
                and prev_row is not None
                and number > 0
                and prev_row[-1].box[2] >= right - CELL_BREAK * char_h
                and _mid(row) - _mid(prev_row) < 1.5 * pitch
            )
            if joined or next_cell:
                current = placed[-1]
                if next_cell:
                    out.append("\t")
                    pos += 1
            else:
                in_table = False
                if placed:
                    out.append("\n")
                    pos += 1
                current = Placed(pos, pos)
                placed.append(current)
                if head is not None and (not head[1] or stopless):
                    last_arabic = head[0]
                elif repair.RE_BARE_STOP.match(row[0].text.lstrip()):  # a label whose numeral was not read
                    last_arabic += 1  # taken for the next of its run
            for i, line in enumerate(row):
                in_table = in_table or i > 0 or "\t" in line.text or line.text.count("|") >= 2
                if i:
                    out.append("\t")
                    pos += 1
                current.parts.append((pos, line))
                out.append(line.text)
                pos += len(line.text)
            current.end = pos
            prev_row = row
        # a paragraph broken by the page's end: the last row reaches the right edge
        carried = prev_row is not None and prev_row[-1].box[2] >= right - 3 * char_h
    text = RE_MISREAD_OPEN.sub("(", "".join(out))
    return _repaired(ScanText(text, placed, list(pages)), directory)
