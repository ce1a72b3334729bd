"""Access helpers: every page and API call scopes data through these.

Rules: another unit's (or region's) object is reported as missing (404), never as forbidden, so its
existence does not leak; a read-only user's write is 403.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from yingshang.core.errors import NotAllowed, NotFound
from yingshang.core.models import Enterprise, Region, Unit, User
from yingshang.core.visibility import mask_phone as mask_phone  # re-exported: scope and mask in one import

M = TypeVar("M", bound=models.Model)
Role = User.Role
STAFF_ROLES = (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF, Role.LEADER)


def region_q(user: User, field: str = "region") -> Q:
    """Q for rows whose `field` region lies in the user's region subtree (all regions if none set)."""
    if user.region_id is None:
        return Q()
    prefix = f"{field}__" if field else ""
    return Q(**{f"{prefix}tree_path__startswith": _kept_region(user.region_id).tree_path})


# A region is never moved, re-parented or deleted once made (core.services.create_region sets its
# tree_path once; there is no edit), so each process keeps the rows it has read: scoping a page or an
# API call by the caller's region, and a filing's region check, cost no query after the first. A
# region saved in this process clears the copy (core.apps).
_regions: dict[int, Region] = {}


def _kept_region(region_id: int) -> Region:
    """The shared copy: read it, never change or hand it out. Raises Region.DoesNotExist."""
    region = _regions.get(region_id)
    if region is None:
        region = Region.objects.get(pk=region_id)
        if region.tree_path != "/":  # "/" only inside create_region's transaction, before the path is set
            _regions[region_id] = region
    return region


def region_by_id(region_id: int) -> Region:
    """The region with this id (a private copy: callers may not change the shared one).
    Raises Region.DoesNotExist."""
    return copy.copy(_kept_region(region_id))


def forget_regions(**_: Any) -> None:
    _regions.clear()


def require_write(user: User) -> None:
    if user.is_read_only:
        raise NotAllowed("只读账号不能修改数据。", code="read_only")


def require_role(user: User, *roles: str) -> None:
    if user.role not in roles:
        raise NotAllowed("您的角色无权执行此操作。", code="role")


def visible_units(user: User) -> QuerySet[Unit]:
    qs = Unit.objects.select_related("region")
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user))
    if user.is_unit_user:
        return qs.filter(pk=user.unit_id)
    return qs.none()


def visible_enterprises(user: User) -> QuerySet[Enterprise]:
    qs = Enterprise.objects.select_related("region")
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user))
    if user.is_unit_user:
        # Units deal with enterprises of their region; contacts are masked for them (see can_see_contact).
        return qs.filter(region_q(user)) if user.region_id else qs
    if user.role == Role.ENTERPRISE:
        return qs.filter(pk=user.enterprise_id)
    return qs.none()


def can_see_contact(user: User, enterprise: Enterprise) -> bool:
    """An enterprise's registered contact: the office and the enterprise itself (core.visibility masks
    it for everyone else, as it masks complainants)."""
    return user.role == Role.OFFICE_ADMIN or (
        user.role == Role.ENTERPRISE and user.enterprise_id == enterprise.pk
    )


def get_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound("未找到该对象，或您无权查看。") from None


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Page decorator: anonymous → login page; wrong role → 403 (the page is not theirs at all)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and user.role not in roles:  # type: ignore[union-attr]
                raise NotAllowed("您的角色无权访问此页面。", code="role")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


login_required = role_required()
