"""/api/v1/indicators/: the catalogue, observations, warnings, and target → indicator matching."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from yingshang.core.access import STAFF_ROLES, get_or_404, require_role, visible_units
from yingshang.core.models import User
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import ErrorOut
from yingshang.indicators import selectors, services
from yingshang.indicators.matching import match_target
from yingshang.indicators.models import Indicator, IndicatorWarning, WarningStatus
from yingshang.indicators.schemas import (
    ExplainIn,
    IndicatorOut,
    IndicatorPatchIn,
    ObservationIn,
    ObservationOut,
    ResolveIn,
    TargetIn,
    TargetMatchOut,
    WarningOut,
)

router = Router(tags=["indicators"])
ID_PATH = Path(..., ge=1, le=2**53)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Role = User.Role


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _warning_out(w: IndicatorWarning) -> WarningOut:
    return WarningOut(
        id=w.pk,
        indicator_id=w.indicator_id,
        indicator_name=str(w.indicator),
        region_id=w.region_id,
        period=w.observation.period,
        value=w.observation.value,
        level=w.level,
        status=w.status,
        lead_unit_id=w.lead_unit_id,
        due_date=w.due_date,
        explanation=w.explanation,
        fix_plan=w.fix_plan,
    )


@router.get("/", response={200: list[IndicatorOut], **ERRORS}, summary="评价指标目录")
def list_indicators(request: HttpRequest) -> list[Indicator]:
    require_role(_user(request), *STAFF_ROLES)
    return list(Indicator.objects.order_by("order", "code"))


@router.get("/observations", response={200: list[ObservationOut], **ERRORS}, summary="指标监测值")
@paginate(LimitOffsetPagination)
def list_observations(
    request: HttpRequest,
    period: str = Query("", max_length=8),
    indicator_id: int = Query(0, ge=0, le=2**53),
    region_id: int = Query(0, ge=0, le=2**53),
    result: str = Query("", max_length=10),
) -> object:
    user = _user(request)
    require_role(user, *STAFF_ROLES)
    qs = selectors.visible_observations(user)
    if period:
        qs = qs.filter(period=period)
    if indicator_id:
        qs = qs.filter(indicator_id=indicator_id)
    if region_id:
        qs = qs.filter(region_id=region_id)
    if result:
        qs = qs.filter(result=result)
    return qs.order_by("-period_start", "indicator__code", "region_id")


@router.post("/observations", response={201: ObservationOut, **ERRORS}, summary="填报监测值")
def create_observation(request: HttpRequest, payload: ObservationIn) -> Status:
    user = _user(request)
    indicator = get_or_404(selectors.indicators(), pk=payload.indicator_id)
    region = get_or_404(selectors.regions_for(user), pk=payload.region_id)
    obs = services.record_observation(
        actor=user,
        indicator=indicator,
        region=region,
        period=payload.period,
        value=payload.value,
        note=payload.note,
        replace=payload.replace,
    )
    return Status(201, obs)


@router.get("/warnings", response={200: list[WarningOut], **ERRORS}, summary="指标预警")
@paginate(LimitOffsetPagination)
def list_warnings(request: HttpRequest, status: str = Query("live", max_length=10)) -> list[WarningOut]:
    user = _user(request)
    require_role(user, *STAFF_ROLES)
    qs = selectors.visible_warnings(user)
    if status == "live":
        qs = qs.exclude(status=WarningStatus.RESOLVED)
    elif status in WarningStatus.values:
        qs = qs.filter(status=status)
    return [_warning_out(w) for w in qs.order_by("due_date", "id")]


@router.post("/warnings/{warning_id}/explain", response={200: WarningOut, **ERRORS}, summary="提交预警说明")
def explain_warning(request: HttpRequest, payload: ExplainIn, warning_id: int = ID_PATH) -> WarningOut:
    user = _user(request)
    warning = get_or_404(selectors.visible_warnings(user), pk=warning_id)
    services.explain_warning(
        actor=user, warning=warning, explanation=payload.explanation, fix_plan=payload.fix_plan
    )
    return _warning_out(warning)


@router.post(
    "/warnings/{warning_id}/resolve", response={200: WarningOut, **ERRORS}, summary="解除预警(营商办)"
)
def resolve_warning(request: HttpRequest, payload: ResolveIn, warning_id: int = ID_PATH) -> WarningOut:
    user = _user(request)
    warning = get_or_404(selectors.visible_warnings(user), pk=warning_id)
    services.resolve_warning(actor=user, warning=warning, note=payload.note)
    return _warning_out(warning)


@router.post("/match-target", response={200: TargetMatchOut, **ERRORS}, summary="目标对应的二级指标")
def match_target_api(request: HttpRequest, payload: TargetIn) -> TargetMatchOut:
    require_role(_user(request), *STAFF_ROLES)
    found = match_target(payload.dict(), payload.indicators)
    if found is None:
        return TargetMatchOut(matched=False)
    indicator_id = Indicator.objects.filter(code=found.code).values_list("pk", flat=True).first()
    return TargetMatchOut(
        matched=True,
        code=found.code,
        name=found.name,
        parent_name=found.parent_name,
        indicator_id=indicator_id,
        reasons=list(found.reasons),
    )


@router.get("/{indicator_id}", response={200: IndicatorOut, **ERRORS}, summary="指标详情")
def get_indicator(request: HttpRequest, indicator_id: int = ID_PATH) -> Indicator:
    require_role(_user(request), *STAFF_ROLES)
    return get_or_404(Indicator.objects.all(), pk=indicator_id)


@router.patch("/{indicator_id}", response={200: IndicatorOut, **ERRORS}, summary="修改指标(营商办)")
def patch_indicator(
    request: HttpRequest, payload: IndicatorPatchIn, indicator_id: int = ID_PATH
) -> Indicator:
    user = _user(request)
    indicator = get_or_404(Indicator.objects.all(), pk=indicator_id)
    changes = payload.dict(exclude_unset=True)
    if "lead_unit_id" in changes:
        unit_id = changes.pop("lead_unit_id")
        changes["lead_unit"] = get_or_404(visible_units(user), pk=unit_id) if unit_id else None
    return services.update_indicator(actor=user, indicator=indicator, changes=changes)
