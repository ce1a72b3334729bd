"""The sections of the enterprise page for the apps that exist today. Each reads through the owning
app's selectors and runs a fixed number of queries: the newest rows and a count, never the whole history."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from yingshang.appeals.models import AppealReply
from yingshang.appeals.selectors import visible_appeals, with_list_columns
from yingshang.core.access import can_see_contact
from yingshang.core.models import Enterprise, User
from yingshang.core.visibility import mask_name, mask_phone
from yingshang.ledger.selectors import visible_tasks
from yingshang.outreach.access import Viewer, raised_on_own_visit, viewer_kind
from yingshang.outreach.models import Problem, Visit
from yingshang.outreach.selectors import assignments_with_last_visit

NEWEST = 20


def _newest(qs: QuerySet[Any], n: int = NEWEST) -> dict[str, Any]:
    rows = list(qs[:n])
    total = qs.order_by().count()
    return {"rows": rows, "total": total, "more": total > n}


def profile_section(enterprise: Enterprise, viewer: User) -> dict[str, Any]:
    full = can_see_contact(viewer, enterprise)
    source = "市场主体登记"
    facts = [
        ("统一社会信用代码", enterprise.credit_code, source),
        ("行业", enterprise.industry or "—", source),
        ("规模", enterprise.get_size_class_display(), source),
        ("所在区域", enterprise.region.name, source),
        ("地址", enterprise.address or "—", source),
        ("信用风险分类", enterprise.get_credit_tier_display(), "信用分类结果"),
        (
            "联系人",
            (enterprise.contact_name if full else mask_name(enterprise.contact_name)) or "—",
            source,
        ),
        (
            "联系电话",
            (enterprise.contact_phone if full else mask_phone(enterprise.contact_phone)) or "—",
            source,
        ),
    ]
    return {"facts": facts, "contacts": list(assignments_with_last_visit(enterprise=enterprise))}


def appeals_section(enterprise: Enterprise, viewer: User) -> dict[str, Any]:
    replies = AppealReply.objects.filter(kind=AppealReply.Kind.REPLY).order_by("-created_at", "-id")
    qs = (
        with_list_columns(visible_appeals(viewer).filter(enterprise=enterprise))
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="public_replies"))
        .order_by("-created_at", "-id")
    )
    data = _newest(qs)
    data["staff"] = viewer_kind(viewer) != Viewer.OWN
    return data


def tasks_section(enterprise: Enterprise, viewer: User) -> dict[str, Any] | None:
    """Ledger tasks made from this enterprise's problems: staff only (a task's work is internal)."""
    if viewer_kind(viewer) == Viewer.OWN:
        return None
    ids = Problem.objects.filter(enterprise=enterprise, task__isnull=False).values("task_id")
    qs = (
        visible_tasks(viewer).filter(pk__in=ids).select_related("lead_unit").order_by("-dispatched_at", "-id")
    )
    return _newest(qs)


def visits_section(enterprise: Enterprise, viewer: User) -> dict[str, Any]:
    qs = Visit.objects.filter(enterprise=enterprise).select_related("cadre", "unit", "occasion")
    return _newest(qs)


def problems_section(enterprise: Enterprise, viewer: User) -> dict[str, Any]:
    qs = Problem.objects.filter(enterprise=enterprise).select_related("appeal", "task", "unit")
    own = viewer_kind(viewer) == Viewer.OWN
    if own:
        # 明察暗访 findings are the supervisor's report to the office, not the enterprise's business.
        qs = qs.exclude(channel=Problem.Channel.FINDING)
    data = _newest(qs)
    data["own"] = own
    # Open problems the viewer may act on, linked to their page: the office triages any; a contact cadre
    # (assigned, or this page would not open) turns those of their own visits into appeals.
    kind = viewer_kind(viewer)
    data["actionable"] = [
        p.pk
        for p in data["rows"]
        if p.status == Problem.Status.OPEN
        and (kind == Viewer.OFFICE or (kind == Viewer.CADRE and raised_on_own_visit(viewer, p)))
    ]
    data["office"] = kind == Viewer.OFFICE
    # The appeal or task a problem became is linked only where the viewer may open it (a cadre who
    # turned a problem into an appeal follows it by its tracking code, not through the unit's file).
    appeal_ids = [p.appeal_id for p in data["rows"] if p.appeal_id]
    task_ids = [p.task_id for p in data["rows"] if p.task_id]
    data["open_appeals"] = (
        set(visible_appeals(viewer).filter(pk__in=appeal_ids).values_list("pk", flat=True))
        if appeal_ids
        else set()
    )
    data["open_tasks"] = (
        set(visible_tasks(viewer).filter(pk__in=task_ids).values_list("pk", flat=True))
        if task_ids and not own
        else set()
    )
    return data
