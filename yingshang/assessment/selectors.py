"""Scoped reads of schemes, scores, follow-ups and bulletins."""

from __future__ import annotations

from django.db.models import QuerySet

from yingshang.assessment.models import Bulletin, FollowUp, Scheme, SchemeStatus, Score
from yingshang.core.access import region_q
from yingshang.core.models import User

Role = User.Role
MANAGERS = (Role.OFFICE_ADMIN, Role.LEADER)


def visible_schemes(user: User) -> QuerySet[Scheme]:
    qs = Scheme.objects.select_related("region")
    if user.role in MANAGERS:
        return qs.filter(region_q(user))
    return qs.none()


def visible_scores(user: User) -> QuerySet[Score]:
    """The office and leaders see every score of their region; a unit only its own, once computed."""
    qs = Score.objects.select_related("unit", "scheme", "scheme__region")
    if user.role in MANAGERS:
        return qs.filter(region_q(user, field="scheme__region"))
    if user.is_unit_user:
        return qs.filter(unit_id=user.unit_id).exclude(scheme__status=SchemeStatus.DRAFT)
    return qs.none()


def visible_follow_ups(user: User) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.select_related("unit", "scheme")
    if user.role in MANAGERS:
        return qs.filter(region_q(user, field="scheme__region"))
    if user.is_unit_user:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def visible_bulletins(user: User) -> QuerySet[Bulletin]:
    qs = Bulletin.objects.select_related("region").defer("docx", "pdf")
    if user.role in MANAGERS:
        return qs.filter(region_q(user))
    return qs.none()


def published_schemes() -> QuerySet[Scheme]:
    return (
        Scheme.objects.filter(status=SchemeStatus.PUBLISHED)
        .select_related("region")
        .order_by("-published_at")
    )
