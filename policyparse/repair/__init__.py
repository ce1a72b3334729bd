"""Put back characters OCR misread where the parser keys on them, by what the document itself makes sure.

- A label numeral in a running sequence (`（中五）` after `（十四）`, `由、` between `三、` and `五、`,
  `l.` between `Ⅰ`-less `… 1.`-lists): the label the sequence expects is put back when what was read
  shares a character with it, or when the next label of the same form confirms it (expected + 1).
- An arabic label's full stop misread (`1 .`, `8:`) or dropped (`4组织` between `3.` and `5.`); a list's
  first label that lost its numeral (`.提升…` before `2提升…`).
- Circled numerals numbered by their place in a run (`⑤子 ⑨丑` under a new heading → `①子 ②丑`; one
  past the expected is kept, the one before it may have been missed): the OCR reader finds them with
  another language's data and is unsure which one it read.
- A bracketed label broken by a tab (`(1	简化…`, `(2	)推行…`): closed where the tab was.
- A bracketed label whose closing bracket was lost (`(七登记财产` between `(六)` and `(八)`).
- A role word misread by one character: a clause label (`牵失单位：` → `牵头单位：`) or a role mark after
  a unit name (`市场监管局牵失，` → `牵头`, `公安局头，` → `牵头`) — the nearest word of the units
  lexicon, only when exactly one word is that near.
- A role label whose colon was lost (`；责任单位县财政局` after `牵头单位：…`): put back.
- Two unit names run together where OCR lost the comma between them (`市委各部门市级国家机关各部门`),
  each given on its own elsewhere in the document: the comma is put back.
- A period word misread by one unsure character (`6朋底` → `6月底`, `三季度林前` → `三季度末前`), or
  末 read as its look-alike 未 (`三季度未前`).
- A quotation mark read between two digits (`8“0小时`): dropped.
- A unit bracket whose opening bracket was lost (`。市金融工作局牵头，…负责)`): it is put back.
- A 文号 whose year brackets were misread (`【2023 ]`): written `〔2023〕`, as the header reader expects.
- A unit name read once with low confidence, one character away from exactly one name the document
  (or a unit directory the caller passes) gives elsewhere: that name is put back.

Each repair is returned as an edit so the scan keeps its offsets and the review screen marks the
repaired text as unsure: a clerk checks it against the page image.
"""

from __future__ import annotations

from .common import CIRCLED, MEASURE_WORDS, Edit, Unsure, apply
from .labels import (
    RE_ARABIC_ANY,
    RE_BARE_STOP,
    RE_CLAUSE_HEAD,
    circled_edits,
    label_edits,
    label_tab_edits,
    separator_edits,
    stray_edits,
    unclosed_edits,
    without_stray,
)
from .names import place_edits, unit_edits
from .numbers import RE_DATE_DAY_SLOT, doc_number_edits, number_edits, period_edits
from .unit_lists import (
    bracket_edits,
    colon_edits,
    dash_edits,
    glued_edits,
    heading_bracket_edits,
    role_edits,
    square_edits,
)

__all__ = [
    "CIRCLED",
    "MEASURE_WORDS",
    "RE_ARABIC_ANY",
    "RE_BARE_STOP",
    "RE_CLAUSE_HEAD",
    "RE_DATE_DAY_SLOT",
    "Edit",
    "Unsure",
    "apply",
    "label_edits",
    "period_edits",
    "place_edits",
    "role_edits",
    "text_edits",
    "unit_edits",
    "without_stray",
]


def text_edits(text: str, unsure: Unsure | None = None) -> list[Edit]:
    """Every repair that needs only the text (and, where given, which characters were read unsure):
    labels, role words, unit brackets, 文号 years."""
    edits = stray_edits(text) + label_edits(text) + circled_edits(text, unsure) + separator_edits(text)
    edits += (
        label_tab_edits(text)
        + unclosed_edits(text)
        + heading_bracket_edits(text)
        + dash_edits(text)
        + square_edits(text)
        + role_edits(text)
        + bracket_edits(text)
        + colon_edits(text)
        + number_edits(text)
        + glued_edits(text)
    )
    return edits + doc_number_edits(text)
