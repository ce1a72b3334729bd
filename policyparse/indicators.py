"""Stage 8: evaluation indicators a node serves, from the keyword lexicon in data/indicators.toml."""

from __future__ import annotations

import re

from .lexicon import load
from .model import Indicator

_LEX = load("indicators")
_KEYWORDS: dict[str, list[str]] = _LEX["keywords"]
_BY_WORD: dict[str, list[str]] = {}
for _name, _words in _KEYWORDS.items():
    for _w in _words:
        _BY_WORD.setdefault(_w, []).append(_name)

# Any indicator keyword, longest first so "不动产登记" wins over "登记"-like fragments.
RE_KEYWORD = re.compile("|".join(re.escape(w) for w in sorted(_BY_WORD, key=len, reverse=True)))

_GENERIC = set(_LEX["generic"])
TITLE_WEIGHT = 3
MIN_TEXT_SCORE = 2


def score(text: str, start: int, end: int, weight: int, into: dict[str, tuple[int, tuple[int, int]]]) -> None:
    for m in RE_KEYWORD.finditer(text, start, end):
        for name in _BY_WORD[m.group(0)]:
            old = into.get(name)
            into[name] = ((old[0] if old else 0) + weight, old[1] if old else (m.start(), m.end()))


def classify(text: str, title_span: tuple[int, int], text_span: tuple[int, int]) -> list[Indicator]:
    """Indicators named in the title; else the strongest one in the text when it is clear enough."""
    title: dict[str, tuple[int, tuple[int, int]]] = {}
    score(text, title_span[0], title_span[1], TITLE_WEIGHT, title)
    if title:
        specific = {n: v for n, v in title.items() if n not in _GENERIC}
        if specific:
            title = specific  # "推进企业开办注销审批再提速" is about 开办企业, not 审批 in general
        best = max(v[0] for v in title.values())
        return [Indicator(n, v[1]) for n, v in title.items() if v[0] == best or v[0] >= 2 * TITLE_WEIGHT]
    body: dict[str, tuple[int, tuple[int, int]]] = {}
    score(text, text_span[0], text_span[1], 1, body)
    if not body:
        return []
    ranked = sorted(body.items(), key=lambda kv: -kv[1][0])
    best = ranked[0][1][0]
    if best < MIN_TEXT_SCORE or (len(ranked) > 1 and ranked[1][1][0] == best):
        return []  # too weak, or a tie: no indicator is better than a guess
    return [Indicator(ranked[0][0], ranked[0][1][1])]
