"""Stage 1b: read flattened task tables into rows, before paragraphs are joined and nodes segmented.

A table copied out of a Word or PDF document comes in one of these layouts:

* one row per line, cells split by tabs or ``|``: ``1	推行项目帮办代办	区政务服务中心	王某	全年``;
* one cell per line, each ending with `` |`` or with nothing: ``序号 |`` / ``重点工作 |`` / … / ``1 |`` / …

The header row (its cells in any order) names the columns; ``data/tables.toml`` maps each header cell to
a field. Every row becomes one numbered line the segmenter reads as a node:
``1.推行项目帮办代办。在区政务服务中心设立…（牵头单位：A；配合单位：B）（完成时限：全年）``.
A group row (``一、政务服务``) between rows stays a line of its own; a person column (责任人) is dropped.
"""

from __future__ import annotations

import re

from .lexicon import load
from .table_cells import split_merged

_LEX = load("tables")
_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (name, tuple(words)) for name, words in _LEX["columns"].items()
)
_EXACT = {w: name for name, words in _COLUMNS for w in words}

# Cells of one row-per-line row: "1	推行…	区政务服务中心"  "1 | 推行… | 区政务服务中心"
# (a tab next to a bar is one gap: OCR reads a ruled cell's wide gap as both, "序号\t|重点任务")
RE_CELL_SPLIT = re.compile(r"[ \t]*(?:\t+[ \t]*\|?|\|)[ \t]*")

# Spaces inside a header cell: "完成 时限"
RE_SPACES = re.compile(r"\s+")

# A group row inside a table: "一、政务服务"  "（二）监管执法"
RE_GROUP_ROW = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[）)])\S")

# A group row's number in a cell of its own: "一"  "二、"
RE_CN_GROUP_CELL = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]?$")

# A 序号 cell: "1"  "1."  "12、"
RE_SEQ = re.compile(r"^(\d{1,3})(?:[.．、]| [1lI])?$")  # OCR reads a cell's bar as 1 or l: "2 1"

# A cell that reads as a 完成时限 value (used when a one-cell-per-line row lost an empty cell)
RE_DUE_CELL = re.compile(
    r"^(?:\d{4}年)?.{0,8}(?:年底|月底|月|季度|年内|全年|长期|持续|常态|前|底)[^，。,]{0,6}$"
)

# Sentence punctuation: a header cell has none ("大事项随时报告。" names no column)
RE_NOT_HEADER = re.compile(r"[。，,；;：:、！？!?]")

# Where a cell-per-line table stops: an annex heading or a new numbered heading with prose
RE_TABLE_STOP = re.compile(r"^附件\s*\d{0,3}\s*[:：]?$")


def is_row_line(line: str) -> bool:
    """A table row: cells split by tabs or bars (OCR drops the spaces around a bar: "1 |推行…|区政务…")."""
    return "\t" in line or " | " in line or line.startswith("|") or line.endswith("|") or line.count("|") >= 2


def _cells(line: str) -> list[str]:
    return [c.strip() for c in RE_CELL_SPLIT.split(line.strip().strip("|").strip())]


def _unglued(cells: list[str]) -> list[str]:
    """Header cells with two run together (OCR lost the gap between them) apart again:
    "责任人完成时限" → "责任人", "完成时限" — only when both halves are header words exactly."""
    out = []
    for cell in cells:
        plain = RE_SPACES.sub("", cell)
        cut = next((k for k in range(2, len(plain) - 1) if plain[:k] in _EXACT and plain[k:] in _EXACT), None)
        out.extend([plain[:cut], plain[cut:]] if cut and plain not in _EXACT else [cell])
    return out


def column_of(cell: str) -> str | None:
    """The field a header cell names, or None."""
    if len(cell) > 24:  # most lines: far longer than any header cell, even with spaces in it
        return None
    cell = RE_SPACES.sub("", cell).strip("|“”\"'")  # a speck read as a quotation mark: "“序号"
    if not cell or len(cell) > 12 or RE_NOT_HEADER.search(cell):
        return None
    if cell in _EXACT:
        return _EXACT[cell]
    for name, words in _COLUMNS:
        if any(w in cell for w in words):
            return name
    return None


def header_columns(cells: list[str]) -> list[str | None] | None:
    """Map header cells to fields; None unless this looks like a task table's header row."""
    fields_ = [column_of(c) for c in cells]
    if sum(f is not None for f in fields_) < 3 or fields_.count(None) > len(fields_) // 2:
        return None
    has_units = any(f in ("lead", "coop", "resp") for f in fields_)
    if "content" in fields_ and (has_units or "seq" in fields_):
        return fields_
    return None


def read_tables(lines: list[str]) -> list[str]:
    """Replace every flattened task table in ``lines`` (stripped, non-empty) by numbered row lines."""
    lines = _join_wrapped_cells(lines)
    out: list[str] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if is_row_line(line) and len(_cells(line)) >= 3:
            columns = header_columns(_unglued(_cells(line)))
            if columns is not None:
                end = _rows_per_line(lines, i + 1, columns, out)
                if end == i + 1:  # no row under the header: the header is kept as text
                    out.append(line.replace("\t", " "))
                i = max(end, i + 1)
                continue
        if column_of(line) is not None:
            j = i
            header: list[str | None] = []
            while (
                j < n and len(header) < 12 and (column_of(lines[j]) is not None or _unnamed_header(lines, j))
            ):
                header.append(column_of(lines[j]) or "content")  # an unnamed column's text is kept
                j += 1
            if len(header) >= 3 and header_columns([lines[k] for k in range(i, j)]) is not None:
                end = _cells_per_line(lines, j, header, out)
                if end == j:  # no row read under the header: nothing of it is dropped
                    out.extend(lines[i:j])
                i = end
                continue
        out.append(line.replace("\t", " "))
        i += 1
    return out


RE_HEADER_SHAPED = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def _unnamed_header(lines: list[str], j: int) -> bool:
    """A header cell the lexicon does not name ("工作要点 |") between named ones, or last before the
    first row: a column of its own, so the rows' cells stay in their columns, read as the measure's
    text so that nothing in it is dropped."""
    if not RE_HEADER_SHAPED.match(RE_SPACES.sub("", lines[j].rstrip("|"))) or j + 1 >= len(lines):
        return False
    nxt = lines[j + 1].rstrip("|").strip()
    return column_of(lines[j + 1]) is not None or RE_SEQ.match(nxt) is not None


WRAPPED_MIN = 8  # characters: a cell's line shorter than this, ending without a mark, is a cell of its own


def _join_wrapped_cells(lines: list[str]) -> list[str]:
    """Among cells that end with ``|``, a cell wrapped over lines is one again:
    "推行企业开办全程网办，" / "1个工作日内办结 |" → "推行企业开办全程网办，1个工作日内办结 |". A short
    cell that stops mid-sentence wraps too; a short one that does not has lost its bar (`何立平` / `全年 |`)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        wraps = len(line) >= WRAPPED_MIN or line.rstrip()[-1:] in "，,、；;：:（(“"
        if out and out[-1].endswith("|") and not line.endswith("|") and wraps and _may_wrap(line):
            j = i + 1
            while j < len(lines) and j - i < 4 and not lines[j].endswith("|") and _may_wrap(lines[j]):
                j += 1
            if j < len(lines) and j - i < 4 and lines[j].endswith("|") and _may_wrap(lines[j]):
                out.append("".join(lines[i : j + 1]))
                i = j + 1
                continue
        out.append(line)
        i += 1
    return out


def _may_wrap(line: str) -> bool:
    """A line that may be part of a wrapped cell: not a group row, a 序号, an annex heading or a row."""
    cell = line.rstrip("|").strip()
    return not (
        RE_GROUP_ROW.match(cell)
        or RE_SEQ.match(cell)
        or RE_TABLE_STOP.match(cell)
        or " | " in cell
        or "\t" in cell
    )


def _rows_per_line(lines: list[str], i: int, columns: list[str | None], out: list[str]) -> int:
    rows = 0
    while i < len(lines):
        line = lines[i]
        if RE_GROUP_ROW.match(line) and not is_row_line(line.rstrip("|").rstrip()):
            out.append(line.rstrip("| \t"))
            i += 1
            continue
        if not is_row_line(line):
            break
        rendered = render_row(columns, split_merged(columns, _cells(line)), number=rows + 1)
        rows += 1 if rendered else 0
        out.append(rendered if rendered else line.replace("\t", " "))
        i += 1
    return i


def _cells_per_line(lines: list[str], i: int, columns: list[str | None], out: list[str]) -> int:
    """Rows of a one-cell-per-line table; with a 序号 column a row starts at the next number."""
    width = len(columns)
    seq_first = columns[0] == "seq"
    expected = 1
    rows = 0
    while i < len(lines):
        line = lines[i]
        cell = line.rstrip("|").strip()
        if RE_TABLE_STOP.match(cell):
            break
        if RE_GROUP_ROW.match(cell) and len(cell) <= 30:
            out.append(cell)
            i += 1
            continue
        group = RE_CN_GROUP_CELL.match(cell)
        if group and i + 2 < len(lines) and RE_SEQ.match(lines[i + 2].rstrip("|").strip()):
            # a group row in cells: "一" / "政务服务" before row "1"
            out.append(f"{cell}、{lines[i + 1].rstrip('|').strip()}")
            i += 2
            continue
        if seq_first:
            m = RE_SEQ.match(cell)
            lost = m is None and not _short_cell(cell) and _lost_seq(lines[i : i + width], expected)
            if m is None and (lost or _misread_seq(cell, lines[i + 1 : i + width])):
                cell = str(expected)
                m = RE_SEQ.match(cell)
            if (
                m is not None
                and int(m.group(1)) not in (expected, expected + 1, 1)
                and _bar_as_one(line, expected)
            ):
                cell, m = str(expected), RE_SEQ.match(str(expected))
            if m is None or int(m.group(1)) not in (expected, expected + 1, 1):
                break
            if " " in cell:  # "2 1": the bar read as a digit is no part of the number
                cell = m.group(1)
            expected = int(m.group(1)) + 1
            row = [cell]
            j = i if lost else i + 1
            while j < len(lines) and len(row) < width:
                nxt = lines[j].rstrip("|").strip()
                seq_m = RE_SEQ.match(nxt)
                if len(row) > 1 and seq_m is not None and int(seq_m.group(1)) == expected:
                    break
                if RE_TABLE_STOP.match(nxt) or (RE_GROUP_ROW.match(nxt) and len(nxt) <= 30):
                    break
                row.append(nxt)
                j += 1
        else:
            row = [ln.rstrip("|").strip() for ln in lines[i : i + width]]
            j = i + len(row)
        rows += 1
        rendered = render_row(_fit(columns, row), row, number=rows)
        if rendered is None:
            break
        out.append(rendered)
        i = j
    return i


def _lost_seq(ahead: list[str], expected: int) -> bool:
    """A row whose 序号 cell OCR lost altogether: a full row's other cells, then the number after it (or
    what is left of it: a character or none, and the cell's bar)."""
    if len(ahead) < 2:
        return False
    cells = [ln.rstrip("|").strip() for ln in ahead]
    numbers = [RE_SEQ.match(c) for c in cells]
    last = numbers[-1]
    follows = (last is not None and int(last.group(1)) == expected + 1) or (
        ahead[-1].endswith("|") and len(cells[-1]) <= 1
    )
    return follows and not any(numbers[:-1]) and not any(RE_TABLE_STOP.match(c) for c in cells)


def _short_cell(cell: str) -> bool:
    """One or two characters (or none: the number lost, its bar kept) where a row's number stands."""
    return len(cell.replace(" ", "")) <= 2 and not RE_CN_GROUP_CELL.match(cell)


def _bar_as_one(line: str, expected: int) -> bool:
    """A 序号 cell whose bar OCR read as a 1 glued to the number ("11" for "1 |", "41" for "4 |")."""
    return "|" not in line and line.strip() in (f"{expected}1", f"{expected}l", f"{expected}I")


def _misread_seq(cell: str, rest: list[str]) -> bool:
    """A 序号 cell OCR misread ("人|" for "1 |", "|" for "7 |"): one or two characters (or none) where the
    number stands, and the row's other cells after it, nearly all ending with a bar as the cells do."""
    return _short_cell(cell) and len(rest) >= 2 and sum(ln.endswith("|") for ln in rest) >= len(rest) - 1


def _fit(columns: list[str | None], row: list[str]) -> list[str | None]:
    """Columns for a row that lost empty cells (blank lines are dropped): the cells most often left
    empty (person, cooperating units) are taken to be the missing ones, and a last cell that reads
    as a time limit stays the time limit."""
    missing = len(columns) - len(row)
    if missing <= 0:
        return columns
    cols = list(columns)
    for name in ("person", "coop", None):
        while missing and name in cols:
            cols.remove(name)
            missing -= 1
    if missing and "due" in cols and not RE_DUE_CELL.match(row[-1]):
        cols.remove("due")
    return cols


def render_row(columns: list[str | None], cells: list[str], number: int | None = None) -> str | None:
    """One table row as a numbered line: ``1.内容。细节（牵头单位：A；责任单位：B）（完成时限：2021年底）``.

    A table without a 序号 column is numbered in row order when ``number`` is given (rows are tasks)."""
    values: dict[str, list[str]] = {}
    for name, cell in zip(columns, cells, strict=False):
        cell = " ".join(cell.split())
        if name and name != "person" and cell:
            values.setdefault(name, []).append(cell)
    contents = values.get("content", [])
    if not contents:
        return None
    seq = values.get("seq", [""])[0].strip().rstrip(".、．")
    if seq.isascii() and seq.isdigit():
        label = f"{seq}."
    elif seq:
        label = f"{seq}、" if not seq.startswith(("(", "（")) else seq
    elif number is not None and "seq" not in columns:
        label = f"{number}."
    else:
        label = ""
    parts = []
    for name, word in (("lead", "牵头单位"), ("resp", "责任单位"), ("coop", "配合单位")):
        if values.get(name):
            parts.append(f"{word}：{'、'.join(values[name])}")
    units = f"（{'；'.join(parts)}）" if parts else ""
    due = f"（完成时限：{values['due'][0]}）" if values.get("due") else ""
    body = "。".join(c.rstrip("。；;") for c in contents) + "。"
    return f"{label}{body}{units}{due}"
