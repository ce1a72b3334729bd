"""/api/v1/dashboard/: the figures of the monitoring page, each with a drill-down to its rows."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from yingshang.core.errors import NotFound, ValidationFailed
from yingshang.core.models import User
from yingshang.core.schemas import ErrorOut
from yingshang.dashboard import selectors as sel
from yingshang.dashboard.models import AttainmentSummary
from yingshang.dashboard.schemas import AttainmentOut, DrillOut, FiltersOut, PanelOut, TrendOut, WarningsOut
from yingshang.dashboard.sources import SLOTS, get_source
from yingshang.indicators.models import Indicator

router = Router(tags=["dashboard"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
ID = Query(0, ge=0, le=2**53)
PERIOD = Query("", max_length=8)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/filters", response={200: FiltersOut, **ERRORS}, summary="筛选项")
def filters(request: HttpRequest) -> FiltersOut:
    user = _user(request)
    sel.filters_for(user)
    periods = list(
        AttainmentSummary.objects.order_by("-period_start").values_list("period", flat=True).distinct()[:36]
    )
    return FiltersOut(
        periods=list(dict.fromkeys(periods)),
        regions=[{"id": r.pk, "name": r.name} for r in sel.visible_regions(user)],
        indicators=[{"id": i.pk, "name": i.name} for i in Indicator.objects.filter(parent__isnull=True)],
        second_level=[
            {"id": i.pk, "name": f"{i.parent.name}/{i.name}"}
            for i in Indicator.objects.filter(parent__isnull=False, is_active=True).select_related("parent")
        ],
    )


@router.get("/attainment", response={200: AttainmentOut, **ERRORS}, summary="指标达标情况(按指标、区域)")
def attainment(
    request: HttpRequest, region: int = ID, period: str = PERIOD, campaign: int = ID, document: int = ID
) -> dict:
    return sel.attainment(
        sel.filters_for(
            _user(request), region_id=region, period=period, campaign_id=campaign, document_id=document
        )
    )


@router.get("/trend", response={200: TrendOut, **ERRORS}, summary="指标走势(对比目标线)")
def trend(
    request: HttpRequest, indicator: int = Query(..., ge=1, le=2**53), region: int = ID, period: str = PERIOD
) -> dict:
    return sel.trend(sel.filters_for(_user(request), region_id=region, period=period), indicator)


@router.get("/warnings", response={200: WarningsOut, **ERRORS}, summary="未解除的指标预警")
def warnings(request: HttpRequest, region: int = ID, period: str = PERIOD) -> dict:
    return sel.warnings_summary(sel.filters_for(_user(request), region_id=region, period=period))


@router.get("/panels/{code}", response={200: PanelOut, **ERRORS}, summary="扩展面板(任务、诉求等)")
def panel(
    request: HttpRequest,
    code: str,
    region: int = ID,
    period: str = PERIOD,
    campaign: int = ID,
    document: int = ID,
) -> PanelOut:
    f = sel.filters_for(
        _user(request), region_id=region, period=period, campaign_id=campaign, document_id=document
    )
    source = get_source(code[:40])
    if source is None:
        if code not in SLOTS:
            raise NotFound("没有这个面板。")
        return PanelOut(code=code, title=SLOTS[code], available=False, note="暂无数据")
    s = source.summary(f.scope(_user(request)))
    return PanelOut(
        code=code,
        title=source.title,
        available=True,
        categories=s.categories,
        series=s.series,
        keys=s.keys,
        note=s.note,
    )


@router.get("/drill", response={200: DrillOut, **ERRORS}, summary="下钻：某个数字背后的明细")
def drill(
    request: HttpRequest,
    figure: str = Query("attainment", max_length=40),
    region: int = ID,
    period: str = PERIOD,
    campaign: int = ID,
    document: int = ID,
    indicator: int = ID,
    unit: int = ID,
    only_region: int = ID,
    result: str = Query("", max_length=12),
    key: str = Query("", max_length=80),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10**7),
) -> dict:
    user = _user(request)
    f = sel.filters_for(user, region_id=region, period=period, campaign_id=campaign, document_id=document)
    return drill_rows(
        user,
        f,
        figure=figure,
        indicator=indicator,
        unit=unit,
        only_region=only_region,
        result=result,
        key=key,
        limit=limit,
        offset=offset,
    )


def drill_rows(
    user: User,
    f: sel.Filters,
    *,
    figure: str,
    indicator: int = 0,
    unit: int = 0,
    only_region: int = 0,
    result: str = "",
    key: str = "",
    limit: int = 50,
    offset: int = 0,
) -> dict:
    if figure == "attainment":
        qs = sel.drill_attainment(f, indicator_id=indicator, result=result, region_only=only_region)
        count = qs.count()
        rows = [sel.observation_row(o) for o in qs[offset : offset + limit]]
        headers = sel.DRILL_HEADERS["attainment"]
    elif figure == "warnings":
        qs = sel.drill_warnings(f, indicator_id=indicator, unit_id=unit, status=result)
        count = qs.count()
        rows = [sel.warning_row(w) for w in qs[offset : offset + limit]]
        headers = sel.DRILL_HEADERS["warnings"]
    elif figure.startswith("panel:"):
        source = get_source(figure.split(":", 1)[1])
        if source is None:
            raise NotFound("该面板暂无数据。")
        headers, rows, count = source.rows(f.scope(user), key, offset, limit)
    else:
        raise ValidationFailed("未知的图表。", fields={"figure": "无效"})
    return {
        "figure": figure,
        "headers": headers,
        "rows": rows,
        "count": count,
        "limit": limit,
        "offset": offset,
    }
