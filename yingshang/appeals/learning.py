"""Suggestions learned from dispatch history: the pure part (no Django), so the labelled-set
measurement runs without a database.

A region's past appeals teach two classifiers, text → final lead unit and text → indicator:
character 1–3-gram TF-IDF (Chinese needs no tokenizer that way) and a multinomial logistic regression,
whose class probabilities are blended with the lexicon's scores:

    blended score = lexicon score + MODEL_WEIGHT × probability the model gives the candidate

so a model sure of a unit (p ≈ 1) weighs as much as the text naming that unit, a model in doubt adds
little, and a unit the lexicon knows nothing about can still rank first when the history points at it.
Candidates the model gives less than MIN_PROBABILITY and the lexicon nothing are left out. Equal
blended scores keep the lexicon's own order (suggest.py states the rule), then the name.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from yingshang.appeals.suggest import (
    Suggestion,
    UnitName,
    directory_names,
    suggest_indicators,
    suggest_units,
)

MODEL_WEIGHT = 6.0
MIN_PROBABILITY = 0.05
HELD_BACK_SHARE = 0.2
LIBRARY_VERSION = sklearn.__version__


@dataclass(frozen=True)
class Sample:
    text: str
    unit: str  # the final lead unit's name
    indicator: str = ""


@dataclass
class Suggester:
    """The two trained classifiers; either is None when history has fewer than two distinct labels."""

    unit: Pipeline | None = None
    indicator: Pipeline | None = None
    samples: int = 0

    def unit_probabilities(self, text: str) -> dict[str, float]:
        return _probabilities(self.unit, text)

    def indicator_probabilities(self, text: str) -> dict[str, float]:
        return _probabilities(self.indicator, text)


@dataclass
class Accuracy:
    held_back: int = 0
    figures: dict[str, float] = field(default_factory=dict)


def _pipeline() -> Pipeline:
    return Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, max_features=60000),
            ),
            ("clf", LogisticRegression(C=10.0, max_iter=2000)),
        ]
    )


def _fit(texts: Sequence[str], labels: Sequence[str]) -> Pipeline | None:
    pairs = [(t, y) for t, y in zip(texts, labels, strict=True) if y]
    if len({y for _, y in pairs}) < 2:
        return None
    pipe = _pipeline()
    pipe.fit([t for t, _ in pairs], [y for _, y in pairs])
    return pipe


def _probabilities(pipe: Pipeline | None, text: str) -> dict[str, float]:
    if pipe is None:
        return {}
    probs = pipe.predict_proba([text])[0]
    return {str(c): float(p) for c, p in zip(pipe.classes_, probs, strict=True)}


def fit(samples: Sequence[Sample]) -> Suggester:
    texts = [s.text for s in samples]
    return Suggester(
        unit=_fit(texts, [s.unit for s in samples]),
        indicator=_fit(texts, [s.indicator for s in samples]),
        samples=len(samples),
    )


def dumps(model: Suggester) -> bytes:
    buf = io.BytesIO()
    joblib.dump(model, buf, compress=3)
    return buf.getvalue()


def loads(data: bytes) -> Suggester:
    """Only ever bytes this application wrote to its own database (joblib unpickles)."""
    model = joblib.load(io.BytesIO(data))
    if not isinstance(model, Suggester):
        raise TypeError("not a suggestion model")
    return model


def _blend(
    lexicon: list[Suggestion], probs: dict[str, float], extra: dict[str, Suggestion]
) -> list[Suggestion]:
    """Lexicon suggestions (all of them, in the lexicon's order) plus the model's probabilities.
    ``extra`` maps a name the model may propose to a zero-score Suggestion carrying its key."""
    by_name = {s.name: (i, s) for i, s in enumerate(lexicon)}
    for name, p in probs.items():
        if name not in by_name and p >= MIN_PROBABILITY and name in extra:
            by_name[name] = (len(lexicon) + len(by_name), extra[name])
    ranked = []
    for name, (order, s) in by_name.items():
        p = probs.get(name, 0.0)
        reasons = s.reasons + ((f"历史分办相近诉求{round(100 * p)}%",) if p >= MIN_PROBABILITY else ())
        score = round(s.score + MODEL_WEIGHT * p, 2)
        ranked.append(((-score, order, name), Suggestion(s.key, s.name, score, reasons)))
    ranked.sort(key=lambda pair: pair[0])
    return [s for _, s in ranked]


def rank_units(
    text: str,
    units: Sequence[UnitName],
    model: Suggester | None,
    *,
    default_unit_name: str = "",
    limit: int = 3,
) -> list[Suggestion]:
    lexicon = suggest_units(text, units, default_unit_name=default_unit_name, limit=len(units))
    if model is None or model.unit is None:
        return lexicon[:limit]
    extra: dict[str, Suggestion] = {}
    for u in units:
        extra.setdefault(u.name, Suggestion(u.key, u.name, 0.0, ()))
    return _blend(lexicon, model.unit_probabilities(text), extra)[:limit]


def rank_indicators(text: str, model: Suggester | None, *, limit: int = 3) -> list[Suggestion]:
    lexicon = suggest_indicators(text, limit=100)
    if model is None or model.indicator is None:
        return lexicon[:limit]
    probs = model.indicator_probabilities(text)
    extra = {name: Suggestion(name, name, 0.0, ()) for name in probs}
    return _blend(lexicon, probs, extra)[:limit]


def _score(rows: Sequence[Sample], units: Sequence[UnitName], model: Suggester | None) -> dict[str, float]:
    n = len(rows)
    u1 = u3 = i1 = i3 = 0
    labelled = 0
    for row in rows:
        ranked = [s.name for s in rank_units(row.text, units, model)]
        u1 += ranked[:1] == [row.unit]
        u3 += row.unit in ranked
        if row.indicator:
            labelled += 1
            inds = [s.name for s in rank_indicators(row.text, model)]
            i1 += inds[:1] == [row.indicator]
            i3 += row.indicator in inds

    def pct(k: int, d: int) -> float:
        return round(100.0 * k / d, 1) if d else 0.0

    return {
        "unit_top1": pct(u1, n),
        "unit_top3": pct(u3, n),
        "indicator_top1": pct(i1, labelled),
        "indicator_top3": pct(i3, labelled),
    }


def held_back_accuracy(samples: Sequence[Sample], units: Sequence[UnitName]) -> Accuracy:
    """Train on the older 80 % of ``samples`` (oldest first), rank the newest 20 %: blended figures
    under their own names, lexicon-only ones prefixed ``lexicon_``."""
    held = max(1, int(len(samples) * HELD_BACK_SHARE)) if len(samples) >= 2 else 0
    if not held:
        return Accuracy()
    train, test = samples[:-held], samples[-held:]
    model = fit(train)
    figures = _score(test, units, model)
    figures.update({f"lexicon_{k}": v for k, v in _score(test, units, None).items()})
    return Accuracy(held_back=held, figures=figures)


def cross_validated(path: str | Path, *, folds: int = 5) -> dict[str, Any]:
    """The labelled set's figures, lexicon only and blended: each fold is ranked by a model trained
    on the other folds (the set has no dates, so rows are dealt to folds in turn)."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    samples = [Sample(r["text"], r["unit"], r["indicator"]) for r in rows]
    units = directory_names()
    blended = {"unit_top1": 0.0, "unit_top3": 0.0, "indicator_top1": 0.0, "indicator_top3": 0.0}
    for k in range(folds):
        test = [s for i, s in enumerate(samples) if i % folds == k]
        train = [s for i, s in enumerate(samples) if i % folds != k]
        for key, value in _score(test, units, fit(train)).items():
            blended[key] += value * len(test) / len(samples)
    return {
        "n": len(samples),
        "lexicon": _score(samples, units, None),
        "blended": {k: round(v, 1) for k, v in blended.items()},
    }
