"""/api/v1/outreach/: visits with their problems, supervisors' findings, contacts (包抓联) and the
enterprise page's sections — with the same access rules as the pages (``access`` and ``selectors``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Path, Router, Status
from ninja.pagination import paginate

from yingshang.core.access import get_or_404, require_role, require_write
from yingshang.core.models import Unit, User
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import ErrorOut
from yingshang.outreach import selectors, services
from yingshang.outreach.access import enterprise_for
from yingshang.outreach.models import Problem
from yingshang.outreach.schemas import (
    ContactOut,
    EnterprisePageOut,
    FindingIn,
    ProblemOut,
    SectionOut,
    VisitIn,
    VisitOut,
)
from yingshang.outreach.sections import sections_for
from yingshang.outreach.services.supervisors import current_appointment
from yingshang.outreach.views.contacts import occasions_for

router = Router(tags=["outreach"])
ID_PATH: Any = Path(..., ge=1, le=2**53)  # type: ignore[type-arg]
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Role = User.Role
UNIT = (Role.UNIT_LEADER, Role.UNIT_STAFF)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/visits", response={200: list[VisitOut], **ERRORS}, summary="走访记录")
@paginate(LimitOffsetPagination)
def list_visits(request: HttpRequest) -> QuerySet[Any]:
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN, *UNIT)
    return selectors.visible_visits(user)


@router.post("/visits", response={201: VisitOut, **ERRORS}, summary="记录走访(包联干部)")
def create_visit(request: HttpRequest, payload: VisitIn) -> Status[Any]:
    user = _user(request)
    require_role(user, *UNIT)
    require_write(user)
    enterprise = enterprise_for(user, payload.enterprise_id)
    occasion = None
    if payload.occasion_id is not None:
        occasion = get_or_404(occasions_for(enterprise), pk=payload.occasion_id)
    visit = services.log_visit(
        actor=user,
        enterprise=enterprise,
        visited_on=payload.visited_on,
        method=payload.method,
        discussed=payload.discussed,
        occasion=occasion,
        problems=[p.strip() for p in payload.problems if p.strip()],
    )
    return Status(201, selectors.visible_visits(user).get(pk=visit.pk))


@router.get("/findings", response={200: list[ProblemOut], **ERRORS}, summary="社会监督员发现的问题")
@paginate(LimitOffsetPagination)
def list_findings(request: HttpRequest) -> QuerySet[Problem]:
    """A supervisor: their own findings; the office: its region's."""
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN, Role.SUPERVISOR)
    return selectors.visible_problems(user).filter(channel=Problem.Channel.FINDING)


@router.post("/findings", response={201: ProblemOut, **ERRORS}, summary="提交监督发现(社会监督员)")
def create_finding(request: HttpRequest, payload: FindingIn) -> Status[Any]:
    user = _user(request)
    require_role(user, Role.SUPERVISOR)
    unit = None
    if payload.unit_id is not None:
        appointment = current_appointment(user)
        units = Unit.objects.none()
        if appointment is not None:
            units = Unit.objects.filter(
                region__tree_path__startswith=appointment.region.tree_path, is_active=True
            )
        unit = get_or_404(units, pk=payload.unit_id)
    finding = services.file_finding(
        actor=user, text=payload.text, location=payload.location, unit=unit, evidence=payload.evidence
    )
    return Status(201, finding)


@router.get("/contacts", response={200: list[ContactOut], **ERRORS}, summary="包抓联(干部只见本人)")
@paginate(LimitOffsetPagination)
def list_contacts(request: HttpRequest) -> QuerySet[Any]:
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN, *UNIT)
    return selectors.visible_assignments(user)


def _plain(value: Any) -> Any:
    """A section's template context as JSON: model rows become {id, label}; the loaders have already
    left out what the viewer may not see."""
    if isinstance(value, Model):
        return {"id": value.pk, "label": str(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, QuerySet)):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


@router.get(
    "/enterprises/{enterprise_id}", response={200: EnterprisePageOut, **ERRORS}, summary="一企一档(各栏目)"
)
def enterprise_page(request: HttpRequest, enterprise_id: int = ID_PATH) -> EnterprisePageOut:
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN, *UNIT, Role.ENTERPRISE)
    enterprise = enterprise_for(user, enterprise_id)
    return EnterprisePageOut(
        id=enterprise.pk,
        name=enterprise.name,
        sections=[
            SectionOut(code=s.code, title=s.title, data=_plain(s.context))
            for s in sections_for(enterprise, user)
        ],
    )
