"""Checks shared by the policies services: who may do what to which policy."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from yingshang.core.access import region_q, require_role, require_write
from yingshang.core.errors import NotAllowed, NotFound, ValidationFailed
from yingshang.core.models import Region, User
from yingshang.core.text import forbidden_character
from yingshang.policies.models import Policy

Role = User.Role


def today() -> date:
    return timezone.localdate()


def require_office(actor: User) -> None:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)


def require_policy_office(actor: User, policy: Policy) -> None:
    """The office whose region covers the policy's region."""
    require_office(actor)
    if not Region.objects.filter(region_q(actor, ""), pk=policy.region_id).exists():
        raise NotFound("未找到该政策。")


def require_responsible_unit(actor: User, policy: Policy) -> None:
    """The office of the policy's region, or a user of its responsible unit."""
    require_write(actor)
    if actor.role == Role.OFFICE_ADMIN:
        require_policy_office(actor, policy)
        return
    if actor.is_unit_user and actor.unit_id == policy.responsible_unit_id:
        return
    raise NotAllowed("只有政策的责任单位或营商办可以办理。", code="not_responsible")


def clean_text(value: str, field: str, label: str, *, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(f"请填写{label}。", code="required", fields={field: "必填"})
    if len(text) > max_length:
        raise ValidationFailed(f"{label}过长。", code="too_long", fields={field: "过长"})
    problem = forbidden_character(text)
    if problem:
        raise ValidationFailed(f"{label}{problem}", code="control_character", fields={field: problem})
    return text
