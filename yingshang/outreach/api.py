"""/api/v1/outreach/: visits with their problems, supervisors' findings, contacts (包抓联) and the
enterprise page's sections — with the same access rules as the pages (``access`` and ``selectors``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import File, Path, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from yingshang.appeals.selectors import service_by_code
from yingshang.core.access import get_or_404, require_role, require_write
from yingshang.core.errors import ValidationFailed
from yingshang.core.models import Unit, User
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import ErrorOut
from yingshang.outreach import selectors, services
from yingshang.outreach.access import enterprise_for
from yingshang.outreach.models import Problem
from yingshang.outreach.schemas import (
    CampaignImportOut,
    ContactOut,
    EnterprisePageOut,
    FindingIn,
    ProblemOut,
    ProblemToAppealIn,
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
XLSX_FILE: Any = File(...)  # type: ignore[type-arg]
MAX_IMPORT_BYTES = 10 * 1024 * 1024


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


@router.post(
    "/problems/{problem_id}/appeal",
    response={200: ProblemOut, **ERRORS},
    summary="问题转为诉求(营商办，或记录该走访的包联干部)",
)
def problem_to_appeal(request: HttpRequest, payload: ProblemToAppealIn, problem_id: int = ID_PATH) -> Problem:
    """The same rule as the problem page (``access.may_convert_to_appeal``): the office of the region, or
    the cadre whose own visit raised it while the enterprise is still theirs. Ledger tasks are the
    office's, on its page."""
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN, *UNIT)
    require_write(user)
    problem = get_or_404(selectors.visible_problems(user), pk=problem_id)
    service = service_by_code(payload.service_code)
    if service is None or not service.is_active:
        raise ValidationFailed(
            "未知的诉求类别。", code="unknown_service", fields={"service_code": "未知类别"}
        )
    services.problem_to_appeal(actor=user, problem=problem, service=service)
    return selectors.visible_problems(user).get(pk=problem.pk)


@router.post(
    "/campaigns/{campaign_id}/import",
    response={200: CampaignImportOut, **ERRORS},
    summary="从Excel导入回访企业(先预览，apply=true 时导入)",
)
def import_campaign_targets(
    request: HttpRequest,
    campaign_id: int = ID_PATH,
    apply: bool = Query(False),  # type: ignore[type-arg]
    file: UploadedFile = XLSX_FILE,
) -> CampaignImportOut:
    """Header 统一社会信用代码 (企业名称 optional, to check). Without ``apply``: a dry run with each row's
    error. With ``apply``: all rows or none — any row error is a 422 naming the rows (``fields``)."""
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN)
    require_write(user)
    campaign = get_or_404(selectors.visible_campaigns(user).select_related("region"), pk=campaign_id)
    if file.size and file.size > MAX_IMPORT_BYTES:
        raise ValidationFailed("文件不能超过10MB。", fields={"file": "过大"})
    plan = services.import_campaign_targets(actor=user, campaign=campaign, fileobj=file, apply=apply)
    if apply and not plan.ok:
        raise ValidationFailed(
            f"有 {len(plan.errors)} 行有误，未导入任何一行。",
            code="import_rows",
            fields={f"row_{e.row}": e.message for e in plan.errors[:100]},
        )
    return CampaignImportOut(
        applied=apply,
        created=plan.created,  # type: ignore[arg-type]
        unchanged=plan.unchanged,
        errors=[{"row": e.row, "message": e.message} for e in plan.errors],  # type: ignore[misc]
        notices=[{"row": e.row, "message": e.message} for e in plan.notices],  # type: ignore[misc]
    )


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
