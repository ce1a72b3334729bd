"""Shared pieces of the ledger's services: who may act and where, whom to tell, and each task's colour and roll-up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from yingshang.core import services as core_services
from yingshang.core.access import require_role, require_write
from yingshang.core.errors import NotAllowed, NotFound, ValidationFailed
from yingshang.core.models import Region, Unit, User
from yingshang.ledger import clock
from yingshang.ledger.models import (
    Task,
    TaskUnit,
)

Role = User.Role
UNIT_ROLES = (Role.UNIT_LEADER, Role.UNIT_STAFF)
DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf", ".doc", ".wps", ".ofd", ".jpg", ".jpeg", ".png")
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8",),
    ".jpeg": (b"\xff\xd8",),
    ".png": (b"\x89PNG",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
MAX_TEXT = 500_000


# -- helpers ---------------------------------------------------------------------------------------


def require_office(actor: User) -> None:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)


def regions_under(region: Region) -> list[Region]:
    return list(Region.objects.filter(tree_path__startswith=region.tree_path))


def units_under(region: Region) -> list[Unit]:
    return list(
        Unit.objects.filter(region__tree_path__startswith=region.tree_path, is_active=True).select_related(
            "region"
        )
    )


def _check_in_scope(actor: User, region: Region) -> None:
    if actor.region_id and not region.tree_path.startswith(
        Region.objects.values_list("tree_path", flat=True).get(pk=actor.region_id)
    ):
        raise NotFound("未找到该对象，或您无权查看。")


def unit_users(unit_ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(unit_id__in=list(unit_ids), role__in=UNIT_ROLES, is_active=True))


def office_users(region: Region) -> list[User]:
    """Office staff whose region covers `region` (or who have no region limit)."""
    ancestors = [int(p) for p in region.tree_path.strip("/").split("/") if p]
    return list(
        User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True).filter(
            Q(region_id__in=ancestors) | Q(region__isnull=True)
        )
    )


def task_url(task: Task) -> str:
    return f"/ledger/tasks/{task.pk}/"


def _unit_role(actor: User, task: Task) -> str | None:
    if not actor.is_unit_user or actor.unit_id is None:
        return None
    return TaskUnit.objects.filter(task=task, unit_id=actor.unit_id).values_list("role", flat=True).first()


def _require_task_unit(actor: User, task: Task) -> str:
    """The actor's role on the task; another unit's task is 'not found', a read-only user is 403."""
    require_write(actor)
    role = _unit_role(actor, task)
    if role is None:
        if actor.is_office:
            raise NotAllowed("营商办不能代替责任单位报送。", code="role")
        raise NotFound("未找到该对象，或您无权查看。")
    return role


def _region_above(upper: Region | None, lower: Region | None) -> bool:
    """True when `upper` is a strict ancestor of `lower`; an office with no region is above everyone."""
    if upper is None:
        return True
    if lower is None:
        return False
    return lower.tree_path.startswith(upper.tree_path) and lower.pk != upper.pk


def _needs_second_level(actor: User) -> bool:
    return (
        settings.YINGSHANG.get("CLOSURE_LEVELS", 1) >= 2
        and actor.region is not None
        and (actor.region.parent_id is not None)
    )


def _notify_lead(task: Task, *, title: str, kind: str, body: str = "") -> None:
    """Tell the lead unit's users about a move of their task."""
    core_services.notify(
        recipients=unit_users([task.lead_unit_id] if task.lead_unit_id else []),
        title=title,
        body=body,
        url=task_url(task),
        kind=kind,
    )


def _require_office_for(actor: User, task: Task) -> None:
    require_office(actor)
    _check_in_scope(actor, task.region)


def _clean(text: str | None, field: str, label: str, *, required: bool = True, limit: int = 5000) -> str:
    value = (text or "").strip()
    if required and not value:
        raise ValidationFailed(f"请填写{label}。", fields={field: "必填"})
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过{limit}字。", fields={field: "过长"})
    return value


def _fresh_status(task: Task) -> None:
    """Callers may hold a task read before an earlier move of theirs (a report starts it); the move
    itself still only succeeds if the row has this status at UPDATE time, so races stay safe."""
    task.status = Task.objects.values_list("status", flat=True).get(pk=task.pk)


# -- colour and roll-up ----------------------------------------------------------------------------


def compute_colour(task: Task, on: date | None = None) -> str:
    progress = (
        task.rollup_percent if task.is_group and task.rollup_percent is not None else task.progress_percent
    )
    started = timezone.localdate(task.dispatched_at) if task.dispatched_at else None
    return clock.colour_of(due=task.due_date, status=task.status, progress=progress, started=started, on=on)


def refresh_colour(task: Task) -> str:
    colour = compute_colour(task)
    if colour != task.colour:
        Task.objects.filter(pk=task.pk).update(colour=colour)
        task.colour = colour
    return colour


def _child_value(child: dict[str, Any]) -> float:
    if child["status"] == Task.Status.CLOSED:
        return 100.0
    if child["is_group"] and child["rollup_percent"] is not None:
        return float(child["rollup_percent"])
    return float(child["progress_percent"])


def roll_up(task: Task) -> None:
    """Recompute the weighted mean progress of every ancestor of `task` (equal weights unless set)."""
    parent_id = task.parent_id
    while parent_id is not None:
        children = list(
            Task.objects.filter(parent_id=parent_id)
            .exclude(status=Task.Status.CANCELLED)
            .values("weight", "progress_percent", "rollup_percent", "is_group", "status")
        )
        total = sum(Decimal(c["weight"]) for c in children)
        value = (
            round(sum(float(c["weight"]) * _child_value(c) for c in children) / float(total)) if total else 0
        )
        Task.objects.filter(pk=parent_id).update(rollup_percent=value)
        parent = Task.objects.get(pk=parent_id)
        refresh_colour(parent)
        parent_id = parent.parent_id
