"""Which characters a text input may carry: one rule for forms, API schemas, Open311 and file imports.

Refused everywhere (they break Excel files, XML, terminals and PostgreSQL, and no one types them):
- C0 control characters U+0000–U+001F except tab, line feed and carriage return;
- DEL U+007F and the C1 controls U+0080–U+009F;
- lone surrogates U+D800–U+DFFF (a JSON `"\\ud800"` escape decodes to one; UTF-8 cannot store it);
- the noncharacters U+FFFE and U+FFFF (not allowed in XML, so not in an .xlsx or .docx).

Tab, line feed and carriage return are allowed in multi-line text (a textarea, an API string, an Excel
cell) and refused in one-line fields (a name, a code, a title typed into a one-line form input).
"""

from __future__ import annotations

import re
from typing import Any

# Example: '王\x0b' (a vertical tab pasted from Word, which openpyxl refuses to write).
FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Example: '北京\n市' typed into a one-line field by a script.
FORBIDDEN_ONE_LINE_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def forbidden_character(value: str, *, multiline: bool = True) -> str | None:
    """The Chinese message for the first refused character in `value`, or None when it is clean."""
    pattern = FORBIDDEN_RE if multiline else FORBIDDEN_ONE_LINE_RE
    match = pattern.search(value)
    if match is None:
        return None
    char = match.group()
    kind = "换行或制表符" if char in "\t\n\r" else "控制字符"
    return f"含有不允许的{kind} U+{ord(char):04X}(第{match.start() + 1}个字符)，请删除后重新提交。"


def first_problem(value: Any, *, multiline: bool = True) -> str | None:
    """Like `forbidden_character`, for a string or any list/dict of strings (keys included)."""
    if isinstance(value, str):
        return forbidden_character(value, multiline=multiline)
    if isinstance(value, dict):
        for key, item in value.items():
            problem = first_problem(key, multiline=multiline) or first_problem(item, multiline=multiline)
            if problem:
                return problem
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            problem = first_problem(item, multiline=multiline)
            if problem:
                return problem
    return None


def strip_forbidden(value: str) -> str:
    """`value` without the characters refused everywhere (for writing files from data stored earlier)."""
    return FORBIDDEN_RE.sub("", value)


# Example: a page break ('\x0c') between two pages of a PDF, a manual line break ('\x0b') in Word.
LAYOUT_BREAK_RE = re.compile("[\x0b\x0c\x1c-\x1e\x85]")


def clean_document_text(text: str) -> str:
    """Text read from an uploaded document file: layout breaks become line breaks, the rest is dropped.

    A document is not typed text: its control characters are page and line breaks its producer left
    in, so refusing the file would refuse real documents for no gain.
    """
    return strip_forbidden(LAYOUT_BREAK_RE.sub("\n", text))
