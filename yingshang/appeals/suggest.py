"""分办建议: which unit and which evaluation indicator an appeal's text points to.

Pure functions over hand-edited lexicons in ``data/*.toml`` plus the unit directory; no Django here,
so the labelled-set measurement runs without a database. A person always confirms the dispatch.

Scoring, per candidate unit:
* the unit's name, short name or an alias written in the text (""市场监管局的窗口…"") weighs most;
* each lexicon keyword found scores once, longer keywords more (一个"执照" is weaker than "食品经营许可");
* the catalogue's default unit for the chosen service gets a small push, enough to break ties.

Equal scores are ordered by one fixed rule, never by the order units happen to arrive in:
1. a candidate the text names (units only) before one found by keywords;
2. the candidate whose longest matched keyword is longer (more specific evidence: "排污许可证" before "环保");
3. the candidate whose evidence comes first in the text (people state the subject before the details:
   "稳岗返还补贴申报后…" is about 稳岗 before it is about 申报);
4. the order of the lexicon file (units: the order of ``unit_keywords.toml``; indicators: the order of the
   evaluation indicators in ``indicator_keywords.toml``); units the lexicon does not list come after;
5. the name, by code point.

``learned`` blends these scores with a model trained on the region's own dispatch history.
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
def _unit_data() -> dict[str, dict[str, tuple[str, ...]]]:
    with open(DATA / "unit_keywords.toml", "rb") as fh:
        raw = tomllib.load(fh)["units"]
    unknown = {k for entry in raw.values() for k in entry} - {"keywords", "mentions"}
    if unknown:
        raise ValueError(f"unit_keywords.toml: unknown keys {sorted(unknown)}")
    return {
        name: {
            "keywords": tuple(dict.fromkeys(entry.get("keywords", []))),
            "mentions": tuple(dict.fromkeys(entry.get("mentions", []))),
        }
        for name, entry in raw.items()
    }


def _unit_order(key: str | None) -> int:
    order = list(_unit_data())
    return order.index(key) if key in order else len(order)


def unit_lexicon() -> dict[str, tuple[str, ...]]:
    return {name: entry["keywords"] for name, entry in _unit_data().items()}


def _lexicon_key(unit: UnitName) -> str | None:
    data = _unit_data()
    for candidate in (unit.name, unit.short_name, *unit.aliases):
        if candidate in data:
            return candidate
    # Directory names may carry a prefix ("旗市场监督管理局") or a suffix the lexicon key lacks.
    for key in data:
        if unit.name.endswith(key) or key.endswith(unit.name):
            return key
    return None


@cache
def indicator_lexicon() -> dict[str, tuple[str, ...]]:
    with open(DATA / "indicator_keywords.toml", "rb") as fh:
        raw = tomllib.load(fh)["indicators"]
    return {name: tuple(dict.fromkeys(words)) for name, words in raw.items()}


def _keyword_weight(word: str) -> float:
    return 1.0 + 0.25 * max(len(word) - 2, 0)


def suggest_units(
    text: str, units: Iterable[UnitName], *, default_unit_name: str = "", limit: int = 3
) -> list[Suggestion]:
    """Units ranked by how strongly ``text`` points at them; units with no evidence are left out."""
    scored: list[tuple[tuple[object, ...], Suggestion]] = []
    for unit in units:
        score = 0.0
        reasons: list[str] = []
        key = _lexicon_key(unit)
        entry = _unit_data()[key] if key else {"keywords": (), "mentions": ()}
        mentioned = [n for n in (*unit.names(), *entry["mentions"]) if n in text]
        if mentioned:
            score += NAME_MENTION_WEIGHT
            reasons.append(f"提及“{mentioned[0]}”")
        hits = [w for w in entry["keywords"] if w in text]
        # Keywords contained in a longer hit ("执照" inside "营业执照") count once, as the longer one.
        hits = [w for w in hits if not any(w != o and w in o for o in hits)]
        if hits:
            score += sum(_keyword_weight(w) for w in hits)
            reasons.append("关键词：" + "、".join(hits[:5]))
        if default_unit_name and default_unit_name in (unit.name, unit.short_name, *unit.aliases):
            score += DEFAULT_UNIT_WEIGHT
            reasons.append("诉求类别默认单位")
        if score > 0:
            rounded = round(score, 2)
            longest = max((len(w) for w in hits), default=0)
            first = min((text.find(w) for w in (*mentioned, *hits)), default=len(text))
            tie = (-rounded, not mentioned, -longest, first, _unit_order(key), unit.name)
            scored.append((tie, Suggestion(unit.key, unit.name, rounded, tuple(reasons))))
    scored.sort(key=lambda pair: pair[0])
    return [s for _, s in scored[:limit]]


def suggest_indicators(text: str, *, limit: int = 3) -> list[Suggestion]:
    scored: list[tuple[tuple[object, ...], Suggestion]] = []
    for order, (name, words) in enumerate(indicator_lexicon().items()):
        hits = [w for w in words if w in text]
        hits = [w for w in hits if not any(w != o and w in o for o in hits)]
        if hits:
            score = round(sum(_keyword_weight(w) for w in hits), 2)
            tie = (-score, -max(len(w) for w in hits), min(text.find(w) for w in hits), order, name)
            scored.append((tie, Suggestion(name, name, score, tuple(hits[:5]))))
    scored.sort(key=lambda pair: pair[0])
    return [s for _, s in scored[:limit]]


def directory_names() -> list[UnitName]:
    """The lexicon's own unit names, keyed by name: what the labelled-set measurement ranks."""
    return [UnitName(key=name, name=name) for name in unit_lexicon()]


def evaluate(path: str | Path) -> dict[str, float | int]:
    """Top-1 / top-3 accuracy of unit and indicator suggestions over a labelled JSON-lines file
    (``{"text", "unit", "indicator"}`` per line), ranking the lexicon's own unit names."""
    import json

    units = directory_names()
    n = unit1 = unit3 = ind1 = ind3 = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            n += 1
            ranked = [s.name for s in suggest_units(row["text"], units, limit=3)]
            unit1 += ranked[:1] == [row["unit"]]
            unit3 += row["unit"] in ranked
            inds = [s.name for s in suggest_indicators(row["text"], limit=3)]
            ind1 += inds[:1] == [row["indicator"]]
            ind3 += row["indicator"] in inds
    pct = lambda k: round(100.0 * k / n, 1) if n else 0.0  # noqa: E731
    return {
        "n": n,
        "unit_top1": pct(unit1),
        "unit_top3": pct(unit3),
        "indicator_top1": pct(ind1),
        "indicator_top3": pct(ind3),
    }
