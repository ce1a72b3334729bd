"""问题收集 → 解决: a raised problem becomes an appeal (the enterprise as filer) or a ledger task, or is
closed with a reason; the problem keeps the link and the appeal/task points back (related_name
``outreach_problems``)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from yingshang.appeals.models import Appeal, Service
from yingshang.appeals.services import file_appeal
from yingshang.core.access import require_write
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, Region, Unit, User
from yingshang.ledger.models import Task
from yingshang.ledger.services import create_task
from yingshang.outreach.access import may_convert_to_appeal, may_convert_to_task
from yingshang.outreach.models import CampaignTarget, OutreachEvent, Problem, Visit
from yingshang.outreach.services.common import check_scope, clean, require_office
from yingshang.outreach.transitions import PROBLEM

Role = User.Role


@transaction.atomic
def raise_problem(
    *,
    actor: User,
    channel: str,
    region: Region,
    text: str,
    enterprise: Enterprise | None = None,
    unit: Unit | None = None,
    visit: Visit | None = None,
    event: OutreachEvent | None = None,
    target: CampaignTarget | None = None,
    location: str = "",
    evidence: str = "",
) -> Problem:
    """One problem from any channel; callers check that ``actor`` may raise it there."""
    if channel not in Problem.Channel.values:
        raise ValidationFailed("未知的问题来源。", fields={"channel": "无效"})
    problem = Problem.objects.create(
        channel=channel,
        region=region,
        enterprise=enterprise,
        unit=unit,
        visit=visit,
        event=event,
        target=target,
        raised_by=actor,
        text=clean(text, "text", "问题", limit=2000),
        location=clean(location, "location", "地点", required=False, limit=200),
        evidence=clean(evidence, "evidence", "证据说明", required=False, limit=2000),
    )
    record_event(problem, actor=actor, action="raise", to_status=problem.status)
    return problem


def _title(problem: Problem) -> str:
    # An appeal filed for an enterprise is the enterprise's to read: a supervisor's finding about it
    # must not say where it came from (the office sees the origin on the appeal page).
    hidden = problem.channel == Problem.Channel.FINDING and problem.enterprise_id is not None
    prefix = "" if hidden else f"[{problem.get_channel_display()}]"
    return f"{prefix}{problem.text.splitlines()[0]}"[:100]


@transaction.atomic
def problem_to_appeal(*, actor: User, problem: Problem, service: Service) -> Appeal:
    """转为诉求: the office — or the contact cadre whose visit raised it (``access.may_convert_to_appeal``)
    — files an appeal for the enterprise (its registered contact) or, for a supervisor's finding about a
    unit, with the supervisor as contact, and links it to the problem."""
    require_write(actor)
    if not may_convert_to_appeal(actor, problem):
        if actor.role == Role.OFFICE_ADMIN:
            check_scope(actor, problem.region)
        raise NotAllowed(
            "只有营商办，或记录该走访且仍包联该企业的干部，可以把这个问题转为诉求。", code="not_converter"
        )
    if problem.status != Problem.Status.OPEN:
        raise Conflict("该问题已处理，请刷新后查看。", code="bad_transition")
    enterprise = problem.enterprise
    if enterprise is not None:
        # The enterprise files: its registered contact, or its name when none is registered.
        contact_name = enterprise.contact_name or enterprise.name[:50]
        contact_phone = enterprise.contact_phone
        if not contact_phone and problem.channel != Problem.Channel.FINDING:
            contact_phone = problem.raised_by.phone  # the cadre's, never a supervisor's
    else:
        contact_name = problem.raised_by.display_name or problem.raised_by.username
        contact_phone = problem.raised_by.phone
    appeal = file_appeal(
        actor=actor,
        service=service,
        channel=Appeal.Channel.VISIT if problem.channel == Problem.Channel.VISIT else Appeal.Channel.OTHER,
        title=_title(problem),
        description=problem.text,
        region=problem.region,
        enterprise=enterprise,
        contact_name=contact_name,
        contact_phone=contact_phone,
        location_text=problem.location,
    )
    PROBLEM.apply(
        problem,
        "to_appeal",
        actor=actor,
        note={"tracking_code": appeal.tracking_code},
        fields={"appeal": appeal, "triaged_at": timezone.now()},
    )
    return appeal


@transaction.atomic
def problem_to_task(
    *, actor: User, problem: Problem, lead_unit: Unit, due_date: date | None = None, title: str = ""
) -> Task:
    """转为任务: a ledger task for ``lead_unit`` (the unit concerned, usually) with the problem as its text;
    the office only — the ledger is the office's (``access.may_convert_to_task``)."""
    require_office(actor)
    check_scope(actor, problem.region)
    if not may_convert_to_task(actor, problem):  # the same rule the pages show
        raise NotAllowed("督办任务由营商办立项。", code="office_only")
    if problem.status != Problem.Status.OPEN:
        raise Conflict("该问题已处理，请刷新后查看。", code="bad_transition")
    task = create_task(
        actor=actor,
        region=problem.region,
        title=clean(title, "title", "任务名称", required=False, limit=300) or _title(problem),
        lead_unit=lead_unit,
        text=problem.text,
        due_date=due_date,
    )
    PROBLEM.apply(
        problem,
        "to_task",
        actor=actor,
        note={"task": task.pk},
        fields={"task": task, "triaged_at": timezone.now()},
    )
    return task


@transaction.atomic
def dismiss_problem(*, actor: User, problem: Problem, reason: str) -> Problem:
    """不予处理, with the reason the raiser reads."""
    require_office(actor)
    check_scope(actor, problem.region)
    text = clean(reason, "reason", "不予处理理由", limit=500)
    PROBLEM.apply(
        problem,
        "dismiss",
        actor=actor,
        note={"reason": text},
        fields={"reason": text, "triaged_at": timezone.now()},
    )
    return problem
