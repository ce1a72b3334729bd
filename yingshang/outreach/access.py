"""Who may open an enterprise's page (一企一档): the enterprise itself, the office of its region, and
its assigned contact cadres — nobody else; everyone else gets 404, as for another unit's object."""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Exists, OuterRef, QuerySet

from yingshang.core.access import region_q
from yingshang.core.errors import NotFound
from yingshang.core.models import Enterprise, User
from yingshang.outreach.models import Assignment

Role = User.Role
UNIT_ROLES = (Role.UNIT_LEADER, Role.UNIT_STAFF)


class Viewer(StrEnum):
    """How the viewer stands to the enterprise on its page."""

    OFFICE = "office"
    CADRE = "cadre"
    OWN = "own"


def served_enterprises(user: User) -> QuerySet[Enterprise]:
    """Enterprises whose page ``user`` may open."""
    qs = Enterprise.objects.select_related("region")
    if user.role == Role.OFFICE_ADMIN:
        return qs.filter(region_q(user))
    if user.role in UNIT_ROLES:
        return qs.filter(Exists(Assignment.objects.filter(enterprise=OuterRef("pk"), cadre=user)))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(pk=user.enterprise_id)
    return qs.none()


def viewer_kind(user: User) -> Viewer:
    if user.role == Role.OFFICE_ADMIN:
        return Viewer.OFFICE
    if user.role == Role.ENTERPRISE:
        return Viewer.OWN
    return Viewer.CADRE


def enterprise_for(user: User, pk: int) -> Enterprise:
    try:
        return served_enterprises(user).get(pk=pk)
    except (Enterprise.DoesNotExist, ValueError, TypeError):
        raise NotFound("未找到该企业，或您无权查看。") from None
