"""/api/v1/webhooks: group robots, for the same people as the pages (a unit its own; the office all in
its region). URLs and secrets come back masked."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from yingshang.core.access import get_or_404, require_role, visible_units
from yingshang.core.errors import ValidationFailed
from yingshang.core.models import User, Webhook, WebhookDelivery
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import ErrorOut, InSchema
from yingshang.core.webhooks import selectors, services

router = Router(tags=["webhooks"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Role = User.Role
MANAGERS = (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF)


class WebhookIn(InSchema):
    name: str = Field(..., min_length=1, max_length=50)
    platform: str = Field(..., description="wecom / dingtalk / feishu")
    url: str = Field(..., min_length=1, max_length=500)
    secret: str = Field("", max_length=200)
    unit_id: int | None = Field(None, ge=1, le=2**53, description="a unit's robot")
    region_id: int | None = Field(None, ge=1, le=2**53, description="the office's robot of this region")


class WebhookPatch(InSchema):
    name: str | None = Field(None, min_length=1, max_length=50)
    url: str | None = Field(None, max_length=500, description="blank or absent: unchanged")
    secret: str | None = Field(None, max_length=200, description="blank or absent: unchanged")
    is_active: bool | None = None


class WebhookOut(Schema):
    id: int
    name: str
    platform: str
    url_masked: str
    secret_set: bool
    unit_id: int | None
    region_id: int | None
    is_active: bool
    last_status: str
    last_attempt_at: datetime | None
    failures: int


class DeliveryOut(Schema):
    id: int
    event: str
    text: str
    link: str
    status: str
    attempts: int
    response_code: int | None
    response_excerpt: str
    created_at: datetime
    last_attempt_at: datetime | None


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    require_role(user, *MANAGERS)
    return user


def _out(h: Webhook) -> WebhookOut:
    return WebhookOut(
        id=h.pk,
        name=h.name,
        platform=h.platform,
        url_masked=selectors.mask_url(h.url),
        secret_set=bool(h.secret),
        unit_id=h.unit_id,
        region_id=h.region_id,
        is_active=h.is_active,
        last_status=h.last_status,
        last_attempt_at=h.last_attempt_at,
        failures=h.failures,
    )


@router.get("/webhooks", response={200: list[WebhookOut], **ERRORS}, summary="群机器人")
@paginate(LimitOffsetPagination)
def list_webhooks(request: HttpRequest) -> list[WebhookOut]:
    return [_out(h) for h in selectors.manageable_webhooks(_user(request)).order_by("id")]


@router.post("/webhooks", response={201: WebhookOut, **ERRORS}, summary="登记群机器人")
def create_webhook(request: HttpRequest, payload: WebhookIn) -> Status:
    user = _user(request)
    if (payload.unit_id is None) == (payload.region_id is None):
        raise ValidationFailed("请指定 unit_id 或 region_id 之一。", fields={"unit_id": "必填其一"})
    unit = get_or_404(visible_units(user), pk=payload.unit_id) if payload.unit_id else None
    region = get_or_404(selectors.office_regions(user), pk=payload.region_id) if payload.region_id else None
    hook = services.create_webhook(
        actor=user,
        name=payload.name,
        platform=payload.platform,
        url=payload.url,
        secret=payload.secret,
        unit=unit,
        region=region,
    )
    return Status(201, _out(hook))


@router.get("/webhooks/{webhook_id}", response={200: WebhookOut, **ERRORS}, summary="群机器人详情")
def get_webhook(request: HttpRequest, webhook_id: int) -> WebhookOut:
    return _out(get_or_404(selectors.manageable_webhooks(_user(request)), pk=webhook_id))


@router.patch("/webhooks/{webhook_id}", response={200: WebhookOut, **ERRORS}, summary="修改群机器人")
def update_webhook(request: HttpRequest, webhook_id: int, payload: WebhookPatch) -> WebhookOut:
    user = _user(request)
    hook = get_or_404(selectors.manageable_webhooks(user), pk=webhook_id)
    hook = services.update_webhook(actor=user, webhook=hook, **payload.dict())
    return _out(hook)


@router.delete("/webhooks/{webhook_id}", response={204: None, **ERRORS}, summary="删除群机器人")
def delete_webhook(request: HttpRequest, webhook_id: int) -> Status:
    user = _user(request)
    services.delete_webhook(
        actor=user, webhook=get_or_404(selectors.manageable_webhooks(user), pk=webhook_id)
    )
    return Status(204, None)


@router.post("/webhooks/{webhook_id}/test", response={202: DeliveryOut, **ERRORS}, summary="发送测试消息")
def test_webhook(request: HttpRequest, webhook_id: int) -> Status:
    user = _user(request)
    row = services.send_test(
        actor=user, webhook=get_or_404(selectors.manageable_webhooks(user), pk=webhook_id)
    )
    row.refresh_from_db()
    return Status(202, row)


@router.get(
    "/webhooks/{webhook_id}/deliveries",
    response={200: list[DeliveryOut], **ERRORS},
    summary="群机器人消息记录",
)
@paginate(LimitOffsetPagination)
def list_deliveries(request: HttpRequest, webhook_id: int) -> object:
    hook = get_or_404(selectors.manageable_webhooks(_user(request)), pk=webhook_id)
    return WebhookDelivery.objects.filter(webhook=hook).order_by("-created_at", "-id")
