"""Reads of the inspections app: who sees which plan, figures per department, item and tier, coverage."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from yingshang.core.access import region_q
from yingshang.core.models import Enterprise, Region, User
from yingshang.inspections.models import DrawnTarget, Plan, PlanStatus, Rectification, ResultStatus

Role = User.Role
MANAGERS = (Role.OFFICE_ADMIN, Role.LEADER)
STAFF = (Role.OFFICE_ADMIN, Role.LEADER, Role.UNIT_LEADER, Role.UNIT_STAFF)
PUBLIC_STATUSES = (PlanStatus.ANNOUNCED, PlanStatus.COMMITTED, PlanStatus.DRAWN, PlanStatus.PUBLISHED)


def visible_plans(user: User) -> QuerySet[Plan]:
    qs = Plan.objects.select_related("region", "lead_unit")
    if user.role in MANAGERS:
        return qs.filter(region_q(user))
    if user.is_unit_user:
        return qs.filter(Q(lead_unit_id=user.unit_id) | Q(items__department_id=user.unit_id)).distinct()
    return qs.none()


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.select_related("region", "lead_unit").filter(status__in=PUBLIC_STATUSES)


def visible_targets(user: User) -> QuerySet[DrawnTarget]:
    qs = DrawnTarget.objects.select_related("enterprise", "draw__plan")
    if user.role in MANAGERS:
        return qs.filter(region_q(user, "draw__plan__region"))
    if user.is_unit_user:
        return qs.filter(inspectors__department_id=user.unit_id).distinct()
    return qs.none()


def visible_rectifications(user: User) -> QuerySet[Rectification]:
    """Rectifications of the targets the user sees; who may close one is the service's rule."""
    return Rectification.objects.select_related("owner").filter(
        target_id__in=visible_targets(user).values("pk")
    )


def figures(user: User, *, year: int) -> dict[str, Any]:
    """Drawn and inspected counts per department, item and tier, and coverage of the region's enterprises."""
    targets = visible_targets(user).filter(draw__plan__year=year)
    by_tier = list(
        targets.values("tier")
        .annotate(
            drawn=Count("pk", distinct=True),
            problems=Count("pk", filter=Q(outcome__in=["rectify", "transfer"]), distinct=True),
        )
        .order_by("tier")
    )
    by_department = list(
        targets.values("inspectors__department__name")
        .annotate(
            drawn=Count("pk", distinct=True), recorded=Count("pk", filter=~Q(outcome=""), distinct=True)
        )
        .order_by("inspectors__department__name")
    )
    by_item = list(
        targets.values("draw__plan__items__code", "draw__plan__items__name")
        .annotate(drawn=Count("pk", distinct=True))
        .order_by("draw__plan__items__code")
    )
    covered = targets.exclude(outcome="").values("enterprise_id").distinct().count()
    total = Enterprise.objects.filter(region_q(user)).count() if user.role in MANAGERS else 0
    return {
        "year": year,
        "by_tier": by_tier,
        "by_department": by_department,
        "by_item": by_item,
        "covered": covered,
        "enterprises": total,
        "coverage": round(covered / total * 100, 1) if total else None,
    }


def published_results(enterprise: Enterprise) -> QuerySet[DrawnTarget]:
    """The 公示 results of inspections of the enterprise. A target drawn but not yet inspected (or whose
    result is not yet public) is never included: inspections are unannounced."""
    return (
        DrawnTarget.objects.filter(enterprise=enterprise, status=ResultStatus.PUBLISHED)
        .select_related("draw__plan__lead_unit")
        .order_by("-inspected_on", "-id")
    )


def inspected_enterprises(region: Region, year: int) -> list[tuple[int, int | None]]:
    """(enterprise, lead unit) pairs for the region's targets inspected in ``year``."""
    rows = DrawnTarget.objects.filter(
        draw__plan__region__tree_path__startswith=region.tree_path,
        inspected_on__year=year,
        status__in=(ResultStatus.RECORDED, ResultStatus.PUBLISHED),
    ).values_list("enterprise_id", "draw__plan__lead_unit_id")
    return list(rows.distinct())
