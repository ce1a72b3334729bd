"""Printable views of the ledger: the 督办通知单 handed to (or filed by) the pressed unit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from yingshang.core.access import get_or_404, role_required
from yingshang.core.chinese_dates import chinese_date
from yingshang.core.models import User
from yingshang.ledger import selectors

Role = User.Role
READERS = (Role.OFFICE_ADMIN, Role.LEADER, Role.UNIT_LEADER, Role.UNIT_STAFF)


def notice_number(notice_id: int) -> str:
    """The notice's number on paper, in the style of task numbers (RW000129): DB000012."""
    return f"DB{notice_id:06d}"


@role_required(*READERS)
def notice_print(request: HttpRequest, pk: int) -> HttpResponse:
    """督办通知单 on one A4 sheet: the office and the pressed unit see it; another unit gets 404."""
    notice = get_or_404(
        selectors.visible_notices(request.user).select_related(  # type: ignore[arg-type]
            "task__region", "task__document", "task__lead_unit", "issued_by"
        ),
        pk=pk,
    )
    task = notice.task
    return render(
        request,
        "ledger/notice_print.html",
        {
            "n": notice,
            "task": task,
            "number": notice_number(notice.pk),
            "office": f"{task.region.name}优化营商环境工作领导小组办公室",
            "issued_on": chinese_date(timezone.localtime(notice.issued_at).date()),
            "demanded_on": chinese_date(notice.demanded_date),
        },
    )
