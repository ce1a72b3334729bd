"""我的待办: what the current user must act on. Each app registers a provider in its AppConfig.ready().

Items come back grouped by kind (审核报送, 诉求, 指标预警…) with a count per kind, and everything overdue
or due today from every kind is lifted into one "urgent" list at the top, so a long queue of one kind
never hides a late item of another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from yingshang.core.models import User


@dataclass(frozen=True)
class TodoItem:
    kind: str  # shown as a tag, e.g. "任务", "诉求"
    title: str
    url: str
    due: date | None = None
    colour: str = ""  # green / yellow / red
    detail: str = ""
    # Late although `due` does not say so (an appeal past its reply time today).
    overdue: bool = False

    def urgency(self, today: date) -> int:
        """0 overdue, 1 due today, 2 anything else."""
        if self.overdue or (self.due is not None and self.due < today):
            return 0
        if self.due == today:
            return 1
        return 2


@dataclass
class TodoGroup:
    kind: str
    items: list[TodoItem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def urgent_count(self) -> int:
        today = timezone.localdate()
        return sum(1 for i in self.items if i.urgency(today) < 2)


@dataclass
class TodoBoard:
    urgent: list[TodoItem]
    groups: list[TodoGroup]

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)


TodoProvider = Callable[[User], list[TodoItem]]
_PROVIDERS: list[TodoProvider] = []
COLOUR_RANK = {"red": 0, "yellow": 1, "green": 2, "": 3}


def register_todo_provider(provider: TodoProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def _sort_key(today: date) -> Callable[[TodoItem], tuple[int, int, date, str]]:
    return lambda i: (i.urgency(today), COLOUR_RANK.get(i.colour, 3), i.due or date.max, i.title)


def todo_for(user: User) -> list[TodoItem]:
    """Every item of every provider, most urgent first: overdue, due today, then by colour and date."""
    items: list[TodoItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(user))
    return sorted(items, key=_sort_key(timezone.localdate()))


def todo_board(user: User) -> TodoBoard:
    """The items grouped by kind; groups holding the most urgent items first, whatever their size."""
    today = timezone.localdate()
    items = todo_for(user)
    groups: dict[str, TodoGroup] = {}
    for item in items:
        groups.setdefault(item.kind, TodoGroup(item.kind)).items.append(item)
    ordered = sorted(
        groups.values(),
        # Items are sorted already, so a group's first item is its most urgent one.
        key=lambda g: _sort_key(today)(g.items[0]),
    )
    return TodoBoard(urgent=[i for i in items if i.urgency(today) < 2], groups=ordered)
