"""Stage 1: normalise raw text into the one string every later span points into.

Full-width digits and letters become ASCII (labels and numbers then need one pattern), but full-width
punctuation stays as written: titles and unit names are reported as written. Lines are stripped,
blank lines dropped, and a paragraph broken by page layout is joined again.
"""

from __future__ import annotations

import re
from collections import Counter

from .segment import starts_with_label
from .tables import read_tables

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH |= {chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)}  # Ａ-Ｚ
_FULLWIDTH |= {chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)}  # ａ-ｚ
_TRANSLATE_MAP = _FULLWIDTH | {
    "％": "%",
    "\u3000": " ",
    "\xa0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\r": "\n",
    "\x0c": "\n",
}
_TRANSLATE_KEYS = list(_TRANSLATE_MAP)
_TRANSLATE = str.maketrans(_TRANSLATE_MAP)

# Any character the translation table changes (most texts have few: translating only then is faster)
RE_TO_TRANSLATE = re.compile("[" + re.escape("".join(_TRANSLATE_KEYS)) + "]")

# A line that ends a sentence or a heading's bracket; a line ending otherwise may be broken by layout.
_TERMINAL = set('。；;！!？?：:）)」”"》】〕>＞…')
_OPENERS = "（(《〔【<＜"
_CLOSERS = "）)》〕】>＞"

# Sentence punctuation: a line with it is running prose, which page layout may break mid-sentence.
RE_PROSE = re.compile(r"[，,。；;]")


def normalize(text: str, join: bool = True) -> str:
    """Return the normalised text: one paragraph a line, no blank lines, ASCII digits. Without `join`
    the lines are the paragraphs (a scan's layout joined the lines the page's width broke): only a line
    that leaves a bracket open runs on into the next."""
    if RE_TO_TRANSLATE.search(text):
        text = text.translate(_TRANSLATE)
    lines = [ln.strip() for ln in text.split("\n")]
    lines = read_tables([ln for ln in lines if ln])
    out: list[str] = []
    para: list[str] = []  # the paragraph being built, as pieces (joining stays linear)
    state = _Para()
    wrap = _wrap_width(lines)
    for line in lines:
        if para and (_continues(state, line, join) or (join and _wrapped(state, line, wrap))):
            para.append(line)
        else:
            if para:
                out.append("".join(para))
            para = [line]
            state = _Para()
        state.add(line)
    if para:
        out.append("".join(para))
    return "\n".join(out)


class _Para:
    """What the layout-join test needs to know about the paragraph so far."""

    def __init__(self) -> None:
        self.length = 0
        self.depth = 0
        self.prose = False
        self.last = ""
        self.last_len = 0
        self.tab = False

    def add(self, line: str) -> None:
        self.length += len(line)
        self.last = line[-1]
        self.last_len = len(line)
        self.tab = self.tab or "\t" in line
        self.prose = self.prose or bool(RE_PROSE.search(line))
        if self.length < 4000:
            opened = sum(line.count(ch) for ch in _OPENERS)
            closed = sum(line.count(ch) for ch in _CLOSERS)
            self.depth = max(0, self.depth + opened - closed)


def _wrap_width(lines: list[str]) -> int | None:
    """The width a PDF or e-mail hard-wrapped the text at: most long lines share one length."""
    lengths = [len(ln) for ln in lines if len(ln) >= 15]
    if len(lengths) < 8:
        return None
    counts = Counter(lengths)
    width, _ = counts.most_common(1)[0]
    near = sum(counts[w] for w in range(width - 1, width + 2))
    return width if near >= 0.3 * len(lengths) else None


def _wrapped(prev: _Para, line: str, wrap: int | None) -> bool:
    """In hard-wrapped text a full-width line without a sentence end runs on into the next line."""
    return (
        wrap is not None
        and prev.last_len >= wrap - 2
        and prev.last not in "。；;！!？?"
        and not starts_with_label(line)
    )


def _continues(prev: _Para, line: str, prose: bool = True) -> bool:
    """True when ``line`` is the rest of ``prev`` cut by page layout ("(市" / "场监督管理局牵头…")."""
    if starts_with_label(line) or prev.tab:
        return False
    # an open bracket runs on, unless the line ended a sentence: a bracket OCR lost ("现将《…印发给你们。")
    # must not swallow the date and title lines after it
    if prev.depth > 0 and prev.length < 4000 and prev.last not in "。！？":
        return True
    # only running prose is broken by layout; a long title line ("…的通知") is followed by its 文号
    return (
        prose and prev.prose and prev.length >= 40 and prev.last not in _TERMINAL and line[0] not in _OPENERS
    )
