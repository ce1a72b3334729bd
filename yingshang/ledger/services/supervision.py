"""督办: notices to units and their answers, and the jobs that refresh colours, remind and escalate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from yingshang.core import services as core_services
from yingshang.core.access import require_write
from yingshang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Unit, User
from yingshang.ledger import clock, groupchat
from yingshang.ledger.models import (
    OPEN_STATUSES,
    Reminder,
    Report,
    SupervisionNotice,
    Task,
    TaskUnit,
)
from yingshang.ledger.services.common import (
    Role,
    _clean,
    _require_office_for,
    compute_colour,
    refresh_colour,
    task_url,
    unit_users,
)
from yingshang.ledger.services.reports import accept_report
from yingshang.ledger.transitions import NOTICE

# -- supervision (督办) ----------------------------------------------------------------------------


@transaction.atomic
def issue_notice(
    *, actor: User, task: Task, unit: Unit, reason: str, demanded_date: date, colour: str = "yellow"
) -> SupervisionNotice:
    _require_office_for(actor, task)
    if not TaskUnit.objects.filter(task=task, unit=unit).exists():
        raise ValidationFailed("督办单位必须是该任务的责任单位。", fields={"unit_id": "无效"})
    if not task.is_open:
        raise Conflict("任务已办结或撤销，不能督办。", code="bad_state")
    reason = _clean(reason, "reason", "督办事由", limit=2000)
    if demanded_date < clock.today():
        raise ValidationFailed("要求完成日期不能早于今天。", fields={"demanded_date": "无效"})
    if colour not in ("yellow", "red"):
        raise ValidationFailed("督办等级应为黄色或红色。", fields={"colour": "无效"})
    notice = SupervisionNotice.objects.create(
        task=task, unit=unit, reason=reason, demanded_date=demanded_date, colour=colour, issued_by=actor
    )
    record_event(notice, actor=actor, action="issue", to_status=notice.status, note={"text": reason})
    record_event(task, actor=actor, action="supervise", note={"text": reason, "unit": unit.name})
    core_services.notify(
        recipients=unit_users([unit.pk]),
        title=f"督办单：{task.title}",
        body=f"{reason}\n要求于 {demanded_date:%Y-%m-%d} 前答复。",
        url=task_url(task),
        kind="ledger_notice",
    )
    groupchat.notice_issued(notice)
    return notice


@transaction.atomic
def answer_notice(*, actor: User, notice: SupervisionNotice, answer: str) -> SupervisionNotice:
    require_write(actor)
    if not actor.is_unit_user:
        raise NotAllowed("只有被督办单位可以答复督办单。", code="role")
    if actor.unit_id != notice.unit_id:
        raise NotFound("未找到该对象，或您无权查看。")
    answer = _clean(answer, "answer", "答复内容", limit=5000)
    NOTICE.apply(
        notice,
        "answer",
        actor=actor,
        note={"text": answer},
        fields={"answer": answer, "answered_at": timezone.now()},
    )
    core_services.notify(
        recipients=[notice.issued_by],
        title=f"督办单已答复：{notice.task.title}",
        url=task_url(notice.task),
        kind="ledger_notice",
    )
    return notice


@transaction.atomic
def close_notice(*, actor: User, notice: SupervisionNotice) -> SupervisionNotice:
    _require_office_for(actor, notice.task)
    NOTICE.apply(notice, "close", actor=actor)
    return notice


# -- jobs: colours, reminders, escalation ----------------------------------------------------------


def refresh_all_colours(*, on: date | None = None, batch: int = 2000) -> int:
    """Recompute the stored colour of every open task; returns how many changed."""
    changed = 0
    qs = Task.objects.filter(status__in=OPEN_STATUSES).only(
        "id",
        "due_date",
        "status",
        "progress_percent",
        "rollup_percent",
        "is_group",
        "dispatched_at",
        "colour",
    )
    last_id = 0
    while True:
        rows = list(qs.filter(pk__gt=last_id).order_by("pk")[:batch])
        if not rows:
            return changed
        dirty = []
        for t in rows:
            colour = compute_colour(t, on)
            if colour != t.colour:
                t.colour = colour
                dirty.append(t)
        Task.objects.bulk_update(dirty, ["colour"])
        changed += len(dirty)
        last_id = rows[-1].pk


def _remind(task: Task, kind: str, period: str, unit_id: int | None) -> bool:
    """Create the reminder row; False when it was sent before (the unique row makes it once)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(task=task, kind=kind, period=period, unit_id=unit_id)
    except IntegrityError:
        return False
    return True


def _leaders(unit_id: int) -> list[User]:
    return list(User.objects.filter(unit_id=unit_id, role=Role.UNIT_LEADER, is_active=True))


ESCALATE_AFTER_MISSES = 2


def run_reminders(*, now: Any = None) -> dict[str, int]:
    """临期提醒, 催报/催办 and escalation for every open task whose timer is due. Idempotent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    cal_yellow = clock.yellow_workdays()
    from yingshang.core.workdays import get_calendar

    cal = get_calendar()
    counts = {"due_soon": 0, "overdue": 0, "urge_report": 0, "escalate": 0}
    due_tasks = Task.objects.filter(
        status__in=("dispatched", "in_progress"), is_group=False, next_alert_at__lte=now
    ).select_related("lead_unit")
    for task in due_tasks:
        lead = task.lead_unit_id
        if lead is None:
            continue
        url = task_url(task)
        if task.due_date and today > task.due_date:
            if _remind(task, Reminder.Kind.OVERDUE, task.due_date.isoformat(), lead):
                counts["overdue"] += 1
                core_services.notify(
                    recipients=unit_users([lead]),
                    title=f"催办：任务已逾期：{task.title}",
                    url=url,
                    kind="ledger_urge",
                )
                groupchat.reminder(task, "overdue")
        elif task.due_date and cal.workdays_left(task.due_date, today) <= cal_yellow:
            if _remind(task, Reminder.Kind.DUE_SOON, task.due_date.isoformat(), lead):
                counts["due_soon"] += 1
                core_services.notify(
                    recipients=unit_users([lead]),
                    title=f"临期提醒：{task.title} 将于 {task.due_date:%Y-%m-%d} 到期",
                    url=url,
                    kind="ledger_reminder",
                )
                groupchat.reminder(task, "due_soon")
        if task.reporting_rule != Task.ReportingRule.ON_COMPLETION:
            period = clock.previous_period(today, task.reporting_rule)
            deadline = clock.filing_deadline(period)
            end = clock.period_end(period)
            dispatched = timezone.localdate(task.dispatched_at) if task.dispatched_at else today
            if (
                deadline
                and end
                and today > deadline
                and dispatched <= end
                and not Report.objects.filter(task=task, unit_id=lead, period=period).exists()
                and _remind(task, Reminder.Kind.URGE_REPORT, period, lead)
            ):
                counts["urge_report"] += 1
                core_services.notify(
                    recipients=unit_users([lead]),
                    title=f"催报：{task.title} 的 {period} 进展未按期报送",
                    url=url,
                    kind="ledger_urge",
                )
                groupchat.reminder(task, "urge_report", period=period)
                misses = Reminder.objects.filter(task=task, kind=Reminder.Kind.URGE_REPORT).count()
                if misses >= ESCALATE_AFTER_MISSES and _remind(task, Reminder.Kind.ESCALATE, period, lead):
                    counts["escalate"] += 1
                    core_services.notify(
                        recipients=_leaders(lead),
                        title=f"升级督办：{task.title} 已连续 {misses} 次未按期报送",
                        url=url,
                        kind="ledger_escalate",
                    )
                    groupchat.reminder(task, "escalate", misses=misses)
        refresh_colour(task)
        Task.objects.filter(pk=task.pk).update(next_alert_at=clock.next_morning(now))
    late_notices = SupervisionNotice.objects.filter(
        status=SupervisionNotice.Status.ISSUED, demanded_date__lt=today, escalated_at__isnull=True
    ).select_related("task")
    for notice in late_notices:
        if _remind(notice.task, Reminder.Kind.ESCALATE, f"notice-{notice.pk}", notice.unit_id):
            counts["escalate"] += 1
            SupervisionNotice.objects.filter(pk=notice.pk).update(escalated_at=now)
            record_event(notice, actor=None, action="escalate")
            core_services.notify(
                recipients=_leaders(notice.unit_id),
                title=f"升级督办：督办单逾期未答复（{notice.task.title}）",
                url=task_url(notice.task),
                kind="ledger_escalate",
            )
            groupchat.notice_escalated(notice)
    return counts


# -- bulk actions from the overview -----------------------------------------------------------------

BULK_LIMIT = 200


@dataclass
class BulkOutcome:
    """What a bulk action did: how many tasks it acted on, and each one it skipped with the reason."""

    done: int = 0
    skipped: list[tuple[Task, str]] = field(default_factory=list)


def _bulk_tasks(actor: User, tasks: Sequence[Task]) -> list[Task]:
    if not tasks:
        raise ValidationFailed("请先勾选任务。", fields={"tasks": "必填"})
    if len(tasks) > BULK_LIMIT:
        raise ValidationFailed(f"一次最多处理 {BULK_LIMIT} 项任务。", fields={"tasks": "过多"})
    for task in tasks:
        _require_office_for(actor, task)
    return list(tasks)


@transaction.atomic
def urge_reports(*, actor: User, tasks: Sequence[Task]) -> BulkOutcome:
    """催报 for the selected tasks: each open task's lead unit is asked for its latest progress."""
    out = BulkOutcome()
    for task in _bulk_tasks(actor, tasks):
        if task.is_group or not task.is_open or task.lead_unit_id is None:
            out.skipped.append((task, "不是在办的具体任务"))
            continue
        record_event(task, actor=actor, action="urge_report")
        core_services.notify(
            recipients=unit_users([task.lead_unit_id]),
            title=f"请报送进展：{task.title}",
            body="营商办请尽快报送该任务的最新进展。",
            url=task_url(task),
            kind="ledger_urge",
        )
        groupchat.reminder(task, "office_urge")
        out.done += 1
    return out


@transaction.atomic
def supervise_tasks(
    *, actor: User, tasks: Sequence[Task], reason: str, demanded_date: date, colour: str = "yellow"
) -> BulkOutcome:
    """督办 the selected tasks: one notice to each open task's lead unit, with the same reason and date."""
    reason = _clean(reason, "reason", "督办事由", limit=2000)
    out = BulkOutcome()
    for task in _bulk_tasks(actor, tasks):
        if task.is_group or not task.is_open or task.lead_unit is None:
            out.skipped.append((task, "不是在办的具体任务"))
            continue
        issue_notice(
            actor=actor,
            task=task,
            unit=task.lead_unit,
            reason=reason,
            demanded_date=demanded_date,
            colour=colour,
        )
        out.done += 1
    return out


@transaction.atomic
def accept_latest_reports(*, actor: User, tasks: Sequence[Task]) -> BulkOutcome:
    """采纳 the report waiting for review on each selected task (the newest, if a unit sent several)."""
    out = BulkOutcome()
    for task in _bulk_tasks(actor, tasks):
        report = task.reports.filter(status=Report.Status.SUBMITTED).order_by("-submitted_at", "-id").first()
        if report is None:
            out.skipped.append((task, "没有待审核的报送"))
            continue
        accept_report(actor=actor, report=report)
        out.done += 1
    return out
