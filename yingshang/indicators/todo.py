"""我的待办 entries: live warnings the user's unit must explain (and, for the office, explanations to review)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from yingshang.core.models import User
from yingshang.core.todo import TodoItem
from yingshang.core.workdays import get_calendar


def warning_todos(user: User) -> list[TodoItem]:
    from yingshang.indicators.models import WarningStatus
    from yingshang.indicators.selectors import visible_warnings

    if user.is_unit_user:
        statuses = [WarningStatus.OPEN, WarningStatus.OVERDUE]
    elif user.is_office:
        statuses = [WarningStatus.EXPLAINED]
    else:
        return []
    today = timezone.localdate()
    cal = get_calendar()
    items = []
    for w in visible_warnings(user).filter(status__in=statuses)[:50]:
        colour = (
            "red"
            if w.status == WarningStatus.OVERDUE
            else cal.colour_for(w.due_date, today, yellow_workdays=2)
        )
        items.append(
            TodoItem(
                kind="指标预警",
                title=f"{w.indicator}（{w.region.name} {w.observation.period}）{w.get_status_display()}",
                url=reverse("indicators:warning_detail", args=[w.pk]),
                due=w.due_date,
                colour=colour if user.is_unit_user else "",
            )
        )
    return items
