"""What the repairs share: the lexicon's role labels, marks and unit suffixes, an edit, and how edits
are made on the text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..lexicon import load

_CN = "一二三四五六七八九十"


MEASURE_WORDS = "个月日号年天时小周项家条件次户名万亿元倍批类"  # after a number in running text, not a label


_LEX = load("units")


_LABELS = sorted({w for ws in _LEX["labels"].values() for w in ws} | set(_LEX["other_labels"]))


_MARKS = ["牵头", "配合"]


_KNOWN_MARKS = {w for ws in _LEX["markers"].values() for w in ws}


_SUFFIXES = set(_LEX["suffixes"])


_SUFFIX_ENDS = "".join(sorted({s[-1] for s in _LEX["suffixes"] if s[-1] not in "）)"}))


Unsure = Callable[[int, int], bool]  # whether the text between two offsets was read with low confidence


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①–⑳


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _near(read: str, words: Iterable[str]) -> str | None:
    """The one word one substitution away from `read` (same length), or None when none or several."""
    hits = [
        w for w in words if len(w) == len(read) and sum(a != b for a, b in zip(w, read, strict=True)) == 1
    ]
    return hits[0] if len(hits) == 1 else None


_LABEL_LENGTHS = sorted({len(w) for w in _LABELS})


RE_LABELLED = re.compile("(?:" + "|".join(map(re.escape, _LABELS)) + r")[ \t]*[:：;；]")


_ROLE_WORDS = tuple(sorted(_KNOWN_MARKS | {"负责"}))


RE_ROLE_NEAR = re.compile("|".join(map(re.escape, [*_LABELS, *_MARKS, "负责"])))


def apply(text: str, edits: Sequence[Edit]) -> tuple[str, list[tuple[int, int]], Callable[[int], int]]:
    """The text with `edits` made (overlapping ones after the first dropped), the ranges they now
    cover, and a map from an offset in the old text to the new one."""
    kept: list[Edit] = []
    # two repairs may make the same edit; an insertion goes before a replacement at the same place
    for e in sorted(dict.fromkeys(edits), key=lambda e: (e.start, e.end)):
        inserted_twice = e.start == e.end == kept[-1].start == kept[-1].end if kept else False
        if not kept or (e.start >= kept[-1].end and not inserted_twice):
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
