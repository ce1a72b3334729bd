"""The component registry: each component scores units over a period on a 0..1 scale, with its numbers.

`compute(unit_ids, period_start, period_end)` returns {unit_id: (value or None, explanation)}. The
explanation is a flat dict of the figures the value came from (shown when a score is opened) and may
carry these keys, which the ranking reads:
- "sample": how many data points the value rests on (units below the scheme's minimum are not ranked);
- "all_met": True when the unit met every target it had (such a unit is never black-listed);
- "anomalies": list of short Chinese notes (jumps, suspicious data) shown next to the score.
The ledger and appeals apps register their own components in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

Result = dict[int, tuple[float | None, dict[str, Any]]]
ComputeFn = Callable[[list[int], date, date], Result]


@dataclass(frozen=True)
class Component:
    code: str
    name: str
    compute: ComputeFn
    description: str = ""


_COMPONENTS: dict[str, Component] = {}


def register_component(component: Component) -> None:
    _COMPONENTS[component.code] = component


def unregister_component(code: str) -> None:
    _COMPONENTS.pop(code, None)


def get_component(code: str) -> Component | None:
    return _COMPONENTS.get(code)


def all_components() -> list[Component]:
    return sorted(_COMPONENTS.values(), key=lambda c: c.code)
