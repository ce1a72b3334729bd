"""Demo data of the arrears app (filled below)."""

from __future__ import annotations

from collections.abc import Callable

from yingshang.core.demo import Cast


def load_arrears(cast: Cast, log: Callable[[str], None]) -> None:
    return None
