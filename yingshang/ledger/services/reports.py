"""月调度: progress reports with their actual values and evidence, and the office's decision on each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingshang.core import services as core_services
from yingshang.core.errors import Conflict, TooLarge, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Unit, User
from yingshang.ledger import clock, groupchat
from yingshang.ledger.models import (
    Evidence,
    Report,
    Task,
)
from yingshang.ledger.services.common import (
    EVIDENCE_TYPES,
    _clean,
    _require_office_for,
    _require_task_unit,
    office_users,
    refresh_colour,
    roll_up,
    task_url,
    unit_users,
)
from yingshang.ledger.transitions import REPORT, TASK

# -- reports ---------------------------------------------------------------------------------------


def _compare(actual: float, comparator: str, value: float) -> bool:
    return {
        "<=": actual <= value,
        "<": actual < value,
        ">=": actual >= value,
        ">": actual > value,
        "=": abs(actual - value) < 1e-9,
    }.get(comparator, True)


def meets_target(actual: float, target: dict[str, Any]) -> bool | None:
    """Whether a figure satisfies a target ("<= 20 工作日"); None when the target has no number."""
    try:
        value = float(target["value"])
    except (KeyError, TypeError, ValueError):
        return None
    return _compare(actual, str(target.get("comparator") or "="), value)


def check_actuals(task: Task, actual_values: Any) -> tuple[list[dict[str, Any]], list[int]]:
    """Normalise actual values ([{index, value}] against task.targets) and list the targets they miss."""
    if actual_values in (None, ""):
        return [], []
    if not isinstance(actual_values, list) or len(actual_values) > len(task.targets):
        raise ValidationFailed("实际值与任务目标不对应。", fields={"actual_values": "无效"})
    out, failed = [], []
    for item in actual_values:
        try:
            index = int(item["index"])
            raw = item.get("value")
            value = None if raw in (None, "") else float(raw)
        except (KeyError, TypeError, ValueError):
            raise ValidationFailed("实际值必须是数字。", fields={"actual_values": "无效"}) from None
        if not 0 <= index < len(task.targets):
            raise ValidationFailed("实际值与任务目标不对应。", fields={"actual_values": "无效"})
        if value is None:
            continue
        target = task.targets[index]
        out.append({"index": index, "value": value})
        if not _compare(value, target.get("comparator", ""), float(target.get("value", 0))):
            failed.append(index)
    return out, failed


def validate_evidence(files: Sequence[UploadedFile]) -> None:
    if len(files) > 10:
        raise ValidationFailed("一次最多上传10个附件。", fields={"files": "过多"})
    for f in files:
        suffix = Path(f.name or "").suffix.lower()
        if suffix not in EVIDENCE_TYPES:
            raise ValidationFailed(
                "附件只支持 pdf、jpg、png、docx、xlsx 格式。", code="bad_file", fields={"files": f.name or ""}
            )
        if f.size is None or f.size > settings.UPLOAD_MAX_BYTES:
            limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
            raise TooLarge(f"附件不能超过 {limit} MB。", fields={"files": f.name or ""})
        head = f.read(8)
        f.seek(0)
        if not any(head.startswith(magic) for magic in EVIDENCE_TYPES[suffix]):
            raise ValidationFailed(
                f"附件“{f.name}”的内容与扩展名不符。", code="bad_file", fields={"files": f.name or ""}
            )


def _save_evidence(*, actor: User, task: Task, files: Sequence[UploadedFile], report: Report | None) -> None:
    for f in files:
        ev = Evidence(
            task=task,
            report=report,
            name=Path(f.name or "file").name[:200],
            size=f.size or 0,
            content_type=(getattr(f, "content_type", "") or "")[:100],
            uploaded_by=actor,
        )
        ev.file.save(ev.name, f, save=False)
        ev.save()


@transaction.atomic
def submit_report(
    *,
    actor: User,
    task: Task,
    period: str,
    progress_text: str,
    percent: int,
    actual_values: Any = None,
    completion_date: date | None = None,
    files: Sequence[UploadedFile] = (),
) -> Report:
    """A unit's 月调度 report. Resubmitting a returned report replaces it in the same row."""
    role = _require_task_unit(actor, task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.is_group:
        raise ValidationFailed("分组节点不需要报送，请报送其下的具体任务。", code="group")
    if task.status not in (Task.Status.DISPATCHED, Task.Status.IN_PROGRESS):
        raise Conflict(f"任务当前为“{task.get_status_display()}”，不能报送进展。", code="bad_state")
    period = clock.validate_period(period)
    text = _clean(progress_text, "progress_text", "进展情况", limit=5000)
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise ValidationFailed("完成进度必须是0到100的整数。", fields={"percent": "无效"}) from None
    if not 0 <= percent <= 100:
        raise ValidationFailed("完成进度必须是0到100的整数。", fields={"percent": "超出范围"})
    today = clock.today()
    if completion_date and completion_date > today:
        raise ValidationFailed("完成日期不能晚于今天。", fields={"completion_date": "不能是将来的日期"})
    last = (
        Report.objects.filter(task=task, unit_id=actor.unit_id, status=Report.Status.ACCEPTED)
        .exclude(period=period)
        .order_by("-decided_at", "-id")
        .first()
    )
    if last and percent < last.percent:
        raise ValidationFailed(
            f"完成进度不能低于上次采纳的 {last.percent}%。",
            code="percent_down",
            fields={"percent": "不能下降"},
        )
    values, failed = check_actuals(task, actual_values)
    validate_evidence(files)
    deadline = clock.filing_deadline(period)
    late = (deadline is not None and today > deadline) or (
        period == clock.FINAL and task.due_date is not None and today > task.due_date
    )
    now = timezone.now()
    fields = {
        "progress_text": text,
        "percent": percent,
        "actual_values": values,
        "failed_targets": failed,
        "completion_date": completion_date,
        "is_late": late,
        "submitted_by": actor,
        "submitted_at": now,
    }
    existing = (
        Report.objects.select_for_update().filter(task=task, unit_id=actor.unit_id, period=period).first()
    )
    if existing is None:
        try:
            with transaction.atomic():
                report = Report.objects.create(task=task, unit_id=actor.unit_id, period=period, **fields)
        except IntegrityError:
            raise Conflict("该期进展已报送。", code="duplicate") from None
        record_event(report, actor=actor, action="submit", to_status=report.status, note={"role": role})
    elif existing.status == Report.Status.RETURNED:
        report = existing
        REPORT.apply(report, "resubmit", actor=actor, fields={**fields, "return_reason": ""})
    else:
        raise Conflict(f"{period} 的进展已{existing.get_status_display()}，不能重复报送。", code="duplicate")
    _save_evidence(actor=actor, task=task, files=files, report=report)
    if task.status == Task.Status.DISPATCHED:
        TASK.apply(task, "start", actor=actor)
    Task.objects.filter(pk=task.pk).update(last_reported_at=now)
    unit_name = Unit.objects.values_list("name", flat=True).get(pk=actor.unit_id)
    core_services.notify(
        recipients=office_users(task.region),
        title=f"待审核报送：{unit_name}报送了“{task.title}”{period}进展",
        url=task_url(task),
        kind="ledger_report",
    )
    return report


def _decidable(actor: User, report: Report) -> Report:
    _require_office_for(actor, report.task)
    return report


@transaction.atomic
def return_report(*, actor: User, report: Report, reason: str) -> Report:
    _decidable(actor, report)
    reason = _clean(reason, "reason", "退回原因", limit=1000)
    REPORT.apply(
        report,
        "return",
        actor=actor,
        note={"reason": reason},
        fields={"return_reason": reason, "decided_at": timezone.now()},
    )
    # The task's timeline is where people read what happened to it: the return shows there too.
    record_event(
        report.task,
        actor=actor,
        action="return_report",
        note={"period": report.period, "unit": report.unit.name, "reason": reason},
    )
    core_services.notify(
        recipients=unit_users([report.unit_id]),
        title=f"进展报送被退回：{report.task.title}",
        body=f"退回原因：{reason}",
        url=task_url(report.task),
        kind="ledger_return",
    )
    groupchat.report_returned(report)
    return report


@transaction.atomic
def accept_report(*, actor: User, report: Report) -> Report:
    """Accept a report; the lead unit's accepted report sets the task's progress."""
    _decidable(actor, report)
    REPORT.apply(report, "accept", actor=actor, fields={"decided_at": timezone.now()})
    record_event(
        report.task,
        actor=actor,
        action="accept_report",
        note={"period": report.period, "unit": report.unit.name},
    )
    task = Task.objects.select_for_update().get(pk=report.task_id)
    if report.unit_id == task.lead_unit_id and report.percent >= task.progress_percent:
        Task.objects.filter(pk=task.pk).update(progress_percent=report.percent)
        task.progress_percent = report.percent
        refresh_colour(task)
        roll_up(task)
    return report


@transaction.atomic
def add_evidence(*, actor: User, task: Task, files: Sequence[UploadedFile]) -> list[Evidence]:
    """Attach evidence to a task outside a report (the API's way to prepare a closure request)."""
    _require_task_unit(actor, task)
    if not files:
        raise ValidationFailed("请选择文件。", fields={"files": "必填"})
    validate_evidence(files)
    before = set(Evidence.objects.filter(task=task).values_list("pk", flat=True))
    _save_evidence(actor=actor, task=task, files=files, report=None)
    return list(Evidence.objects.filter(task=task).exclude(pk__in=before))
