"""One transition table per app: the only way a `.status` changes.

Each app declares its moves as data; `TransitionTable.apply` checks the move, changes the row with a
conditional UPDATE (so two concurrent moves cannot both succeed) and writes the event in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from yingshang.core.errors import Conflict
from yingshang.core.events import record_event
from yingshang.core.models import User


@dataclass(frozen=True)
class Move:
    action: str
    sources: frozenset[str]
    target: str
    label: str


class TransitionTable:
    def __init__(self, moves: Iterable[tuple[str, Iterable[str], str, str]], *, labels: Mapping[str, str]):
        self.moves: dict[str, Move] = {}
        for action, sources, target, label in moves:
            self.moves[action] = Move(action, frozenset(sources), target, label)
        self.labels = dict(labels)

    def allowed(self, status: str) -> list[Move]:
        return [m for m in self.moves.values() if status in m.sources]

    def can(self, status: str, action: str) -> bool:
        move = self.moves.get(action)
        return move is not None and status in move.sources

    def target(self, action: str) -> str:
        return self.moves[action].target

    @transaction.atomic
    def apply(
        self,
        obj: models.Model,
        action: str,
        *,
        actor: User | None,
        note: dict[str, Any] | None = None,
        fields: dict[str, Any] | None = None,
    ) -> models.Model:
        """Move `obj` by `action`; raises Conflict when the move is not allowed or someone moved it first."""
        move = self.moves[action]
        current = obj.status  # type: ignore[attr-defined]
        if current not in move.sources:
            raise Conflict(
                f"当前状态为“{self.labels.get(current, current)}”，不能执行“{move.label}”。",
                code="bad_transition",
            )
        updates = {"status": move.target, **(fields or {})}
        changed = type(obj)._default_manager.filter(pk=obj.pk, status=current).update(**updates)
        if changed != 1:
            raise Conflict("该事项已被他人处理，请刷新后重试。", code="concurrent_change")
        for name, value in updates.items():
            setattr(obj, name, value)
        record_event(obj, actor=actor, action=action, from_status=current, to_status=move.target, note=note)
        return obj
