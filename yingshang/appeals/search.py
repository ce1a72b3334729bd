"""Search-box hits of appeals: by title words, among the appeals the user may see."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from yingshang.appeals.selectors import visible_appeals
from yingshang.core.models import User
from yingshang.core.search import PER_KIND, SearchHit, SearchResult


def appeal_search(user: User, text: str) -> SearchResult:
    q = Q()
    for word in text.split()[:8]:
        q &= Q(title__icontains=word)
    rows = visible_appeals(user).filter(q).select_related("service").order_by("-created_at")[:PER_KIND]
    return SearchResult(
        hits=[
            SearchHit(
                kind="诉求",
                code=f"#{a.pk}",
                title=a.title,
                url=reverse("appeals:detail", args=[a.pk]),
                detail=f"{a.service.name} · {a.get_status_display()}",
            )
            for a in rows
        ]
    )
