"""Who may open an enterprise's page (一企一档): the enterprise itself, the office of its region, and
its assigned contact cadres — nobody else; everyone else gets 404, as for another unit's object.

And who may turn a raised problem into an item (pages, API and services all ask here): the office of
the problem's region, into an appeal or a ledger task; the contact cadre who logged the visit, while the
enterprise is still assigned to them, into an appeal only — tasks are the office's ledger."""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Exists, OuterRef, QuerySet

from yingshang.core.access import region_q
from yingshang.core.errors import NotFound
from yingshang.core.models import Enterprise, User
from yingshang.outreach.models import Assignment, Problem

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


def _office_of(user: User, problem: Problem) -> bool:
    return user.role == Role.OFFICE_ADMIN and (
        user.region_id is None or f"/{user.region_id}/" in problem.region.tree_path
    )


def raised_on_own_visit(user: User, problem: Problem) -> bool:
    """The part of the cadre's rule that needs no query: a unit cadre's own visit raised it."""
    return (
        user.role in UNIT_ROLES
        and problem.channel == Problem.Channel.VISIT
        and problem.enterprise_id is not None
        and problem.visit_id is not None
        and problem.raised_by_id == user.pk
    )


def may_convert_to_appeal(user: User, problem: Problem) -> bool:
    """转为诉求: the office, or the cadre whose own visit raised it about an enterprise they still serve."""
    if _office_of(user, problem):
        return True
    if not raised_on_own_visit(user, problem):
        return False
    return Assignment.objects.filter(enterprise=problem.enterprise, cadre=user).exists()


def may_convert_to_task(user: User, problem: Problem) -> bool:
    """转为督办任务 and 不予处理: the office only."""
    return _office_of(user, problem)
