"""Rule text → definitions. A rule is lines of `name = expression`; an expression may run over several
lines while a bracket is open. `eligible` is required, `benefit` optional, other names are helpers:

    新增投资 = equipment_investment
    eligible = all(size_class in ["小型", "微型"], years_since(founded_on) <= 3, not has_arrears)
    benefit = min(新增投资 * 10%, 2000000)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from yingshang.policies.rules import nodes as n
from yingshang.policies.rules.errors import Problem, RuleError
from yingshang.policies.rules.lexer import Token, tokenize
from yingshang.policies.rules.types import Type

COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
OPENERS = {"(": ")", "[": "]"}


def split_statements(tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into statements: a newline ends one unless a bracket is still open."""
    statements: list[list[Token]] = []
    current: list[Token] = []
    stack: list[Token] = []
    for tok in tokens:
        if tok.kind == "op" and tok.text in OPENERS:
            stack.append(tok)
        elif tok.kind == "op" and tok.text in (")", "]"):
            if not stack:
                raise RuleError.at(tok.line, tok.column, f"多余的右括号“{tok.text}”")
            opener = stack.pop()
            if OPENERS[opener.text] != tok.text:
                raise RuleError.at(tok.line, tok.column, f"括号不匹配：第{opener.line}行的“{opener.text}”")
        if tok.kind in ("newline", "eof") and not stack:
            if current:
                statements.append(current)
            current = []
            continue
        if tok.kind == "eof":
            opener = stack[-1]
            raise RuleError.at(opener.line, opener.column, f"括号“{opener.text}”没有闭合")
        if tok.kind != "newline":
            current.append(tok)
    return statements


class _Parser:
    """Precedence climbing over one statement's tokens: or < and < not < comparison < +- < */ < unary."""

    def __init__(self, source: str, tokens: list[Token]):
        self.source = source
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def next(self) -> Token:
        tok = self.peek()
        if tok is None:
            last = self.tokens[-1]
            raise RuleError.at(last.line, last.column, "表达式不完整")
        self.pos += 1
        return tok

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind in ("op", "keyword") and tok.text == text

    def expect(self, text: str) -> Token:
        tok = self.next()
        if tok.text != text or tok.kind not in ("op", "keyword"):
            raise RuleError.at(tok.line, tok.column, f"此处应为“{text}”，却是“{tok.text}”")
        return tok

    def span(self, first: Token) -> str:
        last = self.tokens[self.pos - 1]
        return self.source[first.start : last.end]

    def expression(self) -> n.Node:
        return self.or_expr()

    def or_expr(self) -> n.Node:
        first = self.peek()
        left = self.and_expr()
        while self.at("or"):
            self.next()
            right = self.and_expr()
            assert first is not None
            left = n.Binary(left.line, self.span(first), "or", left, right)
        return left

    def and_expr(self) -> n.Node:
        first = self.peek()
        left = self.not_expr()
        while self.at("and"):
            self.next()
            right = self.not_expr()
            assert first is not None
            left = n.Binary(left.line, self.span(first), "and", left, right)
        return left

    def not_expr(self) -> n.Node:
        if self.at("not"):
            first = self.next()
            nxt = self.peek()
            if nxt is not None and nxt.kind == "op" and nxt.text == "(":
                # `not(x)` reads as a call; keep it in the same shape as `not x`.
                self.pos -= 1
                return self.comparison()
            operand = self.not_expr()
            return n.Unary(first.line, self.span(first), "not", operand)
        return self.comparison()

    def comparison(self) -> n.Node:
        first = self.peek()
        left = self.additive()
        tok = self.peek()
        assert first is not None
        if tok is not None and tok.kind == "op" and tok.text in COMPARISONS:
            self.next()
            right = self.additive()
            node: n.Node = n.Binary(left.line, self.span(first), tok.text, left, right)
            nxt = self.peek()
            if nxt is not None and nxt.kind == "op" and nxt.text in COMPARISONS:
                raise RuleError.at(nxt.line, nxt.column, "比较不能连写，请用 and 连接两个比较")
            return node
        if self.at("in"):
            self.next()
            right = self.additive()
            return n.Binary(left.line, self.span(first), "in", left, right)
        if self.at("not"):
            save = self.pos
            self.next()
            if self.at("in"):
                self.next()
                right = self.additive()
                return n.Binary(left.line, self.span(first), "notin", left, right)
            self.pos = save
        return left

    def additive(self) -> n.Node:
        first = self.peek()
        left = self.term()
        while self.at("+") or self.at("-"):
            op = self.next().text
            right = self.term()
            assert first is not None
            left = n.Binary(left.line, self.span(first), op, left, right)
        return left

    def term(self) -> n.Node:
        first = self.peek()
        left = self.unary()
        while self.at("*") or self.at("/"):
            op_tok = self.next()
            right = self.unary()
            if op_tok.text == "/" and isinstance(right, n.Literal) and right.value == Decimal(0):
                raise RuleError.at(op_tok.line, op_tok.column, "除数为零")
            assert first is not None
            left = n.Binary(left.line, self.span(first), op_tok.text, left, right)
        return left

    def unary(self) -> n.Node:
        if self.at("-"):
            first = self.next()
            operand = self.unary()
            return n.Unary(first.line, self.span(first), "-", operand)
        return self.primary()

    def primary(self) -> n.Node:
        tok = self.next()
        if tok.kind == "number":
            return n.Literal(tok.line, tok.text, _number(tok), Type.NUMBER)
        if tok.kind == "date":
            try:
                value = date.fromisoformat(tok.text)
            except ValueError:
                raise RuleError.at(tok.line, tok.column, f"日期“{tok.text}”不存在") from None
            return n.Literal(tok.line, tok.text, value, Type.DATE)
        if tok.kind == "string":
            return n.Literal(tok.line, tok.text, tok.text[1:-1], Type.TEXT)
        if tok.kind == "param":
            return n.ParamRef(tok.line, tok.text, tok.text[1:])
        if tok.kind == "keyword" and tok.text in ("true", "false"):
            return n.Literal(tok.line, tok.text, tok.text == "true", Type.BOOL)
        if tok.kind == "keyword" and tok.text == "today":
            return n.Today(tok.line, tok.text)
        if tok.kind == "keyword" and tok.text == "not":
            # Only reached for `not(...)`, see not_expr.
            return self.call(tok)
        if tok.kind == "name":
            if self.at("("):
                return self.call(tok)
            return n.NameRef(tok.line, tok.text, tok.text)
        if tok.kind == "op" and tok.text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if tok.kind == "op" and tok.text == "[":
            items: list[n.Node] = []
            while not self.at("]"):
                items.append(self.expression())
                if not self.at("]"):
                    self.expect(",")
            self.expect("]")
            return n.ListLiteral(tok.line, self.span(tok), tuple(items))
        raise RuleError.at(tok.line, tok.column, f"此处不应出现“{tok.text}”")

    def call(self, name_tok: Token) -> n.Node:
        self.expect("(")
        args: list[n.Node] = []
        while not self.at(")"):
            args.append(self.expression())
            if not self.at(")"):
                self.expect(",")
        self.expect(")")
        return n.Call(name_tok.line, self.span(name_tok), name_tok.text, tuple(args))


def _number(tok: Token) -> Decimal:
    text = tok.text
    try:
        if text.endswith("%"):
            return Decimal(text[:-1]) / Decimal(100)
        return Decimal(text)
    except InvalidOperation:
        raise RuleError.at(tok.line, tok.column, f"无法识别的数值“{text}”") from None


def parse_definitions(source: str) -> list[n.Definition]:
    """Statements of `name = expression`, in source order. Syntax only; see checker for meaning."""
    definitions: list[n.Definition] = []
    problems: list[Problem] = []
    for statement in split_statements(tokenize(source)):
        head = statement[0]
        if head.kind != "name" or len(statement) < 3 or statement[1].text != "=":
            problems.append(Problem(head.line, head.column, "每条定义应写成“名称 = 表达式”"))
            continue
        parser = _Parser(source, statement[2:])
        try:
            expr = parser.expression()
            rest = parser.peek()
            if rest is not None:
                raise RuleError.at(rest.line, rest.column, f"表达式后多出“{rest.text}”")
        except RuleError as exc:
            problems.extend(exc.problems)
            continue
        definitions.append(n.Definition(head.text, head.line, expr))
    if problems:
        raise RuleError(problems)
    return definitions
