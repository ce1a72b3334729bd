"""Labels put back: numerals of a running sequence, circled numerals by their place, lost or misread
stops and brackets, specks before a label."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..numerals import cn_to_int
from ..segment import starts_with_label
from .common import (
    _CJK,
    _CN,
    _LABELS,
    CIRCLED,
    MEASURE_WORDS,
    Edit,
    Unsure,
)

# A clause label opening a line ("责任单位：", "完成时限：", its colon read as a semicolon)
RE_CLAUSE_HEAD = re.compile(rf"^\s*(?:{'|'.join(sorted(_LABELS, key=len, reverse=True))})\s*[:：;；]")


def _cn(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + _CN[n - 11]
    return _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else "")


def _cn_value(token: str) -> int | None:
    return cn_to_int(token) if token and all(ch in _CN for ch in token) else None


_ARABIC_LOOKALIKE = str.maketrans("lI|!OoSZ", "11110052")


def _arabic_value(token: str) -> int | None:
    return int(token) if token.isascii() and token.isdigit() else None


@dataclass(frozen=True)
class _Form:
    pattern: re.Pattern[str]  # group "n": the numeral
    value: Callable[[str], int | None]
    render: Callable[[int], str]
    similar: Callable[[str, str], bool]  # what was read may be a misreading of the expected label


def _shares(read: str, want: str) -> bool:
    return len(read) == len(want) and bool(set(read) & set(want))


def _lookalike(read: str, want: str) -> bool:
    return read.translate(_ARABIC_LOOKALIKE) == want


_FORMS = (
    _Form(re.compile(r"^[(（](?P<n>(?![\d\s]+[)）])[^)）\n]{1,4})[)）]", re.M), _cn_value, _cn, _shares),
    _Form(re.compile(r"^(?P<n>[^\s、，,。.；;：:()（）\d]{1,3})、", re.M), _cn_value, _cn, _shares),
    # the numeral may be lost altogether (".继续放宽…" between "6." and "8."): put back when confirmed
    _Form(re.compile(r"^(?P<n>[0-9lI|!OoSZ]{0,2})[.．、](?!\d)", re.M), _arabic_value, str, _lookalike),
)


def label_edits(text: str) -> list[Edit]:
    """Label numerals put back from the running sequence of their form."""
    edits: list[Edit] = []
    for form in _FORMS:
        found = [(m, form.value(m.group("n"))) for m in form.pattern.finditer(text)]
        last = 0
        for i, (m, value) in enumerate(found):
            want = last + 1
            if value == want or last == 0 or want > 99:
                last = value or last
                continue
            following = next((v for _, v in found[i + 1 :] if v is not None), None)
            read = m.group("n")
            fits = (value is None and form.similar(read, form.render(want))) or following == want + 1
            if value is not None and following != want + 1:
                fits = False
            if fits:
                edits.append(Edit(m.start("n"), m.end("n"), form.render(want)))
                last = want
            elif value is not None:
                last = value
    return edits


# A circled numeral the Chinese data read as at-signs, with a speck or two before them ("@提高…",
# "”人@@优化…"), or as a circled numeral and an at-sign ("①@对…")
RE_CIRCLED_SLOT = re.compile(
    rf"^(?:[“”\"'‘’|｜]?[^\s@{CIRCLED}]?@{{1,2}}|[{CIRCLED}]@{{1,2}})(?=[\u4e00-\u9fff])"
)


def _circled_heads(lines: list[str], starts: list[int], unsure: Unsure | None) -> list[int]:
    """How many characters at each line's head stand for a circled numeral (0: none). Besides the
    numerals and the at-sign slots, a paragraph's first character read unsure is one when a paragraph
    beside it opens with a circled numeral: the glyph was read as a character (`巴精简…`, `加完善…`)."""
    heads = []
    for line in lines:
        slot = RE_CIRCLED_SLOT.match(line)
        heads.append(slot.end() if slot else int(line[:1] != "" and line[0] in CIRCLED))
    if unsure is None:
        return heads
    guessed = list(heads)
    for i, line in enumerate(lines):
        beside = (i > 0 and heads[i - 1] > 0) or (i + 1 < len(lines) and heads[i + 1] > 0)
        if (
            not heads[i]
            and beside
            and _CJK.match(line)
            and not starts_with_label(line)
            and unsure(starts[i], starts[i] + 1)
        ):
            guessed[i] = 1
    return guessed


def circled_edits(text: str, unsure: Unsure | None = None) -> list[Edit]:
    """Circled numerals numbered by their place: a run of ①-paragraphs counts up from ①, and a label of
    another form between two of them starts a new run. The OCR reader finds where a circled numeral
    stands far more surely than which one it is (`ocr.circled_marks`); a numeral one past the expected
    one is kept as read, for the reader may have missed the one before it. A numeral read as something
    else (`_circled_heads`) is put back."""
    edits: list[Edit] = []
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line))
    last = 0
    for line, at, head in zip(lines, starts, _circled_heads(lines, starts, unsure), strict=True):
        if head:
            read = CIRCLED.find(line[0]) + 1 if head == 1 else 0  # 0: not read as a numeral
            want = min(last + 1, len(CIRCLED))
            if read == want + 1:  # the one before it was missed: kept as read
                want += 1
            if read != want:
                edits.append(Edit(at, at + head, CIRCLED[want - 1]))
            last = want
        elif starts_with_label(line.lstrip()):
            last = 0
    return edits


# An arabic label whose full stop OCR misread, spaced off or dropped: "1 .年初", "8:设立", "4组织"
RE_ARABIC_ANY = re.compile(
    r"^(?P<n>\d{1,2})(?P<sep>[.．、](?!\d)|[ \t]+[.．]|[ \t]*[:：]|(?=[\u4e00-\u9fff]))"
    rf"(?P<measure>(?<![.．、:：])(?=[{MEASURE_WORDS}]))?",
    re.M,
)


RE_BARE_STOP = re.compile(r"^(?P<n>)(?P<sep>[.．])(?=[\u4e00-\u9fff])", re.M)  # the numeral lost


def separator_edits(text: str) -> list[Edit]:
    """The full stop of an arabic label put back where the label is the next of its running sequence
    (a dropped stop only when the label after it confirms the sequence). A list's first label that
    lost its numeral (`.提升…` before `2提升…`) gets `1` back when the next label is 2."""
    found: list[tuple[re.Match[str], int | None]] = [
        (m, int(m.group("n")) if m.group("n") else None)
        for m in sorted(
            [*RE_ARABIC_ANY.finditer(text), *RE_BARE_STOP.finditer(text)], key=lambda m: m.start()
        )
    ]
    edits: list[Edit] = []
    last = 0
    for i, (m, value) in enumerate(found):
        sep = m.group("sep")
        following = found[i + 1][1] if i + 1 < len(found) else None
        if value is None:
            if following == 2 and last != 1:
                edits.append(Edit(m.start(), m.start(), "1"))
                last = 1
            continue
        if sep in (".", "．", "、"):
            last = value
            continue
        if value == last + 1 and (sep or (following in (None, 1, value + 1) and m.group("measure") is None)):
            edits.append(Edit(m.end("n"), m.end("sep"), "."))
            last = value
    return edits


# A label bracket OCR broke with a tab (the closing bracket lost, or read a cell's width away):
# "(1\t简化报装流程", "(2\t)推行联合验收"
RE_LABEL_TAB = re.compile(rf"^[(（](?:\d{{1,2}}|[{_CN}]{{1,3}})(?P<gap>[ \t]*\t[ \t]*[)）]?)", re.M)


def label_tab_edits(text: str) -> list[Edit]:
    """A tab inside a bracketed label at a paragraph's head: the bracket is closed where the tab was."""
    return [Edit(m.start("gap"), m.end("gap"), ")") for m in RE_LABEL_TAB.finditer(text)]


# A bracketed Chinese label whose closing bracket OCR lost: "(七登记财产。…" between "(六)" and "(八)"
RE_UNCLOSED_LABEL = re.compile(rf"^[(（](?P<n>[{_CN}]{{1,3}})(?=[^)）{_CN}〇零百])", re.M)


def unclosed_edits(text: str) -> list[Edit]:
    """The closing bracket of a `（七）` label put back when its numeral is the next of the running
    sequence and the label after it (if any before the sequence restarts) is the one after that."""
    form = _FORMS[0]
    closed = [(m.start(), form.value(m.group("n"))) for m in form.pattern.finditer(text)]
    edits: list[Edit] = []
    for m in RE_UNCLOSED_LABEL.finditer(text):
        value = _cn_value(m.group("n"))
        before = [v for at, v in closed if at < m.start() and v is not None]
        after = next((v for at, v in closed if at > m.start() and v is not None), None)
        if value is None or not before or value != before[-1] + 1:
            continue
        if after in (None, 1, value + 1):  # the next label, or the sequence restarts under a new heading
            edits.append(Edit(m.end("n"), m.end("n"), ")"))
    return edits


# A speck read as a quotation mark or a bar before a paragraph's label: "“3.深化…", "”22.构建…"
RE_STRAY_HEAD = re.compile(r"^[“”\"'‘’|｜]+[ \t]*", re.M)


def without_stray(line: str) -> str:
    """A line without the specks a scan shows before its label (for telling whether it opens a node)."""
    m = RE_STRAY_HEAD.match(line)
    return line[m.end() :] if m and starts_with_label(line[m.end() :]) else line


def stray_edits(text: str) -> list[Edit]:
    """Specks read as quotation marks or bars before a paragraph's label: dropped."""
    return [
        Edit(m.start(), m.end(), "")
        for m in RE_STRAY_HEAD.finditer(text)
        if starts_with_label(text[m.end() : text.find("\n", m.end()) % (len(text) + 1)])
    ]
