from __future__ import annotations

from django.http import HttpRequest

from yingshang.core.navigation import menu_groups


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": [], "unread_count": 0}
    return {
        "nav_groups": menu_groups(user),
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
    }
