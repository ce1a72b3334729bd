"""/api/v1/inspections/: plans and their moves, public commitments, results, figures."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate
from ninja.params.functions import Path

from yingshang.core.access import get_or_404, require_role
from yingshang.core.errors import ValidationFailed
from yingshang.core.models import User
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import ErrorOut
from yingshang.inspections import selectors, services
from yingshang.inspections.models import InspectionItem, Plan, Rectification
from yingshang.inspections.schemas import (
    CommitmentsOut,
    FiguresOut,
    PlanIn,
    PlanOut,
    ResultIn,
    ResultOut,
    TransitionIn,
)

router = Router(tags=["inspections"])
ID_PATH: Any = Path(..., ge=1, le=2**53)
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


@router.post("/targets/{target_id}/result", response={200: ResultOut, **ERRORS}, summary="录入检查结果")
def record_result(request: HttpRequest, payload: ResultIn, target_id: int = ID_PATH) -> ResultOut:
    """Findings that need evidence (整改、移送) are recorded on the page, where the file is uploaded."""
    user = _user(request)
    require_role(user, *WRITERS)
    target = get_or_404(selectors.visible_targets(user), pk=target_id)
    services.record_result(
        actor=user,
        target=target,
        outcome=payload.outcome,
        findings=payload.findings,
        inspected_on=payload.inspected_on,
    )
    rect = Rectification.objects.filter(target=target).first()
    return ResultOut(
        id=target.pk,
        status=target.status,
        outcome=target.outcome,
        publish_by=target.publish_by,
        rectification_due=rect.due_date if rect else None,
    )


@router.get("/figures", response={200: FiguresOut, **ERRORS}, summary="抽查统计与覆盖率")
def figures(request: HttpRequest, year: int | None = None) -> FiguresOut:
    user = _user(request)
    require_role(user, *selectors.MANAGERS)
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationFailed("年度无效。", fields={"year": "无效"})
    return FiguresOut(**selectors.figures(user, year=year or timezone.localdate().year))
