"""Which robots a user may see and manage: a unit its own; the office every unit's and office's in its region."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from yingshang.core.access import region_q
from yingshang.core.models import Region, User, Webhook

Role = User.Role


def manageable_webhooks(user: User) -> QuerySet[Webhook]:
    qs = Webhook.objects.select_related("unit", "unit__region", "region")
    if user.role == Role.OFFICE_ADMIN:
        if user.region_id is None:
            return qs
        return qs.filter(region_q(user, "unit__region") | region_q(user, "region"))
    if user.is_unit_user and user.unit_id:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def office_regions(user: User) -> QuerySet[Region]:
    """Regions whose office group this user may register: the office's own region and those below."""
    if user.role != Role.OFFICE_ADMIN:
        return Region.objects.none()
    return Region.objects.filter(region_q(user, field="")) if user.region_id else Region.objects.all()


def covering_regions_q(region: Region) -> Q:
    """Office robots that hear about an item of `region`: that region's office and every office above."""
    ancestors = [int(p) for p in region.tree_path.strip("/").split("/") if p]
    return Q(region_id__in=ancestors)


def mask_url(url: str) -> str:
    """Enough of a robot URL to recognise it: scheme, host, the path's start and the key's last 4 chars."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "***"
    tail = url[-4:] if len(url) > 12 else ""
    return f"{parts.scheme}://{parts.hostname or ''}/…{tail}"


def mask_secret(secret: str) -> str:
    if not secret:
        return ""
    return f"{secret[:3]}…{secret[-2:]}" if len(secret) > 8 else "已设置"
