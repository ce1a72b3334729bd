"""Reads of the reviews app, scoped by who asks: the office and leaders their region, a unit its own."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from yingshang.core.access import region_q
from yingshang.core.models import Region, User
from yingshang.core.visibility import Audience, audience_for, contact_visible
from yingshang.reviews.models import BadRatingCase, Rating, RatingAppeal, ServiceMatter, ServicePoint

Role = User.Role
MANAGERS = (Role.OFFICE_ADMIN, Role.LEADER)
STAFF = (Role.OFFICE_ADMIN, Role.LEADER, Role.UNIT_LEADER, Role.UNIT_STAFF)


def _scope(user: User, qs: QuerySet, *, unit_field: str = "unit") -> QuerySet:  # type: ignore[type-arg]
    if user.role in MANAGERS:
        return qs.filter(region_q(user))
    if user.is_unit_user:
        return qs.filter(**{f"{unit_field}_id": user.unit_id})
    return qs.none()


def visible_cases(user: User) -> QuerySet[BadRatingCase]:
    qs = BadRatingCase.objects.select_related("rating", "rating__point", "rating__matter", "unit")
    return _scope(user, qs)


def visible_ratings(user: User) -> QuerySet[Rating]:
    return _scope(user, Rating.objects.all())


def visible_points(user: User) -> QuerySet[ServicePoint]:
    return _scope(user, ServicePoint.objects.select_related("unit"))


def visible_matters(user: User) -> QuerySet[ServiceMatter]:
    return _scope(user, ServiceMatter.objects.select_related("unit"))


def pending_appeals(user: User) -> QuerySet[RatingAppeal]:
    if user.role not in MANAGERS:
        return RatingAppeal.objects.none()
    return RatingAppeal.objects.filter(region_q(user, field="case__region"), status="pending").select_related(
        "case", "case__unit"
    )


def may_see_rater(user: User) -> bool:
    """A real-name rater's name and contact: the office only, for verification (core.visibility)."""
    return contact_visible(audience_for(user)) and audience_for(user) == Audience.OFFICE


def flagged_ratings(user: User) -> QuerySet[Rating]:
    """Ratings with a suspicious-pattern flag, for the office (they still count)."""
    if user.role != Role.OFFICE_ADMIN:
        return Rating.objects.none()
    return (
        Rating.objects.filter(region_q(user))
        .exclude(flags=[])
        .select_related("point", "unit")
        .order_by("-submitted_at")
    )


def enterprise_ratings(enterprise_id: int) -> QuerySet[Rating]:
    """The ratings an enterprise gave itself: one-matter requests and ratings by its users (newest first)."""
    return (
        Rating.objects.filter(
            Q(request__enterprise_id=enterprise_id) | Q(rater_user__enterprise_id=enterprise_id)
        )
        .select_related("unit", "point", "matter")
        .order_by("-submitted_at", "-id")
    )


def enterprise_cases(enterprise_id: int) -> QuerySet[BadRatingCase]:
    """The 差评 cases made from the enterprise's own ratings (newest first)."""
    return (
        BadRatingCase.objects.filter(
            Q(rating__request__enterprise_id=enterprise_id)
            | Q(rating__rater_user__enterprise_id=enterprise_id)
        )
        .select_related("rating", "unit")
        .order_by("-opened_at", "-id")
    )


def raters_in_year(region: Region, year: int) -> list[tuple[int, int | None]]:
    """(enterprise, rated unit) pairs for the ratings enterprises of the region gave in ``year``."""
    base = Rating.objects.filter(region__tree_path__startswith=region.tree_path, submitted_at__year=year)
    by_request = base.filter(request__isnull=False).values_list("request__enterprise_id", "unit_id")
    by_user = base.filter(rater_user__enterprise__isnull=False).values_list(
        "rater_user__enterprise_id", "unit_id"
    )
    return list(by_request.union(by_user))
