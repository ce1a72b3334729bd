from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from yingshang.core.access import region_q
from yingshang.core.models import Region, Unit, User

Role = User.Role
OFFICE = (Role.OFFICE_ADMIN,)
UNIT = (Role.UNIT_LEADER, Role.UNIT_STAFF)


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def regions_for(user: User) -> QuerySet[Region]:
    return Region.objects.filter(region_q(user, field=""))


def units_for(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(region_q(user), is_active=True).select_related("region")
