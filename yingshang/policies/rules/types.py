"""Value types of the condition language and the catalogue of facts a rule may name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum


class Type(Enum):
    BOOL = "bool"
    NUMBER = "number"
    TEXT = "text"
    DATE = "date"
    # A set of labels, e.g. the certificates an enterprise holds.
    SET = "set"
    LIST_TEXT = "list_text"
    LIST_NUMBER = "list_number"

    @property
    def label(self) -> str:
        return TYPE_LABELS[self]


TYPE_LABELS = {
    Type.BOOL: "是/否",
    Type.NUMBER: "数值",
    Type.TEXT: "文本",
    Type.DATE: "日期",
    Type.SET: "集合",
    Type.LIST_TEXT: "文本列表",
    Type.LIST_NUMBER: "数值列表",
}

Value = bool | Decimal | str | date | frozenset[str] | tuple[str, ...] | tuple[Decimal, ...]


@dataclass(frozen=True)
class FactSpec:
    """A fact a rule may name: its key (identifier in rules), Chinese label, type and allowed values."""

    key: str
    label: str
    type: Type
    choices: tuple[str, ...] = ()
    unit: str = ""


@dataclass(frozen=True)
class Parameter:
    """A named threshold or rate with dated values: the value in force on a date is the latest one
    whose start is on or before that date."""

    name: str
    label: str
    values: tuple[tuple[date, Value], ...]
    type: Type = Type.NUMBER

    def value_on(self, day: date) -> Value | None:
        current: Value | None = None
        for start, value in sorted(self.values, key=lambda v: v[0]):
            if start <= day:
                current = value
        return current


@dataclass(frozen=True)
class Vocabulary:
    """What a rule may name: facts by key and parameters by name."""

    facts: Mapping[str, FactSpec]
    parameters: Mapping[str, Parameter] = field(default_factory=dict)

    @classmethod
    def of(cls, facts: Iterable[FactSpec], parameters: Iterable[Parameter] = ()) -> Vocabulary:
        return cls({f.key: f for f in facts}, {p.name: p for p in parameters})

    def with_parameters(self, parameters: Iterable[Parameter]) -> Vocabulary:
        return Vocabulary(self.facts, {**self.parameters, **{p.name: p for p in parameters}})


def type_of_value(value: Value) -> Type:
    if isinstance(value, bool):
        return Type.BOOL
    if isinstance(value, Decimal):
        return Type.NUMBER
    if isinstance(value, str):
        return Type.TEXT
    if isinstance(value, date):
        return Type.DATE
    if isinstance(value, frozenset):
        return Type.SET
    if all(isinstance(v, Decimal) for v in value):
        return Type.LIST_NUMBER
    return Type.LIST_TEXT
