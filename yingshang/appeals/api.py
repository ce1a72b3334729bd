"""/api/v1/appeals/: the full appeal model — file, list, detail, every action, suggestions and statistics."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import File, Path, Query, Router, Status
from ninja.files import UploadedFile
from ninja.renderers import JSONRenderer

from yingshang.appeals import claims, finder, selectors, services, sla
from yingshang.appeals.models import Appeal, AppealExtension, Service
from yingshang.appeals.schemas import (
    AppealDetailOut,
    AppealIn,
    AppealOut,
    AppealPageOut,
    AttachmentOut,
    CallbackIn,
    DecisionIn,
    DispatchIn,
    DuplicateOut,
    ExtensionIn,
    ExtensionOut,
    HelpIn,
    IndicatorIn,
    MergeIn,
    NoteIn,
    ReasonIn,
    ReviewIn,
    ServiceOut,
    StatsOut,
    SuggestionsOut,
    TextIn,
)
from yingshang.appeals.statistics.read import appeal_stats_for
from yingshang.core import pagination
from yingshang.core.access import STAFF_ROLES, get_or_404, region_by_id, region_q, require_role
from yingshang.core.errors import NotFound, ValidationFailed
from yingshang.core.models import Region, Unit, User
from yingshang.core.pagination import after_cursor, capped_count, check_offset, decode_cursor, encode_cursor
from yingshang.core.schemas import ErrorOut

router = Router(tags=["appeals"])
_JSON = JSONRenderer()  # the API's own renderer (NinjaJSONEncoder)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Role = User.Role


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _appeal(request: HttpRequest, appeal_id: int) -> Appeal:
    return get_or_404(selectors.visible_appeals(_user(request)).select_related("service"), pk=appeal_id)


def _out(
    user: User, a: Appeal, *, role: str | None = None, detail: bool = False, now: datetime | None = None
) -> dict[str, object]:
    contact = selectors.contact_for(user, a, role, detail=detail)
    lead = getattr(a, "lead_unit_name", None)
    if not hasattr(a, "lead_unit_name"):
        unit = services.lead_unit_of(a)
        lead = unit.name if unit else None
    clock = sla.next_clock(a, now)
    return {
        "id": a.pk,
        "tracking_code": a.tracking_code,
        "status": a.status,
        "status_label": a.get_status_display(),
        "channel": a.channel,
        "service_code": a.service.code,
        "service_name": a.service.name,
        "region_id": a.region_id,
        "enterprise_id": a.enterprise_id,
        "claimed_enterprise_id": a.claimed_enterprise_id,
        "enterprise_name": a.enterprise_name,
        "credit_code": a.credit_code,
        "contact_name": contact["name"],
        "contact_phone": contact["phone"],
        "title": a.title,
        "description": a.description,
        "location_text": a.location_text,
        "lead_unit": lead,
        "colour": a.colour,
        "is_late": a.is_late,
        "clock": clock.text if clock else "",
        "clock_due_at": clock.due if clock else None,
        "clock_overdue": bool(clock and clock.overdue),
        "created_at": a.created_at,
        "dispatched_at": a.dispatched_at,
        "acknowledge_due_at": a.acknowledge_due_at,
        "acknowledged_at": a.acknowledged_at,
        "reply_due_at": a.reply_due_at,
        "replied_at": a.replied_at,
        "closed_at": a.closed_at,
        "parent_id": a.parent_id,
        "repeat_of_id": a.repeat_of_id,
        "repeat_count": a.repeat_count,
        "solved": a.solved,
        "satisfaction": a.satisfaction,
        "suggested_indicator": a.suggested_indicator,
        "ledger_task_id": a.ledger_task_id,
    }


def _detail(request: HttpRequest, a: Appeal) -> dict[str, object]:
    user = _user(request)
    d = selectors.appeal_detail(user, a)
    out = _out(user, a, role=d.role, detail=True)
    out["units"] = [
        {"unit_id": u.unit_id, "unit": u.unit.name, "role": u.role, "is_active": u.is_active} for u in d.units
    ]
    out["replies"] = [
        {"kind": r.kind, "unit": r.unit.name if r.unit else "", "text": r.text, "created_at": r.created_at}
        for r in [*d.replies, *d.notes]
    ]
    out["events"] = [e.as_dict() for e in d.events]
    out["extensions"] = d.extensions
    return out


def _units(user: User, ids: list[int]) -> list[Unit]:
    qs = Unit.objects.filter(is_active=True, pk__in=ids)
    if user.region_id:
        qs = qs.filter(region_q(user))
    units = list(qs)
    if len(units) != len(set(ids)):
        raise ValidationFailed("所选单位不存在或不在您的管辖范围。", fields={"unit_id": "无效"})
    return units


def _unit(user: User, unit_id: int) -> Unit:
    return _units(user, [unit_id])[0]


@router.get("/services", response={200: list[ServiceOut], **ERRORS}, summary="诉求类别(服务目录)")
def list_services(request: HttpRequest) -> QuerySet[Service]:
    return selectors.active_services()


@router.get("/", response={200: AppealPageOut, **ERRORS}, summary="诉求列表")
def list_appeals(
    request: HttpRequest,
    status: str = Query("", max_length=20),
    colour: str = Query("", max_length=10),
    service: str = Query("", max_length=32),
    channel: str = Query("", max_length=12),
    q: str = Query("", max_length=100),
    late: bool = False,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=1_000_000),
    cursor: str = Query("", max_length=100),
) -> HttpResponse:
    """Newest first. ``offset`` up to 1000; deeper, pass the previous page's ``next_cursor`` as ``cursor``
    (any depth costs the same)."""
    user = _user(request)
    check_offset(offset)
    params = {
        "status": status,
        "colour": colour,
        "service": service,
        "channel": channel,
        "q": q,
        "late": late,
    }
    qs = selectors.filter_appeals(
        selectors.visible_appeals(user), params, personal=user.role == Role.OFFICE_ADMIN
    )
    searching = bool(q.strip())
    keys = finder.matched_keys(qs) if searching else None
    if keys is not None:  # a search with few matches: one pass gives the count and the page's ids
        count, capped = len(keys), False
        if cursor:
            mark = decode_cursor(cursor)
            keys = [k for k in keys if k[:2] < mark]
        ids = [pk for _, pk, _ in keys[offset : offset + limit + 1]]
        found = selectors.list_rows_by_id(ids)
        rows = [found[pk] for pk in ids if pk in found]
    else:
        # While searching, no keys means more matches than the cap: no second pass to count them.
        count, capped = (pagination.COUNT_CAP, True) if searching else capped_count(qs)
        ordered = finder.newest_first(selectors.with_list_columns(qs), searching=searching, many=capped)
        rows = list(after_cursor(ordered, cursor)[offset : offset + limit + 1])
    more, rows = len(rows) > limit, rows[:limit]
    items = []
    now = timezone.now()
    for a in rows:
        role = ("lead" if a.lead_unit_id == user.unit_id else "cooperating") if user.is_unit_user else None  # type: ignore[attr-defined]
        items.append(_out(user, a, role=role, now=now))
    next_cursor = encode_cursor(rows[-1].created_at, rows[-1].pk) if more else None
    page = {"count": count, "count_capped": capped, "items": items, "next_cursor": next_cursor}
    # The rows are built here from typed model fields, exactly as AppealPageOut declares them (a test
    # holds them to it): rendered as they are, not passed through the schema's per-field validation,
    # which cost as much as the page's own work.
    return HttpResponse(
        _JSON.render(request, page, response_status=200),
        content_type=f"{_JSON.media_type}; charset={_JSON.charset}",
    )


@router.post("/", response={201: AppealOut, **ERRORS}, summary="提交诉求")
def file_appeal(request: HttpRequest, payload: AppealIn) -> Status:
    user = _user(request)
    region = None
    if payload.region_id is not None:
        try:
            region = region_by_id(payload.region_id)
        except Region.DoesNotExist:
            raise ValidationFailed("区域不存在。", fields={"region_id": "不存在"}) from None
    appeal = services.file_appeal(
        actor=user,
        service=selectors.service_by_code(payload.service_code),
        description=payload.description,
        title=payload.title,
        channel=payload.channel,
        region=region,
        enterprise_name=payload.enterprise_name,
        credit_code=payload.credit_code,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        contact_email=payload.contact_email,
        location_text=payload.location_text,
    )
    appeal.lead_unit_name = None  # type: ignore[attr-defined]
    return Status(201, _out(user, appeal))


@router.get("/stats", response={200: StatsOut, **ERRORS}, summary="诉求统计")
def stats(request: HttpRequest) -> dict[str, object]:
    user = _user(request)
    require_role(user, *STAFF_ROLES)
    return appeal_stats_for(user)


@router.get(
    "/suggestion-models", response={200: list[dict[str, object]], **ERRORS}, summary="分办建议准确率(营商办)"
)
def suggestion_models(request: HttpRequest) -> list[dict[str, object]]:
    """Per region: dispatch history, whether the learned model is in use, and its accuracy (%) on the
    newest 20 % of history held back from training, blended and lexicon-only (`lexicon_*`)."""
    from yingshang.appeals.learned import accuracy_rows

    user = _user(request)
    require_role(user, User.Role.OFFICE_ADMIN)
    regions = Region.objects.all()
    if user.region_id:
        regions = regions.filter(region_q(user, field=""))
    return accuracy_rows(list(regions.order_by("tree_path")))


@router.get("/{appeal_id}", response={200: AppealDetailOut, **ERRORS}, summary="诉求详情")
def get_appeal(request: HttpRequest, appeal_id: int) -> dict[str, object]:
    return _detail(request, _appeal(request, appeal_id))


@router.get("/{appeal_id}/suggestions", response={200: SuggestionsOut, **ERRORS}, summary="分办建议(营商办)")
def suggestions(request: HttpRequest, appeal_id: int) -> dict[str, object]:
    a = _appeal(request, appeal_id)
    require_role(_user(request), Role.OFFICE_ADMIN, Role.LEADER)
    units, indicators = selectors.suggest_for(a)
    return {
        "units": [
            {"unit_id": s.key, "name": s.name, "score": s.score, "reasons": list(s.reasons)} for s in units
        ],
        "indicators": [{"name": s.name, "score": s.score, "reasons": list(s.reasons)} for s in indicators],
    }


@router.get(
    "/{appeal_id}/duplicates", response={200: list[DuplicateOut], **ERRORS}, summary="疑似重复(营商办)"
)
def duplicates(request: HttpRequest, appeal_id: int) -> list[dict[str, object]]:
    a = _appeal(request, appeal_id)
    require_role(_user(request), Role.OFFICE_ADMIN, Role.LEADER)
    return [
        {
            "id": d["appeal"].pk,
            "tracking_code": d["appeal"].tracking_code,
            "title": d["appeal"].title,
            "score": d["score"],
            "same_filer": d["same_filer"],
            "same_phone": d["same_phone"],
        }
        for d in selectors.suggest_duplicates(a)
    ]


@router.post("/{appeal_id}/dispatch", response={200: AppealDetailOut, **ERRORS}, summary="分办")
def dispatch(request: HttpRequest, appeal_id: int, payload: DispatchIn) -> dict[str, object]:
    a, user = _appeal(request, appeal_id), _user(request)
    require_role(user, Role.OFFICE_ADMIN, Role.LEADER)
    services.dispatch_appeal(
        actor=user,
        appeal=a,
        lead_unit=_unit(user, payload.lead_unit_id),
        cooperating_units=_units(user, payload.cooperating_unit_ids),
        note=payload.note,
    )
    return _detail(request, a)


@router.post("/{appeal_id}/review", response={200: AppealDetailOut, **ERRORS}, summary="退单审核(改派/维持)")
def review(request: HttpRequest, appeal_id: int, payload: ReviewIn) -> dict[str, object]:
    a, user = _appeal(request, appeal_id), _user(request)
    require_role(user, Role.OFFICE_ADMIN, Role.LEADER)
    services.review_return(
        actor=user,
        appeal=a,
        decision=payload.decision,
        lead_unit=_unit(user, payload.lead_unit_id) if payload.lead_unit_id else None,
        cooperating_units=_units(user, payload.cooperating_unit_ids),
        note=payload.note,
    )
    return _detail(request, a)


@router.post("/{appeal_id}/acknowledge", response={200: AppealDetailOut, **ERRORS}, summary="签收")
def acknowledge(request: HttpRequest, appeal_id: int) -> dict[str, object]:
    a = _appeal(request, appeal_id)
    services.acknowledge_appeal(actor=_user(request), appeal=a)
    return _detail(request, a)


@router.post("/{appeal_id}/handle", response={200: AppealDetailOut, **ERRORS}, summary="办理情况")
def handle(request: HttpRequest, appeal_id: int, payload: TextIn) -> dict[str, object]:
    a = _appeal(request, appeal_id)
    services.handle_appeal(actor=_user(request), appeal=a, text=payload.text, contacted=payload.contacted)
    return _detail(request, a)


@router.post("/{appeal_id}/reply", response={200: AppealDetailOut, **ERRORS}, summary="答复")
def reply(request: HttpRequest, appeal_id: int, payload: TextIn) -> dict[str, object]:
    a = _appeal(request, appeal_id)
    services.reply_appeal(actor=_user(request), appeal=a, text=payload.text)
    return _detail(request, a)


@router.post("/{appeal_id}/answer-on-call", response={200: AppealDetailOut, **ERRORS}, summary="即时办结")
def answer_on_call(request: HttpRequest, appeal_id: int, payload: TextIn) -> dict[str, object]:
    """The office answers a 政策咨询 on the call: answered without dispatch, rated by the callback."""
    a = _appeal(request, appeal_id)
    services.answer_on_call(actor=_user(request), appeal=a, text=payload.text)
    return _detail(request, a)


@router.post(
    "/{appeal_id}/reply/attachments",
    response={201: list[AttachmentOut], **ERRORS},
    summary="上传答复材料(multipart, 字段名 files)",
)
def upload_reply_files(
    request: HttpRequest,
    appeal_id: int = Path(..., ge=1, le=2**53),
    files: list[UploadedFile] = File(...),  # noqa: B008
) -> Status:
    a = _appeal(request, appeal_id)
    rows = services.attach_reply_files(actor=_user(request), appeal=a, files=files)
    return Status(
        201,
        [
            {
                "id": r.pk,
                "kind": r.kind,
                "name": r.name,
                "size": r.size,
                "content_type": r.content_type,
                "url": reverse("appeals:attachment", args=[r.pk]),
                "created_at": r.created_at,
            }
            for r in rows
        ],
    )


@router.post("/{appeal_id}/return", response={200: AppealDetailOut, **ERRORS}, summary="退单")
def return_dispatch(request: HttpRequest, appeal_id: int, payload: ReasonIn) -> dict[str, object]:
    a = _appeal(request, appeal_id)
    services.return_dispatch(actor=_user(request), appeal=a, reason=payload.reason)
    return _detail(request, a)


@router.post("/{appeal_id}/escalate", response={200: AppealDetailOut, **ERRORS}, summary="提级呈办")
def escalate(request: HttpRequest, appeal_id: int, payload: ReasonIn) -> dict[str, object]:
    a = _appeal(request, appeal_id)
    services.escalate_appeal(actor=_user(request), appeal=a, reason=payload.reason)
    return _detail(request, a)


@router.post("/{appeal_id}/help", response={200: AppealDetailOut, **ERRORS}, summary="邀请协办")
def help_request(request: HttpRequest, appeal_id: int, payload: HelpIn) -> dict[str, object]:
    a, user = _appeal(request, appeal_id), _user(request)
    unit = Unit.objects.filter(pk=payload.unit_id, is_active=True).select_related("region").first()
    if unit is None:
        raise ValidationFailed("所选单位不存在。", fields={"unit_id": "无效"})
    services.request_help(actor=user, appeal=a, unit=unit, reason=payload.reason)
    return _detail(request, a)


@router.post("/{appeal_id}/extension", response={201: ExtensionOut, **ERRORS}, summary="申请延期")
def request_extension(request: HttpRequest, appeal_id: int, payload: ExtensionIn) -> Status:
    a = _appeal(request, appeal_id)
    ext = services.request_extension(
        actor=_user(request), appeal=a, workdays_n=payload.workdays, reason=payload.reason
    )
    return Status(201, ext)


@router.post(
    "/{appeal_id}/extension/{extension_id}/decision",
    response={200: AppealDetailOut, **ERRORS},
    summary="延期审批",
)
def decide_extension(
    request: HttpRequest, appeal_id: int, extension_id: int, payload: DecisionIn
) -> dict[str, object]:
    a, user = _appeal(request, appeal_id), _user(request)
    ext = AppealExtension.objects.filter(appeal=a, pk=extension_id).first()
    if ext is None:
        raise NotFound("未找到该延期申请。")
    services.decide_extension(actor=user, extension=ext, approve=payload.approve, note=payload.note)
    a.refresh_from_db()
    return _detail(request, a)


@router.post("/{appeal_id}/merge", response={200: AppealDetailOut, **ERRORS}, summary="并单")
def merge(request: HttpRequest, appeal_id: int, payload: MergeIn) -> dict[str, object]:
    a, user = _appeal(request, appeal_id), _user(request)
    require_role(user, Role.OFFICE_ADMIN, Role.LEADER)
    children = selectors.merge_children(user, ids=payload.children, codes=payload.codes)
    services.merge_appeals(actor=user, parent=a, children=children)
    return _detail(request, a)


@router.post("/{appeal_id}/callback", response={200: AppealDetailOut, **ERRORS}, summary="回访评价")
def callback(request: HttpRequest, appeal_id: int, payload: CallbackIn) -> dict[str, object]:
    a = _appeal(request, appeal_id)
    services.record_callback(
        actor=_user(request),
        appeal=a,
        solved=payload.solved,
        satisfaction=payload.satisfaction,
        note=payload.note,
    )
    return _detail(request, a)


@router.post(
    "/{appeal_id}/link-enterprise", response={200: AppealDetailOut, **ERRORS}, summary="关联所称企业(营商办)"
)
def link_enterprise(request: HttpRequest, appeal_id: int) -> dict[str, object]:
    a = _appeal(request, appeal_id)
    claims.link_enterprise(actor=_user(request), appeal=a)
    return _detail(request, a)


@router.post(
    "/{appeal_id}/indicator", response={200: AppealDetailOut, **ERRORS}, summary="更正评价指标(营商办)"
)
def correct_indicator(request: HttpRequest, appeal_id: int, payload: IndicatorIn) -> dict[str, object]:
    a = _appeal(request, appeal_id)
    services.correct_indicator(
        actor=_user(request), appeal=a, indicator=payload.indicator, reason=payload.reason
    )
    return _detail(request, a)


@router.post("/{appeal_id}/reopen", response={200: AppealDetailOut, **ERRORS}, summary="回访不满意发回重办")
def reopen(request: HttpRequest, appeal_id: int, payload: ReasonIn) -> dict[str, object]:
    a = _appeal(request, appeal_id)
    services.reopen_appeal(actor=_user(request), appeal=a, reason=payload.reason)
    return _detail(request, a)


@router.post("/{appeal_id}/close", response={200: AppealDetailOut, **ERRORS}, summary="办结")
def close(request: HttpRequest, appeal_id: int, payload: NoteIn) -> dict[str, object]:
    a, user = _appeal(request, appeal_id), _user(request)
    require_role(user, Role.OFFICE_ADMIN, Role.LEADER)
    services.close_appeal(actor=user, appeal=a, note=payload.note)
    return _detail(request, a)
