"""Writes of group robots: register, change, remove, test, resend; and `announce`, which the apps
call to post a notice to the robots of the units (and offices) concerned."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yingshang.core.access import require_write
from yingshang.core.errors import NotAllowed, NotFound, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Region, Unit, User, Webhook, WebhookDelivery
from yingshang.core.webhooks import delivery, transport
from yingshang.core.webhooks.selectors import covering_regions_q, manageable_webhooks, office_regions

log = logging.getLogger(__name__)
Role = User.Role
MAX_PER_OWNER = 5
# Secrets the platforms issue are printable ASCII (钉钉: "SEC" + hex; 飞书: letters and digits).
SECRET_RE = re.compile(r"^[\x21-\x7e]{1,200}$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 50 or CONTROL_RE.search(name):
        raise ValidationFailed("名称必填，不超过50字。", fields={"name": "无效"})
    return name


def _clean_platform(platform: str) -> str:
    if platform not in Webhook.Platform.values:
        raise ValidationFailed("请选择企业微信、钉钉或飞书。", fields={"platform": "无效"})
    return platform


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url or len(url) > 500 or CONTROL_RE.search(url):
        raise ValidationFailed("请填写机器人地址（不超过500字符）。", fields={"url": "无效"})
    transport.check_url(url)
    return url


def _clean_secret(secret: str) -> str:
    secret = (secret or "").strip()
    if secret and not SECRET_RE.match(secret):
        raise ValidationFailed("加签密钥格式不正确。", fields={"secret": "无效"})
    return secret


def _check_owner(actor: User, *, unit: Unit | None, region: Region | None) -> None:
    require_write(actor)
    if (unit is None) == (region is None):
        raise ValidationFailed("请指定所属单位，或营商办所在区域。", fields={"unit_id": "必填"})
    if actor.is_unit_user:
        if region is not None:
            raise NotAllowed("单位只能登记本单位的群机器人。", code="role")
        if unit is not None and unit.pk != actor.unit_id:
            raise NotFound("未找到该对象，或您无权查看。")
        return
    if actor.role != Role.OFFICE_ADMIN:
        raise NotAllowed("您的角色无权管理群机器人。", code="role")
    scope = office_regions(actor)
    region_id = unit.region_id if unit is not None else region.pk  # type: ignore[union-attr]
    if not scope.filter(pk=region_id).exists():
        raise NotFound("未找到该对象，或您无权查看。")


def _event_note(hook: Webhook) -> dict[str, Any]:
    # Never the URL or the secret: the event log is read by more people than the robot's owner.
    return {"name": hook.name, "platform": hook.platform, "unit": hook.unit_id, "region": hook.region_id}


@transaction.atomic
def create_webhook(
    *,
    actor: User,
    name: str,
    platform: str,
    url: str,
    secret: str = "",
    unit: Unit | None = None,
    region: Region | None = None,
) -> Webhook:
    _check_owner(actor, unit=unit, region=region)
    owner = Q(unit=unit) if unit is not None else Q(region=region)
    if Webhook.objects.filter(owner).count() >= MAX_PER_OWNER:
        raise ValidationFailed(f"每个单位（营商办）最多登记{MAX_PER_OWNER}个群机器人。", code="too_many")
    hook = Webhook.objects.create(
        name=_clean_name(name),
        platform=_clean_platform(platform),
        url=_clean_url(url),
        secret=_clean_secret(secret),
        unit=unit,
        region=region,
        created_by=actor,
    )
    record_event(hook, actor=actor, action="create", note=_event_note(hook))
    return hook


def _check_manage(actor: User, hook: Webhook) -> None:
    require_write(actor)
    if not manageable_webhooks(actor).filter(pk=hook.pk).exists():
        raise NotFound("未找到该对象，或您无权查看。")


@transaction.atomic
def update_webhook(
    *,
    actor: User,
    webhook: Webhook,
    name: str | None = None,
    url: str | None = None,
    secret: str | None = None,
    is_active: bool | None = None,
) -> Webhook:
    """Blank `url` or `secret` keep what is saved (the form never shows them back in full)."""
    _check_manage(actor, webhook)
    changed = []
    if name is not None:
        webhook.name = _clean_name(name)
        changed.append("name")
    if url:
        webhook.url = _clean_url(url)
        changed.append("url")
    if secret:
        webhook.secret = _clean_secret(secret)
        changed.append("secret")
    if is_active is not None:
        webhook.is_active = bool(is_active)
        changed.append("is_active")
    if changed:
        webhook.save(update_fields=changed)
        record_event(webhook, actor=actor, action="update", note={**_event_note(webhook), "changed": changed})
    return webhook


@transaction.atomic
def delete_webhook(*, actor: User, webhook: Webhook) -> None:
    _check_manage(actor, webhook)
    record_event(webhook, actor=actor, action="delete", note=_event_note(webhook))
    webhook.delete()


def _queue(rows: list[WebhookDelivery]) -> None:
    from yingshang.core.webhooks.tasks import deliver_webhook

    ids = [r.pk for r in rows]

    def enqueue() -> None:
        for pk in ids:
            deliver_webhook.enqueue(pk)

    # robust: a queue that cannot be written must not undo (or fail) the action that caused the notice;
    # the sweep finds the delivery by its timer.
    transaction.on_commit(enqueue, robust=True)


@transaction.atomic
def send_test(*, actor: User, webhook: Webhook) -> WebhookDelivery:
    _check_manage(actor, webhook)
    row = WebhookDelivery.objects.create(
        webhook=webhook,
        event="test",
        text=f"【测试】这是优化营商环境平台发给“{webhook.name}”的测试消息，收到即表示配置正确。",
        next_attempt_at=timezone.now(),
    )
    _queue([row])
    return row


@transaction.atomic
def resend_delivery(*, actor: User, delivery_row: WebhookDelivery) -> WebhookDelivery:
    _check_manage(actor, delivery_row.webhook)
    delivery.DELIVERY.apply(
        delivery_row, "resend", actor=actor, fields={"next_attempt_at": timezone.now(), "attempts": 0}
    )
    _queue([delivery_row])
    return delivery_row


def announce(
    *,
    event: str,
    text: str,
    link: str = "",
    unit_ids: Iterable[int | None] = (),
    office_region: Region | None = None,
) -> int:
    """Post `text` (short Chinese, no personal data) to the active robots of these units and, with
    `office_region`, of the offices over that region. Returns how many deliveries were queued.

    Call it inside the action's transaction: the deliveries are written with it and sent after the
    commit by the worker, so a slow or failing robot never holds up or undoes the action."""
    owners = Q(unit_id__in=[u for u in unit_ids if u])
    if office_region is not None:
        owners |= covering_regions_q(office_region)
    hooks = list(Webhook.objects.filter(owners, is_active=True).values_list("pk", flat=True))
    if not hooks:
        return 0
    now = timezone.now()
    rows = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                webhook_id=pk, event=event[:30], text=text[:1000], link=link[:300], next_attempt_at=now
            )
            for pk in hooks
        ]
    )
    _queue(rows)
    return len(rows)
