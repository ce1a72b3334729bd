"""Put back characters OCR misread where the parser keys on them, by what the document itself makes sure.

- A label numeral in a running sequence (`（中五）` after `（十四）`, `由、` between `三、` and `五、`,
  `l.` between `Ⅰ`-less `… 1.`-lists): the label the sequence expects is put back when what was read
  shares a character with it, or when the next label of the same form confirms it (expected + 1).
- An arabic label's full stop misread (`1 .`, `8:`) or dropped (`4组织` between `3.` and `5.`).
- A role word misread by one character: a clause label (`牵失单位：` → `牵头单位：`) or a role mark after
  a unit name (`市场监管局牵失，` → `牵头`, `公安局头，` → `牵头`) — the nearest word of the units
  lexicon, only when exactly one word is that near.
- A unit bracket whose opening bracket was lost (`。市金融工作局牵头，…负责)`): it is put back.
- A 文号 whose year brackets were misread (`【2023 ]`): written `〔2023〕`, as the header reader expects.
- A unit name read once with low confidence, one character away from exactly one name the document
  (or a unit directory the caller passes) gives elsewhere: that name is put back.

Each repair is returned as an edit so the scan keeps its offsets and the review screen marks the
repaired text as unsure: a clerk checks it against the page image.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .lexicon import load
from .numerals import cn_to_int

_CN = "一二三四五六七八九十"
_LEX = load("units")
_LABELS = sorted({w for ws in _LEX["labels"].values() for w in ws} | set(_LEX["other_labels"]))
_MARKS = ["牵头", "配合"]
_KNOWN_MARKS = {w for ws in _LEX["markers"].values() for w in ws}
_SUFFIX_ENDS = "".join(sorted({s[-1] for s in _LEX["suffixes"] if s[-1] not in "）)"}))


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


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
    _Form(re.compile(r"^[(（](?P<n>[^)）\n\d]{1,4})[)）]", re.M), _cn_value, _cn, _shares),
    _Form(re.compile(r"^(?P<n>[^\s、，,。.；;：:()（）\d]{1,3})、", re.M), _cn_value, _cn, _shares),
    _Form(re.compile(r"^(?P<n>[0-9lI|!OoSZ]{1,2})[.．、](?!\d)", re.M), _arabic_value, str, _lookalike),
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


# An arabic label whose full stop OCR misread, spaced off or dropped: "1 .年初", "8:设立", "4组织"
RE_ARABIC_ANY = re.compile(
    r"^(?P<n>\d{1,2})(?P<sep>[.．、](?!\d)|[ \t]+[.．]|[ \t]*[:：]|(?=[\u4e00-\u9fff]))", re.M
)


def separator_edits(text: str) -> list[Edit]:
    """The full stop of an arabic label put back where the label is the next of its running sequence
    (a dropped stop only when the label after it confirms the sequence)."""
    found = [(m, int(m.group("n"))) for m in RE_ARABIC_ANY.finditer(text)]
    edits: list[Edit] = []
    last = 0
    for i, (m, value) in enumerate(found):
        sep = m.group("sep")
        if sep in (".", "．", "、"):
            last = value
            continue
        following = found[i + 1][1] if i + 1 < len(found) else None
        if last and value == last + 1 and (sep or following == value + 1):
            edits.append(Edit(m.end("n"), m.end("sep"), "."))
            last = value
    return edits


def _near(read: str, words: Iterable[str]) -> str | None:
    """The one word one substitution away from `read` (same length), or None when none or several."""
    hits = [
        w for w in words if len(w) == len(read) and sum(a != b for a, b in zip(w, read, strict=True)) == 1
    ]
    return hits[0] if len(hits) == 1 else None


_LABEL_LENGTHS = sorted({len(w) for w in _LABELS})
RE_LABEL_SLOT = re.compile(
    r"(?:^|(?<=[。；;，,\t（(\n]))[ \t]*(?P<w>[^\s:：，,。；;、()（）]"
    rf"{{{_LABEL_LENGTHS[0]},{_LABEL_LENGTHS[-1]}}})(?=[ \t]*[:：])",
    re.M,
)
# A role mark after a unit name, before a comma or the bracket's end: "公安局牵失，", "公安局头，"
RE_MARK_SLOT = re.compile(rf"(?<=[{_SUFFIX_ENDS}])(?P<w>[^\s，,；;、。()（）]{{1,2}})(?=[，,；;)）])")


def role_edits(text: str) -> list[Edit]:
    """Role labels and role marks misread by one character, put back as the one nearest lexicon word."""
    edits: list[Edit] = []
    for m in RE_LABEL_SLOT.finditer(text):
        word = m.group("w")
        for cut in range(len(word) - _LABEL_LENGTHS[0] + 1):  # the label may end a longer run
            tail = word[cut:]
            if tail in _LABELS:
                break
            near = _near(tail, _LABELS)
            if near is not None and len(tail) >= 4:
                edits.append(Edit(m.start("w") + cut, m.end("w"), near))
                break
    for m in RE_MARK_SLOT.finditer(text):
        word = m.group("w")
        if word in _KNOWN_MARKS:
            continue
        if len(word) == 2:
            near = _near(word, _MARKS)
        else:  # one character of the mark dropped
            hits = [w for w in _MARKS if word in w]
            near = hits[0] if len(hits) == 1 else None
        if near is not None:
            edits.append(Edit(m.start("w"), m.end("w"), near))
    return edits


# A unit bracket whose opening bracket OCR lost: "…给予补偿。市金融工作局牵头，…按职责分工负责)"
RE_UNOPENED = re.compile(r"(?<=[。；;])(?P<body>[^。；;()（）\n]{2,160})[)）][ \t]*$", re.M)
_ROLE_WORDS = tuple(sorted(_KNOWN_MARKS | {"负责"}))


def bracket_edits(text: str) -> list[Edit]:
    """An opening bracket put back before a closing one at a paragraph's end whose unit list, from the
    last full stop on, names a role (`牵头`, `配合`, `负责` …)."""
    edits = []
    for m in RE_UNOPENED.finditer(text):
        before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        unclosed = sum(before.count(ch) for ch in "(（") > sum(before.count(ch) for ch in ")）")
        if not unclosed and any(w in m.group("body") for w in _ROLE_WORDS):
            edits.append(Edit(m.start("body"), m.start("body"), "("))
    return edits


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


# A name in a unit list: after a list opener or separator, ending in a unit suffix, before a separator
RE_LISTED_NAME = re.compile(
    rf"(?:(?<=[、，,；;：:（(])|(?<=牵头)|(?<=配合))(?P<w>[^\s、，,；;：:（()）。\d]{{3,16}}[{_SUFFIX_ENDS}])"
    r"(?=[、，,；;)）]|牵头|配合|按|负责|等)"
)


def unit_edits(text: str, unsure: Callable[[int, int], bool], directory: Sequence[str] = ()) -> list[Edit]:
    """Unit names put back as the one name, given in the document at least twice or in `directory`,
    that differs by one character, when that character was read with low confidence."""
    found = list(RE_LISTED_NAME.finditer(text))
    counts = Counter(m.group("w") for m in found)
    known = {w for w, n in counts.items() if n >= 2} | set(directory)
    edits: list[Edit] = []
    for m in found:
        word = m.group("w")
        if word in known:
            continue
        near = _near(word, known)
        at = (
            m.start("w") + next(i for i, (a, b) in enumerate(zip(word, near or word, strict=True)) if a != b)
            if near
            else 0
        )
        if near is not None and unsure(at, at + 1):
            edits.append(Edit(m.start("w"), m.end("w"), near))
    return edits


def text_edits(text: str) -> list[Edit]:
    """Every repair that needs only the text: labels, role words, unit brackets, 文号 years."""
    edits = label_edits(text) + separator_edits(text) + role_edits(text) + bracket_edits(text)
    return edits + doc_number_edits(text)


def apply(text: str, edits: Sequence[Edit]) -> tuple[str, list[tuple[int, int]], Callable[[int], int]]:
    """The text with `edits` made (overlapping ones after the first dropped), the ranges they now
    cover, and a map from an offset in the old text to the new one."""
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: e.start):
        if not kept or e.start >= kept[-1].end:
            kept.append(e)
    out: list[str] = []
    ranges: list[tuple[int, int]] = []
    shifts: list[tuple[int, int]] = []  # (old offset from which, shift)
    pos = shift = 0
    for e in kept:
        out.append(text[pos : e.start])
        start = e.start + shift
        out.append(e.text)
        ranges.append((start, start + len(e.text)))
        shift += len(e.text) - (e.end - e.start)
        shifts.append((e.end, shift))
        pos = e.end
    out.append(text[pos:])

    def moved(offset: int) -> int:
        delta = 0
        for at, s in shifts:
            if offset >= at:
                delta = s
        return offset + delta

    return "".join(out), ranges, moved
