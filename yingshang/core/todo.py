"""我的待办: what the current user must act on. Each app registers a provider in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from yingshang.core.models import User


@dataclass(frozen=True)
class TodoItem:
    kind: str  # shown as a tag, e.g. "任务", "诉求"
    title: str
    url: str
    due: date | None = None
    colour: str = ""  # green / yellow / red
    detail: str = ""


TodoProvider = Callable[[User], list[TodoItem]]
_PROVIDERS: list[TodoProvider] = []


def register_todo_provider(provider: TodoProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def todo_for(user: User) -> list[TodoItem]:
    items: list[TodoItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(user))
    colour_rank = {"red": 0, "yellow": 1, "green": 2, "": 3}
    return sorted(items, key=lambda i: (colour_rank.get(i.colour, 3), i.due or date.max, i.title))
