"""Checks every outreach write shares: who may write, text limits, region scope."""

from __future__ import annotations

from yingshang.core.access import require_role, require_write
from yingshang.core.errors import NotFound, ValidationFailed
from yingshang.core.models import Region, User
from yingshang.core.text import forbidden_character

Role = User.Role
UNIT_ROLES = (Role.UNIT_LEADER, Role.UNIT_STAFF)


def require_office(actor: User) -> None:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)


def clean(value: str | None, field: str, label: str, *, required: bool = True, limit: int = 2000) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(f"请填写{label}。", fields={field: "必填"})
    if len(text) > limit:
        raise ValidationFailed(f"{label}不能超过{limit}字。", fields={field: "过长"})
    problem = forbidden_character(text)
    if problem:
        raise ValidationFailed(f"{label}{problem}", code="control_character", fields={field: problem})
    return text


def in_scope(actor: User, region: Region) -> bool:
    """Whether ``region`` lies in the actor's region (tree_path lists the ancestors' ids: no query)."""
    return actor.region_id is None or f"/{actor.region_id}/" in region.tree_path


def check_scope(actor: User, region: Region) -> None:
    if not in_scope(actor, region):
        raise NotFound("未找到该对象，或您无权查看。")
