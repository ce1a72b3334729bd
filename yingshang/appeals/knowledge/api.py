"""/api/v1/appeals/knowledge: the 热线知识库 — list and search, matches for a text, maintain, answer from."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from yingshang.appeals import selectors as appeal_selectors
from yingshang.appeals.knowledge import selectors, services
from yingshang.appeals.knowledge.access import visible_entries
from yingshang.appeals.knowledge.models import KnowledgeEntry
from yingshang.appeals.knowledge.schemas import (
    KnowledgeAnswerIn,
    KnowledgeEntryIn,
    KnowledgeEntryOut,
    KnowledgeEntryPageOut,
    KnowledgeEntryPatchIn,
    KnowledgeListQueryIn,
    KnowledgeMatchOut,
    KnowledgeReviewIn,
    KnowledgeUseOut,
)
from yingshang.core.access import STAFF_ROLES, get_or_404, require_role, visible_units
from yingshang.core.errors import ValidationFailed
from yingshang.core.models import Unit, User
from yingshang.core.schemas import ErrorOut

router = Router(tags=["knowledge"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    require_role(user, *STAFF_ROLES)
    return user


def _entry(request: HttpRequest, entry_id: int) -> KnowledgeEntry:
    return get_or_404(visible_entries(_user(request)), pk=entry_id)


def _unit(user: User, unit_id: int) -> Unit:
    units = visible_units(user) if not user.is_unit_user else Unit.objects.filter(pk=user.unit_id)
    unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise ValidationFailed("责任单位不存在或不可选。", fields={"owner_unit_id": "无效"})
    return unit


@router.get("/", response={200: KnowledgeEntryPageOut, **ERRORS}, summary="知识条目列表")
def list_entries(request: HttpRequest, params: Query[KnowledgeListQueryIn]) -> dict[str, object]:
    user = _user(request)
    qs = selectors.filter_entries(visible_entries(user), params.dict()).order_by("-updated_at", "-id")
    limit, offset = max(1, min(params.limit, 200)), max(0, min(params.offset, 10_000))
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}


@router.get("/match", response={200: list[KnowledgeMatchOut], **ERRORS}, summary="按诉求内容匹配知识条目")
def match_entries(request: HttpRequest, text: str = "") -> list[dict[str, object]]:
    return [{"entry": m.entry, "score": m.score} for m in selectors.matches_for(_user(request), text[:2000])]


@router.post("/", response={201: KnowledgeEntryOut, **ERRORS}, summary="新建知识条目(草稿)")
def create_entry(request: HttpRequest, payload: KnowledgeEntryIn) -> Status:
    user = _user(request)
    values = payload.dict()
    unit = _unit(user, values.pop("owner_unit_id"))
    return Status(201, services.create_entry(actor=user, owner_unit=unit, **values))


@router.get("/{entry_id}", response={200: KnowledgeEntryOut, **ERRORS}, summary="知识条目详情")
def get_entry(request: HttpRequest, entry_id: int) -> KnowledgeEntry:
    return _entry(request, entry_id)


@router.patch("/{entry_id}", response={200: KnowledgeEntryOut, **ERRORS}, summary="修改知识条目(新版本)")
def update_entry(request: HttpRequest, entry_id: int, payload: KnowledgeEntryPatchIn) -> KnowledgeEntry:
    entry = _entry(request, entry_id)
    user = _user(request)
    changes = payload.dict(exclude_unset=True)
    if "owner_unit_id" in changes:
        changes["owner_unit"] = _unit(user, changes.pop("owner_unit_id"))
    for name in ("question", "answer", "review_date", "owner_unit"):
        if name in changes and changes[name] is None:
            raise ValidationFailed("该字段不能为空。", fields={name: "必填"})
    return services.update_entry(actor=user, entry=entry, **changes)


@router.post("/{entry_id}/publish", response={200: KnowledgeEntryOut, **ERRORS}, summary="发布")
def publish_entry(request: HttpRequest, entry_id: int) -> KnowledgeEntry:
    return services.publish_entry(actor=_user(request), entry=_entry(request, entry_id))


@router.post("/{entry_id}/retire", response={200: KnowledgeEntryOut, **ERRORS}, summary="停用")
def retire_entry(request: HttpRequest, entry_id: int) -> KnowledgeEntry:
    return services.retire_entry(actor=_user(request), entry=_entry(request, entry_id))


@router.post(
    "/{entry_id}/review", response={200: KnowledgeEntryOut, **ERRORS}, summary="复核并设定下次复核日期"
)
def review_entry(request: HttpRequest, entry_id: int, payload: KnowledgeReviewIn) -> KnowledgeEntry:
    return services.review_entry(
        actor=_user(request), entry=_entry(request, entry_id), next_review=payload.next_review
    )


@router.post("/{entry_id}/answer", response={201: KnowledgeUseOut, **ERRORS}, summary="按此条目答复诉求")
def answer_from_entry(request: HttpRequest, entry_id: int, payload: KnowledgeAnswerIn) -> Status:
    user = _user(request)
    entry = get_or_404(selectors.usable_entries(user), pk=entry_id)
    appeal = get_or_404(appeal_selectors.visible_appeals(user), pk=payload.appeal_id)
    return Status(201, services.answer_from_entry(actor=user, appeal=appeal, entry=entry, text=payload.text))
