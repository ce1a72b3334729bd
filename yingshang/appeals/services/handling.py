"""The units' work on an appeal: 签收, 办理 notes, 答复 (and 即时办结), 退单, 提级, 协办, 延期."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingshang.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealExtension,
    AppealReply,
    AppealUnit,
)
from yingshang.appeals.notices.services import queue_filer_notices
from yingshang.appeals.services.clocks import _clock_fields, callback_due_from
from yingshang.appeals.services.common import (
    APPEAL,
    MAX_EXTENSION_WORKDAYS,
    MAX_FILES,
    MAX_REPLY,
    S,
    _active_link,
    _clean_text,
    _filer_users,
    _office_users,
    _require_lead,
    _require_office,
    _url,
)
from yingshang.appeals.services.dispatch import _notify_units
from yingshang.appeals.services.intake import _save_attachments, check_attachments
from yingshang.appeals.statistics.cells import keeps_statistics
from yingshang.appeals.workflow import TABLE
from yingshang.core import workdays
from yingshang.core.access import require_write
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Region, Unit, User
from yingshang.core.services import notify
from yingshang.core.visibility import Audience, text_for


@keeps_statistics
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


@keeps_statistics
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


@keeps_statistics
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
    auto_close_at = callback_due_from(now)
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


@keeps_statistics
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
    auto_close_at = callback_due_from(now)
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


def _to_office(*, actor: User, appeal: Appeal, action: str, reason: str, label: str, title: str) -> Appeal:
    """The lead unit hands the appeal back to the office with a reason (退单 or 提级呈办)."""
    _require_lead(actor, appeal)
    why = _clean_text(reason, field="reason", label=label, max_len=1000)
    TABLE.apply(appeal, action, actor=actor, note={"reason": why}, fields={"next_alert_at": None})
    notify(
        recipients=_office_users(appeal),
        title=f"{title}：{appeal.title}",
        body=text_for(Audience.OFFICE, APPEAL, action, why),
        url=_url(appeal),
        kind="appeal",
    )
    return appeal


@keeps_statistics
@transaction.atomic
def return_dispatch(*, actor: User, appeal: Appeal, reason: str) -> Appeal:
    """退单: the lead unit says the appeal is not theirs; the office reviews it."""
    return _to_office(
        actor=actor,
        appeal=appeal,
        action="return_dispatch",
        reason=reason,
        label="退单理由",
        title="退单待审核",
    )


@keeps_statistics
@transaction.atomic
def escalate_appeal(*, actor: User, appeal: Appeal, reason: str) -> Appeal:
    """提级呈办: the lead unit cannot solve it alone; the office holds a 会商 and dispatches again."""
    return _to_office(
        actor=actor, appeal=appeal, action="escalate", reason=reason, label="提级理由", title="提级呈办待会商"
    )


@keeps_statistics
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


@keeps_statistics
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
