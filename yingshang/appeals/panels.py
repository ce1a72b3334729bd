"""Panels other apps add to the appeal page (e.g. the arrears case an appeal opened), registered in
their AppConfig.ready(), so the appeals app never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


PanelFn = Callable[[Any, Any], Panel | None]  # (user, appeal) -> a panel or None
_PANELS: list[PanelFn] = []


def register_appeal_panel(fn: PanelFn) -> None:
    if fn not in _PANELS:
        _PANELS.append(fn)


def panels_for(user: Any, appeal: Any) -> list[Panel]:
    return [p for p in (fn(user, appeal) for fn in _PANELS) if p is not None]
