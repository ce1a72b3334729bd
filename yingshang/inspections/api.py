"""/api/v1/inspections/: plans and their moves, public commitments, results, figures."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.params.functions import Path

from yingshang.core.access import get_or_404, require_role
from yingshang.core.errors import ValidationFailed
from yingshang.core.models import User
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import ErrorOut
from yingshang.inspections import selectors, services
from yingshang.inspections.models import DrawnTarget, InspectionItem, Plan, Rectification
from yingshang.inspections.schemas import (
    CommitmentsOut,
    FiguresOut,
    PlanIn,
    PlanOut,
    RectificationCloseIn,
    RectificationOut,
    ResultEvidenceOut,
    ResultIn,
    ResultOut,
    TransitionIn,
)

router = Router(tags=["inspections"])
ID_PATH: Any = Path(..., ge=1, le=2**53)
EVIDENCE_FILE: Any = File(None)  # type: ignore[type-arg]
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
WRITERS = (User.Role.OFFICE_ADMIN, User.Role.UNIT_LEADER, User.Role.UNIT_STAFF)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _out(plan: Plan) -> PlanOut:
    return PlanOut(
        id=plan.pk,
        title=plan.title,
        year=plan.year,
        status=plan.status,
        joint=plan.joint,
        special=plan.special,
        lead_unit=plan.lead_unit.name,
        scheduled_on=plan.scheduled_on,
        seed_source=plan.seed_source,
        rates=plan.rates,
    )


@router.get("/plans", response={200: list[PlanOut], **ERRORS}, summary="抽查计划")
@paginate(LimitOffsetPagination)
def list_plans(request: HttpRequest) -> list[PlanOut]:
    user = _user(request)
    require_role(user, *selectors.STAFF)
    return [_out(p) for p in selectors.visible_plans(user)[:500]]


@router.post("/plans", response={201: PlanOut, **ERRORS}, summary="新建抽查计划(部门或营商办)")
def create_plan(request: HttpRequest, payload: PlanIn) -> Status[PlanOut]:
    user = _user(request)
    require_role(user, *WRITERS)
    items = list(InspectionItem.objects.filter(pk__in=payload.item_ids).select_related("department"))
    if len(items) != len(set(payload.item_ids)):
        raise ValidationFailed("抽查事项不存在。", fields={"item_ids": "无效"})
    lead_unit = user.unit if user.unit is not None else items[0].department
    plan = services.create_plan(
        actor=user,
        title=payload.title,
        year=payload.year,
        region=lead_unit.region,
        lead_unit=lead_unit,
        items=items,
        rates=payload.rates.dict(),
        scheduled_on=payload.scheduled_on,
        seed_source=payload.seed_source,
        special=payload.special,
    )
    return Status(201, _out(plan))


@router.post("/plans/{plan_id}/transition", response={200: PlanOut, **ERRORS}, summary="计划流转与抽取")
def transition_plan(request: HttpRequest, payload: TransitionIn, plan_id: int = ID_PATH) -> PlanOut:
    user = _user(request)
    require_role(user, *WRITERS)
    plan = get_or_404(selectors.visible_plans(user), pk=plan_id)
    if payload.action == "seed":
        services.enter_seed(actor=user, plan=plan, seed=payload.seed)
    elif payload.action == "return":
        services.return_plan(actor=user, plan=plan, reason=payload.reason)
    else:
        moves = {
            "submit": services.submit_plan,
            "approve": services.approve_plan,
            "announce": services.announce_plan,
            "commit": services.commit_draw,
            "publish": services.publish_draw,
        }
        moves[payload.action](actor=user, plan=plan)
    plan.refresh_from_db()
    return _out(plan)


@router.get(
    "/public/plans/{plan_id}/commitments",
    response={200: CommitmentsOut, **ERRORS},
    auth=None,
    summary="公开：计划的承诺值、种子与结果哈希",
)
def public_commitments(request: HttpRequest, plan_id: int = ID_PATH) -> CommitmentsOut:
    plan = get_or_404(selectors.public_plans().select_related("draw"), pk=plan_id)
    draw = getattr(plan, "draw", None)
    published = draw is not None and draw.published_at is not None
    return CommitmentsOut(
        plan_id=plan.pk,
        status=plan.status,
        commitments=draw.commitments if draw is not None else {},
        seed=draw.seed if draw is not None else "",
        result_sha256=draw.result_sha256 if published and draw is not None else "",
        published_at=draw.published_at if draw is not None else None,
    )


def _evidence(target: DrawnTarget) -> list[ResultEvidenceOut]:
    if not target.evidence:
        return []
    return [
        ResultEvidenceOut(
            name=target.evidence.name.rsplit("/", 1)[-1],
            size=target.evidence.size,
            url=reverse("inspections:evidence", args=[target.pk]),
        )
    ]


def _result_out(target: DrawnTarget) -> ResultOut:
    rect = Rectification.objects.filter(target=target).first()
    return ResultOut(
        id=target.pk,
        status=target.status,
        outcome=target.outcome,
        publish_by=target.publish_by,
        rectification_due=rect.due_date if rect else None,
        evidence=_evidence(target),
    )


def _record(
    request: HttpRequest, target_id: int, payload: ResultIn, evidence: UploadedFile | None
) -> ResultOut:
    user = _user(request)
    require_role(user, *WRITERS)
    target = get_or_404(selectors.visible_targets(user).prefetch_related("inspectors"), pk=target_id)
    services.record_result(
        actor=user,
        target=target,
        outcome=payload.outcome,
        findings=payload.findings,
        inspected_on=payload.inspected_on,
        evidence=evidence,
    )
    return _result_out(target)


@router.post("/targets/{target_id}/result", response={200: ResultOut, **ERRORS}, summary="录入检查结果")
def record_result(request: HttpRequest, payload: ResultIn, target_id: int = ID_PATH) -> ResultOut:
    """Without a file: findings that need evidence (整改、移送) go through …/result/upload."""
    return _record(request, target_id, payload, None)


@router.post(
    "/targets/{target_id}/result/upload",
    response={200: ResultOut, **ERRORS},
    summary="录入检查结果并上传佐证材料(multipart，文件字段 evidence)",
)
def record_result_with_evidence(
    request: HttpRequest,
    payload: Form[ResultIn],
    target_id: int = ID_PATH,
    evidence: UploadedFile | None = EVIDENCE_FILE,
) -> ResultOut:
    """The same result as POST …/result, with its evidence file in the same transaction: a refused
    file records nothing. Who may record and the file limits are the page's."""
    return _record(request, target_id, payload, evidence)


@router.get(
    "/targets/{target_id}/evidence", response={200: list[ResultEvidenceOut], **ERRORS}, summary="佐证材料"
)
def list_evidence(request: HttpRequest, target_id: int = ID_PATH) -> list[ResultEvidenceOut]:
    """Whoever sees the result's page sees its evidence; `url` downloads the file."""
    user = _user(request)
    require_role(user, *selectors.STAFF)
    return _evidence(get_or_404(selectors.visible_targets(user), pk=target_id))


@router.post(
    "/rectifications/{rectification_id}/close",
    response={200: RectificationOut, **ERRORS},
    summary="整改销号(责任部门或营商办)",
)
def close_rectification(
    request: HttpRequest, payload: RectificationCloseIn, rectification_id: int = ID_PATH
) -> RectificationOut:
    user = _user(request)
    require_role(user, *WRITERS)
    rect = get_or_404(selectors.visible_rectifications(user), pk=rectification_id)
    services.close_rectification(actor=user, rectification=rect, note=payload.note)
    return RectificationOut(
        id=rect.pk,
        target_id=rect.target_id,
        owner=rect.owner.name,
        problem=rect.problem,
        status=rect.status,
        due_date=rect.due_date,
        colour=rect.colour,
        closing_note=rect.closing_note,
        closed_at=rect.closed_at,
    )


@router.get("/figures", response={200: FiguresOut, **ERRORS}, summary="抽查统计与覆盖率")
def figures(request: HttpRequest, year: int | None = None) -> FiguresOut:
    user = _user(request)
    require_role(user, *selectors.MANAGERS)
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationFailed("年度无效。", fields={"year": "无效"})
    return FiguresOut(**selectors.figures(user, year=year or timezone.localdate().year))
