"""Numbers and dates put back: quotation marks inside numbers, 文号 years, period words, a signing
date's 日."""

from __future__ import annotations

import re
from collections.abc import Callable

from .common import (
    Edit,
)

# A quotation mark read between two digits: "压缩至8“0小时以内" (80 hours)
RE_QUOTE_IN_NUMBER = re.compile(r"(?<=\d)[“”\"'‘’](?=\d)")


# 末 (end) read as its look-alike 未 (not) in a period word: "三季度未前完成" → "三季度末前完成"
RE_END_AS_NOT = re.compile(r"(?:(?<=季度)|(?<=\d月)|(?<=\d年))未(?=前)")


# A speck read as a comma after a paragraph's full stop: "…抓好贯彻落实。，" (the line would be taken to go on)
RE_COMMA_AFTER_STOP = re.compile(r"(?<=[。！？])[ \t]*[，,、][ \t]*$", re.M)


def number_edits(text: str) -> list[Edit]:
    """Quotation marks read inside numbers dropped; 末 put back where 未 was read in a period word; a
    comma after a paragraph's full stop dropped."""
    edits = [Edit(m.start(), m.end(), "") for m in RE_QUOTE_IN_NUMBER.finditer(text)]
    edits += [Edit(m.start(), m.end(), "") for m in RE_COMMA_AFTER_STOP.finditer(text)]
    return edits + [Edit(m.start(), m.end(), "末") for m in RE_END_AS_NOT.finditer(text)]


# The year of a 文号 in brackets OCR read as another or mismatched pair: "青政办发【2023 ] 18号"
RE_DOC_NUMBER_YEAR = re.compile(
    r"(?<=[\u4e00-\u9fff])[〔\[【［(（]\s*(?P<y>(?:19|20)\d\d)\s*[〕\]】］)）](?=\s*第?\s*\d{1,4}\s*号)"
)


def doc_number_edits(text: str) -> list[Edit]:
    """A 文号's year put back between the brackets it is written with (`〔2023〕`)."""
    return [
        Edit(m.start(), m.end(), f"〔{m.group('y')}〕")
        for m in RE_DOC_NUMBER_YEAR.finditer(text)
        if m.group(0) != f"〔{m.group('y')}〕"
    ]


# A period word one character off: "6朋底" (6月底), "三季度林前" (三季度末前), "年庆前" (年底前)
RE_PERIOD_SLOT = re.compile(
    r"(?<!\d)(?:1[0-2]|[1-9])(?P<m>[^\d月日号年个天时小周项家条件次户%．.、，,。；;：:()（）\s])(?=底|末|前|份|中旬|下旬|上旬)"
    # before 底 or 末 no count word makes sense: "6户底前" is 6月底前
    r"|(?<!\d)(?:1[0-2]|[1-9])(?P<n>[个天项家条件次户])(?=底|末)"
    r"|(?<=季度)(?P<q>[^末底前内，,。；;\s])(?=前)"
    r"|(?<=\d{4}年)(?P<y>[^底末前内度初，,。；;\s])(?=前)"
)


# A date line whose 日 was misread: "2025年2月18晶" (the signing date, alone or after the signature)
RE_DATE_DAY_SLOT = re.compile(r"(?:^|(?<=\s))\d{4}年\d{1,2}月\d{1,2}(?P<d>[^\d日号\s])[ \t]*$", re.M)


def period_edits(text: str, unsure: Callable[[int, int], bool]) -> list[Edit]:
    """A period word put back where the character that makes it was read with low confidence; a date
    line's 日 likewise."""
    edits = [
        Edit(m.start("d"), m.end("d"), "日")
        for m in RE_DATE_DAY_SLOT.finditer(text)
        if unsure(m.start("d"), m.end("d"))
    ]
    for m in RE_PERIOD_SLOT.finditer(text):
        group = m.lastgroup or "m"
        if unsure(m.start(group), m.end(group)):
            edits.append(
                Edit(m.start(group), m.end(group), {"m": "月", "n": "月", "q": "末", "y": "底"}[group])
            )
    return edits
