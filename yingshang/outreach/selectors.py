"""Reads of the outreach app: contacts with their visit clocks, problems by channel, yearly figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from yingshang.core.access import region_q
from yingshang.core.models import Enterprise, Unit, User
from yingshang.outreach.models import (
    Assignment,
    CallbackCampaign,
    CampaignTarget,
    OutreachEvent,
    Problem,
    SupervisorAppointment,
    Visit,
)

Role = User.Role
UNIT_ROLES = (Role.UNIT_LEADER, Role.UNIT_STAFF)
EVENTS_REQUIRED_PER_YEAR = 2  # "每年至少举办2次以上政企联系沟通活动"
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class VisitClock:
    """A contact's visit clock: the last visit, when the next is due, and its colour."""

    last: date | None
    due: date
    colour: str  # green / yellow (due within a week) / red (overdue)
    days_over: int


def visit_clock(assignment: Assignment, today: date | None = None) -> VisitClock:
    today = today or timezone.localdate()
    last: date | None = getattr(assignment, "last_visit", None)
    start = last or timezone.localtime(assignment.created_at).date()
    due = start + timedelta(days=assignment.frequency_days)
    if due < today:
        return VisitClock(last, due, "red", (today - due).days)
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return VisitClock(last, due, "yellow", 0)
    return VisitClock(last, due, "green", 0)


def assignments_with_last_visit(**filters: Any) -> QuerySet[Assignment]:
    last = (
        Visit.objects.filter(enterprise=OuterRef("enterprise"), cadre=OuterRef("cadre"))
        .order_by("-visited_on")
        .values("visited_on")[:1]
    )
    return (
        Assignment.objects.filter(**filters)
        .select_related("enterprise", "cadre", "unit")
        .annotate(last_visit=Subquery(last))
        .order_by("enterprise__name", "id")
    )


def visible_assignments(user: User) -> QuerySet[Assignment]:
    """Office: its region's contacts; unit leaders: their unit's (the department's list); staff: their own."""
    qs = assignments_with_last_visit()
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user, field="enterprise__region"))
    if user.role == Role.UNIT_LEADER and user.unit_id is not None:
        return qs.filter(unit_id=user.unit_id)
    if user.role == Role.UNIT_STAFF:
        return qs.filter(cadre=user)
    return qs.none()


def with_clocks(assignments: QuerySet[Assignment] | list[Assignment]) -> list[tuple[Assignment, VisitClock]]:
    today = timezone.localdate()
    return [(a, visit_clock(a, today)) for a in assignments]


def unit_enterprise_list(unit: Unit) -> QuerySet[Enterprise]:
    """对口服务企业名单: the enterprises a department's cadres look after."""
    return Enterprise.objects.filter(outreach_assignments__unit=unit).distinct().order_by("name")


def visible_problems(user: User) -> QuerySet[Problem]:
    qs = Problem.objects.select_related("enterprise", "unit", "raised_by", "appeal", "task")
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user))
    if user.role == Role.SUPERVISOR:
        return qs.filter(raised_by=user)
    if user.role in UNIT_ROLES:
        return qs.filter(raised_by=user)
    return qs.none()


def problem_funnel(qs: QuerySet[Problem]) -> list[dict[str, Any]]:
    """问题收集 → 解决, per channel: raised, open, into appeals, into tasks, dismissed, and solved
    (an appeal answered or closed, a task verified)."""
    done_appeal = Q(
        status=Problem.Status.APPEAL, appeal__status__in=["replied", "visited", "closed", "merged"]
    )
    done_task = Q(status=Problem.Status.TASK, task__status="closed")
    rows = (
        qs.order_by()
        .values("channel")
        .annotate(
            raised=Count("id"),
            open=Count("id", filter=Q(status=Problem.Status.OPEN)),
            appeals=Count("id", filter=Q(status=Problem.Status.APPEAL)),
            tasks=Count("id", filter=Q(status=Problem.Status.TASK)),
            dismissed=Count("id", filter=Q(status=Problem.Status.DISMISSED)),
            solved=Count("id", filter=done_appeal | done_task),
        )
    )
    by_channel = {r["channel"]: r for r in rows}
    empty = {"raised": 0, "open": 0, "appeals": 0, "tasks": 0, "dismissed": 0, "solved": 0}
    return [
        {"channel": code, "label": label, **by_channel.get(code, empty)}
        for code, label in Problem.Channel.choices
    ]


def visible_events(user: User) -> QuerySet[OutreachEvent]:
    qs = OutreachEvent.objects.select_related("unit", "region").annotate(
        invited=Count("invitations"), came=Count("invitations", filter=Q(invitations__attended=True))
    )
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user))
    if user.role in UNIT_ROLES and user.unit_id is not None:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def unit_event_counts(user: User, year: int) -> list[dict[str, Any]]:
    """Each unit of the office's region with its events held in ``year``, against 每年至少2次."""
    units = Unit.objects.filter(region_q(user), is_active=True)
    counts = dict(
        OutreachEvent.objects.filter(region_q(user), held_on__year=year, unit__isnull=False)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    return [
        {"unit": u, "held": counts.get(u.pk, 0), "short": counts.get(u.pk, 0) < EVENTS_REQUIRED_PER_YEAR}
        for u in units.select_related("region").order_by("region_id", "name")
    ]


def supervisor_figures(user: User, year: int) -> list[dict[str, Any]]:
    """Per supervisor appointed in the office's region: findings filed in ``year`` and what became of them."""
    appointments = SupervisorAppointment.objects.filter(region_q(user)).select_related("user")
    ids = {a.user_id for a in appointments}
    rows = {
        r["raised_by"]: r
        for r in Problem.objects.filter(
            channel=Problem.Channel.FINDING, raised_by__in=ids, created_at__year=year
        )
        .values("raised_by")
        .annotate(
            filed=Count("id"),
            appeals=Count("id", filter=Q(status=Problem.Status.APPEAL)),
            tasks=Count("id", filter=Q(status=Problem.Status.TASK)),
            dismissed=Count("id", filter=Q(status=Problem.Status.DISMISSED)),
            open=Count("id", filter=Q(status=Problem.Status.OPEN)),
        )
    }
    empty = {"filed": 0, "appeals": 0, "tasks": 0, "dismissed": 0, "open": 0}
    labels = dict(SupervisorAppointment.Field.choices)
    return [
        {
            "appointment": a,
            "fields_label": "、".join(labels.get(f, f) for f in a.fields),
            **rows.get(a.user_id, empty),
        }
        for a in appointments
    ]


def visible_campaigns(user: User) -> QuerySet[CallbackCampaign]:
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return CallbackCampaign.objects.filter(region_q(user)).annotate(
            total=Count("targets"), answered=Count("targets", filter=Q(targets__status="answered"))
        )
    return CallbackCampaign.objects.none()


def campaign_report(campaign: CallbackCampaign) -> list[dict[str, Any]]:
    """满意度 and issues by serving unit."""
    return list(
        campaign.targets.order_by()
        .values("unit__name")
        .annotate(
            total=Count("id"),
            answered=Count("id", filter=Q(status=CampaignTarget.Status.ANSWERED)),
            satisfaction=Avg("satisfaction"),
            issues=Count("problems", distinct=True),
        )
        .order_by("unit__name")
    )


def my_calls(user: User) -> QuerySet[CampaignTarget]:
    return CampaignTarget.objects.filter(caller=user).select_related("campaign", "enterprise", "unit")


def overdue_count(user: User) -> int:
    return sum(1 for _, clock in with_clocks(visible_assignments(user)) if clock.colour == "red")


def visible_visits(user: User) -> QuerySet[Visit]:
    """Visits on the enterprise pages ``user`` may open: the office's region, a cadre's own enterprises."""
    from yingshang.outreach.access import served_enterprises

    if user.role not in (Role.OFFICE_ADMIN, *UNIT_ROLES):
        return Visit.objects.none()
    return (
        Visit.objects.filter(enterprise__in=served_enterprises(user))
        .select_related("enterprise", "cadre", "unit", "occasion")
        .prefetch_related("problems")
        .order_by("-visited_on", "-id")
    )
