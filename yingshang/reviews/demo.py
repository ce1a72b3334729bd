"""Demo data: windows and matters, a few hundred ratings over the last months, bad ratings in every state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def load_reviews(cast: Any, log: Callable[[str], None]) -> None:
    from yingshang.reviews.demo_data import build

    build(cast, log)
