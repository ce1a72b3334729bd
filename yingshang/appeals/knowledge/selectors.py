"""Reads of the knowledge base: the filtered list, matches for an intake text, an entry's versions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from yingshang.appeals.knowledge.access import visible_entries
from yingshang.appeals.knowledge.matching import Match, best_matches
from yingshang.appeals.knowledge.models import KnowledgeEntry
from yingshang.core.models import User

S = KnowledgeEntry.Status


def overdue_review_q() -> Q:
    return Q(status=S.PUBLISHED, review_date__lt=timezone.localdate())


def filter_entries(qs: QuerySet[KnowledgeEntry], params: Mapping[str, Any]) -> QuerySet[KnowledgeEntry]:
    status = str(params.get("status") or "")
    if status in S.values:
        qs = qs.filter(status=status)
    if str(params.get("review") or "") == "overdue":
        qs = qs.filter(overdue_review_q())
    unit = str(params.get("unit") or "")
    if unit.isdigit():
        qs = qs.filter(owner_unit_id=int(unit))
    q = str(params.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(question__icontains=q)
            | Q(keywords__icontains=q)
            | Q(answer__icontains=q)
            | Q(policy_number__icontains=q)
        )
    return qs


def usable_entries(user: User) -> QuerySet[KnowledgeEntry]:
    """Entries an answer may come from: published, still valid, within the user's reach."""
    today = timezone.localdate()
    return (
        visible_entries(user)
        .filter(status=S.PUBLISHED)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    )


def matches_for(user: User, text: str, *, limit: int = 5) -> list[Match]:
    # Published entries of a region are a few hundred to a few thousand short texts: scored in memory.
    entries = usable_entries(user).only(
        "id",
        "question",
        "answer",
        "keywords",
        "policy_title",
        "policy_number",
        "policy_url",
        "owner_unit__name",
        "version",
        "status",
        "review_date",
        "valid_until",
    )[:5000]
    return best_matches(entries, text, limit=limit)
