"""我的待办 entries for appeals: what this user must do next on which appeal."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from yingshang.appeals.models import Appeal, AppealExtension, AppealUnit
from yingshang.appeals.selectors import visible_appeals
from yingshang.appeals.sla import step_clock
from yingshang.core.models import User
from yingshang.core.todo import TodoItem

Role = User.Role
S = Appeal.Status
LIMIT = 50


def _item(a: Appeal, detail: str) -> TodoItem:
    due = timezone.localtime(a.reply_due_at).date() if a.reply_due_at else None
    colour = "red" if a.is_late else a.colour
    # is_late stays set once a clock ran out; it means "late now" only while the appeal is open.
    overdue = a.is_late and a.status in Appeal.OPEN_STATUSES
    clock = step_clock(a)
    if clock is not None:
        detail = f"{detail} · {clock.text}"
        if a.status == S.REPLIED:
            # 待回访 / 请评价: the reply's deadline and colour are history; the callback's clock runs now.
            due = timezone.localtime(clock.due).date()
            colour = clock.colour
            overdue = clock.overdue
    return TodoItem(
        kind="诉求",
        title=a.title,
        url=reverse("appeals:detail", args=[a.pk]),
        due=due,
        colour=colour,
        detail=detail,
        overdue=overdue,
    )


def appeal_todos(user: User) -> list[TodoItem]:
    if user.role == Role.OFFICE_ADMIN:
        qs = visible_appeals(user)
        items = [_item(a, "待分办") for a in qs.filter(status=S.SUBMITTED)[:LIMIT]]
        items += [_item(a, "退单待审核") for a in qs.filter(status=S.RETURNED)[:LIMIT]]
        items += [_item(a, "提级呈办待会商") for a in qs.filter(status=S.ESCALATED)[:LIMIT]]
        items += [_item(a, "待回访") for a in qs.filter(status=S.REPLIED)[:LIMIT]]
        pending = AppealExtension.objects.filter(status="pending", appeal__in=qs).select_related("appeal")[
            :LIMIT
        ]
        items += [_item(e.appeal, "延期待审批") for e in pending]
        return items
    if user.is_unit_user:
        links = AppealUnit.objects.filter(
            unit_id=user.unit_id, is_active=True, appeal__status__in=[S.DISPATCHED, S.ACKNOWLEDGED]
        ).select_related("appeal")[:LIMIT]
        out = []
        for link in links:
            a = link.appeal
            if link.role == AppealUnit.Role.COOPERATING:
                out.append(_item(a, "协办"))
            else:
                out.append(_item(a, "待签收" if a.status == S.DISPATCHED else "待答复"))
        return out
    if user.role == Role.ENTERPRISE:
        qs = visible_appeals(user).filter(status=S.REPLIED)[:LIMIT]
        return [_item(a, "已答复，请评价") for a in qs]
    return []
