"""Connects the Django-free calendar in `workdays.py` to the office-edited CalendarDay table."""

from __future__ import annotations

from datetime import date

from django.db import DatabaseError


def _load_overrides() -> dict[date, bool]:
    from yingshang.core.models import CalendarDay

    try:
        return dict(CalendarDay.objects.values_list("date", "is_workday"))
    except DatabaseError:
        # Before the first migration the table does not exist yet; the built-in calendar still works.
        return {}


def register() -> None:
    from yingshang.core import workdays

    workdays.set_override_loader(_load_overrides)
