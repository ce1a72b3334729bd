"""What the ledger posts to group robots: one short line per notice, the task's number and title, a link.

Called by the ledger's services inside their transactions (see yingshang.core.webhooks.announce)."""

from __future__ import annotations

from collections.abc import Iterable

from yingshang.core.webhooks import announce
from yingshang.ledger.models import Document, Report, SupervisionNotice, Task


def _url(task: Task) -> str:
    return f"/ledger/tasks/{task.pk}/"


def _name(task: Task) -> str:
    return f"{task.code}「{task.title}」"


def document_dispatched(document: Document, unit_ids: Iterable[int]) -> None:
    announce(
        event="ledger_dispatch",
        text=f"【任务下发】营商办下发了《{document.title}》的任务，请登录平台查看本单位任务并按期报送进展。",
        link="/ledger/mine/",
        unit_ids=unit_ids,
    )


def task_dispatched(task: Task, unit_ids: Iterable[int]) -> None:
    due = f"，完成时限{task.due_date:%Y-%m-%d}" if task.due_date else ""
    announce(
        event="ledger_dispatch", text=f"【任务下发】{_name(task)}{due}。", link=_url(task), unit_ids=unit_ids
    )


def reminder(task: Task, kind: str, *, period: str = "", misses: int = 0) -> None:
    due = f"{task.due_date:%Y-%m-%d}" if task.due_date else ""
    text = {
        "overdue": f"【催办】{_name(task)}已超过完成时限（{due}），请抓紧办理并报送进展。",
        "due_soon": f"【临期提醒】{_name(task)}将于{due}到期。",
        "urge_report": f"【催报】{_name(task)}{period}的进展未按期报送，请尽快报送。",
        "office_urge": f"【催报】营商办请尽快报送{_name(task)}的最新进展。",
        "escalate": f"【升级督办】{_name(task)}已连续{misses}次未按期报送进展。",
    }[kind]
    announce(event=f"ledger_{kind}", text=text, link=_url(task), unit_ids=[task.lead_unit_id])


def notice_issued(notice: SupervisionNotice) -> None:
    task = notice.task
    announce(
        event="ledger_notice",
        text=f"【督办】{notice.get_colour_display()}督办单：{_name(task)}，请于{notice.demanded_date:%Y-%m-%d}前答复。",
        link=_url(task),
        unit_ids=[notice.unit_id],
    )


def notice_escalated(notice: SupervisionNotice) -> None:
    announce(
        event="ledger_escalate",
        text=f"【升级督办】督办单逾期未答复：{_name(notice.task)}。",
        link=_url(notice.task),
        unit_ids=[notice.unit_id],
    )


def report_returned(report: Report) -> None:
    task = report.task
    announce(
        event="ledger_return",
        text=f"【报送退回】{_name(task)}{report.period}的进展被营商办退回，请按退回意见修改后重新报送。",
        link=_url(task),
        unit_ids=[report.unit_id],
    )
