"""Errors of the condition language: each names the line (1-based) and the reason in Chinese."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    line: int
    column: int
    reason: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.reason}"


class RuleError(Exception):
    """A rule text the language refuses. `problems` lists every error found, in line order."""

    def __init__(self, problems: list[Problem]):
        unique = {(p.line, p.reason): p for p in problems}
        self.problems = sorted(unique.values(), key=lambda p: (p.line, p.column))
        super().__init__("；".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, line: int, column: int, reason: str) -> RuleError:
        return cls([Problem(line, column, reason)])
