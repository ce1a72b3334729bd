"""Reads of the appeals app: who sees which appeal, lists, the detail bundle, suggestions and statistics."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from rapidfuzz import fuzz

from yingshang.appeals import learned, learning
from yingshang.appeals.finder import search_appeals
from yingshang.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealExtension,
    AppealReply,
    AppealUnit,
    Service,
)
from yingshang.appeals.suggest import Suggestion, UnitName
from yingshang.core.access import region_q
from yingshang.core.errors import ValidationFailed
from yingshang.core.events import timeline
from yingshang.core.models import Region, Unit, User
from yingshang.core.visibility import (
    STAFF_AUDIENCES,
    Audience,
    TimelineEntry,
    audience_for,
    can_read,
    contact_visible,
    mask_name,
    mask_phone,
    present,
)

Role = User.Role
S = Appeal.Status
APPEAL = "appeals.appeal"  # the subject label of the visibility rule


def visible_appeals(user: User) -> QuerySet[Appeal]:
    """Office and leaders: their region; units: appeals ever dispatched to them; enterprises: their own."""
    qs = Appeal.objects.all()
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user))
    if user.is_unit_user and user.unit_id is not None:
        return qs.filter(Exists(AppealUnit.objects.filter(appeal=OuterRef("pk"), unit_id=user.unit_id)))
    if user.role == Role.ENTERPRISE:
        return qs.filter(Q(enterprise_id=user.enterprise_id) | Q(filed_by=user))
    if user.role == Role.SUPERVISOR:
        return qs.filter(filed_by=user)
    return qs.none()


def with_list_columns(qs: QuerySet[Appeal]) -> QuerySet[Appeal]:
    lead = AppealUnit.objects.filter(appeal=OuterRef("pk"), role=AppealUnit.Role.LEAD, is_active=True)
    return qs.select_related("service", "region", "enterprise").annotate(
        lead_unit_name=Subquery(lead.values("unit__name")[:1]),
        lead_unit_id=Subquery(lead.values("unit_id")[:1]),
    )


def list_rows_by_id(ids: list[int]) -> dict[int, Appeal]:
    """The list rows (with_list_columns) of these appeals by id: for ids a scoped search already chose, so
    the rows are fetched without running the search again."""
    return {a.pk: a for a in with_list_columns(Appeal.objects.filter(pk__in=ids))}


def filter_appeals(qs: QuerySet[Appeal], params: Any, *, personal: bool = False) -> QuerySet[Appeal]:
    """Filters shared by the list page, the export and the API (``params`` is a dict-like of strings).
    ``personal``: the search box also finds complainants by name and phone (finder.search_q)."""
    status = params.get("status", "")
    if status in S.values:
        qs = qs.filter(status=status)
    elif status == "open":
        qs = qs.filter(status__in=Appeal.OPEN_STATUSES)
    colour = params.get("colour", "")
    if colour in Appeal.Colour.values:
        qs = qs.filter(colour=colour)
    if params.get("late") in ("1", "true", True):
        qs = qs.filter(is_late=True)
    service = params.get("service", "")
    if service:
        qs = qs.filter(service__code=service)
    channel = params.get("channel", "")
    if channel in Appeal.Channel.values:
        qs = qs.filter(channel=channel)
    return search_appeals(qs, params.get("q", "") or "", personal=personal)


def unit_role(user: User, appeal: Appeal) -> str:
    """'lead', 'cooperating' or '' — the user's unit's active role on the appeal."""
    if not user.is_unit_user or user.unit_id is None:
        return ""
    link = AppealUnit.objects.filter(appeal=appeal, unit_id=user.unit_id, is_active=True).first()
    return link.role if link else ""


def is_own_filing(user: User, appeal: Appeal) -> bool:
    """The user filed it, or it is their enterprise's own appeal (not a stranger's claim the office linked)."""
    if appeal.filed_by_id is not None and appeal.filed_by_id == user.pk:
        return True
    return (
        user.role == Role.ENTERPRISE
        and appeal.enterprise_id is not None
        and appeal.enterprise_id == user.enterprise_id
        and not appeal.is_claim
    )


def audience(user: User, appeal: Appeal, role: str | None = None) -> Audience:
    """Where the user stands towards this appeal, for core.visibility. Call it only for a user who
    sees the appeal (visible_appeals); a unit that returned it reads as a cooperating unit."""
    if user.is_unit_user:
        return audience_for(
            user, relation=(role if role is not None else unit_role(user, appeal)) or "former"
        )
    if user.role in (Role.ENTERPRISE, Role.SUPERVISOR):
        # An enterprise reading a stranger's claim the office linked follows it as a tracker would:
        # steps and replies, nothing the filer and the office said to each other.
        return Audience.FILER if is_own_filing(user, appeal) else Audience.TRACKER
    return audience_for(user)


def can_see_contact(user: User, appeal: Appeal, role: str | None = None, *, detail: bool = False) -> bool:
    """The complainant's full name and contact: the office; the filer for its own filing (never an
    enterprise reading a stranger's claim); the lead unit on the detail of an appeal it handles."""
    return contact_visible(audience(user, appeal, role), handling=detail and appeal.is_open)


def masked_contact(appeal: Appeal) -> dict[str, str]:
    return {"name": mask_name(appeal.contact_name), "phone": mask_phone(appeal.contact_phone), "email": ""}


def contact_for(
    user: User, appeal: Appeal, role: str | None = None, *, detail: bool = False
) -> dict[str, str]:
    if can_see_contact(user, appeal, role, detail=detail):
        return {"name": appeal.contact_name, "phone": appeal.contact_phone, "email": appeal.contact_email}
    return masked_contact(appeal)


def filer_label(appeal: Appeal, *, full: bool) -> str:
    """企业/诉求人: the enterprise's name, or for a person filing alone their name — masked unless ``full``."""
    if appeal.enterprise_id:
        return appeal.enterprise.name  # type: ignore[union-attr]
    if appeal.enterprise_name:
        return appeal.enterprise_name
    return appeal.contact_name if full else mask_name(appeal.contact_name)


def may_read_attachment(user: User, attachment: AppealAttachment) -> bool:
    """Reply materials go to whoever sees the appeal; a filing's own materials are the filer's personal
    data and stay away from an enterprise reading a stranger's claim."""
    if attachment.kind != AppealAttachment.Kind.FILING or user.role not in (Role.ENTERPRISE, Role.SUPERVISOR):
        return True
    return is_own_filing(user, attachment.appeal)


def public_replies(appeal: Appeal) -> list[AppealReply]:
    """Replies the filer reads: its own, or its parent's when merged (each submitter gets the answer)."""
    ids = [appeal.pk] + ([appeal.parent_id] if appeal.parent_id else [])
    return list(
        AppealReply.objects.filter(appeal_id__in=ids, kind=AppealReply.Kind.REPLY).select_related("unit")
    )


def reply_attachments(appeal: Appeal, who: Audience) -> list[AppealAttachment]:
    """Reply materials (答复材料) go with the reply, to whoever the rule of the ``attach`` event lets read
    them — the tracking code's holder included; a merged appeal shows its parent's. The filer's own
    materials are never among them, and notes among staff carry no files."""
    if not can_read(who, APPEAL, "attach"):
        return []
    ids = [appeal.pk] + ([appeal.parent_id] if appeal.parent_id else [])
    return list(
        AppealAttachment.objects.filter(appeal_id__in=ids, kind=AppealAttachment.Kind.REPLY).order_by(
            "created_at", "id"
        )
    )


@dataclass(frozen=True)
class Deadline:
    due: Any  # datetime
    extension_workdays: int

    @property
    def note(self) -> str:
        return f"含延期{self.extension_workdays}个工作日" if self.extension_workdays else ""


def deadline_in_force(appeal: Appeal) -> Deadline | None:
    """The reply deadline the appeal is answered against now — the one extension approved in this round
    included (重办 drops an earlier round's) — of its parent when merged; None before dispatch."""
    handled = Appeal.objects.get(pk=appeal.parent_id) if appeal.parent_id else appeal
    if handled.reply_due_at is None:
        return None
    return Deadline(handled.reply_due_at, handled.extension_workdays)


def handling_unit(appeal: Appeal) -> str:
    """The name of the unit answering the appeal (its parent's when merged), or ""."""
    link = (
        AppealUnit.objects.filter(
            appeal_id=appeal.parent_id or appeal.pk, role=AppealUnit.Role.LEAD, is_active=True
        )
        .select_related("unit")
        .first()
    )
    return link.unit.name if link else ""


@dataclass
class Detail:
    appeal: Appeal
    units: list[AppealUnit]
    replies: list[AppealReply]
    notes: list[AppealReply]
    events: list[TimelineEntry]
    extensions: list[AppealExtension]
    attachments: list[Any]
    children: list[Appeal]
    role: str
    contact: dict[str, str]
    filer: str = ""
    audience: Audience = Audience.PUBLIC
    extra: dict[str, Any] = field(default_factory=dict)


def appeal_detail(user: User, appeal: Appeal) -> Detail:
    """Everything the detail page and the API show of one appeal, as the rule lets this user see it."""
    role = unit_role(user, appeal)
    who = audience(user, appeal, role)
    contact = contact_for(user, appeal, role, detail=True)
    notes = (
        list(appeal.replies.filter(kind=AppealReply.Kind.NOTE).select_related("unit", "author"))
        if can_read(who, APPEAL, "handle")
        else []
    )
    extensions = (
        list(appeal.extensions.select_related("requested_by", "decided_by"))
        if can_read(who, APPEAL, "request_extension")
        else []
    )
    full = can_see_contact(user, appeal, role, detail=True)
    units = list(appeal.appeal_units.select_related("unit").order_by("-is_active", "role", "assigned_at"))
    if who not in STAFF_AUDIENCES:
        # The filer deals with the unit that answers it; who was asked to help is among staff.
        units = [u for u in units if u.is_active and u.role == AppealUnit.Role.LEAD]
    return Detail(
        appeal=appeal,
        units=units,
        replies=public_replies(appeal),
        notes=notes,
        events=present(timeline(appeal), who),
        extensions=extensions,
        attachments=[f for f in appeal.attachments.all() if may_read_attachment(user, f)],
        # Merged children are other filers' appeals: their codes are for staff.
        children=list(appeal.merged_children.all()) if who in STAFF_AUDIENCES else [],
        role=role,
        contact=contact,
        filer=filer_label(appeal, full=full),
        audience=who,
    )


def tracking_timeline(appeal: Appeal) -> list[TimelineEntry]:
    """What the holder of the tracking code may see of the appeal's steps."""
    return present(timeline(appeal), Audience.TRACKER)


# -- suggestions -----------------------------------------------------------------------------------


def candidate_units(appeal: Appeal) -> list[Unit]:
    """Active units of the appeal's region, the regions above it and the regions inside it."""
    path = Region.objects.values_list("tree_path", flat=True).get(pk=appeal.region_id)
    ancestors = [int(p) for p in path.strip("/").split("/") if p]
    return list(
        Unit.objects.filter(
            Q(region_id__in=ancestors) | Q(region__tree_path__startswith=path), is_active=True
        )
        .select_related("region")
        .order_by("region__tree_path", "name")
    )


def suggest_for(appeal: Appeal, units: list[Unit] | None = None) -> tuple[list[Suggestion], list[Suggestion]]:
    """(unit suggestions with Unit ids as keys, indicator suggestions). Units of the appeal's own
    region come first when two regions have a department of the same name."""
    units = units if units is not None else candidate_units(appeal)
    own_first = sorted(units, key=lambda u: (u.region_id != appeal.region_id, u.region.tree_path))
    seen: set[str] = set()
    names = []
    for u in own_first:
        if u.name in seen:
            continue
        seen.add(u.name)
        names.append(UnitName(key=u.pk, name=u.name, short_name=u.short_name, aliases=tuple(u.aliases)))
    text = f"{appeal.title}\n{appeal.description}"
    # The region's model, once it has learned from enough dispatch history, blends with the lexicon.
    model = learned.model_for(appeal.region_id)
    return (
        learning.rank_units(text, names, model, default_unit_name=appeal.service.default_unit_name),
        learning.rank_indicators(text, model),
    )


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if not c.isspace()]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def text_similarity(a: str, b: str) -> int:
    """0–100. Chinese has no spaces, so word-token ratios see one token per sentence; the Dice overlap
    of character pairs catches a reworded repeat ("营业执照变更一直没办好" / "变更营业执照半个月没结果")."""
    x, y = _bigrams(a), _bigrams(b)
    dice = 200 * len(x & y) / (len(x) + len(y)) if x and y else 0
    return round(max(dice, fuzz.token_set_ratio(a, b)))


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())[-11:]


# A repeat from the same caller (phone, enterprise or credit code) needs less textual likeness than one
# from a stranger, but some: one enterprise's unrelated appeals (水压, then 退税) are not duplicates.
DUPLICATE_TEXT_THRESHOLD = 70
SAME_FILER_TEXT_THRESHOLD = 40
SAME_FILER_BONUS = 15


def suggest_duplicates(
    appeal: Appeal, *, days: int = 30, limit: int = 5, threshold: int = DUPLICATE_TEXT_THRESHOLD
) -> list[dict[str, Any]]:
    """Likely duplicates filed within ``days`` in the region: similar text, or somewhat similar text from
    the same caller (phone, enterprise or credit code). Scored by text, plus a bonus for the same caller."""
    since = appeal.created_at - timedelta(days=days)
    base = (
        Appeal.objects.filter(region=appeal.region, created_at__gte=since)
        .exclude(pk=appeal.pk)
        .exclude(status__in=[S.MERGED, S.CLOSED])
        .only(
            "id",
            "tracking_code",
            "title",
            "description",
            "enterprise_id",
            "credit_code",
            "contact_phone",
            "status",
            "created_at",
        )
        .order_by("-created_at")[:500]
    )
    text = f"{appeal.title}\n{appeal.description}"[:1000]
    phone = _digits(appeal.contact_phone)
    out: list[dict[str, Any]] = []
    for other in base:
        same_phone = bool(phone) and len(phone) >= 7 and _digits(other.contact_phone) == phone
        same_filer = same_phone or bool(
            (appeal.enterprise_id and other.enterprise_id == appeal.enterprise_id)
            or (appeal.credit_code and other.credit_code == appeal.credit_code)
        )
        similarity = text_similarity(text, f"{other.title}\n{other.description}"[:1000])
        needed = SAME_FILER_TEXT_THRESHOLD if same_filer else threshold
        if similarity < needed:
            continue
        score = min(100, similarity + (SAME_FILER_BONUS if same_filer else 0))
        out.append(
            {
                "appeal": other,
                "score": score,
                "similarity": similarity,
                "same_filer": same_filer,
                "same_phone": same_phone,
            }
        )
    out.sort(key=lambda d: (-d["score"], -d["appeal"].created_at.timestamp()))
    return out[:limit]


def split_codes(raw: str) -> list[str]:
    """Tracking codes typed by a person: spaces, commas (either width), 、 or semicolons between them."""
    return [c.upper() for c in re.split(r"[\s,，、;；]+", raw) if c]


def merge_children(user: User, *, ids: Sequence[int], codes: Sequence[str]) -> list[Appeal]:
    """The appeals to merge, chosen by id and/or tracking code among those ``user`` may see. A code that
    names none of them is an error naming it, so nothing typed is silently left out."""
    visible = visible_appeals(user)
    by_code = {a.tracking_code: a for a in visible.filter(tracking_code__in=codes)} if codes else {}
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise ValidationFailed(f"查询码不存在或无权操作：{'、'.join(unknown)}", fields={"codes": "无效"})
    chosen = list(visible.filter(pk__in=ids)) if ids else []
    if len(chosen) != len(set(ids)):
        raise ValidationFailed("部分诉求不存在或无权操作。", fields={"children": "无效"})
    return chosen + [a for a in by_code.values() if a.pk not in set(ids)]


# -- statistics ------------------------------------------------------------------------------------


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _volumes(rows: Any, key: str) -> list[dict[str, Any]]:
    """Volumes named by ``key``, largest first, equal ones by name (in Python: the database's collation
    would order Chinese names differently on PostgreSQL and SQLite)."""
    pairs: dict[str, int] = {}
    for r in rows:
        if r[key] is not None:
            pairs[r[key]] = pairs.get(r[key], 0) + r["n"]
    return [{"name": k, "n": n} for k, n in sorted(pairs.items(), key=lambda p: (-p[1], p[0])) if n > 0]


def appeal_stats(qs: QuerySet[Appeal]) -> dict[str, Any]:
    """Volumes by category, unit, channel, month and indicator, and the four rates (percent, None when no
    data), counted live over ``qs``. The pages read the same figures from summary cells
    (statistics.read.appeal_stats_for); this is what they must equal."""
    qs = qs.filter(parent__isnull=True)  # as AppealQuerySet.counted(): merged appeals count once
    by_service = qs.values("service__name").annotate(n=Count("id")).order_by()
    lead_rows = (
        AppealUnit.objects.filter(appeal__in=qs, role=AppealUnit.Role.LEAD, is_active=True)
        .values("unit__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_indicator = qs.exclude(suggested_indicator="").values("suggested_indicator").annotate(n=Count("id"))
    by_month: dict[str, int] = {}
    for r in qs.annotate(month=TruncMonth("created_at")).values("month").annotate(n=Count("id")).order_by():
        by_month[r["month"].strftime("%Y-%m") if r["month"] else ""] = r["n"]
    agg = qs.aggregate(
        total=Count("id"),
        acked=Count("id", filter=Q(acknowledged_at__isnull=False)),
        acked_on_time=Count("id", filter=Q(acknowledged_at__isnull=False, acknowledged_late=False)),
        replied=Count("id", filter=Q(replied_at__isnull=False)),
        replied_on_time=Count("id", filter=Q(replied_at__isnull=False, replied_late=False)),
        called=Count("id", filter=Q(solved__isnull=False)),
        solved=Count("id", filter=Q(solved=True)),
        rated=Count("id", filter=Q(satisfaction__isnull=False)),
        satisfied=Count("id", filter=Q(satisfaction__gte=3)),
        late=Count("id", filter=Q(is_late=True)),
        open=Count("id", filter=Q(status__in=Appeal.OPEN_STATUSES)),
    )
    return stats_figures(
        agg,
        by_service=_volumes(by_service, "service__name"),
        by_unit=_volumes(lead_rows, "unit__name"),
        by_channel=dict(qs.values_list("channel").annotate(n=Count("id")).order_by()),
        by_month=by_month,
        by_indicator=_volumes(by_indicator, "suggested_indicator"),
    )


def stats_figures(
    agg: dict[str, int],
    *,
    by_service: list[dict[str, Any]],
    by_unit: list[dict[str, Any]],
    by_channel: dict[str, int],
    by_month: dict[str, int],
    by_indicator: list[dict[str, Any]],
) -> dict[str, Any]:
    """The statistics' shape, shared by the live count and the summary read so both order alike."""
    channel_labels = dict(Appeal.Channel.choices)
    return {
        "total": agg["total"],
        "open": agg["open"],
        "late": agg["late"],
        "by_service": by_service,
        "by_unit": by_unit,
        "by_channel": [
            {"channel": c, "label": channel_labels.get(c, c), "n": n}
            for c, n in sorted(by_channel.items(), key=lambda p: (-p[1], p[0]))
            if n > 0
        ],
        "by_month": [{"month": m, "n": n} for m, n in sorted(by_month.items()) if n > 0],
        "by_indicator": by_indicator,
        "acknowledge_on_time_rate": _rate(agg["acked_on_time"], agg["acked"]),
        "reply_on_time_rate": _rate(agg["replied_on_time"], agg["replied"]),
        "solved_rate": _rate(agg["solved"], agg["called"]),
        "satisfaction_rate": _rate(agg["satisfied"], agg["rated"]),
    }


def status_counts(qs: QuerySet[Appeal]) -> dict[str, int]:
    return dict(Counter(dict(qs.values_list("status").annotate(n=Count("id")))))


def active_services() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True)


# The catalogue has a dozen rows and changes a few times a year, yet every filing names one by code.
# Each process keeps a copy: a save or delete in this process drops it at once, one in another worker
# is seen within SERVICE_CACHE_SECONDS (a category switched off may take one more filing meanwhile).
SERVICE_CACHE_SECONDS = 30.0
_service_cache: tuple[float, dict[str, Service]] | None = None
_service_lock = threading.Lock()


def service_by_code(code: str) -> Service | None:
    """The catalogue row with ``code`` (active or not: the caller decides), without a query most times."""
    global _service_cache
    cached = _service_cache
    now = time.monotonic()
    if cached is None or now - cached[0] > SERVICE_CACHE_SECONDS:
        with _service_lock:
            cached = (now, {s.code: s for s in Service.objects.all()})
            _service_cache = cached
    return cached[1].get(code)


def forget_services(**_: Any) -> None:
    global _service_cache
    _service_cache = None
