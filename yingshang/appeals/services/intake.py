"""受理: filing an appeal (enterprise, public, staff, API, Open311), attachments and repeat appeals."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yingshang.appeals.models import (
    Appeal,
    AppealAttachment,
    Service,
)
from yingshang.appeals.services.common import (
    ALLOWED_FILES,
    EMAIL_RE,
    MAX_DESCRIPTION,
    MAX_FILE_BYTES,
    MAX_FILES,
    PHONE_RE,
    REPEAT_WINDOW_DAYS,
    Role,
    S,
    _clean_text,
    new_tracking_code,
)
from yingshang.appeals.suggest import suggest_indicators
from yingshang.core.access import require_role, require_write
from yingshang.core.creditcode import InvalidCreditCode, validate_credit_code
from yingshang.core.errors import TooLarge, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, Region, User

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
    """受理: one appeal from any channel. ``actor`` None is the public form or Open311 without a token.
    A unit cadre files only a problem raised on a visit, for the enterprise (the outreach app checks
    that the cadre logged the visit and serves the enterprise: ``outreach.access``)."""
    if actor is not None:
        require_write(actor)
        relayed = actor.is_unit_user and channel == Appeal.Channel.VISIT and enterprise is not None
        if not relayed:
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
