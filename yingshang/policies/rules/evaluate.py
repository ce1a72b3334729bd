"""Three-valued evaluation of a checked rule over one enterprise's facts on a date.

A missing fact is *unknown*, never false: `all` is false if any part is false, else unknown if any part
is unknown; `any` is true if any part is true, else unknown if any part is unknown; `not unknown` is
unknown; arithmetic and comparisons of unknown are unknown. Two evaluators share these laws:

- `explain` walks the tree and keeps the reasons: the failing condition, the missing facts, the steps of
  the benefit formula. Pages and notices use it.
- `compile_fast` (fast.py) turns the tree into closures that return only the answer and the amount;
  matching a policy over a whole region uses it. Tests check that both always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, DecimalException
from typing import cast

from yingshang.policies.rules import nodes as n
from yingshang.policies.rules.checker import Rule
from yingshang.policies.rules.types import Value

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
UNDETERMINED = "undetermined"
STATUS_LABELS = {ELIGIBLE: "符合", NOT_ELIGIBLE: "不符合", UNDETERMINED: "待确定"}
CENT = Decimal("0.01")


class _Unknown:
    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "unknown"

    def __bool__(self) -> bool:
        raise TypeError("unknown has no truth value")


UNKNOWN = _Unknown()
Result = Value | _Unknown
Facts = Mapping[str, Value]


@dataclass(frozen=True)
class Step:
    """One line of the explanation: the rule's text, the values put in, the result."""

    line: int
    expression: str
    detail: str
    value: str


@dataclass(frozen=True)
class Answer:
    status: str
    amount: Decimal | None = None
    failing: tuple[Step, ...] = ()
    missing: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def fmt(value: Result) -> str:
    if isinstance(value, _Unknown):
        return "未知"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{value.quantize(Decimal(1)):,}"
        return f"{value.normalize():,f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | tuple):
        return "、".join(sorted(str(v) for v in value)) or "（无）"
    return str(value)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def years_between(start: date, end: date) -> Decimal:
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return Decimal(years)


class RuntimeProblem(Exception):
    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _arith(op: str, a: Decimal, b: Decimal, line: int) -> Decimal:
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            raise RuntimeProblem(line, "除数为零")
        return a / b
    except DecimalException as exc:
        raise RuntimeProblem(line, f"数值运算出错（{type(exc).__name__}）") from None


def _compare(op: str, a: Value, b: Value) -> bool:
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    # Ordered comparisons are only allowed on numbers and dates by the checker.
    x, y = a, b
    if op == "<":
        return x < y  # type: ignore[operator]
    if op == "<=":
        return x <= y  # type: ignore[operator]
    if op == ">":
        return x > y  # type: ignore[operator]
    return x >= y  # type: ignore[operator]


def call_function(name: str, values: list[Value], day: date, line: int) -> Value:
    if name in ("min", "max"):
        nums = [v for v in values if isinstance(v, Decimal)]
        return min(nums) if name == "min" else max(nums)
    if name == "years_since":
        start = values[0]
        assert isinstance(start, date)
        return years_between(start, day)
    if name == "days_since":
        start = values[0]
        assert isinstance(start, date)
        return Decimal((day - start).days)
    if name == "within":
        d, lo, hi = values
        return lo <= d <= hi  # type: ignore[operator]
    if name == "round":
        x = values[0]
        places = values[1] if len(values) > 1 else Decimal(0)
        assert isinstance(x, Decimal) and isinstance(places, Decimal)
        try:
            return x.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
        except (DecimalException, ValueError, OverflowError):
            raise RuntimeProblem(line, "取整位数无效") from None
    raise RuntimeProblem(line, f"未知的函数“{name}”")  # pragma: no cover


@dataclass
class _Walk:
    """State of one explaining evaluation."""

    rule: Rule
    facts: Facts
    day: date
    record_steps: bool = False
    memo: dict[str, tuple[Result, frozenset[str]]] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)

    def value(self, node: n.Node) -> tuple[Result, frozenset[str]]:
        """The node's value and, when unknown, the facts whose absence makes it so."""
        if isinstance(node, n.Literal):
            return node.value, frozenset()
        if isinstance(node, n.Today):
            return self.day, frozenset()
        if isinstance(node, n.FactRef):
            if node.key in self.facts:
                value = self.facts[node.key]
                if self.record_steps:
                    spec = self.rule.fact_specs[node.key]
                    self.steps.append(Step(node.line, node.text, spec.label, fmt(value)))
                return value, frozenset()
            return UNKNOWN, frozenset({node.key})
        if isinstance(node, n.ParamRef):
            param = self.rule.parameters[node.name]
            pv = param.value_on(self.day)
            if pv is None:
                return UNKNOWN, frozenset({"$" + node.name})
            if self.record_steps:
                self.steps.append(Step(node.line, node.text, f"{param.label}（{self.day}适用值）", fmt(pv)))
            return pv, frozenset()
        if isinstance(node, n.NameRef):
            if node.name not in self.memo:
                self.memo[node.name] = self.value(self.rule.definitions[node.name].expr)
            return self.memo[node.name]
        if isinstance(node, n.ListLiteral):
            items = [self.value(i)[0] for i in node.items]
            return cast(Value, tuple(items)), frozenset()
        if isinstance(node, n.Unary):
            v, missing = self.value(node.operand)
            if isinstance(v, _Unknown):
                return UNKNOWN, missing
            out: Value = (not v) if node.op == "not" else -cast(Decimal, v)
            return out, frozenset()
        if isinstance(node, n.Binary):
            if node.op in ("and", "or"):
                return self.logic("all" if node.op == "and" else "any", (node.left, node.right))
            (a, ma), (b, mb) = self.value(node.left), self.value(node.right)
            if isinstance(a, _Unknown) or isinstance(b, _Unknown):
                return UNKNOWN, ma | mb
            if node.op in ("+", "-", "*", "/"):
                assert isinstance(a, Decimal) and isinstance(b, Decimal)
                r: Value = _arith(node.op, a, b, node.line)
                self.step(node, f"{fmt(a)} {node.op.replace('*', '×').replace('/', '÷')} {fmt(b)}", r)
                return r, frozenset()
            if node.op in ("in", "notin"):
                found = a in b  # type: ignore[operator]
                return (found if node.op == "in" else not found), frozenset()
            return _compare(node.op, a, b), frozenset()
        if isinstance(node, n.Call):
            if node.name in ("all", "any"):
                return self.logic(node.name, node.args)
            if node.name == "not":
                v, missing = self.value(node.args[0])
                return (UNKNOWN, missing) if isinstance(v, _Unknown) else (not v, frozenset())
            if node.name == "if":
                c, mc = self.value(node.args[0])
                if isinstance(c, _Unknown):
                    return UNKNOWN, mc
                chosen, mb = self.value(node.args[1] if c else node.args[2])
                if not isinstance(chosen, _Unknown):
                    self.step(node, f"条件“{node.args[0].text}”{'成立' if c else '不成立'}", chosen)
                return chosen, mb
            results = [self.value(a) for a in node.args]
            missing = frozenset().union(*(m for _, m in results))
            if any(isinstance(v, _Unknown) for v, _ in results):
                return UNKNOWN, missing
            vals = [v for v, _ in results if not isinstance(v, _Unknown)]
            r = call_function(node.name, vals, self.day, node.line)
            self.step(node, f"{node.name}({', '.join(fmt(v) for v in vals)})", r)
            return r, frozenset()
        raise RuntimeProblem(node.line, "无法识别的表达式")  # pragma: no cover

    def logic(self, kind: str, parts: tuple[n.Node, ...]) -> tuple[Result, frozenset[str]]:
        decisive = kind == "any"  # the value that settles it: true for any, false for all
        missing: frozenset[str] = frozenset()
        unknown = False
        for part in parts:
            v, m = self.value(part)
            if isinstance(v, _Unknown):
                unknown = True
                missing |= m
            elif v is decisive:
                return decisive, frozenset()
        if unknown:
            return UNKNOWN, missing
        return (not decisive), frozenset()

    def step(self, node: n.Node, detail: str, value: Value) -> None:
        if self.record_steps:
            self.steps.append(Step(node.line, node.text, detail, fmt(value)))

    def failing(self, node: n.Node) -> list[Step]:
        """The smallest parts of a false condition that make it false."""
        if isinstance(node, n.NameRef):
            return self.failing(self.rule.definitions[node.name].expr)
        parts: tuple[n.Node, ...] = ()
        if isinstance(node, n.Call) and node.name == "all":
            parts = node.args
        elif isinstance(node, n.Binary) and node.op == "and":
            parts = (node.left, node.right)
        if parts:
            out: list[Step] = []
            for part in parts:
                try:
                    v, _ = self.value(part)
                except RuntimeProblem:
                    continue  # e.g. a division by zero in a part that does not decide: not a reason
                if v is False:
                    out.extend(self.failing(part))
            return out
        return [Step(node.line, node.text, self.detail(node), "否")]

    def detail(self, node: n.Node) -> str:
        """The values the enterprise has for the facts a failing condition names."""
        facts: list[str] = []
        stack = [node]
        while stack:
            cur = stack.pop()
            if isinstance(cur, n.FactRef) and cur.key in self.facts:
                spec = self.rule.fact_specs[cur.key]
                facts.append(f"{spec.label}：{fmt(self.facts[cur.key])}")
            elif isinstance(cur, n.NameRef) and cur.name in self.memo:
                facts.append(f"{cur.name}：{fmt(self.memo[cur.name][0])}")
            elif isinstance(cur, n.ParamRef):
                param = self.rule.parameters[cur.name]
                pv = param.value_on(self.day)
                facts.append(f"{param.label}：{fmt(UNKNOWN if pv is None else pv)}")
            elif isinstance(cur, n.Today):
                facts.append(f"评估日期：{self.day}")
            elif isinstance(cur, n.Unary):
                stack.append(cur.operand)
            elif isinstance(cur, n.Binary):
                stack.extend([cur.right, cur.left])
            elif isinstance(cur, n.Call):
                stack.extend(reversed(cur.args))
        return "；".join(dict.fromkeys(facts))


def explain(rule: Rule, facts: Facts, day: date) -> Answer:
    """The answer for one enterprise on `day`, with the reasons."""
    walk = _Walk(rule, facts, day)
    try:
        verdict, missing = walk.value(rule.eligible)
        if verdict is False:
            return Answer(NOT_ELIGIBLE, failing=tuple(walk.failing(rule.eligible)))
        if isinstance(verdict, _Unknown):
            return Answer(UNDETERMINED, missing=tuple(sorted(missing)))
        if rule.benefit is None:
            return Answer(ELIGIBLE)
        walk.record_steps = True
        walk.memo.clear()  # evaluate helpers again so the steps show the facts they read
        amount, missing = walk.value(rule.benefit)
        if isinstance(amount, _Unknown):
            return Answer(ELIGIBLE, missing=tuple(sorted(missing)), steps=tuple(walk.steps))
        assert isinstance(amount, Decimal)
        final = money(max(amount, Decimal(0)))
        steps = [*walk.steps, Step(rule.benefit.line, "补助金额", "保留两位小数，不小于零", fmt(final))]
        return Answer(ELIGIBLE, amount=final, steps=tuple(steps))
    except RuntimeProblem as exc:
        return Answer(UNDETERMINED, problems=(f"第{exc.line}行：{exc.reason}",))
