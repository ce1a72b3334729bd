"""Put back characters OCR misread where the parser keys on them, by what the document itself makes sure.

- A label numeral in a running sequence (`（中五）` after `（十四）`, `由、` between `三、` and `五、`,
  `l.` between `Ⅰ`-less `… 1.`-lists): the label the sequence expects is put back when what was read
  shares a character with it, or when the next label of the same form confirms it (expected + 1).
- An arabic label's full stop misread (`1 .`, `8:`) or dropped (`4组织` between `3.` and `5.`); a list's
  first label that lost its numeral (`.提升…` before `2提升…`).
- Circled numerals numbered by their place in a run (`⑤子 ⑨丑` under a new heading → `①子 ②丑`; one
  past the expected is kept, the one before it may have been missed): the OCR reader finds them with
  another language's data and is unsure which one it read.
- A bracketed label broken by a tab (`(1\t简化…`, `(2\t)推行…`): closed where the tab was.
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

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .lexicon import load
from .numerals import cn_to_int
from .segment import starts_with_label

_CN = "一二三四五六七八九十"
MEASURE_WORDS = "个月日号年天时小周项家条件次户名万亿元倍批类"  # after a number in running text, not a label
_LEX = load("units")
_LABELS = sorted({w for ws in _LEX["labels"].values() for w in ws} | set(_LEX["other_labels"]))
_MARKS = ["牵头", "配合"]
# A clause label opening a line ("责任单位：", "完成时限：", its colon read as a semicolon)
RE_CLAUSE_HEAD = re.compile(rf"^\s*(?:{'|'.join(sorted(_LABELS, key=len, reverse=True))})\s*[:：;；]")
_KNOWN_MARKS = {w for ws in _LEX["markers"].values() for w in ws}
_SUFFIXES = set(_LEX["suffixes"])
_SUFFIX_ENDS = "".join(sorted({s[-1] for s in _LEX["suffixes"] if s[-1] not in "）)"}))


Unsure = Callable[[int, int], bool]  # whether the text between two offsets was read with low confidence


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


CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①–⑳


# A circled numeral the Chinese data read as at-signs, with a speck or two before them ("@提高…",
# "”人@@优化…"), or as a circled numeral and an at-sign ("①@对…")
RE_CIRCLED_SLOT = re.compile(
    rf"^(?:[“”\"'‘’|｜]?[^\s@{CIRCLED}]?@{{1,2}}|[{CIRCLED}]@{{1,2}})(?=[\u4e00-\u9fff])"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


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


# A role label opening a unit bracket, one character misread and its colon lost, before another label
RE_BRACKET_LABEL_SLOT = re.compile(
    r"(?<=[(（])(?P<w>[^\s:：，,;；()（）]{4})[;；]?(?=[\u4e00-\u9fff][^()（）\n]{0,60}?[，,;；][ \t]*(?:"
    + "|".join(map(re.escape, _LABELS))
    + r")[ \t]*[:：])"
)


# The first-is-lead rule with its role word misread: "第一责任单位为这头单位，下同"
RE_FIRST_RULE_SLOT = re.compile(
    r"(?:第一|首)(?:责[任位]?|个|位)?的?(?:单位|部门)?为(?P<w>[^\s，,。；;]{2})(?=单位|部门)"
)


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
    # misread, its colon lost: "(奉头单位市营商办,责任单位:…)"
    for m in RE_BRACKET_LABEL_SLOT.finditer(text):
        near = _near(m.group("w"), _LABELS)
        if m.group("w") not in _LABELS and near is not None:
            edits.append(Edit(m.start("w"), m.end(), near + "："))
    for m in RE_FIRST_RULE_SLOT.finditer(text):
        if m.group("w") != "牵头" and _near(m.group("w"), ["牵头"]) is not None:
            edits.append(Edit(m.start("w"), m.end("w"), "牵头"))
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


# A role label whose colon OCR lost, after another label in the same list: "(牵头单位：A；责任单位B、C)"
RE_BARE_LABEL = re.compile(
    "(?<=[；;，,])[ \t]*(?P<w>"
    + "|".join(map(re.escape, sorted(_LABELS, key=len, reverse=True)))
    + r")(?=[\u4e00-\u9fff])"
)
RE_LABELLED = re.compile("(?:" + "|".join(map(re.escape, _LABELS)) + r")[ \t]*[:：;；]")


# A role label's colon read as a slash or a dash: "责任单位/-市级国家机关各相关部门"
RE_LABEL_JUNK = re.compile(
    "(?P<w>"
    + "|".join(map(re.escape, sorted(_LABELS, key=len, reverse=True)))
    + r")(?P<j>[/\-_—]{1,2})(?=[\u4e00-\u9fff])"
)


# A role label opening a line or a bracket with its colon read as a semicolon: "责任单位;县发改局、…"
RE_LABEL_SEMICOLON = re.compile(
    "(?:^|(?<=[(（〔\\[【\t]))[ \t]*(?:"
    + "|".join(map(re.escape, sorted(_LABELS, key=len, reverse=True)))
    + r")(?P<j>[;；])(?=[ \t]*[\u4e00-\u9fff])",
    re.M,
)


# A role label's colon read as a comma inside a unit bracket: "(牵头单位，县司法局，责任单位，县市场监管局)"
RE_LABEL_COMMA = re.compile(
    "(?<=[(（；;，,])[ \t]*(?:"
    + "|".join(map(re.escape, sorted(_LABELS, key=len, reverse=True)))
    + r")(?P<j>[，,])(?=[ \t]*[\u4e00-\u9fff][^()（）\n]*[)）])"
    # or opening a line of its own: "主责单位，区司法局"
    + "|^[ \t]*(?:"
    + "|".join(map(re.escape, sorted(_LABELS, key=len, reverse=True)))
    + r")(?P<k>[，,])(?=[ \t]*[\u4e00-\u9fff][^。\n]*$)",
    re.M,
)


def colon_edits(text: str) -> list[Edit]:
    """The colon after a role label put back: read as a slash, a dash, a comma inside a unit bracket or
    (opening a line or bracket) a semicolon, or lost where a labelled list already opened the same
    bracket or line."""
    edits = [Edit(m.start("j"), m.end("j"), "：") for m in RE_LABEL_JUNK.finditer(text)]
    edits += [
        Edit(m.start(g), m.end(g), "：") for m in RE_LABEL_COMMA.finditer(text) for g in "jk" if m.group(g)
    ]
    edits += [Edit(m.start("j"), m.end("j"), "：") for m in RE_LABEL_SEMICOLON.finditer(text)]
    for m in RE_BARE_LABEL.finditer(text):
        opened = max(text.rfind(ch, 0, m.start()) for ch in "\n(（〔[【")
        if RE_LABELLED.search(text, opened + 1, m.start()):
            edits.append(Edit(m.end("w"), m.end("w"), "："))
    return edits


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


# A unit bracket whose opening bracket OCR lost: "…给予补偿。市金融工作局牵头，…按职责分工负责)"
RE_UNOPENED = re.compile(r"(?<=[。；;])(?P<body>[^。；;()（）\n]{2,160})[)）][ \t]*$", re.M)
_ROLE_WORDS = tuple(sorted(_KNOWN_MARKS | {"负责"}))


def _label_at(text: str, at: int) -> bool:
    """Whether a role label (or a word one character from one) and its colon stand at `at`."""
    for n in _LABEL_LENGTHS:
        word = text[at : at + n]
        if text[at + n : at + n + 1] in (":", "：", ";", "；") and (word in _LABELS or _near(word, _LABELS)):
            return True
    return False


def bracket_edits(text: str) -> list[Edit]:
    """An opening bracket put back before a closing one at a paragraph's end whose unit list, from the
    last full stop on, names a role (`牵头`, `配合`, `负责` …); where one character stands before the
    role label (`。人责任单位：…)`), the bracket was read as that character. A stray closing mark before
    the bracket's end (`旗直相关部门] )`) is dropped."""
    edits = []
    for m in RE_UNOPENED.finditer(text):
        before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        unclosed = sum(before.count(ch) for ch in "(（") > sum(before.count(ch) for ch in ")）")
        body = m.group("body")
        at_head = _label_at(body, 0)
        listed = (
            any(w in body for w in _ROLE_WORDS) or RE_LABELLED.search(body) or at_head or _label_at(body, 1)
        )
        if not unclosed and listed and not RE_LABELLED.search(before):  # not a list's second label
            misread = not at_head and _label_at(body, 1)
            edits.append(Edit(m.start("body"), m.start("body") + misread, "("))
    for m in RE_TAB_OPENED.finditer(text):
        before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        unclosed = sum(before.count(ch) for ch in "(（") > sum(before.count(ch) for ch in ")）")
        if not unclosed and any(w in m.group("body") for w in _ROLE_WORDS):
            edits.append(Edit(m.start(), m.start("body"), "("))
    for m in RE_STRAY_CLOSE.finditer(text):
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if not any(ch in line for ch in "[【［"):
            edits.append(Edit(m.start(), m.end(), ""))
    return edits


# A unit bracket whose opening bracket OCR read as a gap, inside a paragraph: "…行政许可\t市司法局牵头，
# 市直有关部门按职责分工负责)。对下放…"
RE_TAB_OPENED = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]*\t[ \t]*(?P<body>[^。；;()（）\t\n]{2,160})(?=[)）])")


# A speck read as a closing mark between a unit list and its bracket's end: "旗直相关部门] )"
RE_STRAY_CLOSE = re.compile(
    r"(?<=[\u4e00-\u9fff])[ \t]*[\]】］|｜][ \t]*(?=[)）][ \t]*$)|(?<=[局委办院心司所行])[ \t]*[/\\][ \t]*$",
    re.M,
)

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


# A heading's role label that lost the bracket before it, read glued to the title or a gap away:
# "7.继续放宽市场准入门槛牵头单位:A;配合单位:B", "4.规范招标投标\t牵头单位:A;责任单位;B)"
RE_HEADING_ROLE = re.compile(
    r"^(?P<label>\d{1,2}[ \t]*[.．、]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}、)(?P<title>[^()（）\n]{2,60}?)"
    r"(?P<gap>[ \t]*)(?=(?:"
    + "|".join(map(re.escape, sorted(_LABELS, key=len, reverse=True)))
    + r")[ \t]*[:：;；])",
    re.M,
)
RE_MISPLACED_OPEN = re.compile(r"(?<=[;；])[ \t]*[(（](?=" + "|".join(map(re.escape, _LABELS)) + ")")


# A unit list in square brackets OCR read for 〔〕 ("。[牵头单位:A，责任单位:B]"), or with its opening bracket
# lost or read as a character ("。总牵头单位:A，责任单位:B]"): written in round brackets, as the parser reads
_SQUARE_OPENS = "[【［〔《〈"
_OPENS_SET = re.escape(_SQUARE_OPENS)
RE_SQUARE_LIST = re.compile(
    rf"(?<=[。!！?？])(?P<open>[ \t]*[{_OPENS_SET}][^\s:：{_OPENS_SET}(（。]?(?=牵头)|[ \t]*[{_OPENS_SET}]"
    rf"|[ \t]*[^\s{_OPENS_SET}(（。]?)"
    r"(?P<body>(?:"
    + "|".join(map(re.escape, sorted(_LABELS, key=len, reverse=True)))
    + r")[ \t]*[:：;；][^\[\]【】［］〔〕《》〈〉()（）\n]{1,300}?)(?P<close>[\]】］〕)）]?)[ \t]*$",
    re.M,
)


def square_edits(text: str) -> list[Edit]:
    """A unit list closed by a square (or round) bracket at a paragraph's end, after a sentence, with its
    opening bracket read as another, as a gap or a character, or lost (or opened by a bracket-like mark
    and its closing bracket lost): in round brackets."""
    edits = []
    for m in RE_SQUARE_LIST.finditer(text):
        before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if sum(before.count(ch) for ch in "(（") > sum(before.count(ch) for ch in ")）"):
            continue  # the list's bracket opened before the sentence's end
        mark = m.group("open").strip()[:1]
        if not m.group("close") and not (mark and mark in _SQUARE_OPENS):
            continue  # no bracket at either end: a form of its own
        edits.append(Edit(m.start("open"), m.end("open"), "("))
        edits.append(Edit(m.start("close"), m.end("close"), ")"))
    return edits


# A list separator read as a dash, a slash or an equals sign between two unit names: "住建局-交通运输局",
# "区应急管理局\\区生态环境分局", "民政局:=卫生健康委员会"
RE_DASH_SEPARATOR = re.compile(rf"(?<=[{_SUFFIX_ENDS}])(?:[:：]?[-~―=]|[\\/])(?=[\u4e00-\u9fff])")


def dash_edits(text: str) -> list[Edit]:
    """A dash (slash, equals sign) between two unit names in a unit list (a line naming a role): `、`."""
    edits = []
    for m in RE_DASH_SEPARATOR.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if RE_LABELLED.search(text, start, m.start()) or RE_ROLE_NEAR.search(
            text, max(start, m.start() - 80), m.end() + 40
        ):
            edits.append(Edit(m.start(), m.end(), "、"))
    return edits


def heading_bracket_edits(text: str) -> list[Edit]:
    """The bracket around a heading's unit list put back when OCR lost its opening (and, with it, a
    closing one or an opening one misplaced after a semicolon): the list runs to the line's end."""
    edits = []
    for m in RE_HEADING_ROLE.finditer(text):
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        rest = text[m.end() : end].rstrip()
        if "。" in rest or not (m.group("gap") or _CJK.match(m.group("title")[-1])):
            continue
        misplaced = list(RE_MISPLACED_OPEN.finditer(rest))
        opens = sum(rest.count(ch) for ch in "(（") - len(misplaced)
        closes = sum(rest.count(ch) for ch in ")）")
        if not (closes - opens == 1 or (closes == opens and not m.group("gap"))):
            continue  # a list with a gap before it and no bracket at all is a form of its own
        edits.append(Edit(m.start("gap"), m.end("gap"), "("))
        edits.extend(Edit(m.end() + x.start(), m.end() + x.end(), "") for x in misplaced)
        if closes == opens:
            edits.append(Edit(m.end() + len(rest), m.end() + len(rest), ")"))
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


# The place a document is issued for, opening a line of its head: "澜湾市人民政府关于…", "关于印发《白鹭湾区…"
RE_HEAD_PLACE = re.compile(r"^(?:关于印发)?《?(?P<p>[\u4e00-\u9fff]{2,3}?)(?=[市县区旗州盟])", re.M)
HEAD_LINES = 12  # lines of a document's head searched for its place
PLACE_MIN = 2  # times the place is given in the document before a look-alike is read as it


def _places(text: str) -> list[str]:
    head = "\n".join(text.splitlines()[:HEAD_LINES])
    found = {m.group("p") for m in RE_HEAD_PLACE.finditer(head)}
    given = [p for p in found if text.count(p) >= PLACE_MIN]
    # two places one character apart: the head itself was misread, which one is right is not known
    return sorted((p for p in given if _near(p, given) is None), key=len, reverse=True)


def place_edits(text: str, unsure: Unsure) -> list[Edit]:
    """The document's place name put back in a unit name where one character of it was read unsure as
    another ("国家税务总局润湾市税务局" in a document of 澜湾市, which gives 澜湾 often): the place is taken
    from the document's head, and the look-alike must stand in a name (a unit suffix follows it)."""
    edits: list[Edit] = []
    for place in _places(text):
        n = len(place)
        pattern = re.compile(rf"(?=([\u4e00-\u9fff]{{{n}}})[\u4e00-\u9fff]{{0,10}}[{_SUFFIX_ENDS}])")
        for m in pattern.finditer(text):
            word, at = m.group(1), m.start()
            diff = [i for i in range(n) if word[i] != place[i]]
            if len(diff) == 1 and unsure(at + diff[0], at + diff[0] + 1):
                edits.append(Edit(at + diff[0], at + diff[0] + 1, place[diff[0]]))
    return edits


# Pieces of text between list separators: the names of a unit list, among others
RE_PIECE = re.compile(r"[^、，,；;：:。\n\t]{2,30}")
RE_ROLE_NEAR = re.compile("|".join(map(re.escape, [*_LABELS, *_MARKS, "负责"])))


def _piece(raw: str) -> str:
    """A piece without the bracket that opens or closes its list around it."""
    raw = raw.strip()
    if raw[:1] in "(（〔[【" and not any(ch in raw[1:] for ch in ")）〕]】"):
        raw = raw[1:]
    if raw[-1:] in ")）〕]】" and not any(ch in raw[:-1] for ch in "(（〔[【"):
        raw = raw[:-1]
    return raw


def _cuts(piece: str, counts: Counter[str]) -> list[int]:
    """Where `piece` splits into names each given on its own at least twice (none: an empty list)."""
    for cut in range(3, len(piece) - 1):
        head, tail = piece[:cut], piece[cut:]
        if counts[head] < 2 or tail in _SUFFIXES:
            continue
        if counts[tail] >= 2:
            return [cut]
        rest = _cuts(tail, counts) if len(tail) >= 6 else []
        if rest:
            return [cut, *(cut + r for r in rest)]
    return []


def glued_edits(text: str) -> list[Edit]:
    """Commas put back between names run together in a unit list, when the document gives each of them at
    least twice on its own, and more often than the run (OCR can lose the same comma more than once)."""
    pieces = [(m, _piece(m.group(0))) for m in RE_PIECE.finditer(text)]
    counts = Counter(p for _, p in pieces)
    edits: list[Edit] = []
    for m, piece in pieces:
        if len(piece) < 6:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        window = text[max(line_start, m.start() - 80) : m.end() + 60]
        if not RE_ROLE_NEAR.search(window):
            continue
        cuts = _cuts(piece, counts)
        if not cuts or counts[piece] >= max(counts[piece[: cuts[0]]], counts[piece[cuts[-1] :]]):
            continue
        at = m.start() + m.group(0).index(piece)
        edits.extend(Edit(at + cut, at + cut, "、") for cut in cuts)
    return edits


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


# A period word one character off: "6朋底" (6月底), "三季度林前" (三季度末前), "年庆前" (年底前)
RE_PERIOD_SLOT = re.compile(
    r"(?<!\d)(?:1[0-2]|[1-9])(?P<m>[^\d月日号年个天时小周项家条件次户%．.、，,。；;：:()（）\s])(?=底|末|前|份|中旬|下旬|上旬)"
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
            edits.append(Edit(m.start(group), m.end(group), {"m": "月", "q": "末", "y": "底"}[group]))
    return edits


def apply(text: str, edits: Sequence[Edit]) -> tuple[str, list[tuple[int, int]], Callable[[int], int]]:
    """The text with `edits` made (overlapping ones after the first dropped), the ranges they now
    cover, and a map from an offset in the old text to the new one."""
    kept: list[Edit] = []
    for e in sorted(dict.fromkeys(edits), key=lambda e: e.start):  # two repairs may make the same edit
        if not kept or e.start >= kept[-1].end and e.start > kept[-1].start:
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
