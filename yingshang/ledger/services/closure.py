"""销号: the lead unit asks, the office (one or two levels) verifies or rejects; reopening."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from yingshang.core import services as core_services
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.models import User
from yingshang.ledger.models import (
    Evidence,
    Report,
    Task,
    TaskUnit,
)
from yingshang.ledger.services.common import (
    _clean,
    _fresh_status,
    _needs_second_level,
    _notify_lead,
    _region_above,
    _require_office_for,
    _require_task_unit,
    office_users,
    refresh_colour,
    roll_up,
    task_url,
)
from yingshang.ledger.services.reports import _save_evidence, validate_evidence
from yingshang.ledger.transitions import TASK

# -- closure ---------------------------------------------------------------------------------------


@transaction.atomic
def request_closure(*, actor: User, task: Task, summary: str, files: Sequence[UploadedFile] = ()) -> Task:
    """申请销号: only the lead unit, with a summary and evidence (new files or earlier ones)."""
    role = _require_task_unit(actor, task)
    if role != TaskUnit.Role.LEAD or task.lead_unit_id != actor.unit_id:
        raise NotAllowed("只有牵头单位可以申请销号。", code="not_lead")
    if task.is_group:
        raise ValidationFailed("分组节点随下属任务汇总，不单独销号。", code="group")
    summary = _clean(summary, "summary", "完成情况说明", limit=5000)
    validate_evidence(files)
    _fresh_status(task)
    if (
        not files
        and not Evidence.objects.filter(task=task).exists()
        and not task.reports.filter(status=Report.Status.ACCEPTED).exists()
    ):
        raise ValidationFailed(
            "申请销号需上传佐证材料，或先有一次被采纳的进展报送。",
            code="no_evidence",
            fields={"files": "必填"},
        )
    TASK.apply(
        task, "request_closure", actor=actor, note={"text": summary}, fields={"closure_summary": summary}
    )
    _save_evidence(actor=actor, task=task, files=files, report=None)
    core_services.notify(
        recipients=office_users(task.region),
        title=f"申请销号：{task.title}",
        body=summary[:200],
        url=task_url(task),
        kind="ledger_closure",
    )
    return task


@transaction.atomic
def verify_closure(*, actor: User, task: Task) -> Task:
    """The office (never the owning unit) verifies and closes. A concurrent verify gets Conflict.

    With two closure levels (YINGSHANG_CLOSURE_LEVELS=2) an office that has an office above it (a county's)
    only pre-verifies; an office above the pre-verifier's region (the city's) then closes.
    """
    _require_office_for(actor, task)
    _fresh_status(task)
    if task.status == Task.Status.CLOSURE_PRE_VERIFIED:
        task.refresh_from_db(fields=["closure_pre_verified_by"])
        first = task.closure_pre_verified_by
        if first is not None and not _region_above(actor.region, first.region):
            raise NotAllowed("该任务已通过初审，需由上级营商办复核销号。", code="second_level_required")
    elif _needs_second_level(actor):
        TASK.apply(task, "pre_verify_closure", actor=actor, fields={"closure_pre_verified_by": actor})
        region = task.region.parent or task.region
        core_services.notify(
            recipients=office_users(region),
            title=f"任务销号待复核：{task.title}",
            url=task_url(task),
            kind="ledger_closure_pre_verified",
        )
        return task
    TASK.apply(
        task,
        "verify_closure",
        actor=actor,
        fields={
            "closed_at": timezone.now(),
            # Progress stays what the last report said: closure is the office's verdict, not a report.
            "colour": "green",
            "next_alert_at": None,
        },
    )
    roll_up(task)
    _notify_lead(task, title=f"任务已销号：{task.title}", kind="ledger_closed")
    return task


@transaction.atomic
def reject_closure(*, actor: User, task: Task, reason: str) -> Task:
    _require_office_for(actor, task)
    reason = _clean(reason, "reason", "驳回原因", limit=1000)
    _fresh_status(task)
    TASK.apply(task, "reject_closure", actor=actor, note={"reason": reason})
    refresh_colour(task)
    _notify_lead(
        task,
        title=f"销号申请被驳回：{task.title}",
        body=f"驳回原因：{reason}",
        kind="ledger_closure_rejected",
    )
    return task


@transaction.atomic
def reopen_task(*, actor: User, task: Task, reason: str) -> Task:
    _require_office_for(actor, task)
    reason = _clean(reason, "reason", "重新打开原因", limit=1000)
    _fresh_status(task)
    TASK.apply(
        task,
        "reopen",
        actor=actor,
        note={"reason": reason},
        fields={"closed_at": None, "next_alert_at": timezone.now()},
    )
    refresh_colour(task)
    roll_up(task)
    _notify_lead(task, title=f"任务被重新打开：{task.title}", body=f"原因：{reason}", kind="ledger_reopen")
    return task
