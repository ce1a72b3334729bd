"""Meaning of a parsed rule: resolve names (facts, parameters, helper definitions), infer and check
types, refuse reference cycles. Produces a `Rule` whose every node is typed and resolved."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from yingshang.policies.rules import nodes as n
from yingshang.policies.rules.errors import Problem, RuleError
from yingshang.policies.rules.parser import COMPARISONS, parse_definitions
from yingshang.policies.rules.types import FactSpec, Parameter, Type, Vocabulary, type_of_value

ELIGIBLE = "eligible"
BENEFIT = "benefit"

# name → (argument types or None for "any number of" the one type, result type); if() is special.
FUNCTIONS: dict[str, tuple[tuple[Type, ...] | Type, int, Type]] = {
    "all": (Type.BOOL, 1, Type.BOOL),
    "any": (Type.BOOL, 1, Type.BOOL),
    "not": ((Type.BOOL,), 1, Type.BOOL),
    "min": (Type.NUMBER, 2, Type.NUMBER),
    "max": (Type.NUMBER, 2, Type.NUMBER),
    "years_since": ((Type.DATE,), 1, Type.NUMBER),
    "days_since": ((Type.DATE,), 1, Type.NUMBER),
    "within": ((Type.DATE, Type.DATE, Type.DATE), 3, Type.BOOL),
    "round": ((Type.NUMBER,), 1, Type.NUMBER),
}
FUNCTION_HELP = "all、any、not、min、max、if、years_since、days_since、within、round"


@dataclass(frozen=True)
class Rule:
    """A checked rule: helper definitions in evaluation order, the eligibility condition, the benefit."""

    source: str
    definitions: Mapping[str, n.Definition]
    types: Mapping[int, Type]  # id(node) → type
    eligible: n.Node
    benefit: n.Node | None
    facts: frozenset[str]
    parameters: Mapping[str, Parameter]
    fact_specs: Mapping[str, FactSpec]

    def type_of(self, node: n.Node) -> Type:
        return self.types[id(node)]


class _Checker:
    def __init__(self, vocabulary: Vocabulary, definitions: list[n.Definition]):
        self.vocabulary = vocabulary
        self.labels = {spec.label: spec for spec in vocabulary.facts.values()}
        self.raw = {d.name: d for d in definitions}
        self.done: dict[str, n.Definition] = {}
        self.types: dict[int, Type] = {}
        self.def_types: dict[str, Type] = {}
        self.visiting: list[str] = []
        self.facts: set[str] = set()
        self.params: dict[str, Parameter] = {}

    def fail(self, node: n.Node, reason: str) -> RuleError:
        return RuleError.at(node.line, 1, reason)

    def definition(self, name: str) -> Type:
        if name in self.def_types:
            return self.def_types[name]
        d = self.raw[name]
        if name in self.visiting:
            cycle = " → ".join([*self.visiting[self.visiting.index(name) :], name])
            raise RuleError.at(d.line, 1, f"循环引用：{cycle}")
        self.visiting.append(name)
        expr = self.node(d.expr)
        self.visiting.pop()
        self.done[name] = n.Definition(name, d.line, expr)
        self.def_types[name] = self.types[id(expr)]
        return self.def_types[name]

    def typed(self, node: n.Node, t: Type) -> n.Node:
        self.types[id(node)] = t
        return node

    def node(self, node: n.Node) -> n.Node:
        if isinstance(node, n.Literal):
            return self.typed(node, node.type)
        if isinstance(node, n.Today):
            return self.typed(node, Type.DATE)
        if isinstance(node, n.ParamRef):
            param = self.vocabulary.parameters.get(node.name)
            if param is None:
                raise self.fail(node, f"未定义的参数“${node.name}”")
            self.params[param.name] = param
            return self.typed(node, param.type)
        if isinstance(node, n.NameRef):
            return self.name(node)
        if isinstance(node, n.ListLiteral):
            items = tuple(self.node(i) for i in node.items)
            kinds = {self.types[id(i)] for i in items}
            if not items or kinds - {Type.TEXT, Type.NUMBER} or len(kinds) != 1:
                raise self.fail(node, "列表须由同一类型的文本或数值组成")
            list_type = Type.LIST_TEXT if kinds == {Type.TEXT} else Type.LIST_NUMBER
            return self.typed(n.ListLiteral(node.line, node.text, items), list_type)
        if isinstance(node, n.Unary):
            operand = self.node(node.operand)
            want = Type.BOOL if node.op == "not" else Type.NUMBER
            self.expect(operand, want, f"“{node.op}”的操作数")
            return self.typed(n.Unary(node.line, node.text, node.op, operand), want)
        if isinstance(node, n.Binary):
            return self.binary(node)
        if isinstance(node, n.Call):
            return self.call(node)
        raise self.fail(node, "无法识别的表达式")  # pragma: no cover

    def name(self, node: n.NameRef) -> n.Node:
        if node.name in self.raw:
            if node.name in (ELIGIBLE, BENEFIT):
                raise self.fail(node, f"不能引用“{node.name}”")
            t = self.definition(node.name)
            return self.typed(node, t)
        spec = self.vocabulary.facts.get(node.name) or self.labels.get(node.name)
        if spec is None:
            raise self.fail(node, f"未知的企业事实“{node.name}”")
        self.facts.add(spec.key)
        return self.typed(n.FactRef(node.line, node.text, spec.key), spec.type)

    def expect(self, node: n.Node, want: Type, what: str) -> None:
        got = self.types[id(node)]
        if got != want:
            raise self.fail(node, f"类型错误：{what}“{node.text}”应为{want.label}，实为{got.label}")

    def check_choice(self, fact: n.Node, literal: n.Node) -> None:
        if not isinstance(fact, n.FactRef) or not isinstance(literal, n.Literal):
            return
        spec = self.vocabulary.facts[fact.key]
        if spec.choices and isinstance(literal.value, str) and literal.value not in spec.choices:
            raise self.fail(literal, f"“{literal.value}”不是{spec.label}的可选值：{'、'.join(spec.choices)}")

    def binary(self, node: n.Binary) -> n.Node:
        left, right = self.node(node.left), self.node(node.right)
        lt, rt = self.types[id(left)], self.types[id(right)]
        out = n.Binary(node.line, node.text, node.op, left, right)
        if node.op in ("and", "or"):
            self.expect(left, Type.BOOL, f"“{node.op}”的操作数")
            self.expect(right, Type.BOOL, f"“{node.op}”的操作数")
            return self.typed(out, Type.BOOL)
        if node.op in ("+", "-", "*", "/"):
            self.expect(left, Type.NUMBER, "运算的操作数")
            self.expect(right, Type.NUMBER, "运算的操作数")
            return self.typed(out, Type.NUMBER)
        if node.op in COMPARISONS:
            ordered = node.op not in ("==", "!=")
            allowed = {Type.NUMBER, Type.DATE} if ordered else {Type.NUMBER, Type.DATE, Type.TEXT, Type.BOOL}
            if lt != rt or lt not in allowed:
                raise self.fail(node, f"类型错误：“{node.text}”不能比较{lt.label}与{rt.label}")
            self.check_choice(left, right)
            self.check_choice(right, left)
            return self.typed(out, Type.BOOL)
        # in / not in
        member = {Type.LIST_TEXT: Type.TEXT, Type.SET: Type.TEXT, Type.LIST_NUMBER: Type.NUMBER}.get(rt)
        if member is None or member != lt:
            raise self.fail(node, f"类型错误：“{node.text}”中 in 的右边应为包含{lt.label}的列表或集合")
        if isinstance(right, n.ListLiteral):
            for item in right.items:
                self.check_choice(left, item)
        return self.typed(out, Type.BOOL)

    def call(self, node: n.Call) -> n.Node:
        args = tuple(self.node(a) for a in node.args)
        out = n.Call(node.line, node.text, node.name, args)
        if node.name == "if":
            if len(args) != 3:
                raise self.fail(node, "if 需要三个参数：条件、是时的值、否时的值")
            self.expect(args[0], Type.BOOL, "if 的条件")
            t1, t2 = self.types[id(args[1])], self.types[id(args[2])]
            if t1 != t2:
                raise self.fail(node, f"类型错误：if 的两个分支类型不同（{t1.label}、{t2.label}）")
            return self.typed(out, t1)
        spec = FUNCTIONS.get(node.name)
        if spec is None:
            raise self.fail(node, f"未知的函数“{node.name}”，可用：{FUNCTION_HELP}")
        arg_types, minimum, result = spec
        if isinstance(arg_types, Type):
            if len(args) < minimum:
                raise self.fail(node, f"{node.name} 至少需要{minimum}个参数")
            for a in args:
                self.expect(a, arg_types, f"{node.name} 的参数")
        else:
            if node.name == "round" and len(args) == 2:
                arg_types = (Type.NUMBER, Type.NUMBER)
            if len(args) != len(arg_types):
                raise self.fail(node, f"{node.name} 需要{len(arg_types)}个参数")
            for a, t in zip(args, arg_types, strict=True):
                self.expect(a, t, f"{node.name} 的参数")
        return self.typed(out, result)


def compile_rule(source: str, vocabulary: Vocabulary) -> Rule:
    """Parse and check `source`; raises RuleError naming each bad line."""
    definitions = parse_definitions(source)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for d in definitions:
        if d.name in seen:
            problems.append(Problem(d.line, 1, f"“{d.name}”重复定义（第{seen[d.name]}行已定义）"))
        elif d.name in vocabulary.facts or any(s.label == d.name for s in vocabulary.facts.values()):
            problems.append(Problem(d.line, 1, f"“{d.name}”与企业事实同名，请换一个名称"))
        seen.setdefault(d.name, d.line)
    if ELIGIBLE not in seen:
        problems.append(Problem(1, 1, "缺少资格条件“eligible = …”"))
    if problems:
        raise RuleError(problems)
    checker = _Checker(vocabulary, definitions)
    for d in definitions:
        try:
            checker.definition(d.name)
        except RuleError as exc:
            problems.extend(exc.problems)
            checker.visiting.clear()
    if problems:
        raise RuleError(problems)
    eligible = checker.done[ELIGIBLE].expr
    if checker.def_types[ELIGIBLE] != Type.BOOL:
        problems.append(Problem(checker.raw[ELIGIBLE].line, 1, "资格条件 eligible 应为是/否"))
    benefit = checker.done[BENEFIT].expr if BENEFIT in checker.done else None
    if benefit is not None and checker.def_types[BENEFIT] != Type.NUMBER:
        problems.append(Problem(checker.raw[BENEFIT].line, 1, "补助金额 benefit 应为数值"))
    if problems:
        raise RuleError(problems)
    for p in checker.params.values():
        for _, value in p.values:
            if type_of_value(value) != p.type:  # pragma: no cover - guarded where parameters are saved
                raise RuleError.at(1, 1, f"参数“${p.name}”的取值类型不一致")
    return Rule(
        source=source,
        definitions=checker.done,
        types=checker.types,
        eligible=eligible,
        benefit=benefit,
        facts=frozenset(checker.facts),
        parameters=dict(checker.params),
        fact_specs={k: vocabulary.facts[k] for k in checker.facts},
    )
