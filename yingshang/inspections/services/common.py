"""Shared checks of the inspections services: who may act, and clean text."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from yingshang.core.access import require_write
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.models import Unit, User
from yingshang.core.text import forbidden_character


def clean(text: str | None, field: str, label: str, *, required: bool = True, limit: int = 2000) -> str:
    value = (text or "").strip()
    if required and not value:
        raise ValidationFailed(f"请填写{label}。", fields={field: "必填"})
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过{limit}字。", fields={field: "过长"})
    problem = forbidden_character(value)
    if problem:
        raise ValidationFailed(f"{label}{problem}", fields={field: "含控制字符"})
    return value


def require_office(actor: User) -> None:
    require_write(actor)
    if not actor.is_office:
        raise NotAllowed("只有营商办可以执行此操作。", code="role")


def require_office_or_unit(actor: User, unit: Unit) -> None:
    """The office, or a user of `unit` itself."""
    require_write(actor)
    if actor.is_office:
        return
    if not (actor.is_unit_user and actor.unit_id == unit.pk):
        raise NotAllowed("只有本部门或营商办可以执行此操作。", code="role")


def publication_workdays() -> int:
    """Results are published (公示) within this many working days of being recorded."""
    value: Any = settings.YINGSHANG.get("INSPECTION_PUBLICATION_WORKDAYS", 20)
    return int(value)


def rectification_workdays() -> int:
    value: Any = settings.YINGSHANG.get("INSPECTION_RECTIFICATION_WORKDAYS", 15)
    return int(value)
