"""Pluggable pieces: computed-indicator functions and listeners told when observations change.

Other apps register here in their AppConfig.ready(), so this app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# fn(region_id, period_start, period_end) -> value or None when the platform has no data
ComputeFn = Callable[[int, date, date], Decimal | None]


@dataclass(frozen=True)
class ComputedIndicator:
    code: str  # the indicator's code, e.g. "I17.4"
    description: str
    compute: ComputeFn


_COMPUTED: dict[str, ComputedIndicator] = {}
_LISTENERS: list[Callable[[set[str]], None]] = []


def register_computed(item: ComputedIndicator) -> None:
    _COMPUTED[item.code] = item


def computed_indicators() -> dict[str, ComputedIndicator]:
    return dict(_COMPUTED)


def unregister_computed(code: str) -> None:
    _COMPUTED.pop(code, None)


def register_change_listener(fn: Callable[[set[str]], None]) -> None:
    """fn(periods) runs after the transaction that changed observations of those periods commits."""
    if fn not in _LISTENERS:
        _LISTENERS.append(fn)


def observations_changed(periods: set[str]) -> None:
    for fn in _LISTENERS:
        fn(periods)
