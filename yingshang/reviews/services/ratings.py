"""Submitting a rating (QR code with a visit token, kiosk, per-matter request) and flagging suspicious
patterns. A bad rating opens its case in the same transaction."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, QuerySet
from django.utils import timezone

from yingshang.core import ratelimit
from yingshang.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from yingshang.core.models import User
from yingshang.core.text import forbidden_character
from yingshang.core.workdays import get_calendar
from yingshang.reviews.models import (
    BAD_LEVELS,
    Channel,
    Rating,
    RatingRequest,
    ServicePoint,
    VisitToken,
)
from yingshang.reviews.services.cases import open_case, setting
from yingshang.reviews.services.catalogue import current_version_ids, questionnaire_version
from yingshang.reviews.transitions import REQUEST_TABLE

MAX_TEXT = 2000
RATE_WINDOW_SECONDS = 60
# "Many top ratings from one device or network in minutes."
BURST_WINDOW = timedelta(minutes=10)
BURST_COUNT = 5
PHONE_RE = re.compile(r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$")


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"


@dataclass
class RatingInput:
    level: int
    scores: dict[str, int] = field(default_factory=dict)
    text: str = ""
    rater_name: str = ""
    rater_phone: str = ""


def fingerprint(value: str) -> str:
    """A short one-way hash: enough to see one address or device repeat, not to recover it."""
    if not value:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:16]


def rate_limit() -> int:
    return setting("REVIEWS_RATE_LIMIT", 30)


def _validate(data: RatingInput, items: list[dict[str, str]]) -> tuple[int, dict[str, int], str, str, str]:
    try:
        level = int(data.level)
    except (TypeError, ValueError):
        level = 0
    if not 1 <= level <= 5:
        raise ValidationFailed("请选择评价等级(1—5)。", fields={"level": "无效"})
    codes = [item["code"] for item in items]
    scores: dict[str, int] = {}
    for code, value in (data.scores or {}).items():
        if code not in codes:
            raise ValidationFailed(f"未知的评价项：{code[:30]}", fields={"scores": "未知评价项"})
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise ValidationFailed("分项评价应为1—5级。", fields={"scores": "无效"})
        scores[code] = value
    scores[codes[0]] = level
    text = (data.text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationFailed(f"评价内容不能超过{MAX_TEXT}字。", fields={"text": "过长"})
    problem = forbidden_character(text)
    if problem:
        raise ValidationFailed(f"评价内容{problem}", fields={"text": problem})
    name = (data.rater_name or "").strip()[:50]
    phone = (data.rater_phone or "").strip()
    if phone and not PHONE_RE.match(phone):
        raise ValidationFailed("联系电话格式不正确。", fields={"rater_phone": "格式无效"})
    problem = forbidden_character(name, multiline=False)
    if problem:
        raise ValidationFailed(f"姓名{problem}", fields={"rater_name": problem})
    return level, scores, text, name, phone


# What the QR door reads of the token, its window and its matter: ids and the fields a rating uses.
VISIT_FIELDS = (
    "id",
    "point_id",
    "matter_id",
    "point__public_key",
    "point__is_active",
    "point__kind",
    "point__region_id",
    "point__unit_id",
    "point__opens_at",
    "point__closes_at",
    "matter__unit_id",
)


def _earlier_top_ratings(name: str, value: str, since: datetime) -> QuerySet[Rating]:
    """The BURST_COUNT-th earlier top rating from this network or device since `since`, if any: its
    existence means this rating completes a burst."""
    recent = Rating.objects.filter(**{name: value}, submitted_at__gte=since, level=5).order_by()
    return recent[BURST_COUNT - 2 : BURST_COUNT - 1]


def _bursts(*, level: int, network: str, device: str, now: datetime) -> dict[str, Exists]:
    """The burst checks of a top rating, as EXISTS expressions the caller's query can carry."""
    if level != 5:
        return {}
    sources = {"network": network, "device": device}
    since = now - BURST_WINDOW
    return {
        f"burst_{name}": Exists(_earlier_top_ratings(name, value, since))
        for name, value in sources.items()
        if value
    }


def _flags(
    *,
    point: ServicePoint | None,
    level: int,
    network: str,
    device: str,
    now: datetime,
    bursts: dict[str, bool] | None = None,
) -> list[str]:
    """Suspicious patterns, kept on the rating for the office to look at; the rating counts as given.
    `bursts`: the burst checks already answered by the token's query (see _bursts); else asked here."""
    flags = []
    if point is not None and point.channel == Channel.ONSITE:
        local = timezone.localtime(now)
        if (
            not get_calendar().is_workday(local.date())
            or not point.opens_at <= local.time() <= point.closes_at
        ):
            flags.append("outside_hours")
    if level != 5:
        return flags
    if bursts is None:
        since = now - BURST_WINDOW
        values = {"network": network, "device": device}
        bursts = {
            f"burst_{name}": _earlier_top_ratings(name, value, since).exists()
            for name, value in values.items()
            if value
        }
    flags.extend(name for name in ("burst_network", "burst_device") if bursts.get(name))
    return flags


def _visit(code: str, *, level: Any, network: str, device: str, now: datetime) -> VisitToken | None:
    """The token with what the rating needs of its window and matter, the current questionnaire version
    of each channel (current_onsite, current_online) and the burst checks of a top rating (burst_network,
    burst_device): one statement."""
    try:
        top = int(level)
    except (TypeError, ValueError):
        top = 0
    return (
        VisitToken.objects.select_related("point", "matter")
        .only(*VISIT_FIELDS)
        .annotate(**current_version_ids(), **_bursts(level=top, network=network, device=device, now=now))
        .filter(code=code)
        .first()
    )


FLAG_LABELS = {
    "outside_hours": "非办公时间评价",
    "burst_network": "同一网络短时集中好评",
    "burst_device": "同一设备短时集中好评",
}


@transaction.atomic
def submit_rating(
    *,
    actor: User | None,
    data: RatingInput,
    point_key: str = "",
    token: str = "",
    kiosk_key: str = "",
    request_code: str = "",
    network: str = "",
    device: str = "",
    now: datetime | None = None,
) -> Rating:
    """One rating through one of three doors: a window's QR code with a visit token (一次一评), a
    window's kiosk, or a matter's rating request (一事一评). Refused: an unknown point or request, a
    token used before or issued for another window, a burst past the rate limit."""
    now = now or timezone.now()
    doors = [bool(point_key or token), bool(kiosk_key), bool(request_code)]
    if sum(doors) != 1:
        raise ValidationFailed("请通过窗口二维码、评价器或评价邀请进行评价。", code="no_door")
    network, device = fingerprint(network), fingerprint(device)
    if network and ratelimit.hit("reviews:rate", network, window=RATE_WINDOW_SECONDS) > rate_limit():
        raise RateLimited("提交过于频繁，请稍后再试。")
    point: ServicePoint | None = None
    visit: VisitToken | None = None
    request: RatingRequest | None = None
    matter_id: int | None = None
    bursts: dict[str, bool] | None = None
    versions: Any  # the row whose query named the current questionnaire versions
    channel: str
    if request_code:
        request = (
            RatingRequest.objects.annotate(**current_version_ids()).filter(code=request_code.strip()).first()
        )
        if request is None:
            raise NotFound("评价邀请不存在。", code="unknown_request")
        if request.status != RatingRequest.Status.OPEN:
            raise Conflict("该事项已评价，每件事项只评价一次。", code="already_rated")
        if (
            actor is not None
            and actor.role == User.Role.ENTERPRISE
            and actor.enterprise_id != request.enterprise_id
        ):
            raise NotFound("评价邀请不存在。", code="unknown_request")
        channel, unit_id, region_id = Channel.ONLINE, request.unit_id, request.region_id
        versions = request
    else:
        if kiosk_key:
            point = (
                ServicePoint.objects.annotate(**current_version_ids())
                .filter(is_active=True, kiosk_key=kiosk_key)
                .first()
            )
        else:
            # One query for the token, its window and matter (ids and the fields used) and the burst
            # checks: the ticket's code names them all.
            code = token.strip().upper()
            visit = _visit(code, level=data.level, network=network, device=device, now=now) if code else None
            point = visit.point if visit is not None else None
            if point is None or point.public_key != point_key:
                point = ServicePoint.objects.filter(public_key=point_key).first()
            if point is not None and not point.is_active:
                point = None
        if point is None:
            raise NotFound("评价点位不存在或已停用。", code="unknown_point")
        if not kiosk_key:
            if visit is None:
                raise ValidationFailed("请输入有效的评价码(见办事小票或窗口屏幕)。", fields={"token": "无效"})
            if visit.point_id != point.pk:
                raise ValidationFailed(
                    "该评价码不属于此窗口。", code="wrong_point", fields={"token": "不属于此窗口"}
                )
            if VisitToken.objects.filter(pk=visit.pk, used_at__isnull=True).update(used_at=now) != 1:
                raise Conflict("该评价码已使用：每次办事只能评价一次。", code="token_used")
            matter_id = visit.matter_id
            bursts = {name: getattr(visit, name, False) for name in ("burst_network", "burst_device")}
        channel, unit_id, region_id = point.channel, point.unit_id, point.region_id
        versions = visit if visit is not None else point
        if visit is not None and visit.matter is not None:
            unit_id = visit.matter.unit_id  # the unit that owns the matter answers for the rating
    questionnaire = questionnaire_version(getattr(versions, f"current_{channel}"), channel)
    level, scores, text, name, phone = _validate(data, questionnaire.items)
    rater = actor if actor is not None and actor.is_authenticated else None
    rating = Rating.objects.create(
        channel=channel,
        source=Rating.Source.REQUEST if request else Rating.Source.KIOSK if kiosk_key else Rating.Source.QR,
        region_id=region_id,
        unit_id=unit_id,
        point=point,
        matter_id=matter_id,
        questionnaire=questionnaire,
        level=level,
        scores=scores,
        text=text,
        visit_token=visit,
        request=request,
        rater_user=rater,
        rater_name=name,
        rater_phone=phone,
        network=network,
        device=device,
        flags=_flags(point=point, level=level, network=network, device=device, now=now, bursts=bursts),
        receipt_code=secrets.token_urlsafe(9)[:12],
        submitted_at=now,
    )
    if request is not None:
        REQUEST_TABLE.apply(request, "rate", actor=None)
    if level in BAD_LEVELS:
        open_case(rating=rating, now=now)
    return rating


def rating_fields(rating: Rating) -> dict[str, Any]:
    """What a rater reads back: never another rater's data."""
    return {"receipt_code": rating.receipt_code, "level": rating.level, "bad": rating.is_bad}
