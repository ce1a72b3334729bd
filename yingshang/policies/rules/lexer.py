"""Tokens of the condition language. One regex per token kind; anything else is refused with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yingshang.policies.rules.errors import Problem, RuleError

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "today"})

# Each kind, tried in order at the current position. Example: `years_since(founded_on) <= 3`.
TOKEN_RE = re.compile(
    r"""
    (?P<space>[ \t\u3000]+)
  | (?P<comment>\#[^\n]*)
  | (?P<newline>\n)
  | (?P<date>\d{4}-\d{2}-\d{2})                    # 2026-07-01
  | (?P<number>\d+(?:\.\d+)?%?)                    # 2000000, 0.5, 10%
  | (?P<string>"[^"\n]*"|“[^”\n]*”)                # "小型" or “小型”
  | (?P<param>\$[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff]*)   # $min_investment
  | (?P<name>[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff]*)      # founded_on, 新增投资额
  | (?P<op>==|!=|<=|>=|<|>|=|\+|-|\*|/|\(|\)|\[|\]|,|，|（|）)
    """,
    re.VERBOSE,
)

# Full-width punctuation typed on a Chinese keyboard means the same as its ASCII twin.
FULL_WIDTH = {"，": ",", "（": "(", "）": ")"}


@dataclass(frozen=True)
class Token:
    kind: str  # date number string param name op newline eof
    text: str
    line: int
    column: int
    start: int
    end: int


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    problems: list[Problem] = []
    line, line_start, pos = 1, 0, 0
    while pos < len(source):
        m = TOKEN_RE.match(source, pos)
        if m is None:
            ch = source[pos]
            problems.append(Problem(line, pos - line_start + 1, f"无法识别的字符“{ch}”"))
            pos += 1
            continue
        kind = m.lastgroup or ""
        text = m.group()
        if kind == "newline":
            tokens.append(Token("newline", text, line, pos - line_start + 1, pos, m.end()))
            line += 1
            line_start = m.end()
        elif kind not in ("space", "comment"):
            if kind == "op":
                text = FULL_WIDTH.get(text, text)
            if kind == "name" and text in KEYWORDS:
                kind = "keyword"
            tokens.append(Token(kind, text, line, pos - line_start + 1, pos, m.end()))
        pos = m.end()
    if problems:
        raise RuleError(problems)
    tokens.append(Token("eof", "", line, pos - line_start + 1, pos, pos))
    return tokens
