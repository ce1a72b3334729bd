"""/api/v1/assessment/: components, schemes and scores, the public 红黑榜, bulletins."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Path, Router, Status
from ninja.pagination import paginate

from yingshang.assessment import selectors, services
from yingshang.assessment.components import all_components
from yingshang.assessment.models import Bulletin, Scheme
from yingshang.assessment.schemas import (
    AdjustmentIn,
    AdjustmentOut,
    BulletinIn,
    BulletinOut,
    ComponentOut,
    PublicListOut,
    SchemeIn,
    SchemeOut,
    ScoreOut,
)
from yingshang.core.access import STAFF_ROLES, get_or_404, require_role
from yingshang.core.errors import ValidationFailed
from yingshang.core.models import User
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import CountOut, ErrorOut
from yingshang.indicators.selectors import regions_for

router = Router(tags=["assessment"])
ID_PATH = Path(..., ge=1, le=2**53)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/components", response={200: list[ComponentOut], **ERRORS}, summary="考核组件")
def list_components(request: HttpRequest) -> list[ComponentOut]:
    require_role(_user(request), *STAFF_ROLES)
    return [ComponentOut(code=c.code, name=c.name, description=c.description) for c in all_components()]


@router.get("/schemes", response={200: list[SchemeOut], **ERRORS}, summary="考核方案")
@paginate(LimitOffsetPagination)
def list_schemes(request: HttpRequest) -> object:
    user = _user(request)
    require_role(user, *selectors.MANAGERS)
    return selectors.visible_schemes(user)


@router.post("/schemes", response={201: SchemeOut, **ERRORS}, summary="新建考核方案(营商办)")
def create_scheme(request: HttpRequest, payload: SchemeIn) -> Status:
    user = _user(request)
    region = get_or_404(regions_for(user), pk=payload.region_id)
    scheme = services.create_scheme(
        actor=user,
        name=payload.name,
        region=region,
        period=payload.period,
        components=[(c.code, c.weight) for c in payload.components],
        red_count=payload.red_count,
        black_count=payload.black_count,
        min_sample=payload.min_sample,
    )
    return Status(201, scheme)


def _scheme(request: HttpRequest, scheme_id: int) -> Scheme:
    return get_or_404(selectors.visible_schemes(_user(request)), pk=scheme_id)


@router.get("/schemes/{scheme_id}/scores", response={200: list[ScoreOut], **ERRORS}, summary="得分与排名")
def list_scores(request: HttpRequest, scheme_id: int = ID_PATH) -> object:
    """Managers see every score of the scheme; a unit user gets only its own row."""
    user = _user(request)
    require_role(user, *STAFF_ROLES)
    qs = selectors.visible_scores(user).filter(scheme_id=scheme_id)
    if user.role in selectors.MANAGERS:
        get_or_404(selectors.visible_schemes(user), pk=scheme_id)
    return list(qs.order_by("group", "rank", "unit__name"))


@router.post("/schemes/{scheme_id}/compute", response={200: CountOut, **ERRORS}, summary="计算得分(营商办)")
def compute(request: HttpRequest, scheme_id: int = ID_PATH) -> CountOut:
    scheme = _scheme(request, scheme_id)
    return CountOut(count=services.compute_scores(actor=_user(request), scheme=scheme))


@router.post(
    "/schemes/{scheme_id}/publish", response={200: SchemeOut, **ERRORS}, summary="发布红黑榜(营商办)"
)
def publish(request: HttpRequest, scheme_id: int = ID_PATH) -> Scheme:
    scheme = _scheme(request, scheme_id)
    return services.publish_scheme(actor=_user(request), scheme=scheme)


@router.post(
    "/schemes/{scheme_id}/adjustments", response={201: AdjustmentOut, **ERRORS}, summary="加减分(营商办)"
)
def add_adjustment(request: HttpRequest, payload: AdjustmentIn, scheme_id: int = ID_PATH) -> Status:
    scheme = _scheme(request, scheme_id)
    unit = get_or_404(services.scheme_units(scheme), pk=payload.unit_id)
    adj = services.add_adjustment(
        actor=_user(request), scheme=scheme, unit=unit, points=payload.points, reason=payload.reason
    )
    return Status(201, adj)


@router.get(
    "/public/lists", response={200: list[PublicListOut], **ERRORS}, auth=None, summary="公开红黑榜(无需登录)"
)
@paginate(LimitOffsetPagination)
def public_lists(request: HttpRequest) -> list[PublicListOut]:
    return [
        PublicListOut(
            id=s.pk,
            name=s.name,
            period=s.period,
            region=s.region.name,
            published_at=s.published_at,
            groups=s.published_list.get("groups", {}),
        )
        for s in selectors.published_schemes()
    ]


@router.post("/bulletins", response={201: BulletinOut, **ERRORS}, summary="生成通报(营商办，后台任务)")
def create_bulletin(request: HttpRequest, payload: BulletinIn) -> Status:
    user = _user(request)
    if not date(2000, 1, 1) <= payload.as_of <= date(2100, 12, 31):
        raise ValidationFailed("日期超出范围。", fields={"as_of": "超出范围"})
    region = get_or_404(regions_for(user), pk=payload.region_id)
    b = services.request_bulletin(
        actor=user, region=region, period=payload.period, as_of=payload.as_of, doc_number=payload.doc_number
    )
    return Status(201, Bulletin.objects.get(pk=b.pk))


@router.get("/bulletins/{bulletin_id}", response={200: BulletinOut, **ERRORS}, summary="通报")
def get_bulletin(request: HttpRequest, bulletin_id: int = ID_PATH) -> Bulletin:
    user = _user(request)
    require_role(user, *selectors.MANAGERS)
    return get_or_404(selectors.visible_bulletins(user), pk=bulletin_id)
