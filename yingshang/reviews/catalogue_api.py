"""The reviews API for what is rated: service matters (list, create, Excel import) and the questionnaires
(current versions, a new version). Who may: the pages' rule, `services.catalogue.require_catalogue_manager`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import File, Form, Path, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from yingshang.core.access import visible_units
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.models import User
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import ErrorOut
from yingshang.reviews import selectors, services
from yingshang.reviews.models import Channel, Questionnaire, ServiceMatter
from yingshang.reviews.schemas import (
    MatterImportOut,
    QuestionnaireIn,
    QuestionnaireOut,
    ServiceMatterIn,
    ServiceMatterOut,
)
from yingshang.reviews.services.catalogue import require_catalogue_manager

router = Router(tags=["好差评"])
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined, no-any-return]


@router.get("/matters", response={200: list[ServiceMatterOut], **ERRORS}, summary="服务事项列表")
@paginate(LimitOffsetPagination)
def list_matters(request: HttpRequest, q: str = Query("", max_length=100)) -> Any:  # type: ignore[type-arg]
    user = _user(request)
    if user.role not in selectors.STAFF:
        raise NotAllowed("您的角色无权访问好差评数据。", code="role")
    qs = selectors.visible_matters(user)
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(code__icontains=q.strip()))
    return qs.order_by("code", "pk")


@router.post("/matters", response={201: ServiceMatterOut, **ERRORS}, summary="登记服务事项")
def create_matter(request: HttpRequest, payload: ServiceMatterIn) -> Status[ServiceMatter]:
    user = _user(request)
    require_catalogue_manager(user)
    unit = visible_units(user).filter(is_active=True, pk=payload.unit_id).first()
    if unit is None:
        raise ValidationFailed("实施单位不存在或不在本区域。", fields={"unit_id": "不存在"})
    matter = services.create_matter(actor=user, unit=unit, code=payload.code, name=payload.name)
    return Status(201, matter)


@router.post(
    "/matters/import",
    response={200: MatterImportOut, **ERRORS},
    summary="从Excel导入服务事项(multipart, 字段 file 与 dry_run)",
)
def import_matters(
    request: HttpRequest,
    file: UploadedFile | None = File(None),  # type: ignore[type-arg]  # noqa: B008
    dry_run: bool = Form(False),  # type: ignore[type-arg]
) -> dict[str, Any]:
    """Columns 事项编码、事项名称、实施单位, as on the import page. A sheet with any bad row is refused whole
    (422 ``import_errors``, each row under ``fields`` as ``row_<n>``); ``dry_run`` answers what would
    change and writes nothing."""
    user = _user(request)
    require_catalogue_manager(user)
    if file is None:
        raise ValidationFailed("请上传Excel文件(.xlsx)。", fields={"file": "必填"})
    plan = services.plan_matter_import(file, actor=user)
    plan.refuse_errors("服务事项")
    if not dry_run:
        services.apply_matter_import(actor=user, plan=plan)
    rows = [{**item, "action": "create"} for item in plan.created]
    rows += [{**item, "action": "update"} for item in plan.updated]
    return {
        "dry_run": dry_run,
        "created": len(plan.created),
        "updated": len(plan.updated),
        "unchanged": plan.unchanged,
        "rows": sorted(rows, key=lambda r: r["row"]),
    }


def _questionnaire_out(q: Questionnaire) -> dict[str, Any]:
    return {
        "id": q.pk,
        "channel": q.channel,
        "channel_label": q.get_channel_display(),
        "version": q.version,
        "items": q.items,
        "created_at": q.created_at,
    }


@router.get(
    "/questionnaires", response={200: list[QuestionnaireOut], **ERRORS}, summary="现行评价问卷(各渠道)"
)
def current_questionnaires(request: HttpRequest) -> list[dict[str, Any]]:
    require_catalogue_manager(_user(request), write=False)
    return [_questionnaire_out(services.current_questionnaire(c)) for c in Channel.values]


@router.post(
    "/questionnaires/{channel}/versions",
    response={201: QuestionnaireOut, **ERRORS},
    summary="修改评价问卷(发布新版本，已有评价保留原版本)",
)
def publish_questionnaire(
    request: HttpRequest,
    payload: QuestionnaireIn,
    channel: str = Path(..., max_length=20),  # type: ignore[type-arg]
) -> Status[dict[str, Any]]:
    user = _user(request)
    require_catalogue_manager(user)
    if channel not in Channel.values:
        raise ValidationFailed(f"渠道应为 {' 或 '.join(Channel.values)}。", fields={"channel": "无效"})
    q = services.publish_questionnaire(actor=user, channel=channel, labels=payload.labels)
    return Status(201, _questionnaire_out(q))
