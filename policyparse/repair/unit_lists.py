"""Unit lists put back: role labels and marks misread, colons and brackets lost or misread, separators
read as other marks, names run together."""

from __future__ import annotations

import re
from collections import Counter

from .common import (
    _CJK,
    _KNOWN_MARKS,
    _LABEL_LENGTHS,
    _LABELS,
    _MARKS,
    _ROLE_WORDS,
    _SUFFIX_ENDS,
    _SUFFIXES,
    RE_LABELLED,
    RE_ROLE_NEAR,
    Edit,
    _near,
)

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
    bracket or line, or where the label opens a line of units."""
    edits = [Edit(m.start("j"), m.end("j"), "：") for m in RE_LABEL_JUNK.finditer(text)]
    edits += [
        Edit(m.start(g), m.end(g), "：") for m in RE_LABEL_COMMA.finditer(text) for g in "jk" if m.group(g)
    ]
    edits += [Edit(m.start("j"), m.end("j"), "：") for m in RE_LABEL_SEMICOLON.finditer(text)]
    for m in RE_BARE_LABEL.finditer(text):
        opened = max(text.rfind(ch, 0, m.start()) for ch in "\n(（〔[【")
        if RE_LABELLED.search(text, opened + 1, m.start()):
            edits.append(Edit(m.end("w"), m.end("w"), "："))
    edits += [Edit(m.end("w"), m.end("w"), "：") for m in RE_BARE_CLAUSE.finditer(text)]
    return edits


# A clause label opening a line of its own, its colon lost, before a unit list: "责任单位市发展改革委、国网…公司"
RE_BARE_CLAUSE = re.compile(
    "^[ \t]*(?P<w>"
    + "|".join(map(re.escape, sorted(_LABELS, key=len, reverse=True)))
    + rf")(?=[\u4e00-\u9fff][^。：:;；\n]{{1,200}}[{_SUFFIX_ENDS}][ \t]*$)",
    re.M,
)


# A unit bracket whose opening bracket OCR lost: "…给予补偿。市金融工作局牵头，…按职责分工负责)"
RE_UNOPENED = re.compile(r"(?<=[。；;])(?P<body>[^。；;()（）\n]{2,160})[)）][ \t]*$", re.M)


def _label_at(text: str, at: int) -> bool:
    """Whether a role label (or a word one character from one) and its colon stand at `at`."""
    for n in _LABEL_LENGTHS:
        word = text[at : at + n]
        if text[at + n : at + n + 1] in (":", "：", ";", "；") and (word in _LABELS or _near(word, _LABELS)):
            return True
    return False


def _line_before(text: str, at: int) -> str:
    """The text of `at`'s line before it."""
    return text[text.rfind("\n", 0, at) + 1 : at]


def _left_open(text: str) -> bool:
    """Whether `text` leaves a round bracket open."""
    return sum(text.count(ch) for ch in "(（") > sum(text.count(ch) for ch in ")）")


def bracket_edits(text: str) -> list[Edit]:
    """An opening bracket put back before a closing one at a paragraph's end whose unit list, from the
    last full stop on, names a role (`牵头`, `配合`, `负责` …); where one character stands before the
    role label (`。人责任单位：…)`), the bracket was read as that character. A stray closing mark before
    the bracket's end (`旗直相关部门] )`) is dropped."""
    edits = []
    for m in RE_UNOPENED.finditer(text):
        before = _line_before(text, m.start())
        gap = len(m.group("body")) - len(m.group("body").lstrip(" \t"))  # the bracket read as a gap
        body = m.group("body")[gap:]
        at_head = _label_at(body, 0)
        listed = (
            any(w in body for w in _ROLE_WORDS) or RE_LABELLED.search(body) or at_head or _label_at(body, 1)
        )
        if not _left_open(before) and listed and not RE_LABELLED.search(before):  # not a second label
            misread = not at_head and _label_at(body, 1)
            edits.append(Edit(m.start("body"), m.start("body") + gap + misread, "("))
    for m in RE_TAB_OPENED.finditer(text):
        if not _left_open(_line_before(text, m.start())) and any(w in m.group("body") for w in _ROLE_WORDS):
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


# A unit list after a paragraph's last sentence in square brackets OCR read for 〔〕 ("。[牵头单位:A，责任单位:B]"),
# or with its opening bracket lost, read as a gap or a character ("。总牵头单位:A…]", "。\t牵头单位:A…)",
# "。人南任单位:A…)"), or opened by a look-alike whose closing bracket was lost ("。《责任单位:A…"); its
# role label may be misread itself ("。这头单位:A;…)"). Written in round brackets, as the parser reads them.
_SQUARE_OPENS = "[【［〔《〈"
_SQUARE_CLOSES = "]】］〕)）"
RE_LAST_SENTENCE_END = re.compile(r"[。!！?？](?=[^。!！?？\n]*$)", re.M)
RE_ANY_BRACKET = re.compile(r"[\[\]【】［］〔〕《》〈〉()（）]")


def square_edits(text: str) -> list[Edit]:
    """A unit list after a paragraph's last sentence, its brackets misread or lost: in round brackets."""
    edits = []
    for m in RE_LAST_SENTENCE_END.finditer(text):
        if _left_open(_line_before(text, m.end())):
            continue  # the list's bracket opened before the sentence's end
        line_end = text.find("\n", m.end())
        rest = text[m.end() : len(text) if line_end < 0 else line_end].rstrip(" \t")
        gap = len(rest) - len(rest.lstrip(" \t"))
        mark = rest[gap : gap + 1]
        if mark and mark in _SQUARE_OPENS:
            head = gap + 1 + (not _label_at(rest, gap + 1) and _label_at(rest, gap + 2))  # "[总牵头单位"
        elif _label_at(rest, gap):
            head = gap
        elif _label_at(rest, gap + 1):  # the bracket read as a character
            head = gap + 1
        else:
            continue
        close = rest[-1:] if rest[-1:] in _SQUARE_CLOSES else ""
        body = rest[head : len(rest) - len(close)]
        if not _label_at(rest, head) or not body or RE_ANY_BRACKET.search(body):
            continue
        if not close and not (mark and mark in _SQUARE_OPENS):
            continue  # no bracket at either end: a form of its own
        at = m.end()
        edits.append(Edit(at, at + head, "("))
        edits.append(Edit(at + len(rest) - len(close), at + len(rest), ")"))
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


# Pieces of text between list separators: the names of a unit list, among others
RE_PIECE = re.compile(r"[^、，,；;：:。\n\t]{2,30}")


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
