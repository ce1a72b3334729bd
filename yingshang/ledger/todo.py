"""我的待办 entries of the ledger."""

from __future__ import annotations

from yingshang.core.models import User
from yingshang.core.todo import TodoItem
from yingshang.ledger.models import Document, Report, SupervisionNotice, Task
from yingshang.ledger.selectors import visible_tasks

LIMIT = 50


def ledger_todo(user: User) -> list[TodoItem]:
    items: list[TodoItem] = []
    if user.is_office:
        tasks = visible_tasks(user)
        for r in (
            Report.objects.filter(task__in=tasks, status=Report.Status.SUBMITTED)
            .select_related("task", "unit")
            .order_by("submitted_at")[:LIMIT]
        ):
            items.append(
                TodoItem(
                    "审核报送",
                    f"{r.unit.name}：{r.task.title}（{r.period}）",
                    f"/ledger/tasks/{r.task_id}/",
                    colour=r.task.colour,
                )
            )
        for t in tasks.filter(status=Task.Status.CLOSURE_REQUESTED).order_by("due_date")[:LIMIT]:
            items.append(
                TodoItem("审核销号", t.title, f"/ledger/tasks/{t.pk}/", due=t.due_date, colour=t.colour)
            )
        # Pre-verified closures wait for an office above the pre-verifier: not for the pre-verifier itself.
        pre_verified = tasks.filter(status=Task.Status.CLOSURE_PRE_VERIFIED).exclude(
            closure_pre_verified_by=user
        )
        for t in pre_verified.order_by("due_date")[:LIMIT]:
            items.append(
                TodoItem("复核销号", t.title, f"/ledger/tasks/{t.pk}/", due=t.due_date, colour=t.colour)
            )
        for d in Document.objects.filter(status=Document.Status.DRAFT, created_by=user)[:10]:
            items.append(TodoItem("待发布文件", d.title, f"/ledger/documents/{d.pk}/"))
    elif user.is_unit_user and user.unit_id:
        open_tasks = (
            visible_tasks(user)
            .filter(is_group=False, status__in=(Task.Status.DISPATCHED, Task.Status.IN_PROGRESS))
            .exclude(colour="green")
            .order_by("due_date")[:LIMIT]
        )
        for t in open_tasks:
            items.append(TodoItem("任务", t.title, f"/ledger/tasks/{t.pk}/", due=t.due_date, colour=t.colour))
        for n in SupervisionNotice.objects.filter(
            unit_id=user.unit_id, status=SupervisionNotice.Status.ISSUED
        ).select_related("task")[:LIMIT]:
            items.append(
                TodoItem(
                    "督办单",
                    n.task.title,
                    f"/ledger/tasks/{n.task_id}/",
                    due=n.demanded_date,
                    colour=n.colour,
                    detail=n.reason,
                )
            )
        returned = Report.objects.filter(unit_id=user.unit_id, status=Report.Status.RETURNED).select_related(
            "task"
        )[:LIMIT]
        for r in returned:
            items.append(
                TodoItem(
                    "报送被退回",
                    f"{r.task.title}（{r.period}）",
                    f"/ledger/tasks/{r.task_id}/",
                    colour="red",
                    detail=r.return_reason,
                )
            )
    return items
