"""Entries that match what an operator is typing: character n-grams and rapidfuzz, no word segmentation.

Chinese has no spaces, so a text is compared by its character bigrams (how much of an entry's question
and keywords the description covers) and by rapidfuzz's best partial alignment of the question; the
answer counts less, because answers share much boilerplate ("可通过…办理").
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


def score(entry: KnowledgeEntry, text: str, text_grams: set[str] | None = None) -> float:
    grams = text_grams if text_grams is not None else bigrams(text)
    question = _coverage(bigrams(f"{entry.question} {entry.keywords}"), grams)
    answer = _coverage(bigrams(entry.answer), grams)
    aligned = fuzz.partial_ratio(entry.question, text) / 100 if text else 0.0
    return round(100 * (0.55 * question + 0.30 * aligned + 0.15 * min(1.0, 3 * answer)), 1)


def best_matches(entries: Iterable[KnowledgeEntry], text: str, *, limit: int = 5) -> list[Match]:
    """The entries scoring at least MIN_SCORE, best first (ties: the newer entry first)."""
    text = (text or "").strip()[:2000]
    if len(text) < MIN_TEXT:
        return []
    grams = bigrams(text)
    found = [Match(e, s) for e in entries if (s := score(e, text, grams)) >= MIN_SCORE]
    found.sort(key=lambda m: (-m.score, -m.entry.pk))
    return found[:limit]
