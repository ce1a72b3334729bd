"""社会监督员: the office appoints supervisors; a supervisor files findings (明察暗访) from their own login."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from yingshang.core.access import require_role, require_write
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, Region, Unit, User
from yingshang.outreach.models import Problem, SupervisorAppointment
from yingshang.outreach.services.common import check_scope, clean, require_office
from yingshang.outreach.services.problems import raise_problem

Role = User.Role


@transaction.atomic
def appoint_supervisor(
    *,
    actor: User,
    user: User,
    region: Region,
    term_start: date,
    term_end: date,
    fields: Sequence[str],
    contact: str = "",
) -> SupervisorAppointment:
    require_office(actor)
    check_scope(actor, region)
    if user.role != Role.SUPERVISOR:
        raise ValidationFailed("只能聘任社会监督员账号。", fields={"user": "不是监督员账号"})
    if term_end < term_start:
        raise ValidationFailed("任期结束不能早于开始。", fields={"term_end": "早于开始"})
    chosen = [f for f in dict.fromkeys(fields)]
    if not chosen or any(f not in SupervisorAppointment.Field.values for f in chosen):
        raise ValidationFailed("请选择监督领域。", fields={"fields": "无效"})
    appointment = SupervisorAppointment.objects.create(
        user=user,
        region=region,
        term_start=term_start,
        term_end=term_end,
        fields=chosen,
        contact=clean(contact, "contact", "联系方式", required=False, limit=50),
        appointed_by=actor,
    )
    record_event(appointment, actor=actor, action="appoint", note={"name": str(user)})
    return appointment


def current_appointment(user: User, on: date | None = None) -> SupervisorAppointment | None:
    day = on or timezone.localdate()
    return (
        SupervisorAppointment.objects.select_related("region")
        .filter(user=user, term_start__lte=day, term_end__gte=day)
        .first()
    )


@transaction.atomic
def file_finding(
    *,
    actor: User,
    text: str,
    location: str,
    unit: Unit | None = None,
    enterprise: Enterprise | None = None,
    evidence: str = "",
) -> Problem:
    """明察暗访: what, where, which unit, evidence. Only a supervisor within their term files findings,
    in their appointment's region."""
    require_write(actor)
    require_role(actor, Role.SUPERVISOR)
    appointment = current_appointment(actor)
    if appointment is None:
        raise NotAllowed("您不在社会监督员任期内，不能提交监督发现。", code="not_appointed")
    region = appointment.region
    if unit is not None and f"/{region.pk}/" not in unit.region.tree_path:
        raise ValidationFailed("所选单位不在您的监督区域。", fields={"unit": "超出区域"})
    if unit is not None:
        region = unit.region
    return raise_problem(
        actor=actor,
        channel=Problem.Channel.FINDING,
        region=region,
        text=text,
        enterprise=enterprise,
        unit=unit,
        location=clean(location, "location", "地点", limit=200),
        evidence=evidence,
    )
