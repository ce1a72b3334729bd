"""分办建议: which unit and which evaluation indicator an appeal's text points to.

Pure functions over hand-edited lexicons in ``data/*.toml`` plus the unit directory; no Django here,
so the labelled-set measurement runs without a database. A person always confirms the dispatch.

Scoring, per candidate unit:
* the unit's name, short name or an alias written in the text (""市场监管局的窗口…"") weighs most;
* each lexicon keyword found scores once, longer keywords more (一个"执照" is weaker than "食品经营许可");
* the catalogue's default unit for the chosen service gets a small push, enough to break ties.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
NAME_MENTION_WEIGHT = 6.0
DEFAULT_UNIT_WEIGHT = 1.2


@dataclass(frozen=True)
class UnitName:
    """A unit as the suggester sees it: an opaque key (the Unit id, or its name in tests) and its names."""

    key: object
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()

    def names(self) -> list[str]:
        return [n for n in (self.name, self.short_name, *self.aliases) if len(n) >= 3]


@dataclass(frozen=True)
class Suggestion:
    key: object
    name: str
    score: float
    reasons: tuple[str, ...]


@cache
def unit_lexicon() -> dict[str, tuple[str, ...]]:
    with open(DATA / "unit_keywords.toml", "rb") as fh:
        raw = tomllib.load(fh)["units"]
    return {name: tuple(dict.fromkeys(entry["keywords"])) for name, entry in raw.items()}


@cache
def indicator_lexicon() -> dict[str, tuple[str, ...]]:
    with open(DATA / "indicator_keywords.toml", "rb") as fh:
        raw = tomllib.load(fh)["indicators"]
    return {name: tuple(dict.fromkeys(words)) for name, words in raw.items()}


def _keyword_weight(word: str) -> float:
    return 1.0 + 0.25 * max(len(word) - 2, 0)


def _lexicon_entry(unit: UnitName) -> tuple[str, ...]:
    lexicon = unit_lexicon()
    for candidate in (unit.name, unit.short_name, *unit.aliases):
        if candidate in lexicon:
            return lexicon[candidate]
    # Directory names may carry a prefix ("旗市场监督管理局") or a suffix the lexicon key lacks.
    for key, words in lexicon.items():
        if unit.name.endswith(key) or key.endswith(unit.name):
            return words
    return ()


def suggest_units(
    text: str, units: Iterable[UnitName], *, default_unit_name: str = "", limit: int = 3
) -> list[Suggestion]:
    """Units ranked by how strongly ``text`` points at them; units with no evidence are left out."""
    scored: list[Suggestion] = []
    for unit in units:
        score = 0.0
        reasons: list[str] = []
        mentioned = [n for n in unit.names() if n in text]
        if mentioned:
            score += NAME_MENTION_WEIGHT
            reasons.append(f"提及“{mentioned[0]}”")
        hits = [w for w in _lexicon_entry(unit) if w in text]
        # Keywords contained in a longer hit ("执照" inside "营业执照") count once, as the longer one.
        hits = [w for w in hits if not any(w != o and w in o for o in hits)]
        if hits:
            score += sum(_keyword_weight(w) for w in hits)
            reasons.append("关键词：" + "、".join(hits[:5]))
        if default_unit_name and default_unit_name in (unit.name, unit.short_name, *unit.aliases):
            score += DEFAULT_UNIT_WEIGHT
            reasons.append("诉求类别默认单位")
        if score > 0:
            scored.append(Suggestion(unit.key, unit.name, round(score, 2), tuple(reasons)))
    scored.sort(key=lambda s: (-s.score, s.name))
    return scored[:limit]


def suggest_indicators(text: str, *, limit: int = 3) -> list[Suggestion]:
    scored = []
    for name, words in indicator_lexicon().items():
        hits = [w for w in words if w in text]
        hits = [w for w in hits if not any(w != o and w in o for o in hits)]
        if hits:
            score = sum(_keyword_weight(w) for w in hits)
            scored.append(Suggestion(name, name, round(score, 2), tuple(hits[:5])))
    scored.sort(key=lambda s: (-s.score, s.name))
    return scored[:limit]


def directory_names() -> list[UnitName]:
    """The lexicon's own unit names, keyed by name: what the labelled-set measurement ranks."""
    return [UnitName(key=name, name=name) for name in unit_lexicon()]
