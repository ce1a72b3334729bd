"""Tasks made and changed by hand: create, edit (改期, units), cancel, restore, roll-up weights."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingshang.core import services as core_services
from yingshang.core.errors import Conflict, NotFound, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Region, Unit, User
from yingshang.ledger import groupchat
from yingshang.ledger.models import (
    Campaign,
    Task,
    TaskUnit,
)
from yingshang.ledger.services.common import (
    _check_in_scope,
    _clean,
    _fresh_status,
    _notify_lead,
    _require_office_for,
    compute_colour,
    refresh_colour,
    require_office,
    roll_up,
    task_url,
    unit_users,
)
from yingshang.ledger.services.documents import _add_indicators, _clean_targets, visible_unit_ids
from yingshang.ledger.transitions import TASK


@transaction.atomic
def create_task(
    *,
    actor: User,
    region: Region,
    title: str,
    lead_unit: Unit,
    text: str = "",
    cooperating_units: Sequence[Unit] = (),
    due_date: date | None = None,
    targets: list[dict[str, Any]] | None = None,
    indicators: Sequence[str] = (),
    reporting_rule: str = Task.ReportingRule.MONTHLY,
    parent: Task | None = None,
    campaign: Campaign | None = None,
    weight: Decimal | float = 1,
) -> Task:
    """A task made by hand (no document): same clock and reporting as a dispatched measure."""
    require_office(actor)
    _check_in_scope(actor, region)
    title = _clean(title, "title", "任务名称", limit=300)
    allowed = visible_unit_ids(region)
    if lead_unit.pk not in allowed or any(u.pk not in allowed for u in cooperating_units):
        raise ValidationFailed("所选单位不在本区域。", fields={"lead_unit": "无效"})
    if reporting_rule not in Task.ReportingRule.values:
        raise ValidationFailed("报送周期无效。", fields={"reporting_rule": "无效"})
    if weight is not None and Decimal(str(weight)) <= 0:
        raise ValidationFailed("权重必须大于0。", fields={"weight": "无效"})
    now = timezone.now()
    task = Task(
        region=region,
        campaign=campaign,
        title=title,
        text=_clean(text, "text", "任务内容", required=False, limit=20000),
        parent=parent,
        lead_unit=lead_unit,
        due_date=due_date,
        targets=_clean_targets(targets or []),
        indicators=list(indicators),
        reporting_rule=reporting_rule,
        weight=Decimal(str(weight)),
        dispatched_at=now,
        next_alert_at=now,
        created_by=actor,
    )
    task.colour = compute_colour(task)
    task.save()
    _add_indicators([task])
    TaskUnit.objects.create(task=task, unit=lead_unit, role=TaskUnit.Role.LEAD)
    for unit in cooperating_units:
        if unit.pk != lead_unit.pk:
            TaskUnit.objects.get_or_create(task=task, unit=unit, defaults={"role": TaskUnit.Role.COOPERATING})
    record_event(task, actor=actor, action="dispatch", to_status=task.status)
    if parent is not None:
        Task.objects.filter(pk=parent.pk).update(is_group=True)
        roll_up(task)
    core_services.notify(
        recipients=unit_users([lead_unit.pk, *(u.pk for u in cooperating_units)]),
        title=f"新任务下发：{task.title}",
        url=task_url(task),
        kind="ledger_dispatch",
    )
    groupchat.task_dispatched(task, [lead_unit.pk, *(u.pk for u in cooperating_units)])
    return task


@transaction.atomic
def update_task(
    *,
    actor: User,
    task: Task,
    title: str | None = None,
    lead_unit: Unit | None = None,
    cooperating_units: Sequence[Unit] | None = None,
    due_date: date | None | str = "keep",
    reason: str = "",
) -> Task:
    """Edit a task's name, units or deadline (Excel re-import, revised documents, 改期 on the web).
    Reports stay. The event keeps every old value and the reason given."""
    _require_office_for(actor, task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    before: dict[str, Any] = {}
    if title is not None and title != task.title:
        before["title"] = task.title
        task.title = _clean(title, "title", "任务名称", limit=300)
    if due_date != "keep" and due_date != task.due_date:
        before["due_date"] = task.due_date.isoformat() if task.due_date else None
        task.due_date = due_date  # type: ignore[assignment]
        task.due_estimated = False
    if lead_unit is not None and lead_unit.pk != task.lead_unit_id:
        before["lead_unit"] = task.lead_unit_id
        task.lead_unit = lead_unit
        TaskUnit.objects.filter(task=task, unit=lead_unit).delete()
        TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD).update(role=TaskUnit.Role.COOPERATING)
        TaskUnit.objects.create(task=task, unit=lead_unit, role=TaskUnit.Role.LEAD)
    if cooperating_units is not None:
        wanted = {u.pk for u in cooperating_units} - {task.lead_unit_id}
        current = set(
            TaskUnit.objects.filter(task=task, role=TaskUnit.Role.COOPERATING).values_list(
                "unit_id", flat=True
            )
        )
        if wanted != current:
            before["cooperating"] = sorted(current)
            TaskUnit.objects.filter(task=task, role=TaskUnit.Role.COOPERATING).exclude(
                unit_id__in=wanted
            ).delete()
            TaskUnit.objects.bulk_create(
                [TaskUnit(task=task, unit_id=u, role=TaskUnit.Role.COOPERATING) for u in wanted - current]
            )
    if not before:
        return task
    task.colour = compute_colour(task)
    task.save(update_fields=["title", "due_date", "due_estimated", "lead_unit", "colour"])
    note: dict[str, Any] = {"before": before}
    if reason:
        note["reason"] = reason
    record_event(task, actor=actor, action="update", note=note)
    return task


@transaction.atomic
def edit_task(
    *,
    actor: User,
    task: Task,
    reason: str,
    lead_unit: Unit | None = None,
    cooperating_units: Sequence[Unit] | None = None,
    due_date: date | None | str = "keep",
) -> Task:
    """The office changes a published task on the web: 改期, or its lead or cooperating units. A reason
    is required; the units concerned (old and new) are told."""
    _require_office_for(actor, task)
    reason = _clean(reason, "reason", "调整原因", limit=1000)
    if task.is_group:
        raise ValidationFailed("分组节点随下属任务汇总，请调整具体任务。", code="group")
    if task.status in (Task.Status.CLOSED, Task.Status.CANCELLED):
        raise Conflict("已销号或已撤销的任务不能调整。", code="bad_transition")
    allowed = visible_unit_ids(task.region)
    for unit in [*(cooperating_units or ()), *([lead_unit] if lead_unit else [])]:
        if unit.pk not in allowed:
            raise ValidationFailed(f"“{unit.name}”不属于该任务的区域。", fields={"units": "无效"})
    old_units = set(TaskUnit.objects.filter(task=task).values_list("unit_id", flat=True))
    old_due = task.due_date
    task = update_task(
        actor=actor,
        task=task,
        lead_unit=lead_unit,
        cooperating_units=cooperating_units,
        due_date=due_date,
        reason=reason,
    )
    new_units = set(TaskUnit.objects.filter(task=task).values_list("unit_id", flat=True))
    if task.due_date != old_due or new_units != old_units:
        due = task.due_date.isoformat() if task.due_date else "未定"
        core_services.notify(
            recipients=unit_users(old_units | new_units),
            title=f"任务已调整：{task.title}",
            body=f"完成时限：{due}。原因：{reason}",
            url=task_url(task),
            kind="ledger_update",
        )
    return task


@transaction.atomic
def cancel_task(*, actor: User, task: Task, reason: str) -> Task:
    """The office withdraws one task (撤销) with a reason; restore_task brings it back."""
    _require_office_for(actor, task)
    reason = _clean(reason, "reason", "撤销原因", limit=1000)
    if task.is_group:
        raise ValidationFailed("分组节点不能单独撤销。", code="group")
    _fresh_status(task)
    TASK.apply(task, "cancel", actor=actor, note={"reason": reason}, fields={"next_alert_at": None})
    roll_up(task)
    _notify_lead(task, title=f"任务已撤销：{task.title}", body=f"原因：{reason}", kind="ledger_cancel")
    return task


# -- roll-up weights, restore, campaigns -----------------------------------------------------------

MAX_WEIGHT = Decimal("9999.99")


@transaction.atomic
def set_weights(*, actor: User, parent: Task, weights: dict[int, Any]) -> list[Task]:
    """Set the roll-up weights of `parent`'s children. Weights are non-negative and at least one
    counted (not cancelled) child keeps a positive weight, so the weighted mean is defined."""
    _require_office_for(actor, parent)
    children = {t.pk: t for t in Task.objects.select_for_update().filter(parent=parent).order_by("id")}
    if not children:
        raise ValidationFailed("该任务没有下属任务，无需设置权重。", code="no_children")
    errors: dict[str, str] = {}
    wanted: dict[int, Decimal] = {}
    for key, raw in weights.items():
        if key not in children:
            raise NotFound("未找到该下属任务。")
        try:
            value = Decimal(str(raw).strip())
        except (ArithmeticError, ValueError):
            errors[f"weight_{key}"] = "请填写数字"
            continue
        if not value.is_finite() or value < 0 or value > MAX_WEIGHT:
            errors[f"weight_{key}"] = "须在 0 到 9999.99 之间"
            continue
        wanted[key] = value.quantize(Decimal("0.01"))
    if errors:
        raise ValidationFailed("权重须为 0 到 9999.99 之间的数字。", code="bad_weight", fields=errors)
    counted = [
        wanted.get(pk, child.weight)
        for pk, child in children.items()
        if child.status != Task.Status.CANCELLED
    ]
    if not any(w > 0 for w in counted):
        raise ValidationFailed(
            "至少要有一项（未撤销的）下属任务权重大于 0。",
            code="no_positive_weight",
            fields={"weights": "全为 0"},
        )
    changed = []
    for pk, value in wanted.items():
        child = children[pk]
        if child.weight == value:
            continue
        old = child.weight
        Task.objects.filter(pk=pk).update(weight=value)
        child.weight = value
        # On the parent: the weights belong to its roll-up, and its weights page shows this timeline.
        record_event(
            parent,
            actor=actor,
            action="reweight",
            note={
                "task": child.pk,
                "from": str(old),
                "to": str(value),
                "text": f"{child.path or child.code} {child.title}：权重 {old} → {value}",
            },
        )
        changed.append(child)
    if changed:
        roll_up(changed[0])
    return list(children.values())


@transaction.atomic
def restore_task(*, actor: User, task: Task, reason: str) -> Task:
    """Bring back a cancelled task (e.g. a revision dropped a measure by mistake)."""
    _require_office_for(actor, task)
    reason = _clean(reason, "reason", "恢复原因", limit=1000)
    _fresh_status(task)
    TASK.apply(
        task, "restore", actor=actor, note={"reason": reason}, fields={"next_alert_at": timezone.now()}
    )
    refresh_colour(task)
    roll_up(task)
    _notify_lead(task, title=f"任务已恢复：{task.title}", body=f"原因：{reason}", kind="ledger_restore")
    return task
