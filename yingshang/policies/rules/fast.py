"""The fast path: a checked rule turned into Python closures that give only the answer and the amount.

Matching one policy over a whole region runs a rule once per enterprise, so the work that does not
depend on the enterprise is done once: the tree is walked once per rule and evaluation date, the date
and the parameters in force on it are baked into the closures, every operator is chosen when compiling
(not looked up by name at each node), and literal lists are built once. What is left per enterprise is
a dictionary lookup per fact and the arithmetic itself.

The laws are those of `explain` (evaluate.py), to the letter: both sides of an operator and every
argument of a call are evaluated before unknowns are looked at (so a division by zero on one side is
reported even when the other side is unknown), `all`/`any` stop at the first deciding part, helper
definitions are evaluated at most once and only when used. Tests check that both always agree.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date
from decimal import Decimal, DecimalException
from typing import Any, cast

from yingshang.policies.rules import nodes as n
from yingshang.policies.rules.checker import Rule
from yingshang.policies.rules.evaluate import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNDETERMINED,
    UNKNOWN,
    Facts,
    Result,
    RuntimeProblem,
    call_function,
    money,
    years_between,
)

# A compiled node: (facts, memo of helper definitions) → value.
Fn = Callable[[Facts, dict[str, Result]], Result]
Run = Callable[[Facts, date], tuple[str, Decimal | None]]

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda a, b: a in b,
    "notin": lambda a, b: a not in b,
}
ARITH: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}
ZERO = Decimal(0)
DAYS_KEPT = 8  # evaluation dates whose closures are kept per rule


def compile_fast(rule: Rule) -> Run:
    """A function (facts, day) → (status, amount) that agrees with `explain` and keeps no reasons."""
    by_day: dict[date, tuple[Fn, Fn | None]] = {}

    def run(facts: Facts, day: date) -> tuple[str, Decimal | None]:
        compiled = by_day.get(day)
        if compiled is None:
            if len(by_day) >= DAYS_KEPT:
                by_day.clear()
            compiled = by_day[day] = _Compiler(rule, day).entry()
        eligible, benefit = compiled
        memo: dict[str, Result] = {}
        try:
            verdict = eligible(facts, memo)
            if verdict is UNKNOWN:
                return UNDETERMINED, None
            if not verdict:
                return NOT_ELIGIBLE, None
            if benefit is None:
                return ELIGIBLE, None
            amount = benefit(facts, memo)
            if amount is UNKNOWN:
                return ELIGIBLE, None
            assert isinstance(amount, Decimal)
            return ELIGIBLE, money(max(amount, ZERO))
        except RuntimeProblem:
            return UNDETERMINED, None

    return run


class _Compiler:
    """Closures for one rule on one evaluation date."""

    def __init__(self, rule: Rule, day: date):
        self.rule = rule
        self.day = day
        self.defs: dict[str, Fn] = {}

    def entry(self) -> tuple[Fn, Fn | None]:
        for name, d in self.rule.definitions.items():
            self.defs[name] = self.build(d.expr)
        return self.defs["eligible"], self.defs.get("benefit")

    def constant(self, node: n.Node) -> tuple[bool, Result]:
        """Whether the node's value is the same for every enterprise on this date, and that value."""
        if isinstance(node, n.Literal):
            return True, node.value
        if isinstance(node, n.Today):
            return True, self.day
        if isinstance(node, n.ParamRef):
            value = self.rule.parameters[node.name].value_on(self.day)
            return True, UNKNOWN if value is None else value
        if isinstance(node, n.ListLiteral):
            items = [self.constant(i) for i in node.items]
            if all(known for known, _ in items):
                return True, cast(Result, tuple(v for _, v in items))
        return False, UNKNOWN

    def build(self, node: n.Node) -> Fn:
        fixed, value = self.constant(node)
        if fixed:
            return lambda facts, memo: value
        if isinstance(node, n.FactRef):
            key = node.key
            return lambda facts, memo: facts.get(key, UNKNOWN)
        if isinstance(node, n.ListLiteral):
            items = [self.build(i) for i in node.items]
            return lambda facts, memo: cast(Result, tuple([f(facts, memo) for f in items]))
        if isinstance(node, n.NameRef):
            return self.name_ref(node.name)
        if isinstance(node, n.Unary):
            f = self.build(node.operand)
            if node.op == "not":
                return lambda facts, memo: UNKNOWN if (v := f(facts, memo)) is UNKNOWN else not v
            return lambda facts, memo: UNKNOWN if (v := f(facts, memo)) is UNKNOWN else -cast(Decimal, v)
        if isinstance(node, n.Binary):
            if node.op in ("and", "or"):
                return _logic(node.op == "or", [self.build(node.left), self.build(node.right)])
            return self.binary(node)
        if isinstance(node, n.Call):
            return self.call(node)
        raise RuntimeProblem(node.line, "无法识别的表达式")  # pragma: no cover

    def name_ref(self, name: str) -> Fn:
        defs = self.defs

        def ref(facts: Facts, memo: dict[str, Result]) -> Result:
            if name in memo:
                return memo[name]
            value = memo[name] = defs[name](facts, memo)
            return value

        return ref

    def binary(self, node: n.Binary) -> Fn:
        lf, rf, line = self.build(node.left), self.build(node.right), node.line
        right_fixed, right = self.constant(node.right)
        if node.op == "/":

            def divide(facts: Facts, memo: dict[str, Result]) -> Result:
                a, b = lf(facts, memo), rf(facts, memo)
                if a is UNKNOWN or b is UNKNOWN:
                    return UNKNOWN
                if b == 0:
                    raise RuntimeProblem(line, "除数为零")
                try:
                    return cast(Decimal, a) / cast(Decimal, b)
                except DecimalException as exc:
                    raise RuntimeProblem(line, f"数值运算出错（{type(exc).__name__}）") from None

            return divide
        if node.op in ARITH:
            arith = ARITH[node.op]

            def arithmetic(facts: Facts, memo: dict[str, Result]) -> Result:
                a, b = lf(facts, memo), rf(facts, memo)
                if a is UNKNOWN or b is UNKNOWN:
                    return UNKNOWN
                try:
                    return arith(cast(Decimal, a), cast(Decimal, b))
                except DecimalException as exc:
                    raise RuntimeProblem(line, f"数值运算出错（{type(exc).__name__}）") from None

            return arithmetic
        compare = COMPARE[node.op]
        if right_fixed and right is not UNKNOWN:

            def compare_constant(facts: Facts, memo: dict[str, Result]) -> Result:
                a = lf(facts, memo)
                return UNKNOWN if a is UNKNOWN else compare(a, right)

            return compare_constant

        def comparison(facts: Facts, memo: dict[str, Result]) -> Result:
            a, b = lf(facts, memo), rf(facts, memo)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            return compare(a, b)

        return comparison

    def call(self, node: n.Call) -> Fn:
        fns = [self.build(a) for a in node.args]
        if node.name in ("all", "any"):
            return _logic(node.name == "any", fns)
        if node.name == "not":
            g = fns[0]
            return lambda facts, memo: UNKNOWN if (v := g(facts, memo)) is UNKNOWN else not v
        if node.name == "if":
            c, a, b = fns

            def if_fn(facts: Facts, memo: dict[str, Result]) -> Result:
                cv = c(facts, memo)
                if cv is UNKNOWN:
                    return UNKNOWN
                return a(facts, memo) if cv else b(facts, memo)

            return if_fn
        day = self.day
        if node.name == "years_since":
            g = fns[0]

            def years_since(facts: Facts, memo: dict[str, Result]) -> Result:
                start = g(facts, memo)
                return UNKNOWN if start is UNKNOWN else years_between(cast(date, start), day)

            return years_since
        if node.name == "days_since":
            g = fns[0]

            def days_since(facts: Facts, memo: dict[str, Result]) -> Result:
                start = g(facts, memo)
                return UNKNOWN if start is UNKNOWN else Decimal((day - cast(date, start)).days)

            return days_since
        name, line = node.name, node.line
        if name in ("min", "max"):
            pick = min if name == "min" else max

            def extreme(facts: Facts, memo: dict[str, Result]) -> Result:
                vals = [f(facts, memo) for f in fns]
                if any(v is UNKNOWN for v in vals):
                    return UNKNOWN
                return pick([v for v in vals if isinstance(v, Decimal)])

            return extreme

        def call(facts: Facts, memo: dict[str, Result]) -> Result:
            vals = [f(facts, memo) for f in fns]
            if any(v is UNKNOWN for v in vals):
                return UNKNOWN
            return call_function(name, vals, day, line)  # type: ignore[arg-type]

        return call


def _logic(is_any: bool, fns: list[Fn]) -> Fn:
    settles = is_any  # the value that settles it: true for any, false for all
    otherwise = not is_any
    parts = tuple(fns)

    def logic(facts: Facts, memo: dict[str, Result]) -> Result:
        unknown = False
        for f in parts:
            v = f(facts, memo)
            if v is UNKNOWN:
                unknown = True
            elif v is settles:
                return settles
        return UNKNOWN if unknown else otherwise

    return logic
