"""Writes of the appeals app: intake, dispatch, unit actions, merge, callback, closure and the clock sweep.

Every function takes keyword arguments and a required ``actor`` (None only for the public form and the
background jobs), validates before it writes, and moves ``status`` only through ``workflow.TABLE``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from yingshang.appeals import groupchat
from yingshang.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealExtension,
    AppealReply,
    AppealUnit,
    Service,
)
from yingshang.appeals.notices.services import queue_filer_notices
from yingshang.appeals.suggest import suggest_indicators
from yingshang.appeals.workflow import TABLE
from yingshang.core import workdays
from yingshang.core.access import region_q, require_role, require_write
from yingshang.core.creditcode import InvalidCreditCode, validate_credit_code
from yingshang.core.errors import Conflict, NotAllowed, TooLarge, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, Region, Unit, User
from yingshang.core.services import notify
from yingshang.core.visibility import Audience, text_for

Role = User.Role
S = Appeal.Status
APPEAL = "appeals.appeal"  # the subject label of the visibility rule

MAX_DESCRIPTION = 5000
MAX_REPLY = 5000
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
REPEAT_WINDOW_DAYS = 30
# After a reply, the office has this many workdays to reach the enterprise before the appeal closes itself.
AUTO_CLOSE_WORKDAYS = 5
MAX_EXTENSION_WORKDAYS = 30
DAY_END = time(17, 30)
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read over the phone
PHONE_RE = re.compile(r"^[0-9+\-() ]{6,20}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# extension → (content types accepted, magic prefixes; an empty tuple means "any text")
ALLOWED_FILES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".png": ("image/png", (b"\x89PNG",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    ".txt": ("text/plain", ()),
}
SATISFACTION_LABELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


# -- small helpers ---------------------------------------------------------------------------------


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))


def _day_end(d: Any) -> datetime:
    return timezone.make_aware(datetime.combine(d, DAY_END), workdays.SHANGHAI)


def _clean_text(value: str, *, field: str, label: str, max_len: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(f"{label}不能为空。", fields={field: "必填"})
    if len(text) > max_len:
        raise ValidationFailed(
            f"{label}不能超过{max_len}字，当前{len(text)}字。", fields={field: f"超过{max_len}字"}
        )
    return text


def _require_office(actor: User) -> None:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)


def _active_link(appeal: Appeal, unit_id: int | None) -> AppealUnit | None:
    if unit_id is None:
        return None
    return AppealUnit.objects.filter(appeal=appeal, unit_id=unit_id, is_active=True).first()


def _require_lead(actor: User, appeal: Appeal) -> AppealUnit:
    require_write(actor)
    link = _active_link(appeal, actor.unit_id) if actor.is_unit_user else None
    if link is None or link.role != AppealUnit.Role.LEAD:
        raise NotAllowed("只有主办单位可以执行此操作。", code="not_lead")
    return link


def lead_unit_of(appeal: Appeal) -> Unit | None:
    link = (
        AppealUnit.objects.filter(appeal=appeal, role=AppealUnit.Role.LEAD, is_active=True)
        .select_related("unit")
        .first()
    )
    return link.unit if link else None


def _unit_users(unit_ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(unit_id__in=list(unit_ids), is_active=True))


def _office_users(appeal: Appeal) -> list[User]:
    path = Region.objects.values_list("tree_path", flat=True).get(pk=appeal.region_id)
    ancestors = [int(p) for p in path.strip("/").split("/") if p]
    return list(
        User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True).filter(region_id__in=ancestors)
    ) + list(User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True, region__isnull=True))


def _filer_users(appeal: Appeal) -> list[User]:
    users: list[User] = []
    if appeal.enterprise_id:
        users += list(User.objects.filter(enterprise_id=appeal.enterprise_id, is_active=True))
    if appeal.filed_by_id and appeal.filed_by_id not in {u.pk for u in users}:
        filer = User.objects.filter(
            pk=appeal.filed_by_id, role__in=[Role.ENTERPRISE, Role.SUPERVISOR]
        ).first()
        if filer:
            users.append(filer)
    return users


def _url(appeal: Appeal) -> str:
    return reverse("appeals:detail", args=[appeal.pk])


# -- clocks ----------------------------------------------------------------------------------------


def reply_due_from(start: datetime, workdays_n: int) -> datetime:
    cal = workdays.get_calendar()
    return _day_end(cal.add_workdays(timezone.localtime(start).date(), workdays_n).date)


CLOCK_LABELS = {"acknowledge": "签收", "first_contact": "首次联系", "reply": "答复"}
_LEVEL_RANK = {"green": 0, "yellow": 1, "red": 2}


def _level(now: datetime, due: datetime, yellow_at: datetime, checkpoints: list[datetime]) -> str:
    if now > due:
        return "red"
    checkpoints.append(due + timedelta(seconds=1))
    if now >= yellow_at:
        return "yellow"
    checkpoints.append(yellow_at)
    return "green"


def _day_start(d: Any) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min), workdays.SHANGHAI)


def clock_levels(appeal: Appeal, now: datetime) -> tuple[dict[str, str], list[datetime]]:
    """Level of each running clock at ``now`` (green / yellow 临期 / red 超期) and the moments they change."""
    checkpoints: list[datetime] = []
    levels: dict[str, str] = {}
    if appeal.status not in (S.DISPATCHED, S.ACKNOWLEDGED) or appeal.reply_due_at is None:
        return levels, checkpoints
    cal = workdays.get_calendar()
    if appeal.status == S.DISPATCHED and appeal.acknowledge_due_at:
        # Signing is counted in hours: there is no useful 临期 before it, only 超期.
        due = appeal.acknowledge_due_at
        levels["acknowledge"] = _level(now, due, due + timedelta(seconds=1), checkpoints)
    if appeal.first_contact_due_at and appeal.first_contacted_at is None:
        # Usually one workday: 临期 from the start of the due day, or every fresh dispatch would be yellow.
        due = appeal.first_contact_due_at
        levels["first_contact"] = _level(now, due, _day_start(timezone.localtime(due).date()), checkpoints)
    due = appeal.reply_due_at
    # 临期: from the start of the last workday before the due day.
    yellow_at = _day_start(cal.add_workdays(timezone.localtime(due).date(), -1).date)
    levels["reply"] = _level(now, due, yellow_at, checkpoints)
    return levels, checkpoints


def clock_state(appeal: Appeal, now: datetime) -> tuple[str, datetime | None]:
    """(colour, next moment the sweep must look again) for an appeal whose clock runs."""
    if appeal.status not in (S.DISPATCHED, S.ACKNOWLEDGED) or appeal.reply_due_at is None:
        return appeal.colour, None
    levels, checkpoints = clock_levels(appeal, now)
    colour = max(levels.values(), key=_LEVEL_RANK.__getitem__, default="green")
    return colour, min(checkpoints) if checkpoints else None


def _clock_fields(appeal: Appeal, now: datetime, **overrides: Any) -> dict[str, Any]:
    """Fields to write with a move so colour, lateness and the next alert stay consistent."""
    for key, value in overrides.items():
        setattr(appeal, key, value)
    colour, next_alert = clock_state(appeal, now)
    fields = dict(overrides)
    fields["colour"] = colour
    fields["next_alert_at"] = next_alert
    fields["is_late"] = appeal.is_late or colour == "red"
    return fields


def _start_clock(appeal: Appeal, now: datetime, *, keep_reply_due: bool = False) -> dict[str, Any]:
    cal = workdays.get_calendar()
    service = appeal.service
    overrides: dict[str, Any] = {
        "dispatched_at": now,
        "acknowledge_due_at": cal.add_working_hours(now, service.acknowledge_hours),
        "acknowledged_at": None,
    }
    if not keep_reply_due or appeal.reply_due_at is None:
        overrides["reply_due_at"] = reply_due_from(now, service.close_workdays + appeal.extension_workdays)
        overrides["first_contact_due_at"] = reply_due_from(now, service.first_contact_workdays)
    # A fresh dispatch to a new unit starts clean; lateness already on record stays on record.
    target_status = S.DISPATCHED
    saved = appeal.status
    appeal.status = target_status
    try:
        return _clock_fields(appeal, now, **overrides)
    finally:
        appeal.status = saved


# -- attachments -----------------------------------------------------------------------------------


def check_attachments(files: Sequence[UploadedFile]) -> None:
    """Refuse the whole request when any file is too big, of a wrong type, or too many are sent."""
    if len(files) > MAX_FILES:
        raise ValidationFailed(f"附件最多{MAX_FILES}个。", fields={"attachments": "过多"})
    limit = min(MAX_FILE_BYTES, getattr(settings, "UPLOAD_MAX_BYTES", MAX_FILE_BYTES))
    for f in files:
        name = (f.name or "").rsplit("/", 1)[-1]
        ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        if ext not in ALLOWED_FILES:
            raise ValidationFailed(
                f"附件“{name}”类型不支持，仅接受 PDF、图片(JPG/PNG)、Word、Excel 和文本文件。",
                fields={"attachments": "类型不支持"},
            )
        if f.size is None or f.size > limit:
            raise TooLarge(
                f"附件“{name}”超过{limit // (1024 * 1024)}MB。", fields={"attachments": "文件过大"}
            )
        if f.size == 0:
            raise ValidationFailed(f"附件“{name}”是空文件。", fields={"attachments": "空文件"})
        head = f.read(8)
        f.seek(0)
        magic = ALLOWED_FILES[ext][1]
        if magic and not any(head.startswith(m) for m in magic):
            raise ValidationFailed(
                f"附件“{name}”的内容与扩展名不符。", fields={"attachments": "内容与类型不符"}
            )


def _save_attachments(
    appeal: Appeal, files: Sequence[UploadedFile], *, actor: User | None, kind: str
) -> None:
    for f in files:
        name = (f.name or "附件").rsplit("/", 1)[-1][:200]
        ext = "." + name.rsplit(".", 1)[-1].lower()
        row = AppealAttachment(
            appeal=appeal,
            kind=kind,
            name=name,
            size=f.size or 0,
            content_type=ALLOWED_FILES[ext][0],
            uploaded_by=actor,
        )
        # Stored under a random name: the original may hold characters a filesystem dislikes.
        row.file.save(f"{secrets.token_hex(8)}{ext}", f, save=False)
        row.save()


# -- intake ----------------------------------------------------------------------------------------


@transaction.atomic
def file_appeal(
    *,
    actor: User | None,
    service: Service | None,
    description: str,
    channel: str = Appeal.Channel.WEBSITE,
    title: str = "",
    region: Region | None = None,
    enterprise: Enterprise | None = None,
    enterprise_name: str = "",
    credit_code: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    location_text: str = "",
    attachments: Sequence[UploadedFile] = (),
) -> Appeal:
    """受理: one appeal from any channel. ``actor`` None is the public form or Open311 without a token."""
    if actor is not None:
        require_write(actor)
        require_role(actor, Role.OFFICE_ADMIN, Role.ENTERPRISE, Role.SUPERVISOR)
        if actor.role == Role.ENTERPRISE:
            enterprise = actor.enterprise
            if channel not in (Appeal.Channel.WEBSITE, Appeal.Channel.MENGQITONG, Appeal.Channel.API):
                channel = Appeal.Channel.WEBSITE
    if service is None or not service.is_active:
        raise ValidationFailed("未知的诉求类别。", code="unknown_service", fields={"service": "未知类别"})
    if channel not in Appeal.Channel.values:
        raise ValidationFailed("未知的受理渠道。", fields={"channel": "无效"})
    text = _clean_text(description, field="description", label="诉求内容", max_len=MAX_DESCRIPTION)
    title = (title or "").strip() or text.splitlines()[0][:30]
    if len(title) > 100:
        raise ValidationFailed("标题不能超过100字。", fields={"title": "超过100字"})
    code = ""
    if credit_code.strip():
        try:
            code = validate_credit_code(credit_code)
        except InvalidCreditCode as exc:
            raise ValidationFailed(
                exc.message, code="credit_code", fields={"credit_code": exc.message}
            ) from None
    claimed = None
    if enterprise is None and code:
        found = Enterprise.objects.filter(credit_code=code)
        known = (found.select_related("region") if region is None else found).first()
        if actor is not None and actor.role == Role.OFFICE_ADMIN:
            enterprise = known
        else:
            # Anyone can type a credit code: without the enterprise's login the filing is only a claim
            # (appeals.claims.link_enterprise lets the office make it the enterprise's appeal).
            claimed = known
    if claimed is not None:
        region = region or claimed.region
        enterprise_name = enterprise_name.strip() or claimed.name
    if enterprise is not None:
        code = enterprise.credit_code
        region = region or enterprise.region
        contact_name = contact_name.strip() or enterprise.contact_name
        contact_phone = contact_phone.strip() or enterprise.contact_phone
    if actor is not None and actor.role != Role.OFFICE_ADMIN:
        # Filers on their own page: the account's name and phone stand in for an empty contact.
        contact_name = contact_name.strip() or actor.display_name or actor.username
        contact_phone = contact_phone.strip() or actor.phone
    if region is None:
        raise ValidationFailed("请选择诉求所在区域。", fields={"region": "必填"})
    if actor is not None and actor.role == Role.OFFICE_ADMIN and actor.region_id:
        # tree_path lists the ids of a region's ancestors, so "inside the office's region" needs no query.
        if f"/{actor.region_id}/" not in region.tree_path:
            raise ValidationFailed("该区域不在您的管辖范围。", fields={"region": "超出管辖范围"})
    contact_name = _clean_text(contact_name, field="contact_name", label="联系人", max_len=50)
    contact_phone = (contact_phone or "").strip()
    if not PHONE_RE.match(contact_phone):
        raise ValidationFailed("请填写有效的联系电话。", fields={"contact_phone": "格式不正确"})
    contact_email = (contact_email or "").strip()
    if contact_email and (len(contact_email) > 100 or not EMAIL_RE.match(contact_email)):
        raise ValidationFailed("电子邮箱格式不正确。", fields={"contact_email": "格式不正确"})
    if len(enterprise_name) > 200 or len(location_text) > 200:
        raise ValidationFailed("企业名称或地点过长(不超过200字)。", fields={"location_text": "过长"})
    check_attachments(attachments)

    repeat_of_id = _find_repeat(service, enterprise, code)
    indicators = suggest_indicators(f"{title}\n{text}", limit=1)
    appeal = Appeal.objects.create(
        tracking_code=new_tracking_code(),
        channel=channel,
        service=service,
        region=region,
        enterprise=enterprise,
        claimed_enterprise=claimed,
        enterprise_name=(enterprise.name if enterprise else enterprise_name.strip()),
        credit_code=code,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        title=title,
        description=text,
        location_text=location_text.strip(),
        filed_by=actor,
        repeat_of_id=repeat_of_id,
        suggested_indicator=indicators[0].name if indicators else "",
    )
    if repeat_of_id is not None:
        Appeal.objects.filter(pk=repeat_of_id).update(repeat_count=F("repeat_count") + 1)
    record_event(appeal, actor=actor, action="file", to_status=S.SUBMITTED, note={"channel": channel})
    if attachments:
        _save_attachments(appeal, attachments, actor=actor, kind=AppealAttachment.Kind.FILING)
    return appeal


def _find_repeat(service: Service, enterprise: Enterprise | None, code: str) -> int | None:
    """Id of the earlier appeal this one repeats: same enterprise (or credit code) and category within
    30 days. One indexed lookup (appeal_repeat_lookup, or credit_code), never a scan."""
    if enterprise is None and not code:
        return None
    since = timezone.now() - timedelta(days=REPEAT_WINDOW_DAYS)
    qs = Appeal.objects.filter(service=service, created_at__gte=since).exclude(status=S.MERGED)
    qs = qs.filter(enterprise=enterprise) if enterprise is not None else qs.filter(credit_code=code)
    first = qs.order_by("created_at", "id").values_list("id", "repeat_of_id").first()
    if first is None:
        return None
    # Link to the root of the chain so "how many times was this raised" is one counter.
    return first[1] or first[0]


# -- dispatch --------------------------------------------------------------------------------------


def _check_units(actor: User, lead_unit: Unit, cooperating: Sequence[Unit]) -> list[Unit]:
    allowed = (
        Unit.objects.filter(region_q(actor), is_active=True)
        if actor.region_id
        else Unit.objects.filter(is_active=True)
    )
    ids = {lead_unit.pk, *(u.pk for u in cooperating)}
    if allowed.filter(pk__in=ids).count() != len(ids):
        raise ValidationFailed("所选单位不存在、已停用或不在您的管辖范围。", fields={"lead_unit": "无效"})
    coop = [u for u in dict.fromkeys(cooperating) if u.pk != lead_unit.pk]
    return coop


def _assign_units(appeal: Appeal, lead_unit: Unit, cooperating: Sequence[Unit]) -> None:
    AppealUnit.objects.filter(appeal=appeal, is_active=True).update(is_active=False)
    AppealUnit.objects.bulk_create(
        [AppealUnit(appeal=appeal, unit=lead_unit, role=AppealUnit.Role.LEAD)]
        + [AppealUnit(appeal=appeal, unit=u, role=AppealUnit.Role.COOPERATING) for u in cooperating]
    )


def _notify_units(
    appeal: Appeal,
    unit_ids: Iterable[int],
    title: str,
    body: str = "",
    *,
    action: str = "",
    audience: Audience = Audience.LEAD,
) -> None:
    """A notice to the units' users. A body that carries an event's text passes the visibility rule."""
    if action:
        body = text_for(audience, APPEAL, action, body)
    notify(recipients=_unit_users(unit_ids), title=title, body=body, url=_url(appeal), kind="appeal")


@transaction.atomic
def dispatch_appeal(
    *, actor: User, appeal: Appeal, lead_unit: Unit, cooperating_units: Sequence[Unit] = (), note: str = ""
) -> Appeal:
    """分办 (also the office's decision after 提级呈办 / 会商): one lead unit, optional cooperating units."""
    _require_office(actor)
    coop = _check_units(actor, lead_unit, cooperating_units)
    now = timezone.now()
    fields = _start_clock(appeal, now)
    TABLE.apply(
        appeal,
        "dispatch",
        actor=actor,
        note={"lead_unit": lead_unit.name, "cooperating_units": [u.name for u in coop], "text": note[:500]},
        fields=fields,
    )
    _assign_units(appeal, lead_unit, coop)
    _notify_units(appeal, [lead_unit.pk], f"新诉求待签收：{appeal.title}", "请在签收时限内签收。")
    if coop:
        _notify_units(appeal, [u.pk for u in coop], f"新诉求请协办：{appeal.title}")
    groupchat.dispatched(appeal, lead_unit.pk, [u.pk for u in coop])
    return appeal


@transaction.atomic
def review_return(
    *,
    actor: User,
    appeal: Appeal,
    decision: str,
    lead_unit: Unit | None = None,
    cooperating_units: Sequence[Unit] = (),
    note: str = "",
) -> Appeal:
    """dispute_review of a 退单: ``redispatch`` to another unit (clocks restart) or ``insist`` (same unit,
    the reply deadline stays: a wrong return must not buy the unit time)."""
    _require_office(actor)
    current = lead_unit_of(appeal)
    now = timezone.now()
    if decision == "insist":
        if current is None:
            raise Conflict("该诉求没有主办单位，请改派。")
        fields = _start_clock(appeal, now, keep_reply_due=True)
        TABLE.apply(
            appeal, "insist", actor=actor, note={"lead_unit": current.name, "text": note[:500]}, fields=fields
        )
        _notify_units(appeal, [current.pk], f"退单未通过，请继续办理：{appeal.title}", note, action="insist")
        return appeal
    if decision != "redispatch":
        raise ValidationFailed("审核结果应为改派或维持原分办。", fields={"decision": "无效"})
    if lead_unit is None:
        raise ValidationFailed("改派请选择新的主办单位。", fields={"lead_unit": "必填"})
    if current is not None and lead_unit.pk == current.pk:
        raise ValidationFailed(
            "改派的单位不能是原主办单位；如需原单位继续办理请选“维持原分办”。",
            fields={"lead_unit": "与原单位相同"},
        )
    coop = _check_units(actor, lead_unit, cooperating_units)
    fields = _start_clock(appeal, now)
    TABLE.apply(
        appeal,
        "redispatch",
        actor=actor,
        note={"lead_unit": lead_unit.name, "from_unit": current.name if current else "", "text": note[:500]},
        fields=fields,
    )
    _assign_units(appeal, lead_unit, coop)
    _notify_units(appeal, [lead_unit.pk], f"改派诉求待签收：{appeal.title}")
    groupchat.dispatched(appeal, lead_unit.pk, [u.pk for u in coop])
    return appeal


# -- unit actions ----------------------------------------------------------------------------------


MAX_BULK_DISPATCH = 50


@transaction.atomic
def dispatch_appeals(
    *, actor: User, appeals: Sequence[Appeal], lead_unit: Unit, note: str = ""
) -> list[Appeal]:
    """批量分办: the selected appeals to one lead unit, all or none (one that cannot move stops them all)."""
    _require_office(actor)
    if not appeals:
        raise ValidationFailed("请先勾选要分办的诉求。", fields={"ids": "必填"})
    if len(appeals) > MAX_BULK_DISPATCH:
        raise ValidationFailed(f"一次最多分办{MAX_BULK_DISPATCH}件。", fields={"ids": "过多"})
    return [dispatch_appeal(actor=actor, appeal=a, lead_unit=lead_unit, note=note) for a in appeals]


@transaction.atomic
def acknowledge_appeal(*, actor: User, appeal: Appeal) -> Appeal:
    """签收. Only the lead unit signs; two of its staff racing get one success and one Conflict."""
    _require_lead(actor, appeal)
    now = timezone.now()
    late = bool(appeal.acknowledge_due_at and now > appeal.acknowledge_due_at)
    saved = appeal.status
    appeal.status = S.ACKNOWLEDGED
    fields = _clock_fields(appeal, now, acknowledged_at=now, acknowledged_late=late)
    fields["is_late"] = fields["is_late"] or late  # any missed deadline stays on record
    appeal.status = saved
    TABLE.apply(appeal, "acknowledge", actor=actor, note={"late": late}, fields=fields)
    return appeal


@transaction.atomic
def handle_appeal(*, actor: User, appeal: Appeal, text: str, contacted: bool = False) -> AppealReply:
    """办理情况: a note by the lead or a cooperating unit; ``contacted`` records the first contact."""
    require_write(actor)
    link = _active_link(appeal, actor.unit_id) if actor.is_unit_user else None
    if link is None:
        raise NotAllowed("只有承办单位可以填写办理情况。", code="not_assigned")
    if appeal.status not in (S.DISPATCHED, S.ACKNOWLEDGED):
        raise Conflict(
            f"当前状态为“{appeal.get_status_display()}”，不能填写办理情况。", code="bad_transition"
        )
    if link.role == AppealUnit.Role.LEAD and appeal.status != S.ACKNOWLEDGED:
        raise Conflict("请先签收再填写办理情况。", code="not_acknowledged")
    body = _clean_text(text, field="text", label="办理情况", max_len=MAX_REPLY)
    row = AppealReply.objects.create(
        appeal=appeal, kind=AppealReply.Kind.NOTE, unit_id=link.unit_id, author=actor, text=body
    )
    if contacted and appeal.first_contacted_at is None:
        # The first-contact clock stops here, so colour and the next alert are worked out again.
        now = timezone.now()
        fields = _clock_fields(appeal, now, first_contacted_at=now)
        Appeal.objects.filter(pk=appeal.pk, first_contacted_at__isnull=True).update(**fields)
    record_event(appeal, actor=actor, action="handle", note={"text": body[:500], "contacted": contacted})
    return row


@transaction.atomic
def reply_appeal(
    *, actor: User, appeal: Appeal, text: str, attachments: Sequence[UploadedFile] = ()
) -> AppealReply:
    """答复. The answer also reaches every appeal merged into this one."""
    link = _require_lead(actor, appeal)
    body = _clean_text(text, field="text", label="答复内容", max_len=MAX_REPLY)
    check_attachments(attachments)
    now = timezone.now()
    late = bool(appeal.reply_due_at and now > appeal.reply_due_at)
    auto_close_at = _day_end(
        workdays.get_calendar().add_workdays(timezone.localtime(now).date(), AUTO_CLOSE_WORKDAYS).date
    )
    TABLE.apply(
        appeal,
        "reply",
        actor=actor,
        note={"text": body[:500], "late": late},
        fields={
            "replied_at": now,
            "replied_late": late or appeal.replied_late,
            "is_late": appeal.is_late or late,
            "colour": "red" if (late or appeal.is_late) else "green",
            "next_alert_at": auto_close_at,
            "first_contacted_at": appeal.first_contacted_at or now,
        },
    )
    row = AppealReply.objects.create(
        appeal=appeal, kind=AppealReply.Kind.REPLY, unit_id=link.unit_id, author=actor, text=body
    )
    if attachments:
        _save_attachments(appeal, attachments, actor=actor, kind=AppealAttachment.Kind.REPLY)
    children = list(appeal.merged_children.all())
    for child in children:
        record_event(
            child,
            actor=actor,
            action="reply_propagated",
            note={"parent": appeal.tracking_code, "text": body[:500]},
        )
    recipients = _filer_users(appeal)
    for child in children:
        recipients += [u for u in _filer_users(child) if u not in recipients]
    notify(
        recipients=recipients,
        title=f"您的诉求已答复：{appeal.title}",
        body=text_for(Audience.FILER, APPEAL, "reply", body[:500]),
        url=_url(appeal),
        kind="appeal",
    )
    for each in (appeal, *children):  # filers without an account: SMS and email, by the worker
        queue_filer_notices(each, "reply")
    return row


# Categories the office may answer on the call itself (即时办结): questions, not problems to solve.
ON_THE_SPOT_SERVICES = ("consult",)


@transaction.atomic
def answer_on_call(*, actor: User, appeal: Appeal, text: str) -> AppealReply:
    """即时办结: the office answers a 政策咨询 on the call, without dispatching it. The appeal is answered
    (已答复) with the office's text; it counts in statistics as answered on time, is rated by the
    callback like any reply and closes the same way (callback or the sweep)."""
    _require_office(actor)
    if appeal.service.code not in ON_THE_SPOT_SERVICES:
        raise Conflict("只有政策咨询类诉求可以即时办结，其他诉求请分办。", code="not_on_the_spot")
    body = _clean_text(text, field="text", label="答复内容", max_len=MAX_REPLY)
    now = timezone.now()
    auto_close_at = _day_end(
        workdays.get_calendar().add_workdays(timezone.localtime(now).date(), AUTO_CLOSE_WORKDAYS).date
    )
    TABLE.apply(
        appeal,
        "answer_on_call",
        actor=actor,
        note={"text": body[:500]},
        fields={
            "replied_at": now,
            "first_contacted_at": now,
            "colour": "green",
            "next_alert_at": auto_close_at,
        },
    )
    row = AppealReply.objects.create(appeal=appeal, kind=AppealReply.Kind.REPLY, author=actor, text=body)
    notify(
        recipients=_filer_users(appeal),
        title=f"您的诉求已答复：{appeal.title}",
        body=text_for(Audience.FILER, APPEAL, "answer_on_call", body[:500]),
        url=_url(appeal),
        kind="appeal",
    )
    return row


@transaction.atomic
def attach_reply_files(
    *, actor: User, appeal: Appeal, files: Sequence[UploadedFile]
) -> list[AppealAttachment]:
    """答复材料 sent apart from the reply text (the API takes JSON for the reply): the lead unit, while
    it handles the appeal or once it has answered. Same size and type limits as the pages."""
    _require_lead(actor, appeal)
    if appeal.status not in (S.ACKNOWLEDGED, S.REPLIED):
        raise Conflict(
            f"当前状态为“{appeal.get_status_display()}”，不能上传答复材料。", code="bad_transition"
        )
    if not files:
        raise ValidationFailed("请选择要上传的文件。", fields={"files": "必填"})
    check_attachments(files)
    kept = appeal.attachments.filter(kind=AppealAttachment.Kind.REPLY).count()
    if kept + len(files) > MAX_FILES:
        raise ValidationFailed(f"答复材料最多{MAX_FILES}个，已有{kept}个。", fields={"files": "过多"})
    _save_attachments(appeal, files, actor=actor, kind=AppealAttachment.Kind.REPLY)
    rows = list(appeal.attachments.filter(kind=AppealAttachment.Kind.REPLY).order_by("-id")[: len(files)])
    rows.reverse()
    record_event(appeal, actor=actor, action="attach", note={"files": [r.name for r in rows]})
    return rows


@transaction.atomic
def return_dispatch(*, actor: User, appeal: Appeal, reason: str) -> Appeal:
    """退单: the lead unit says the appeal is not theirs; the office reviews it."""
    _require_lead(actor, appeal)
    why = _clean_text(reason, field="reason", label="退单理由", max_len=1000)
    TABLE.apply(appeal, "return_dispatch", actor=actor, note={"reason": why}, fields={"next_alert_at": None})
    notify(
        recipients=_office_users(appeal),
        title=f"退单待审核：{appeal.title}",
        body=text_for(Audience.OFFICE, APPEAL, "return_dispatch", why),
        url=_url(appeal),
        kind="appeal",
    )
    return appeal


@transaction.atomic
def escalate_appeal(*, actor: User, appeal: Appeal, reason: str) -> Appeal:
    """提级呈办: the lead unit cannot solve it alone; the office holds a 会商 and dispatches again."""
    _require_lead(actor, appeal)
    why = _clean_text(reason, field="reason", label="提级理由", max_len=1000)
    TABLE.apply(appeal, "escalate", actor=actor, note={"reason": why}, fields={"next_alert_at": None})
    notify(
        recipients=_office_users(appeal),
        title=f"提级呈办待会商：{appeal.title}",
        body=text_for(Audience.OFFICE, APPEAL, "escalate", why),
        url=_url(appeal),
        kind="appeal",
    )
    return appeal


@transaction.atomic
def request_help(*, actor: User, appeal: Appeal, unit: Unit, reason: str) -> AppealUnit:
    """邀请协办: the lead unit (or the office) brings in a cooperating unit of the same area."""
    if actor.is_office:
        _require_office(actor)
    else:
        _require_lead(actor, appeal)
    if appeal.status not in (S.DISPATCHED, S.ACKNOWLEDGED):
        raise Conflict("当前状态不能邀请协办。", code="bad_transition")
    why = _clean_text(reason, field="reason", label="协办事项", max_len=1000)
    appeal_path = Region.objects.values_list("tree_path", flat=True).get(pk=appeal.region_id)
    unit_path = unit.region.tree_path
    # The helper must work in the same area: the appeal's region, one above it or one inside it.
    if not unit.is_active or not (unit_path.startswith(appeal_path) or appeal_path.startswith(unit_path)):
        raise ValidationFailed("所选单位无效或不在诉求所在区域。", fields={"unit": "无效"})
    if AppealUnit.objects.filter(appeal=appeal, unit=unit, is_active=True).exists():
        raise Conflict("该单位已是承办单位。", code="duplicate")
    link = AppealUnit.objects.create(appeal=appeal, unit=unit, role=AppealUnit.Role.COOPERATING)
    record_event(appeal, actor=actor, action="request_help", note={"unit": unit.name, "reason": why})
    _notify_units(
        appeal,
        [unit.pk],
        f"请协办诉求：{appeal.title}",
        why,
        action="request_help",
        audience=Audience.COOPERATING,
    )
    return link


@transaction.atomic
def request_extension(*, actor: User, appeal: Appeal, workdays_n: int, reason: str) -> AppealExtension:
    _require_lead(actor, appeal)
    if appeal.status not in (S.DISPATCHED, S.ACKNOWLEDGED):
        raise Conflict("当前状态不能申请延期。", code="bad_transition")
    if not 1 <= int(workdays_n) <= MAX_EXTENSION_WORKDAYS:
        raise ValidationFailed(
            f"延期天数应为1—{MAX_EXTENSION_WORKDAYS}个工作日。", fields={"workdays": "超出范围"}
        )
    why = _clean_text(reason, field="reason", label="延期理由", max_len=1000)
    try:
        with transaction.atomic():
            ext = AppealExtension.objects.create(
                appeal=appeal, workdays=workdays_n, reason=why, requested_by=actor
            )
    except IntegrityError:
        raise Conflict("已有一份延期申请待审批。", code="duplicate") from None
    record_event(
        appeal, actor=actor, action="request_extension", note={"workdays": workdays_n, "reason": why}
    )
    notify(
        recipients=_office_users(appeal),
        title=f"延期申请待审批：{appeal.title}",
        body=text_for(Audience.OFFICE, APPEAL, "request_extension", why),
        url=_url(appeal),
        kind="appeal",
    )
    return ext


@transaction.atomic
def decide_extension(
    *, actor: User, extension: AppealExtension, approve: bool, note: str = ""
) -> AppealExtension:
    """Approving moves the reply deadline by the approved workdays, which pauses the clock for them."""
    _require_office(actor)
    now = timezone.now()
    new_status = AppealExtension.Status.APPROVED if approve else AppealExtension.Status.REFUSED
    changed = AppealExtension.objects.filter(pk=extension.pk, status=AppealExtension.Status.PENDING).update(
        status=new_status, decided_by=actor, decided_at=now
    )
    if changed != 1:
        raise Conflict("该延期申请已处理。", code="concurrent_change")
    extension.status = new_status
    appeal = Appeal.objects.select_for_update().select_related("service").get(pk=extension.appeal_id)
    if approve and appeal.reply_due_at is not None:
        cal = workdays.get_calendar()
        due_local = timezone.localtime(appeal.reply_due_at)
        new_due = timezone.make_aware(
            datetime.combine(cal.add_workdays(due_local.date(), extension.workdays).date, due_local.time()),
            workdays.SHANGHAI,
        )
        fields = _clock_fields(
            appeal,
            now,
            reply_due_at=new_due,
            extension_workdays=appeal.extension_workdays + extension.workdays,
        )
        fields.pop("is_late")  # lateness on record before the approval stays on record
        Appeal.objects.filter(pk=appeal.pk).update(**fields)
    action = "approve_extension" if approve else "refuse_extension"
    record_event(
        appeal, actor=actor, action=action, note={"workdays": extension.workdays, "text": note[:500]}
    )
    _notify_units(
        appeal,
        AppealUnit.objects.filter(appeal=appeal, is_active=True, role="lead").values_list(
            "unit_id", flat=True
        ),
        f"延期申请{'已批准' if approve else '未批准'}：{appeal.title}",
    )
    return extension


# -- merge -----------------------------------------------------------------------------------------


@transaction.atomic
def merge_appeals(*, actor: User, parent: Appeal, children: Sequence[Appeal]) -> Appeal:
    """并单: duplicates follow ``parent``; each keeps its tracking code and shows the parent's answer."""
    _require_office(actor)
    if parent.status == S.MERGED or parent.status == S.CLOSED:
        raise Conflict("主诉求已并单或已办结，不能作为并单目标。", code="bad_parent")
    if not children:
        raise ValidationFailed("请选择要并入的诉求。", fields={"children": "必填"})
    for child in children:
        if child.pk == parent.pk:
            raise ValidationFailed("不能把诉求并入它自己。", fields={"children": "无效"})
        TABLE.apply(
            child,
            "merge",
            actor=actor,
            note={"parent": parent.tracking_code},
            fields={"parent": parent, "next_alert_at": None},
        )
        AppealUnit.objects.filter(appeal=child, is_active=True).update(is_active=False)
        # Appeals already merged into the child follow it to the new parent.
        Appeal.objects.filter(parent=child).update(parent=parent)
    record_event(
        parent, actor=actor, action="merge_into", note={"children": [c.tracking_code for c in children]}
    )
    return parent


# -- callback and closure --------------------------------------------------------------------------


@transaction.atomic
def record_callback(
    *, actor: User, appeal: Appeal, solved: bool, satisfaction: int, note: str = ""
) -> Appeal:
    """回访: solved and satisfaction are recorded separately. Not solved → 重办 back to the same unit."""
    require_write(actor)
    if actor.role == Role.ENTERPRISE:
        # A claim the office linked is shown to the enterprise, but only its filer may rate it.
        if not appeal.enterprise_id or appeal.enterprise_id != actor.enterprise_id or appeal.is_claim:
            raise NotAllowed("只能评价本企业提交的诉求。")
    elif actor.role != Role.OFFICE_ADMIN:
        raise NotAllowed("只有营商办或诉求企业可以回访评价。", code="role")
    try:
        level = int(satisfaction)
    except (TypeError, ValueError):
        level = 0
    if level not in SATISFACTION_LABELS:
        raise ValidationFailed("满意度应为1—5级。", fields={"satisfaction": "无效"})
    now = timezone.now()
    info = {"solved": bool(solved), "satisfaction": level, "text": note[:500]}
    if solved:
        TABLE.apply(
            appeal,
            "callback",
            actor=actor,
            note=info,
            fields={"solved": True, "satisfaction": level, "callback_at": now},
        )
        return appeal
    _reopen(appeal, actor=actor, now=now, info=info, solved=False, satisfaction=level, callback_at=now)
    lead = lead_unit_of(appeal)
    if lead:
        _notify_units(appeal, [lead.pk], f"诉求未解决，需重办：{appeal.title}", note, action="reopen")
    return appeal


def _reopen(appeal: Appeal, *, actor: User, now: datetime, info: dict[str, Any], **extra: Any) -> None:
    """重办 back to the same unit with a fresh reply clock. An extension approved for the earlier round
    belongs to that round: the new deadline does not include it, so neither does its label."""
    saved = appeal.status
    appeal.status = S.ACKNOWLEDGED
    fields = _clock_fields(
        appeal,
        now,
        reopen_count=appeal.reopen_count + 1,
        reply_due_at=reply_due_from(now, appeal.service.close_workdays),
        extension_workdays=0,
        **extra,
    )
    appeal.status = saved
    TABLE.apply(appeal, "reopen", actor=actor, note=info, fields=fields)


LOW_SATISFACTION = 2  # 不满意 or worse


@transaction.atomic
def reopen_appeal(*, actor: User, appeal: Appeal, reason: str) -> Appeal:
    """The office sends a 已回访 appeal back to 重办 when the enterprise called it solved but was not
    satisfied (不满意 / 非常不满意). The callback's answers stay on record; the unit gets a new clock."""
    _require_office(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("请填写重办原因。", fields={"reason": "必填"})
    if appeal.status != S.VISITED or appeal.satisfaction is None or appeal.satisfaction > LOW_SATISFACTION:
        raise ValidationFailed(
            "只有回访不满意(不满意、非常不满意)的诉求可以发回重办。",
            code="not_reopenable",
            fields={"status": "无效"},
        )
    _reopen(appeal, actor=actor, now=timezone.now(), info={"text": reason[:500], "by_office": True})
    lead = lead_unit_of(appeal)
    if lead:
        _notify_units(
            appeal, [lead.pk], f"诉求回访不满意，需重办：{appeal.title}", reason[:500], action="reopen"
        )
    return appeal


@transaction.atomic
def close_appeal(*, actor: User | None, appeal: Appeal, note: str = "", auto: bool = False) -> Appeal:
    """办结, after the callback or (the sweep, ``actor`` None) when the enterprise could not be reached."""
    if actor is not None:
        _require_office(actor)
    now = timezone.now()
    TABLE.apply(
        appeal,
        "close",
        actor=actor,
        note={"text": note[:500], "auto": auto},
        fields={"closed_at": now, "next_alert_at": None},
    )
    queue_filer_notices(appeal, "close")
    for child in appeal.merged_children.filter(status=S.MERGED):
        TABLE.apply(
            child, "close", actor=actor, note={"parent": appeal.tracking_code}, fields={"closed_at": now}
        )
        queue_filer_notices(child, "close")
    return appeal


# -- office edits of the catalogue -----------------------------------------------------------------

SERVICE_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
LIMIT_FIELDS = {
    "acknowledge_hours": "签收时限",
    "first_contact_workdays": "首次联系时限",
    "close_workdays": "办结时限",
}


def _check_limits(values: dict[str, Any]) -> None:
    for key, label in LIMIT_FIELDS.items():
        if key in values and not 1 <= int(values[key]) <= 60:
            raise ValidationFailed(f"{label}应在1—60之间。", fields={key: "超出范围"})


@transaction.atomic
def create_service(
    *,
    actor: User,
    code: str,
    name: str,
    group: str = "",
    description: str = "",
    default_unit_name: str = "",
    acknowledge_hours: int = 2,
    first_contact_workdays: int = 1,
    close_workdays: int = 5,
) -> Service:
    """A new catalogue entry. The code is what Open311 clients and the API send, so it never changes."""
    _require_office(actor)
    code = (code or "").strip().lower()
    if not SERVICE_CODE_RE.match(code):
        raise ValidationFailed(
            "编码应为2—32位小写字母、数字或下划线，以字母开头。", fields={"code": "格式不正确"}
        )
    if Service.objects.filter(code=code).exists():
        raise ValidationFailed(f"编码“{code}”已存在。", code="duplicate", fields={"code": "已存在"})
    name = _clean_text(name, field="name", label="名称", max_len=50)
    if len(group) > 50 or len(description) > 300 or len(default_unit_name) > 100:
        raise ValidationFailed("分组、说明或默认承办单位过长。", fields={"description": "过长"})
    limits = {
        "acknowledge_hours": acknowledge_hours,
        "first_contact_workdays": first_contact_workdays,
        "close_workdays": close_workdays,
    }
    _check_limits(limits)
    try:
        with transaction.atomic():
            service = Service.objects.create(
                code=code,
                name=name,
                group=group.strip(),
                description=description.strip(),
                default_unit_name=default_unit_name.strip(),
                order=(Service.objects.order_by("-order").values_list("order", flat=True).first() or 0) + 10,
                **{k: int(v) for k, v in limits.items()},
            )
    except IntegrityError:  # two offices adding the same code at once
        raise ValidationFailed(f"编码“{code}”已存在。", code="duplicate", fields={"code": "已存在"}) from None
    record_event(service, actor=actor, action="create", note={"code": code, "name": name})
    return service


@transaction.atomic
def update_service(*, actor: User, service: Service, **changes: Any) -> Service:
    _require_office(actor)
    allowed = {
        "name",
        "group",
        "description",
        "default_unit_name",
        "acknowledge_hours",
        "first_contact_workdays",
        "close_workdays",
        "is_active",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(f"不能修改字段：{', '.join(sorted(unknown))}")
    if "name" in changes and not str(changes["name"]).strip():
        raise ValidationFailed("名称不能为空。", fields={"name": "必填"})
    _check_limits(changes)
    before = {k: getattr(service, k) for k in changes}
    for key, value in changes.items():
        setattr(service, key, value)
    service.save()
    record_event(service, actor=actor, action="update", note={"before": before})
    return service


# -- the sweep (background job) --------------------------------------------------------------------


def _announce(appeal: Appeal, clock: str, level: str, unit_ids: list[int]) -> None:
    label = CLOCK_LABELS[clock]
    due = getattr(appeal, f"{clock}_due_at")
    # The reply deadline is "the" deadline in every message; the others name themselves.
    what = "" if clock == "reply" else label
    note = {"clock": clock, "due": str(due)}
    if level == "yellow":
        record_event(appeal, actor=None, action="remind", note=note)
        _notify_units(
            appeal, unit_ids, f"诉求{what}临期提醒：{appeal.title}", f"{label}时限将至，请抓紧办理。"
        )
        return
    record_event(appeal, actor=None, action="overdue", note=note)
    _notify_units(appeal, unit_ids, f"诉求{what}已超期：{appeal.title}", f"已超过{label}时限，营商办将督办。")
    notify(
        recipients=_office_users(appeal),
        title=f"诉求{what}超期督办：{appeal.title}",
        url=_url(appeal),
        kind="appeal",
    )
    groupchat.overdue(appeal, label, unit_ids)


def sweep_appeals(now: datetime | None = None, *, batch: int = 500) -> dict[str, int]:
    """Recolour running clocks, remind (临期) and press (超期) units, close unanswered callbacks.

    Looks only at rows whose ``next_alert_at`` has passed (a partial index), one transaction per row so
    a busy unit acting at the same moment wins and the sweep simply retries on its next run.
    """
    now = now or timezone.now()
    counts = {"reminded": 0, "overdue": 0, "closed": 0}
    due = list(
        Appeal.objects.filter(next_alert_at__lte=now)
        .select_related("service")
        .order_by("next_alert_at")[:batch]
    )
    for appeal in due:
        with transaction.atomic():
            if appeal.status == S.REPLIED:
                try:
                    close_appeal(
                        actor=None, appeal=appeal, note="答复后逾期未完成回访，系统自动办结", auto=True
                    )
                    record_event(appeal, actor=None, action="auto_close")
                    counts["closed"] += 1
                except Conflict:
                    pass
                continue
            # The levels just before the moment that made this row due are the ones already announced.
            before, _ = clock_levels(appeal, appeal.next_alert_at - timedelta(seconds=1))
            levels, _ = clock_levels(appeal, now)
            colour, next_alert = clock_state(appeal, now)
            changed = Appeal.objects.filter(
                pk=appeal.pk, status=appeal.status, next_alert_at=appeal.next_alert_at
            ).update(colour=colour, next_alert_at=next_alert, is_late=appeal.is_late or colour == "red")
            raised = {
                clock: level
                for clock, level in levels.items()
                if _LEVEL_RANK[level] > _LEVEL_RANK[before.get(clock, "green")]
            }
            if not changed or not raised:
                continue
            lead = lead_unit_of(appeal)
            unit_ids = [lead.pk] if lead else []
            for clock, level in raised.items():
                _announce(appeal, clock, level, unit_ids)
                counts["reminded" if level == "yellow" else "overdue"] += 1
    return counts
