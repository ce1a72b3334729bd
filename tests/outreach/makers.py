"""`make_*` helpers of the outreach tests, built on the shared cast (tests/makers.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from tests.appeals.makers import ensure_services
from yingshang.appeals.models import Service
from yingshang.outreach import services
from yingshang.outreach.models import (
    Assignment,
    CampaignTarget,
    OutreachEvent,
    Problem,
    SupervisorAppointment,
    Visit,
)


def make_service() -> Service:
    ensure_services()
    return Service.objects.get(code="complaint")


def assign(c: Any, *, cadre: Any = None, enterprise: Any = None, days: int = 30) -> Assignment:
    return services.assign_cadre(
        actor=c.office, enterprise=enterprise or c.enterprise, cadre=cadre or c.lead, frequency_days=days
    )


def make_visit(c: Any, *, problems: tuple[str, ...] = ("用电报装时间太长",), days_ago: int = 1) -> Visit:
    if not Assignment.objects.filter(enterprise=c.enterprise, cadre=c.lead).exists():
        assign(c)
    return services.log_visit(
        actor=c.lead,
        enterprise=c.enterprise,
        visited_on=timezone.localdate() - timedelta(days=days_ago),
        method=Visit.Method.ON_SITE,
        discussed="了解企业生产经营情况",
        problems=problems,
    )


def make_problem(c: Any) -> Problem:
    return make_visit(c).problems.get()


def appoint(c: Any, user: Any = None) -> SupervisorAppointment:
    today = timezone.localdate()
    return services.appoint_supervisor(
        actor=c.office,
        user=user or c.supervisor,
        region=c.city,
        term_start=today - timedelta(days=30),
        term_end=today + timedelta(days=335),
        fields=["service", "enforcement"],
        contact="13800000000",
    )


def make_finding(c: Any) -> Problem:
    if not SupervisorAppointment.objects.filter(user=c.supervisor).exists():
        appoint(c)
    return services.file_finding(
        actor=c.supervisor,
        text="窗口工作人员午休时间无人值守",
        location="政务服务大厅3号窗口",
        unit=c.lead_unit,
    )


def make_event(c: Any) -> OutreachEvent:
    return services.create_event(
        actor=c.lead,
        region=c.county,
        kind=OutreachEvent.Kind.FORUM,
        title="民营企业座谈会",
        held_on=date(2025, 3, 12),
        enterprises=[c.enterprise],
    )


def make_target(c: Any) -> CampaignTarget:
    campaign = services.create_campaign(actor=c.office, region=c.city, year=2025, name="2025年度回访")
    services.build_campaign_list(actor=c.office, campaign=campaign, extra=[c.enterprise])
    services.assign_callers(actor=c.office, campaign=campaign, callers=[c.lead])
    return campaign.targets.get()
