"""Rules of clauses, compiled once per rule text and parameter set, evaluated against facts."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from yingshang.policies import facts as fact_catalogue
from yingshang.policies.models import Clause, Parameter, Policy
from yingshang.policies.rules import Answer, Facts, Rule, Type, Value, Vocabulary, compile_fast, compile_rule
from yingshang.policies.rules import Parameter as RuleParameter

Run = Callable[[Facts, date], tuple[str, Decimal | None]]
KIND_TYPES = {
    Parameter.Kind.NUMBER: Type.NUMBER,
    Parameter.Kind.TEXT: Type.TEXT,
    Parameter.Kind.DATE: Type.DATE,
}


def parameter_values(kind: str, raw: Iterable[Iterable[str]]) -> tuple[tuple[date, Value], ...]:
    """[["2026-01-01", "500000"], …] → dated typed values; raises ValueError with the reason."""
    out: list[tuple[date, Value]] = []
    for pair in raw:
        items = list(pair)
        if len(items) != 2:
            raise ValueError("每个取值应为“起始日期, 值”")
        start_text, value_text = str(items[0]).strip(), str(items[1]).strip()
        try:
            start = date.fromisoformat(start_text)
        except ValueError:
            raise ValueError(f"起始日期“{start_text}”无效") from None
        value: Value
        if kind == Parameter.Kind.NUMBER:
            try:
                value = Decimal(value_text[:-1]) / 100 if value_text.endswith("%") else Decimal(value_text)
            except InvalidOperation:
                raise ValueError(f"“{value_text}”不是数值") from None
        elif kind == Parameter.Kind.DATE:
            try:
                value = date.fromisoformat(value_text)
            except ValueError:
                raise ValueError(f"“{value_text}”不是日期") from None
        else:
            value = value_text
        out.append((start, value))
    if not out:
        raise ValueError("至少需要一个取值")
    if len({d for d, _ in out}) != len(out):
        raise ValueError("同一起始日期有两个取值")
    return tuple(sorted(out, key=lambda p: p[0]))


def rule_parameters(params: Iterable[Parameter]) -> tuple[RuleParameter, ...]:
    return tuple(
        RuleParameter(p.name, p.label, parameter_values(p.kind, p.values), KIND_TYPES[Parameter.Kind(p.kind)])
        for p in params
    )


# A parameter as read from the database: name, label, kind and the dated values as JSON text.
ParameterRow = tuple[str, str, str, str]


def parameter_rows(params: QuerySet[Parameter]) -> dict[int, tuple[ParameterRow, ...]]:
    """{policy_id: parameter rows} with the values as JSON text, the key of `compiled_from_rows`."""
    out: dict[int, list[ParameterRow]] = {}
    rows = params.annotate(values_text=Cast("values", TextField())).values_list(
        "policy_id", "name", "label", "kind", "values_text"
    )
    for pid, name, label, kind, values in rows:
        out.setdefault(pid, []).append((name, label, kind, values))
    return {pid: tuple(found) for pid, found in out.items()}


@lru_cache(maxsize=4096)
def _parameter_row(name: str, label: str, kind: str, values: str) -> RuleParameter:
    return RuleParameter(
        name, label, parameter_values(kind, json.loads(values)), KIND_TYPES[Parameter.Kind(kind)]
    )


@lru_cache(maxsize=4096)
def compiled_from_rows(source: str, params: tuple[ParameterRow, ...]) -> tuple[Rule, Run]:
    """The checked rule and its fast function for a clause's text and its policy's parameter rows.

    Kept per distinct text and parameters, i.e. per version of the policy: the enterprise page runs every
    live clause and only hashes these strings, and a changed rule or parameter is a new key."""
    return _compiled(source, tuple(_parameter_row(*row) for row in params))


def vocabulary(params: Iterable[RuleParameter] = ()) -> Vocabulary:
    return Vocabulary.of(fact_catalogue.specs(), params)


@lru_cache(maxsize=2048)
def _compiled(source: str, params: tuple[RuleParameter, ...]) -> tuple[Rule, Run]:
    rule = compile_rule(source, vocabulary(params))
    return rule, compile_fast(rule)


def compile_text(source: str, params: tuple[RuleParameter, ...]) -> Rule:
    """Check a rule text; raises RuleError. Compiled rules are kept, keyed by text and parameters."""
    return _compiled(source, params)[0]


def policy_parameters(policy: Policy) -> tuple[RuleParameter, ...]:
    cached: tuple[RuleParameter, ...] | None = getattr(policy, "_rule_parameters", None)
    if cached is None:
        cached = rule_parameters(policy.parameters.all())
        policy._rule_parameters = cached  # type: ignore[attr-defined]
    return cached


def clause_rule(clause: Clause) -> Rule:
    return _compiled(clause.rule, policy_parameters(clause.policy))[0]


def clause_fast(clause: Clause) -> Run:
    return _compiled(clause.rule, policy_parameters(clause.policy))[1]


def answer(clause: Clause, facts: Facts, on: date) -> Answer:
    from yingshang.policies.rules import explain

    return explain(clause_rule(clause), facts, on)
