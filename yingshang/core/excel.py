"""Shared Excel plumbing: reading a sheet by its Chinese headers, and writing a styled sheet.

`write_sheet` is the product's one Excel writer (every .xlsx download goes through it): it drops the
characters an .xlsx cannot hold and neutralises text that a spreadsheet would run as a formula.
`read_sheet` undoes the neutralisation, so the product's own exports re-import unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from yingshang.core.errors import ValidationFailed
from yingshang.core.text import forbidden_character, strip_forbidden

MAX_ROWS = 100_000
MAX_REPORTED_ROWS = 500  # bad rows named in an API error; the message gives their number
# A cell text starting with one of these is a formula (or becomes one when a user edits the cell or saves
# the sheet as CSV): `=HYPERLINK("http://…","点此查看")`, `+1+cmd|' /C calc'!A0`, `@SUM(…)`.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Written before such a text; a spreadsheet shows the cell as text and never evaluates it.
NEUTRALISER = "'"


def safe_cell(value: Any) -> Any:
    """A value as the writer stores it: text cleaned and neutralised; numbers, dates and None unchanged."""
    if not isinstance(value, str):
        return value
    text = strip_forbidden(value)
    return NEUTRALISER + text if text.startswith(FORMULA_TRIGGERS) else text


def read_cell(value: Any) -> Any:
    """A cell as an importer sees it: the writer's neutralising quote taken off again."""
    if isinstance(value, str) and value.startswith(NEUTRALISER) and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


@dataclass
class RowError:
    row: int  # the row number the user sees in Excel
    message: str


@dataclass
class ImportPlan:
    """What an import would do; nothing is written unless `errors` is empty and the user applies it."""

    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Things the user should know that do not stop the import (e.g. edits in a column it does not read).
    notices: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def refuse_errors(self, what: str) -> None:
        """For an API caller: a sheet with bad rows is refused whole (422 ``import_errors``), each bad row
        under ``fields`` as ``row_<Excel row number>`` (the first MAX_REPORTED_ROWS of them)."""
        if not self.errors:
            return
        first = self.errors[0]
        where = "" if first.message.startswith(f"第{first.row}行") else f"第{first.row}行："
        message = (
            f"导入文件有{len(self.errors)}行错误，未导入任何{what}；请修改后重新上传。{where}{first.message}"
        )
        fields = {f"row_{e.row}": e.message for e in self.errors[:MAX_REPORTED_ROWS]}
        raise ValidationFailed(message, code="import_errors", fields=fields)


def read_sheet(
    fileobj: IO[bytes], required: Sequence[str], optional: Sequence[str] = ()
) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the first sheet as (excel_row_number, {header: value}); blank rows are skipped."""
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # a broken or foreign file: openpyxl raises many kinds; the person needs one answer
        raise ValidationFailed(
            "无法读取这个Excel文件：请上传用Excel或WPS保存的 .xlsx 文件(不是 .xls、.csv 或改了扩展名的文件)。",
            code="bad_file",
        ) from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header_row = next(rows, None)
    if header_row is None:
        raise ValidationFailed("Excel文件是空的。", code="empty_file")
    headers = [str(read_cell(h)).strip() if h is not None else "" for h in header_row]
    missing = [h for h in required if h not in headers]
    if missing:
        raise ValidationFailed(f"缺少表头列：{'、'.join(missing)}", code="bad_header")
    wanted = set(required) | set(optional)
    out: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(out) >= MAX_ROWS:
            raise ValidationFailed(f"行数超过上限 {MAX_ROWS}。", code="too_many_rows")
        row = {
            h: (read_cell(v).strip() if isinstance(v, str) else v)
            for h, v in zip(headers, values, strict=False)
            if h in wanted
        }
        for header, value in row.items():
            problem = forbidden_character(value) if isinstance(value, str) else None
            if problem:
                message = f"第{number}行“{header}”列{problem}"
                raise ValidationFailed(message, code="control_character", fields={"file": message})
        out.append((number, row))
    wb.close()
    return out


READ_ONLY_NOTE = "只读：此列仅供查看，导入时不读取。"


def write_sheet(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] = (),
    *,
    read_only: Sequence[str] = (),
) -> bytes:
    """One styled sheet. Headers named in ``read_only`` are greyed and carry a note saying the import
    does not read that column (the user is told of edits there, see ImportPlan.notices)."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = strip_forbidden(title)[:31]
    ws.append([safe_cell(h) for h in headers])
    head_font = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    grey = PatternFill("solid", fgColor="E7E6E6")
    for cell in ws[1]:
        cell.font = head_font
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        if cell.value in read_only:
            cell.fill = grey
            cell.comment = Comment(READ_ONLY_NOTE, "营商环境平台")
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
