"""The ledger as frozen dataclasses: what the parser returns and what ``to_dict()`` turns into SCHEMA JSON.

Every extracted value keeps the character span it came from in the normalised text (``Ledger.text``),
so the platform can highlight the source. Spans stay out of the JSON unless ``to_dict(spans=True)``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

Span = tuple[int, int]

KINDS = ("measures", "action_plan", "work_plan", "news")
FREQS = ("weekly", "monthly", "quarterly", "semiannual", "annual")
METRICS = ("time", "steps", "materials", "cost", "rate", "count", "amount", "other")


@dataclass(frozen=True)
class Options:
    """Parser options. ``issued_on`` anchors dates written without a year ("9月底前"). ``paragraphs``: the
    text's lines are its paragraphs already (a scan's layout decided them from where each line ends on
    the page), so a line is not joined to the next as prose a page's width broke."""

    issued_on: date | None = None
    paragraphs: bool = False

    @classmethod
    def coerce(cls, value: Options | Mapping[str, Any] | None) -> Options:
        """Accept an Options, a mapping of option names (unknown keys raise ValueError) or None."""
        if value is None:
            return cls()
        if isinstance(value, Options):
            return value
        if not isinstance(value, Mapping):
            raise TypeError(f"options must be Options, a mapping or None, not {type(value).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(
                f"unknown option(s): {', '.join(map(str, unknown))}; known: {', '.join(sorted(known))}"
            )
        issued = value.get("issued_on")
        if isinstance(issued, str):
            issued = date.fromisoformat(issued)
        if issued is not None and not isinstance(issued, date):
            raise ValueError("issued_on must be a date, an ISO date string or None")
        paragraphs = value.get("paragraphs", False)
        if not isinstance(paragraphs, bool):
            raise ValueError("paragraphs must be true or false")
        return cls(issued_on=issued, paragraphs=paragraphs)


@dataclass(frozen=True)
class Unit:
    """A responsible body as written; ``region`` is the region prefix it carries or inherits."""

    name: str
    role: str  # "lead", "cooperating" or "implied"
    span: Span
    region: str | None = None

    @property
    def resolved(self) -> str:
        """The name with its inherited region prefix, for matching against a unit directory."""
        if self.region and not self.name.startswith(self.region):
            return self.region + self.name
        return self.name


@dataclass(frozen=True)
class Deadline:
    phrase: str
    due: date | None
    span: Span
    estimated: bool = False

    def to_dict(self, spans: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"phrase": self.phrase, "due": self.due.isoformat() if self.due else None}
        if spans:
            out["estimated"] = self.estimated
            out["span"] = list(self.span)
        return out


@dataclass(frozen=True)
class Recurrence:
    phrase: str
    freq: str
    span: Span

    def to_dict(self, spans: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"phrase": self.phrase, "freq": self.freq}
        if spans:
            out["span"] = list(self.span)
        return out


@dataclass(frozen=True)
class Target:
    phrase: str
    subject: str
    metric: str
    comparator: str
    value: float
    unit: str
    baseline: float | None
    span: Span
    estimated: bool = False

    def to_dict(self, spans: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "phrase": self.phrase,
            "subject": self.subject,
            "metric": self.metric,
            "comparator": self.comparator,
            "value": _num(self.value),
            "unit": self.unit,
            "baseline": None if self.baseline is None else _num(self.baseline),
        }
        if spans:
            out["estimated"] = self.estimated
            out["span"] = list(self.span)
        return out


@dataclass(frozen=True)
class Indicator:
    name: str
    span: Span  # the keyword that matched


@dataclass(frozen=True)
class Measure:
    """One numbered node of the document; a leaf when no other node's path lies below it."""

    path: str
    title: str
    text: str
    span: Span  # the whole node, label included
    title_span: Span
    text_span: Span
    lead_units: tuple[Unit, ...] = ()
    cooperating_units: tuple[Unit, ...] = ()
    implied_units: tuple[Unit, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    recurrences: tuple[Recurrence, ...] = ()
    targets: tuple[Target, ...] = ()
    indicators: tuple[Indicator, ...] = ()

    def to_dict(self, spans: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "title": self.title,
            "text": self.text,
            "lead_units": [u.name for u in self.lead_units],
            "cooperating_units": [u.name for u in self.cooperating_units],
            "implied_units": [u.name for u in self.implied_units],
            "deadlines": [d.to_dict(spans) for d in self.deadlines],
            "recurrences": [r.to_dict(spans) for r in self.recurrences],
            "targets": [t.to_dict(spans) for t in self.targets],
            "indicators": [i.name for i in self.indicators],
        }
        if spans:
            out["span"] = list(self.span)
            out["title_span"] = list(self.title_span)
            out["text_span"] = list(self.text_span)
            out["unit_spans"] = {
                role: [{"name": u.name, "span": list(u.span), "region": u.region} for u in units]
                for role, units in (
                    ("lead", self.lead_units),
                    ("cooperating", self.cooperating_units),
                    ("implied", self.implied_units),
                )
            }
            out["indicator_spans"] = [{"name": i.name, "span": list(i.span)} for i in self.indicators]
        return out


@dataclass(frozen=True)
class Document:
    title: str | None
    doc_number: str | None
    issuers: tuple[str, ...]
    issue_date: date | None
    kind: str
    spans: Mapping[str, Span] = field(default_factory=dict)

    def to_dict(self, spans: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "title": self.title,
            "doc_number": self.doc_number,
            "issuers": list(self.issuers),
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
            "kind": self.kind,
        }
        if spans:
            out["spans"] = {k: list(v) for k, v in self.spans.items()}
        return out


@dataclass(frozen=True)
class IgnoredText:
    """A run of the document the parser did not read into any node or the header."""

    chars: int  # characters ignored (spaces and line breaks not counted)
    line: int  # 1-based line of the normalised text where the run starts
    span: Span
    excerpt: str  # the run's first characters
    reason: str  # why: "after_footer" (after 抄送/编辑/打印本页…) or "between_nodes"

    @property
    def message(self) -> str:
        """The warning a clerk reads: how much, where, why."""
        where = "页尾（抄送、编辑、打印本页等）之后" if self.reason == "after_footer" else "编号条目之外"
        return f"第{self.line}行起有{self.chars}个字符位于{where}，未解析为任务：“{self.excerpt}”"

    def to_dict(self) -> dict[str, Any]:
        return {"chars": self.chars, "line": self.line, "span": list(self.span), "reason": self.reason,
                "excerpt": self.excerpt, "message": self.message}  # fmt: skip


@dataclass(frozen=True)
class Ledger:
    """The parse result: document header, every numbered node in reading order, and the text parsed."""

    document: Document
    measures: tuple[Measure, ...]
    text: str  # the normalised text every span points into
    ignored: tuple[IgnoredText, ...] = ()  # text read into no node: warnings, never silent

    @property
    def warnings(self) -> tuple[str, ...]:
        """One sentence per ignored run of text (shown on stderr and on the review screen)."""
        return tuple(i.message for i in self.ignored)

    @property
    def leaves(self) -> tuple[Measure, ...]:
        """The tasks: nodes no other node's path lies below."""
        inner: set[str] = set()
        for m in self.measures:
            parts = m.path.split("/")
            inner.update("/".join(parts[:i]) for i in range(1, len(parts)))
        return tuple(m for m in self.measures if m.path not in inner)

    def to_dict(self, spans: bool = False) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(spans),
            "measures": [m.to_dict(spans) for m in self.measures],
        }

    def to_json(self, spans: bool = False, indent: int = 1) -> str:
        return json.dumps(self.to_dict(spans), ensure_ascii=False, indent=indent)


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else round(float(v), 4)
