"""Writes of the core app. Every function takes keyword arguments and a required `actor`."""

from __future__ import annotations

import copy
import functools
import hashlib
import secrets
import time
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from yingshang.core import workdays
from yingshang.core.access import require_role, require_write
from yingshang.core.creditcode import InvalidCreditCode, validate_credit_code
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import ApiToken, CalendarDay, Enterprise, Notification, Region, Unit, User

Role = User.Role
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_region(*, actor: User | None, name: str, level: str, parent: Region | None = None) -> Region:
    region = Region.objects.create(name=name, level=level, parent=parent)
    region.tree_path = f"{parent.tree_path if parent else '/'}{region.pk}/"
    region.save(update_fields=["tree_path"])
    return region


@transaction.atomic
def create_unit(
    *,
    actor: User | None,
    name: str,
    region: Region,
    kind: str = Unit.Kind.DEPARTMENT,
    short_name: str = "",
    aliases: list[str] | None = None,
    parent: Unit | None = None,
) -> Unit:
    if actor is not None:
        require_write(actor)
        require_role(actor, Role.OFFICE_ADMIN)
    name = name.strip()
    if not name:
        raise ValidationFailed("单位名称不能为空。", fields={"name": "必填"})
    if kind not in Unit.Kind.values:
        raise ValidationFailed(f"未知的单位类型：{kind}", fields={"kind": "无效"})
    if Unit.objects.filter(region=region, name=name).exists():
        raise Conflict(f"该区域已有名为“{name}”的单位。", code="duplicate", fields={"name": "重复"})
    unit = Unit.objects.create(
        name=name,
        region=region,
        kind=kind,
        short_name=short_name.strip(),
        aliases=[a.strip() for a in aliases or [] if a.strip()],
        parent=parent,
    )
    record_event(unit, actor=actor, action="create", to_status="active")
    return unit


@transaction.atomic
def update_unit(*, actor: User, unit: Unit, **changes: Any) -> Unit:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)
    allowed = {"name", "short_name", "aliases", "kind", "is_active", "parent"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(f"不能修改字段：{', '.join(sorted(unknown))}")
    before = {k: getattr(unit, k) for k in changes if k != "parent"}
    for key, value in changes.items():
        setattr(unit, key, value)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:
        raise Conflict("该区域已有同名单位。", code="duplicate") from None
    record_event(unit, actor=actor, action="update", note={"before": before})
    return unit


@transaction.atomic
def add_unit_alias(*, actor: User, unit: Unit, alias: str) -> Unit:
    """Keep a name a document wrote for ``unit`` (a clerk matched it on an import review), so the next
    document that writes it resolves without asking. A name the unit already answers to is not added."""
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)
    alias = alias.strip()[:100]
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not alias or alias in (unit.name, unit.short_name) or alias in unit.aliases:
        return unit
    unit.aliases = [*unit.aliases, alias]
    unit.save(update_fields=["aliases"])
    record_event(unit, actor=actor, action="alias", note={"alias": alias})
    return unit


@transaction.atomic
def remove_unit_alias(*, actor: User, unit: Unit, alias: str) -> Unit:
    """Undo ``add_unit_alias`` (a clerk changed the unit a name stands for)."""
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if alias in unit.aliases:
        unit.aliases = [a for a in unit.aliases if a != alias]
        unit.save(update_fields=["aliases"])
        record_event(unit, actor=actor, action="unalias", note={"alias": alias})
    return unit


@transaction.atomic
def create_enterprise(
    *,
    actor: User | None,
    name: str,
    credit_code: str,
    region: Region,
    industry: str = "",
    size_class: str = Enterprise.SizeClass.SMALL,
    contact_name: str = "",
    contact_phone: str = "",
    address: str = "",
    credit_tier: str = Enterprise.CreditTier.B,
) -> Enterprise:
    if actor is not None:
        require_write(actor)
        require_role(actor, Role.OFFICE_ADMIN)
    name = name.strip()
    if not name:
        raise ValidationFailed("企业名称不能为空。", fields={"name": "必填"})
    try:
        code = validate_credit_code(credit_code)
    except InvalidCreditCode as exc:
        raise ValidationFailed(exc.message, code="credit_code", fields={"credit_code": exc.message}) from None
    if Enterprise.objects.filter(credit_code=code).exists():
        raise Conflict("该统一社会信用代码已登记。", code="duplicate", fields={"credit_code": "重复"})
    if size_class not in Enterprise.SizeClass.values:
        raise ValidationFailed("企业规模无效。", fields={"size_class": "无效"})
    if credit_tier not in Enterprise.CreditTier.values:
        raise ValidationFailed("信用风险分类应为A、B、C、D之一。", fields={"credit_tier": "无效"})
    enterprise = Enterprise.objects.create(
        name=name,
        credit_code=code,
        region=region,
        industry=industry,
        size_class=size_class,
        contact_name=contact_name,
        contact_phone=contact_phone,
        address=address,
        credit_tier=credit_tier,
    )
    record_event(enterprise, actor=actor, action="create")
    return enterprise


def change_password(*, actor: User, old_password: str, new_password: str) -> None:
    if not actor.check_password(old_password):
        raise ValidationFailed("原密码不正确。", fields={"old_password": "不正确"})
    try:
        validate_password(new_password, user=actor)
    except ValidationError as exc:
        raise ValidationFailed(
            "；".join(exc.messages), fields={"new_password": "；".join(exc.messages)}
        ) from None
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    record_event(actor, actor=actor, action="change_password")


@transaction.atomic
def create_api_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and its key; the key is not stored and cannot be shown again."""
    name = name.strip() or "默认"
    if actor.api_tokens.filter(revoked_at__isnull=True).count() >= 10:
        raise Conflict("每个用户最多10个有效令牌，请先吊销旧令牌。", code="too_many")
    key = "ys_" + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(user=actor, name=name[:50], prefix=key[3:9], digest=_digest(key))
    record_event(actor, actor=actor, action="create_token", note={"token": token.prefix})
    return token, key


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise NotAllowed("只能吊销自己的令牌。")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    forget_token_users()
    record_event(actor, actor=actor, action="revoke_token", note={"token": token.prefix})


@functools.cache
def _token_lookup_sql() -> str:
    """One statement for the lookup every API call makes: the user's row, the token's id, and whether
    its use is due to be recorded. Written once from the models' own table and column names."""
    user, token = User._meta.db_table, ApiToken._meta.db_table
    return (
        f"SELECT u.*, t.id AS token_id, (t.last_used_at IS NULL OR t.last_used_at < %s) AS token_stale "
        f'FROM "{user}" u JOIN "{token}" t ON t.user_id = u.id '
        "WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active LIMIT 1"
    )


# digest → (monotonic expiry, user). Only live tokens are kept, at most TOKEN_CACHE_MAX of them.
_token_users: dict[str, tuple[float, User]] = {}
TOKEN_CACHE_MAX = 1000


def user_for_token(key: str) -> User | None:
    """The active user behind a live token, or None.

    Every token-authenticated request runs this. A token found live is kept in this process for
    ``YINGSHANG["TOKEN_CACHE_SECONDS"]`` (default 5; 0 turns the copy off): revoking a token, or saving
    its user (deactivation, a new role), takes effect at once in the process that does it and within
    those seconds in every other worker and server. The lookup itself is one hand-written statement
    through ``User.objects.raw`` (field converters still apply) rather than a select_related queryset,
    whose SQL compilation cost three times as much as the round trip (bench/appeals_load.py)."""
    digest = _digest(key)
    ttl = settings.YINGSHANG["TOKEN_CACHE_SECONDS"]
    if ttl > 0:
        kept = _token_users.get(digest)
        if kept is not None and kept[0] > time.monotonic():
            return copy.copy(kept[1])
    now = timezone.now()
    stale_before = connection.ops.adapt_datetimefield_value(now - TOKEN_USE_RESOLUTION)
    user = next(iter(User.objects.raw(_token_lookup_sql(), [stale_before, digest])), None)
    if user is None:
        _token_users.pop(digest, None)
        return None
    # Recording every use would add a write (and a commit) to every API call; once a minute is enough to
    # tell an office which tokens are in use.
    if user.token_stale:  # type: ignore[attr-defined]
        ApiToken.objects.filter(pk=user.token_id).update(last_used_at=now)  # type: ignore[attr-defined]
    if ttl > 0:
        if len(_token_users) >= TOKEN_CACHE_MAX:
            _token_users.clear()
        _token_users[digest] = (time.monotonic() + ttl, copy.copy(user))
    return user


def forget_token_users(**_: Any) -> None:
    """Drop every kept token → user copy (a user was saved or deleted, or a token revoked)."""
    _token_users.clear()


def notify(*, recipients: list[User], title: str, body: str = "", url: str = "", kind: str = "") -> int:
    """Put a message in each recipient's inbox and queue the email copies. Returns how many were created."""
    from yingshang.core.tasks import send_notification_emails

    rows = Notification.objects.bulk_create(
        [Notification(recipient=u, title=title[:200], body=body, url=url, kind=kind) for u in recipients if u]
    )
    ids = [n.pk for n in rows if n.pk]
    if ids:
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return len(rows)


def mark_notifications_read(*, actor: User, ids: list[int] | None = None) -> int:
    qs = actor.notifications.filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def set_calendar_day(*, actor: User, day: date, is_workday: bool, note: str = "") -> CalendarDay:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)
    row, _ = CalendarDay.objects.update_or_create(
        date=day, defaults={"is_workday": is_workday, "note": note[:100]}
    )
    record_event(row, actor=actor, action="set_day", note={"is_workday": is_workday, "note": note})
    transaction.on_commit(workdays.invalidate_calendar)
    return row


@transaction.atomic
def delete_calendar_day(*, actor: User, day: date) -> None:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)
    CalendarDay.objects.filter(date=day).delete()
    transaction.on_commit(workdays.invalidate_calendar)


@transaction.atomic
def unlock_login(*, actor: User, username: str = "", ip_address: str = "") -> int:
    """Lift a login lock now: forget the failures of an account, of an address, or of both together.

    The event goes on the unlocked account when it exists, otherwise on the office account that acted.
    """
    from axes.models import AccessAttempt

    require_role(actor, Role.OFFICE_ADMIN)
    username, ip_address = username.strip()[:150], ip_address.strip()[:64]
    if not username and not ip_address:
        raise ValidationFailed("请指定要解锁的账号或网络地址。", fields={"username": "必填"})
    attempts = AccessAttempt.objects.all()
    if username:
        attempts = attempts.filter(username=username)
    if ip_address:
        attempts = attempts.filter(ip_address=ip_address)
    cleared = sum(attempts.values_list("failures_since_start", flat=True))
    attempts.delete()
    subject = User.objects.filter(username=username).first() if username else None
    record_event(
        subject or actor,
        actor=actor,
        action="unlock_login",
        note={"username": username, "ip_address": ip_address, "failures_cleared": cleared},
    )
    return cleared
