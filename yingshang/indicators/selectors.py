"""Scoped reads of indicators, observations and warnings."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from yingshang.core.access import region_q
from yingshang.core.models import Region, User
from yingshang.indicators.models import Indicator, IndicatorWarning, Observation

Role = User.Role


def indicators() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("parent", "lead_unit")


def second_level() -> QuerySet[Indicator]:
    return indicators().filter(parent__isnull=False, is_active=True)


def regions_for(user: User) -> QuerySet[Region]:
    return Region.objects.filter(region_q(user, field="")) if user.region_id else Region.objects.all()


def visible_observations(user: User) -> QuerySet[Observation]:
    qs = Observation.objects.select_related("indicator", "indicator__parent", "region", "unit")
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user))
    if user.is_unit_user:
        return qs.filter(Q(indicator__lead_unit_id=user.unit_id) | Q(unit_id=user.unit_id))
    return qs.none()


def visible_warnings(user: User) -> QuerySet[IndicatorWarning]:
    qs = IndicatorWarning.objects.select_related(
        "indicator", "indicator__parent", "region", "lead_unit", "observation"
    )
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user))
    if user.is_unit_user:
        return qs.filter(lead_unit_id=user.unit_id)
    return qs.none()


def enterable_indicators(user: User) -> QuerySet[Indicator]:
    """Indicators the user may report values for: all for the office, its own for a lead unit."""
    qs = second_level()
    if user.role == Role.OFFICE_ADMIN:
        return qs
    if user.is_unit_user:
        return qs.filter(lead_unit_id=user.unit_id)
    return qs.none()
