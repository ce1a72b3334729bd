"""Hand-edited lexicons in ``data/*.toml``, loaded once (stdlib tomllib)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed ``data/<name>.toml``; edit the file, not the code, to add a word."""
    raw = resources.files("policyparse").joinpath("data", f"{name}.toml").read_text("utf-8")
    return tomllib.loads(raw)
