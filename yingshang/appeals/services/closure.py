"""回访 and 办结: the callback (solved kept apart from satisfaction), 重办, closing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingshang.appeals.models import (
    Appeal,
)
from yingshang.appeals.notices.services import queue_filer_notices
from yingshang.appeals.services.clocks import _clock_fields, reply_due_from
from yingshang.appeals.services.common import SATISFACTION_LABELS, Role, S, _require_office, lead_unit_of
from yingshang.appeals.services.dispatch import _notify_units
from yingshang.appeals.statistics.cells import keeps_statistics
from yingshang.appeals.workflow import TABLE
from yingshang.core.access import require_write
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.models import User

# -- callback and closure --------------------------------------------------------------------------


@keeps_statistics
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


@keeps_statistics
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


@keeps_statistics
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
