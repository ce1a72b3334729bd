"""Core endpoints of /api/v1/: me, units, enterprises, notifications, workdays, tokens."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from yingshang.core import services, throttle, unit_directory, workdays
from yingshang.core.access import (
    can_see_contact,
    get_or_404,
    mask_phone,
    region_q,
    require_role,
    visible_enterprises,
    visible_units,
)
from yingshang.core.errors import NotFound, ValidationFailed
from yingshang.core.models import Enterprise, Region, Unit, User
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import (
    CountOut,
    DayOut,
    EnterpriseIn,
    EnterpriseOut,
    ErrorOut,
    MarkReadIn,
    MeOut,
    NotificationOut,
    ResolutionOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
    UnitIn,
    UnitOut,
    WorkdayOut,
)

router = Router(tags=["core"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Role = User.Role
STAFF = (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF, Role.LEADER)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _region_for(user: User, region_id: int) -> Region:
    qs = Region.objects.filter(region_q(user, field="")) if user.region_id else Region.objects.all()
    return get_or_404(qs, pk=region_id)


@router.get("/me", response={200: MeOut, **ERRORS}, summary="当前用户")
def me(request: HttpRequest) -> MeOut:
    user = _user(request)
    return MeOut(
        id=user.pk,
        username=user.username,
        display_name=str(user),
        role=user.role,
        role_label=user.get_role_display(),
        unit_id=user.unit_id,
        enterprise_id=user.enterprise_id,
        region_id=user.region_id,
        unread_notifications=user.notifications.filter(read_at__isnull=True).count(),
    )


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="单位名录")
@paginate(LimitOffsetPagination)
def list_units(request: HttpRequest, q: str = "", kind: str = "") -> list[Unit]:
    qs = visible_units(_user(request))
    if q:
        qs = qs.filter(name__icontains=q)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("region__tree_path", "name")  # type: ignore[return-value]


@router.get("/units/resolve", response={200: ResolutionOut, **ERRORS}, summary="单位名称解析")
def resolve_unit(request: HttpRequest, name: str, region_prefix: str = "") -> ResolutionOut:
    user = _user(request)
    require_role(user, *STAFF)
    if not name.strip() or len(name) > 200:
        raise ValidationFailed("名称不能为空且不超过200字。", fields={"name": "无效"})
    regions = (
        list(Region.objects.filter(region_q(user, field="")))
        if user.region_id
        else list(Region.objects.all())
    )
    units = list(Unit.objects.filter(region__in=regions, is_active=True).select_related("region"))
    res = unit_directory.resolve_unit_name(name, units=units, regions=regions, region_prefix=region_prefix)
    return ResolutionOut(
        text=name,
        status=res.status,
        unit_id=res.unit_id,
        candidates=[{"id": c.id, "name": c.name, "score": c.score} for c in res.candidates],
    )


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS}, summary="单位详情")
def get_unit(request: HttpRequest, unit_id: int) -> Unit:
    return get_or_404(visible_units(_user(request)), pk=unit_id)


@router.post("/units", response={201: UnitOut, **ERRORS}, summary="添加单位(营商办)")
def create_unit(request: HttpRequest, payload: UnitIn) -> Status:
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN, Role.LEADER)
    region = _region_for(user, payload.region_id)
    unit = services.create_unit(
        actor=user,
        name=payload.name,
        region=region,
        kind=payload.kind,
        short_name=payload.short_name,
        aliases=payload.aliases,
    )
    return Status(201, unit)


def _enterprise_out(user: User, e: Enterprise) -> EnterpriseOut:
    phone = e.contact_phone if can_see_contact(user, e) else mask_phone(e.contact_phone)
    return EnterpriseOut(
        id=e.pk,
        name=e.name,
        credit_code=e.credit_code,
        industry=e.industry,
        size_class=e.size_class,
        region_id=e.region_id,
        contact_name=e.contact_name if can_see_contact(user, e) else "",
        contact_phone=phone,
        address=e.address,
        credit_tier=e.credit_tier,
    )


@router.get("/enterprises", response={200: list[EnterpriseOut], **ERRORS}, summary="市场主体")
@paginate(LimitOffsetPagination)
def list_enterprises(request: HttpRequest, q: str = "") -> list[EnterpriseOut]:
    user = _user(request)
    qs = visible_enterprises(user).order_by("name")
    if q:
        qs = qs.filter(name__icontains=q)
    return [_enterprise_out(user, e) for e in qs]


@router.get("/enterprises/{enterprise_id}", response={200: EnterpriseOut, **ERRORS}, summary="市场主体详情")
def get_enterprise(request: HttpRequest, enterprise_id: int) -> EnterpriseOut:
    user = _user(request)
    return _enterprise_out(user, get_or_404(visible_enterprises(user), pk=enterprise_id))


@router.post("/enterprises", response={201: EnterpriseOut, **ERRORS}, summary="登记市场主体(营商办)")
def create_enterprise(request: HttpRequest, payload: EnterpriseIn) -> Status:
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN, Role.LEADER)
    data = payload.dict()
    region = _region_for(user, data.pop("region_id"))
    enterprise = services.create_enterprise(actor=user, region=region, **data)
    return Status(201, _enterprise_out(user, enterprise))


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS}, summary="我的通知")
@paginate(LimitOffsetPagination)
def list_notifications(request: HttpRequest, unread: bool = False) -> object:
    qs = _user(request).notifications.all()
    return qs.filter(read_at__isnull=True) if unread else qs


@router.post("/notifications/read", response={200: CountOut, **ERRORS}, summary="标记已读")
def read_notifications(request: HttpRequest, payload: MarkReadIn) -> CountOut:
    return CountOut(count=services.mark_notifications_read(actor=_user(request), ids=payload.ids))


@router.get("/workdays/add", response={200: WorkdayOut, **ERRORS}, summary="N个工作日后的日期")
def add_workdays(request: HttpRequest, start: date, n: int = Query(..., ge=0, le=1000)) -> WorkdayOut:
    if not date(1990, 1, 1) <= start <= date(2100, 12, 31):
        raise ValidationFailed("日期超出范围(1990—2100)。", fields={"start": "超出范围"})
    result = workdays.get_calendar().add_workdays(start, n)
    return WorkdayOut(start=start, workdays=n, due=result.date, estimated=result.estimated)


@router.get("/workdays/day", response={200: DayOut, **ERRORS}, summary="某日是否工作日")
def day_kind(request: HttpRequest, day: date) -> DayOut:
    if not date(1990, 1, 1) <= day <= date(2100, 12, 31):
        raise ValidationFailed("日期超出范围(1990—2100)。", fields={"day": "超出范围"})
    info = workdays.get_calendar().day_kind(day)
    return DayOut(date=day, is_workday=info.is_workday, estimated=info.estimated, name=info.name)


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, summary="我的API令牌")
def list_tokens(request: HttpRequest) -> object:
    return _user(request).api_tokens.all()


@router.post(
    "/tokens", response={201: TokenCreatedOut, **ERRORS, 429: ErrorOut}, summary="创建API令牌(密钥只显示一次)"
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status:
    user = _user(request)
    with transaction.atomic():  # a refused creation does not count against the limit
        throttle.count_token_creation(request, username=user.username, user_id=user.pk)
        token, key = services.create_api_token(actor=user, name=payload.name)
    return Status(201, {**TokenOut.from_orm(token).dict(), "key": key})


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS}, summary="吊销API令牌")
def revoke_token(request: HttpRequest, token_id: int) -> Status:
    user = _user(request)
    token = user.api_tokens.filter(pk=token_id).first()
    if token is None:
        raise NotFound("未找到该令牌。")
    services.revoke_api_token(actor=user, token=token)
    return Status(204, None)
