"""Entries that match what an operator is typing: character n-grams and rapidfuzz, no word segmentation.

Chinese has no spaces, so a text is compared by its character bigrams — how fully the best of the entry's
keywords appears, how much of its question the description covers — and by rapidfuzz's best partial
alignment of the question; the answer counts least, because answers share much boilerplate ("可通过…办理").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from yingshang.appeals.knowledge.models import KnowledgeEntry

# Runs of CJK characters, letters and digits; punctuation and spaces only separate them.
WORD_RE = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")
MIN_SCORE = 30.0
MIN_TEXT = 4


@dataclass(frozen=True)
class Match:
    entry: KnowledgeEntry
    score: float


def bigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for run in WORD_RE.findall(text.lower()):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def _coverage(entry_grams: set[str], text_grams: set[str]) -> float:
    return len(entry_grams & text_grams) / len(entry_grams) if entry_grams else 0.0


def _keyword_hit(keywords: str, grams: set[str]) -> float:
    """How fully the best of the entry's keywords appears in the text (its owner unit chose them)."""
    best = 0.0
    for word in keywords.split():
        if len(word) >= 2:
            best = max(best, _coverage(bigrams(word), grams))
    return best


def score(entry: KnowledgeEntry, text: str, text_grams: set[str] | None = None) -> float:
    grams = text_grams if text_grams is not None else bigrams(text)
    keyword = _keyword_hit(entry.keywords, grams)
    question = _coverage(bigrams(entry.question), grams)
    answer = _coverage(bigrams(entry.answer), grams)
    aligned = fuzz.partial_ratio(entry.question, text) / 100 if text else 0.0
    return round(100 * (0.40 * keyword + 0.30 * question + 0.20 * aligned + 0.10 * min(1.0, 3 * answer)), 1)


def best_matches(entries: Iterable[KnowledgeEntry], text: str, *, limit: int = 5) -> list[Match]:
    """The entries scoring at least MIN_SCORE, best first (ties: the newer entry first)."""
    text = (text or "").strip()[:2000]
    if len(text) < MIN_TEXT:
        return []
    grams = bigrams(text)
    found = [Match(e, s) for e in entries if (s := score(e, text, grams)) >= MIN_SCORE]
    found.sort(key=lambda m: (-m.score, -m.entry.pk))
    return found[:limit]
