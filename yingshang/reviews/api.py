"""The reviews API: public rating submissions, bad-rating cases, visit tokens and statistics."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from yingshang.core.access import get_or_404
from yingshang.core.clientip import client_ip
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.models import Region, User
from yingshang.core.schemas import ErrorOut
from yingshang.reviews import cards, selectors, services, statistics
from yingshang.reviews.catalogue_api import router as catalogue_router
from yingshang.reviews.models import BadRatingCase, Rating
from yingshang.reviews.public import device_of
from yingshang.reviews.schemas import (
    BadRatingCaseOut,
    CaseActionIn,
    RatingIn,
    RatingOut,
    StatsRowOut,
    VisitTokenOut,
)

router = Router(tags=["好差评"])
router.add_router("", catalogue_router)  # matters and questionnaires
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
Role = User.Role


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined, no-any-return]


def _staff(request: HttpRequest) -> User:
    user = _user(request)
    if user.role not in selectors.STAFF:
        raise NotAllowed("您的角色无权访问好差评数据。", code="role")
    return user


@router.post("/ratings", auth=None, response={201: RatingOut, **ERRORS}, summary="提交评价(无需登录)")
def submit_rating(request: HttpRequest, payload: RatingIn) -> Status[dict[str, Any]]:
    user = request.user if isinstance(request.user, User) else None
    rating = services.submit_rating(
        actor=user,
        data=services.RatingInput(
            level=payload.level,
            scores=payload.scores,
            text=payload.text,
            rater_name=payload.rater_name,
            rater_phone=payload.rater_phone,
        ),
        point_key=payload.point_key,
        token=payload.token,
        kiosk_key=payload.kiosk_key,
        request_code=payload.request_code,
        network=client_ip(request),
        device=payload.device or device_of(request),
    )
    return Status(201, {"receipt_code": rating.receipt_code, "level": rating.level, "bad": rating.is_bad})


def _case_out(user: User, case: BadRatingCase) -> dict[str, Any]:
    rating = case.rating
    out = {
        "id": case.pk,
        "unit": case.unit.name,
        "status": case.status,
        "status_label": case.get_status_display(),
        "colour": case.colour,
        "level": rating.level,
        "level_label": rating.get_level_display(),
        "text": rating.text,
        "point": rating.point.name if rating.point else None,
        "matter": rating.matter.name if rating.matter else None,
        "submitted_at": rating.submitted_at,
        "due_date": case.due_date,
        "complexity": case.complexity,
        "excluded": rating.excluded,
    }
    if selectors.may_see_rater(user) and rating.is_real_name:
        out["rater_name"], out["rater_phone"] = rating.rater_name, rating.rater_phone
    return out


@router.get("/cases", response={200: list[BadRatingCaseOut], **ERRORS}, summary="差评列表")
def list_cases(
    request: HttpRequest,
    status: str = "",
    limit: int = Query(50, ge=1, le=200),  # type: ignore[type-arg]
) -> list[dict[str, Any]]:
    user = _staff(request)
    qs = selectors.visible_cases(user)
    if status:
        qs = qs.filter(status=status)
    return [_case_out(user, c) for c in qs[:limit]]


@router.get("/cases/{case_id}", response={200: BadRatingCaseOut, **ERRORS}, summary="差评详情")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    user = _staff(request)
    return _case_out(user, get_or_404(selectors.visible_cases(user), pk=case_id))


@router.post(
    "/cases/{case_id}/action", response={200: BadRatingCaseOut, **ERRORS}, summary="核实/整改/反馈/申诉复核"
)
def case_action(request: HttpRequest, case_id: int, payload: CaseActionIn) -> dict[str, Any]:
    user = _staff(request)
    case = get_or_404(selectors.visible_cases(user), pk=case_id)
    if payload.action == "verify":
        services.verify_case(actor=user, case=case, note=payload.text, complexity=payload.complexity)
    elif payload.action == "rectify":
        services.rectify_case(actor=user, case=case, text=payload.text)
    elif payload.action == "feed_back":
        services.feed_back_case(actor=user, case=case, text=payload.text)
    elif payload.action == "appeal":
        services.appeal_rating(actor=user, case=case, reason=payload.text, evidence=payload.evidence)
    else:
        raise ValidationFailed("未知的办理动作。", fields={"action": "无效"})
    case.refresh_from_db()
    return _case_out(user, case)


@router.post(
    "/points/{point_id}/tokens", response={201: VisitTokenOut, **ERRORS}, summary="生成评价码(一次一评)"
)
def issue_token(request: HttpRequest, point_id: int) -> Status[dict[str, Any]]:
    user = _staff(request)
    point = get_or_404(selectors.visible_points(user), pk=point_id)
    token = services.issue_visit_token(actor=user, point=point)
    return Status(201, {"code": token.code, "url": cards.rating_url(request, point) + f"?t={token.code}"})


@router.get("/stats", response={200: list[StatsRowOut], **ERRORS}, summary="好差评统计")
def stats(request: HttpRequest, by: str = "unit") -> list[dict[str, Any]]:
    user = _staff(request)
    if by not in statistics.GROUPS:
        raise ValidationFailed("分组应为 unit、matter、channel 或 month。", fields={"by": "无效"})
    return [r.as_dict() for r in statistics.figures(selectors.visible_ratings(user), by=by)]


@router.get("/public/stats", auth=None, response={200: list[StatsRowOut], **ERRORS}, summary="好差评公开统计")
def public_stats(
    request: HttpRequest, by: str = "unit", region_id: int | None = None
) -> list[dict[str, Any]]:
    if by not in statistics.GROUPS:
        raise ValidationFailed("分组应为 unit、matter、channel 或 month。", fields={"by": "无效"})
    qs = Rating.objects.all()
    if region_id is not None:
        region = Region.objects.filter(pk=region_id).first()
        if region is None:
            raise ValidationFailed("区域不存在。", fields={"region_id": "不存在"})
        qs = qs.filter(region__tree_path__startswith=region.tree_path)
    return [r.as_dict() for r in statistics.figures(qs, by=by)]
