"""The syntax tree. Every node keeps its line and its source text, so answers can quote the rule."""

from __future__ import annotations

from dataclasses import dataclass

from yingshang.policies.rules.types import Type, Value


@dataclass(frozen=True, eq=False)
class Node:
    line: int
    text: str


@dataclass(frozen=True, eq=False)
class Literal(Node):
    value: Value
    type: Type


@dataclass(frozen=True, eq=False)
class ListLiteral(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True, eq=False)
class FactRef(Node):
    key: str


@dataclass(frozen=True, eq=False)
class ParamRef(Node):
    name: str


@dataclass(frozen=True, eq=False)
class NameRef(Node):
    """A reference to another definition of the same rule."""

    name: str


@dataclass(frozen=True, eq=False)
class Today(Node):
    pass


@dataclass(frozen=True, eq=False)
class Unary(Node):
    op: str  # "not" or "-"
    operand: Node


@dataclass(frozen=True, eq=False)
class Binary(Node):
    op: str  # + - * / == != < <= > >= in notin and or
    left: Node
    right: Node


@dataclass(frozen=True, eq=False)
class Call(Node):
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True, eq=False)
class Definition:
    name: str
    line: int
    expr: Node
