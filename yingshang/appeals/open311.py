"""Open311 GeoReport v2 compatible endpoints, so 12345 platforms and city apps can file and follow appeals.

Plain JSON views (the protocol's shapes, not the native API's). Privacy differs from a public city
tracker on purpose: without a staff token a caller only reads the requests whose ids (the unguessable
tracking codes) it names, and never the contact or the description.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from yingshang.appeals import guard, selectors, services
from yingshang.appeals.models import Appeal, AppealReply
from yingshang.core.errors import DomainError
from yingshang.core.models import Region, User
from yingshang.core.services import user_for_token
from yingshang.core.text import forbidden_character
from yingshang.core.visibility import Audience, text_for

S = Appeal.Status
CLOSED = {S.REPLIED, S.VISITED, S.CLOSED}
MAX_IDS = 50
# Fields where line breaks are allowed; every other field is one line (see `yingshang.core.text`).
MULTILINE_FIELDS = {"description"}


def _error(status: int, description: str) -> JsonResponse:
    return JsonResponse([{"code": status, "description": description}], status=status, safe=False)


def _caller(request: HttpRequest) -> User | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.startswith("Bearer "):
        return user_for_token(header[7:].strip()[:200])
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None  # type: ignore[return-value]


def _status(a: Appeal) -> str:
    target = a.parent if a.status == S.MERGED and a.parent_id else a
    return "closed" if target.status in CLOSED else "open"  # type: ignore[union-attr]


def _request_out(a: Appeal, *, full: bool, notes: dict[int, str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "service_request_id": a.tracking_code,
        "status": _status(a),
        "status_notes": notes.get(a.parent_id or a.pk, "") or a.get_status_display(),
        "service_name": a.service.name,
        "service_code": a.service.code,
        "requested_datetime": timezone.localtime(a.created_at).isoformat(),
        "updated_datetime": timezone.localtime(a.replied_at or a.dispatched_at or a.created_at).isoformat(),
        "expected_datetime": timezone.localtime(a.reply_due_at).isoformat() if a.reply_due_at else None,
    }
    if full:
        out |= {
            "description": a.description,
            "address": a.location_text,
            "agency_responsible": getattr(a, "lead_unit_name", None) or "",
        }
    return out


def _latest_replies(appeals: list[Appeal]) -> dict[int, str]:
    """status_notes: the latest reply, which the visibility rule gives to whoever holds the code."""
    ids = {a.parent_id or a.pk for a in appeals}
    notes: dict[int, str] = {}
    for r in AppealReply.objects.filter(appeal_id__in=ids, kind=AppealReply.Kind.REPLY).order_by(
        "created_at"
    ):
        notes[r.appeal_id] = text_for(Audience.TRACKER, "appeals.appeal", "reply", r.text[:1000])
    return notes


@require_GET
def services_json(request: HttpRequest) -> JsonResponse:
    rows = [
        {
            "service_code": s.code,
            "service_name": s.name,
            "description": s.description,
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": s.group,
        }
        for s in selectors.active_services()
    ]
    return JsonResponse(rows, safe=False)


def _payload(request: HttpRequest) -> dict[str, str]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise DomainError("请求体不是有效的JSON。", code="bad_json") from None
        if not isinstance(data, dict):
            raise DomainError("请求体应为JSON对象。", code="bad_json")
        return {str(k): str(v) if v is not None else "" for k, v in data.items()}
    return {k: v for k, v in request.POST.items()}


def _default_region(raw: str) -> Region | None:
    if raw.isdigit() and len(raw) < 16:
        region = Region.objects.filter(pk=int(raw)).first()
        if region is not None:
            return region
    name = settings.YINGSHANG.get("REGION_NAME", "")
    return (
        Region.objects.filter(parent__isnull=True, name=name).first()
        or Region.objects.filter(parent__isnull=True).order_by("pk").first()
    )


@transaction.atomic
def _create(request: HttpRequest) -> JsonResponse:
    actor = _caller(request)
    try:
        if actor is None:
            guard.refuse_if_full(request, scope="open311")
            guard.check_rate(request, scope="open311")
        data = _payload(request)
        for key, value in data.items():
            problem = forbidden_character(key) or forbidden_character(
                value, multiline=key in MULTILINE_FIELDS
            )
            if problem:
                return _error(422, f"{key}：{problem}")
        name = (data.get("last_name", "") + data.get("first_name", "")).strip()
        appeal = services.file_appeal(
            actor=actor
            if actor is not None and actor.role in ("office_admin", "enterprise", "supervisor")
            else None,
            service=selectors.service_by_code(data.get("service_code", "")[:32]),
            description=data.get("description", ""),
            channel=Appeal.Channel.API,
            region=_default_region(data.get("jurisdiction_id", "")),
            contact_name=name[:50] or data.get("phone", "")[:50],
            contact_phone=data.get("phone", "")[:30],
            contact_email=data.get("email", "")[:100],
            location_text=data.get("address_string", "")[:200],
            enterprise_name=data.get("enterprise_name", "")[:200],
            credit_code=data.get("credit_code", "")[:40],
        )
    except DomainError as exc:
        # Only a stored filing counts against the limit: a refused one takes its count back.
        transaction.set_rollback(True)
        detail = "；".join(f"{k}: {v}" for k, v in exc.fields.items())
        return _error(
            exc.status if exc.status != 422 else 400, exc.message + (f"（{detail}）" if detail else "")
        )
    notice = (
        f"已受理，请保存查询码 {appeal.tracking_code}；将在{appeal.service.close_workdays}个工作日内答复。"
    )
    return JsonResponse(
        [{"service_request_id": appeal.tracking_code, "service_notice": notice, "account_id": None}],
        status=201,
        safe=False,
    )


def _parse_date(raw: str) -> datetime | None:
    if not raw:
        return None
    try:
        value = parse_datetime(raw[:40])
    except ValueError:
        value = None
    if value is None:
        raise DomainError(f"日期格式无效：{raw[:40]}（应为 ISO 8601）", code="bad_date")
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _list(request: HttpRequest) -> JsonResponse:
    caller = _caller(request)
    ids = [i.strip().upper() for i in request.GET.get("service_request_id", "").split(",") if i.strip()][
        :MAX_IDS
    ]
    staff = caller is not None and caller.role in ("office_admin", "leader", "unit_leader", "unit_staff")
    qs: QuerySet[Appeal]
    if staff:
        qs = selectors.visible_appeals(caller)  # type: ignore[arg-type]
    elif ids:
        qs = Appeal.objects.all()
    else:
        return _error(400, "未登录时请用 service_request_id 指定要查询的查询码。")
    if ids:
        qs = qs.filter(tracking_code__in=ids)
    code = request.GET.get("service_code", "")[:32]
    if code:
        qs = qs.filter(service__code=code)
    status = request.GET.get("status", "")
    if status == "open":
        qs = qs.filter(status__in=Appeal.OPEN_STATUSES)
    elif status == "closed":
        qs = qs.filter(status__in=CLOSED)
    elif status:
        return _error(400, "status 只能是 open 或 closed。")
    try:
        start, end = (
            _parse_date(request.GET.get("start_date", "")),
            _parse_date(request.GET.get("end_date", "")),
        )
    except DomainError as exc:
        return _error(400, exc.message)
    if start:
        qs = qs.filter(created_at__gte=start)
    if end:
        qs = qs.filter(created_at__lte=end)
    rows = list(selectors.with_list_columns(qs).select_related("parent").order_by("-created_at")[:1000])
    notes = _latest_replies(rows)
    return JsonResponse([_request_out(a, full=staff, notes=notes) for a in rows], safe=False)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_json(request: HttpRequest) -> JsonResponse:
    if request.method == "POST":
        return _create(request)
    return _list(request)


@require_GET
def request_json(request: HttpRequest, code: str) -> JsonResponse:
    caller = _caller(request)
    staff = caller is not None and caller.role in ("office_admin", "leader", "unit_leader", "unit_staff")
    qs = selectors.with_list_columns(Appeal.objects.all()).select_related("parent")
    a = qs.filter(tracking_code=code.upper()[:16]).first()
    if a is None:
        return _error(404, "未找到该查询码对应的诉求。")
    # The code alone shows status and answer, as the tracking page does; details only to staff who see it.
    full = staff and selectors.visible_appeals(caller).filter(pk=a.pk).exists()  # type: ignore[arg-type]
    return JsonResponse([_request_out(a, full=full, notes=_latest_replies([a]))], safe=False)
