"""Stage 6: recurrences — standing duties with a period (weekly … annual)."""

from __future__ import annotations

import re

from .lexicon import load
from .model import Recurrence
from .targets import policy_mask

_LEX = load("recurrences")
_WORD_FREQ = {w: freq for freq, words in _LEX["freq"].items() for w in words}
_NOT_AFTER = tuple(_LEX["not_followed_by"])

# A tax rule's sentence: "月销售额不超过3万元(按季纳税9万元)的小规模纳税人免征房产税"
RE_TAX_SENTENCE = re.compile("|".join(re.escape(w) for w in _LEX["tax_words"]))

_SENTENCE_STOP = "。；;\n"


def _sentence(text: str, at: int, start: int, end: int) -> str:
    a, lo = at, max(start, at - 200)
    while a > lo and text[a - 1] not in _SENTENCE_STOP:
        a -= 1
    b, hi = at, min(end, at + 200)
    while b < hi and text[b] not in _SENTENCE_STOP:
        b += 1
    return text[a:b]


# A period word not glued to a date or a count before it:
# "对…窗口工作人员每季度开展一次业务技能培训"  "认真落实“月汇总、季调度、半年报告、年度总结”工作制度"
# "原则上一年只开展一次"  — but not "6月调度" (a date) or "上半年报告" (one report)
RE_RECURRENCE = re.compile(
    r"(?<![\d一二三四五六七八九十本今明去前后当])(?P<w>"
    + "|".join(re.escape(w) for w in sorted(_WORD_FREQ, key=len, reverse=True))
    + r")"
)

_CLAUSE_STOP = "，,；;。\n"


def extract_recurrences(text: str, start: int, end: int) -> list[Recurrence]:
    out: list[Recurrence] = []
    seen: set[str] = set()
    policy: bytearray | None = None
    for m in RE_RECURRENCE.finditer(text, start, end):
        if policy is None:
            policy = policy_mask(text[start:end], sentences=False)  # "按季纳税9万元" is no duty
        if policy[m.start() - start]:
            continue
        word = m.group("w")
        freq = _WORD_FREQ[word]
        if RE_TAX_SENTENCE.search(_sentence(text, m.start(), start, end)):
            continue  # a tax rule's period ("按季纳税9万元") is no duty
        if text.startswith(_NOT_AFTER, m.end()):
            continue  # "年度考评结果分为…" speaks of the results, it sets no duty
        if freq in seen or (word.startswith("半年") and text[m.start() - 1 : m.start()] in ("上", "下")):
            continue
        a, lo = m.start(), max(start, m.start() - 300)
        while a > lo and text[a - 1] not in _CLAUSE_STOP:
            a -= 1
        b, hi = m.end(), min(end, m.end() + 300)
        while b < hi and text[b] not in _CLAUSE_STOP:
            b += 1
        phrase = text[a:b].strip()
        seen.add(freq)
        out.append(Recurrence(phrase, freq, (a, b)))
    return out
