"""/api/v1/ledger/: documents (import, review, publish), tasks, reports, closure, supervision notices.

The same services as the pages; access goes through the same selectors, so another unit's task is 404
and an enterprise or supervisor gets 403.
"""

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Form, Path, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field as PydanticField
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from yingshang.core.access import STAFF_ROLES, get_or_404, require_role
from yingshang.core.errors import ValidationFailed
from yingshang.core.models import Region, Unit, User
from yingshang.core.pagination import LimitOffsetPagination
from yingshang.core.schemas import ErrorOut
from yingshang.ledger import selectors, services
from yingshang.ledger.models import Campaign, Document, Report, SupervisionNotice, Task, TaskUnit
from yingshang.ledger.review import open_names
from yingshang.ledger.schemas import (
    ActualIn,
    AnswerIn,
    BulkOut,
    CampaignAssignIn,
    CampaignIn,
    CampaignOut,
    ClosureIn,
    DocumentImportIn,
    DocumentOut,
    DocumentReviewIn,
    EvidenceOut,
    LedgerReasonIn,
    NoticeIn,
    NoticeOut,
    PublishOut,
    ReportFormIn,
    ReportIn,
    ReportOut,
    ReviewOut,
    TaskBulkIn,
    TaskDetailOut,
    TaskEditIn,
    TaskIn,
    TaskOut,
    WeightOut,
    WeightsIn,
)

router = Router(tags=["ledger"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Role = User.Role
ID = Path(..., ge=1, le=2**53)
ACTUALS = TypeAdapter(Annotated[list[ActualIn], PydanticField(max_length=50)])
FILES = File(...)


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    require_role(user, *STAFF_ROLES)
    return user


def _office(request: HttpRequest) -> User:
    user = _user(request)
    services.require_office(user)
    return user


# -- documents -------------------------------------------------------------------------------------


@router.get("/documents", response={200: list[DocumentOut], **ERRORS}, summary="政策文件列表")
@paginate(LimitOffsetPagination)
def list_documents(request: HttpRequest) -> Any:
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN, Role.LEADER)
    return selectors.visible_documents(user)


@router.post("/documents", response={201: ReviewOut, **ERRORS}, summary="导入政策文件(正文)")
def import_document(request: HttpRequest, payload: DocumentImportIn) -> Any:
    user = _office(request)
    region = user.region or Region.objects.filter(parent__isnull=True).order_by("pk").first()
    campaign = None
    if payload.campaign.strip():
        campaign, _ = Campaign.objects.get_or_create(region=region, name=payload.campaign.strip())
    doc = services.import_document(
        actor=user,
        region=region,
        text=payload.text,
        issued_on=payload.issued_on,
        campaign=campaign,  # type: ignore[arg-type]
    )
    return Status(201, _review_out(doc))


def _review_out(doc: Document) -> dict[str, Any]:
    data = doc.review
    names = data.get("names", {})
    return {
        "document": doc,
        "open_names": open_names(data),
        "revision_of": doc.revision_of_id,
        "diff": services.revision_diff(doc) if doc.status == Document.Status.DRAFT else {},
        "names": [{"key": k, **v} for k, v in names.items()],
        "measures": [
            {
                **m,
                "lead": [names[k]["text"] for k in m["lead"]],
                "cooperating": [names[k]["text"] for k in m["cooperating"]],
            }
            for m in data.get("measures", [])
        ],
    }


@router.get("/documents/{document_id}", response={200: ReviewOut, **ERRORS}, summary="文件审核内容")
def get_document(request: HttpRequest, document_id: int = ID) -> Any:
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN, Role.LEADER)
    return _review_out(get_or_404(selectors.visible_documents(user), pk=document_id))


@router.patch("/documents/{document_id}/review", response={200: ReviewOut, **ERRORS}, summary="修改审核内容")
def update_review(request: HttpRequest, payload: DocumentReviewIn, document_id: int = ID) -> Any:
    user = _office(request)
    doc = get_or_404(selectors.visible_documents(user), pk=document_id)
    measures = {
        path: {
            k: (v.isoformat() if isinstance(v, date) else v) for k, v in edit.dict(exclude_unset=True).items()
        }
        for path, edit in payload.measures.items()
    }
    doc = services.update_review(
        actor=user,
        document=doc,
        names=dict(payload.names),
        new_units={k: v.dict() for k, v in payload.new_units.items()},
        measures=measures,
    )
    return _review_out(doc)


@router.post(
    "/documents/{document_id}/revisions", response={201: ReviewOut, **ERRORS}, summary="导入修订版正文"
)
def revise_document(request: HttpRequest, payload: DocumentImportIn, document_id: int = ID) -> Any:
    user = _office(request)
    doc = get_or_404(selectors.visible_documents(user), pk=document_id)
    revision = services.import_document(
        actor=user,
        region=doc.region,
        text=payload.text,
        issued_on=payload.issued_on,
        campaign=doc.campaign,
        revision_of=doc,
    )
    return Status(201, _review_out(revision))


@router.post(
    "/documents/{document_id}/publish", response={200: PublishOut, **ERRORS}, summary="发布并下发任务"
)
def publish_document(request: HttpRequest, document_id: int = ID, without_lead: bool = False) -> Any:
    """``?without_lead=true`` publishes on purpose without the measures no unit leads (named in the 422
    ``no_lead`` answer otherwise); the publish event lists them."""
    user = _office(request)
    doc = get_or_404(selectors.visible_documents(user), pk=document_id)
    tasks = services.publish_document(actor=user, document=doc, without_lead=without_lead)
    doc.refresh_from_db()
    return {"document": doc, "tasks": len([t for t in tasks if not t.is_group])}


@router.post(
    "/documents/{document_id}/discard", response={200: ReviewOut, **ERRORS}, summary="作废草稿(营商办)"
)
def discard_document(request: HttpRequest, payload: LedgerReasonIn, document_id: int = ID) -> Any:
    user = _office(request)
    doc = get_or_404(selectors.visible_documents(user), pk=document_id)
    services.discard_document(actor=user, document=doc, reason=payload.reason)
    return _review_out(doc)


# -- tasks -----------------------------------------------------------------------------------------


def _task_out(t: Task) -> dict[str, Any]:
    return {
        "id": t.pk,
        "code": t.code,
        "document_id": t.document_id,
        "parent_id": t.parent_id,
        "path": t.path,
        "title": t.title,
        "is_group": t.is_group,
        "lead_unit_id": t.lead_unit_id,
        "lead_unit_name": t.lead_unit.name if t.lead_unit else "",
        "cooperating_units": [tu.unit.name for tu in getattr(t, "cooperating", [])],
        "due_date": t.due_date,
        "due_estimated": t.due_estimated,
        "status": t.status,
        "status_label": t.get_status_display(),
        "colour": t.colour,
        "progress_percent": t.progress_percent,
        "rollup_percent": t.rollup_percent,
        "reporting_rule": t.reporting_rule,
        "indicators": t.indicators,
        "last_reported_at": t.last_reported_at,
        "campaign_id": t.campaign_id,
        "weight": float(t.weight),
    }


@router.get("/tasks", response={200: list[TaskOut], **ERRORS}, summary="任务列表(与总览相同的筛选)")
@paginate(LimitOffsetPagination)
def list_tasks(
    request: HttpRequest,
    document: int | None = Query(None, ge=1, le=2**53),
    campaign: int | None = Query(None, ge=1, le=2**53),
    unit: int | None = Query(None, ge=1, le=2**53),
    status: str = Query("", max_length=20),
    colour: str = Query("", max_length=10),
    indicator: str = Query("", max_length=50),
    due_from: date | None = None,
    due_to: date | None = None,
    q: str = Query("", max_length=100),
    include_groups: bool = False,
) -> Any:
    user = _user(request)
    f = selectors.TaskFilters.from_params(
        {
            "document": document,
            "campaign": campaign,
            "unit": unit,
            "status": status,
            "colour": colour,
            "indicator": indicator,
            "due_from": due_from.isoformat() if due_from else "",
            "due_to": due_to.isoformat() if due_to else "",
            "q": q,
        }
    )
    f.include_groups = include_groups
    qs = selectors.with_units(
        selectors.filter_tasks(selectors.visible_tasks(user), f).order_by("due_date", "id")
    )
    return _LazyTasks(qs)


class _LazyTasks:
    """Lets the paginator slice the queryset first, then shapes only the page it returns."""

    def __init__(self, qs: Any) -> None:
        self.qs = qs

    def __len__(self) -> int:
        return self.qs.count()

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [_task_out(t) for t in self.qs[item]]


def _task(request: HttpRequest, task_id: int) -> Task:
    return get_or_404(selectors.with_units(selectors.visible_tasks(_user(request))), pk=task_id)


@router.post("/tasks/bulk", response={200: BulkOut, **ERRORS}, summary="批量催报、督办、采纳(营商办)")
def bulk_tasks(request: HttpRequest, payload: TaskBulkIn) -> Any:
    user = _office(request)
    tasks = list(selectors.visible_tasks(user).filter(pk__in=payload.task_ids).select_related("lead_unit"))
    if len(tasks) != len(set(payload.task_ids)):
        raise ValidationFailed("部分任务不存在或不在您的管辖范围。", fields={"task_ids": "无效"})
    if payload.action == "urge":
        outcome = services.urge_reports(actor=user, tasks=tasks)
    elif payload.action == "accept":
        outcome = services.accept_latest_reports(actor=user, tasks=tasks)
    else:
        if payload.demanded_date is None:
            raise ValidationFailed("请填写要求完成日期。", fields={"demanded_date": "必填"})
        outcome = services.supervise_tasks(
            actor=user,
            tasks=tasks,
            reason=payload.reason,
            demanded_date=payload.demanded_date,
            colour=payload.colour,
        )
    return {
        "done": outcome.done,
        "skipped": [{"task_id": t.pk, "code": t.code, "reason": why} for t, why in outcome.skipped],
    }


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, **ERRORS}, summary="任务详情")
def get_task(request: HttpRequest, task_id: int = ID) -> Any:
    t = _task(request, task_id)
    excerpt = ""
    if t.document_id and t.span_start is not None:
        excerpt = t.document.source_text[t.span_start : t.span_end]  # type: ignore[union-attr]
    return {
        **_task_out(t),
        "text": t.text,
        "targets": t.targets,
        "doc_number": t.document.doc_number if t.document else "",
        "source_span": [t.span_start, t.span_end] if t.span_start is not None else None,
        "source_excerpt": excerpt,
        "closure_summary": t.closure_summary,
    }


@router.post("/tasks", response={201: TaskOut, **ERRORS}, summary="手工新建任务")
def create_task(request: HttpRequest, payload: TaskIn) -> Any:
    user = _office(request)
    region = user.region or Region.objects.filter(parent__isnull=True).order_by("pk").first()
    allowed = Unit.objects.filter(region__tree_path__startswith=region.tree_path)  # type: ignore[union-attr]
    lead = get_or_404(allowed, pk=payload.lead_unit_id)
    coops = list(allowed.filter(pk__in=payload.cooperating_unit_ids))
    parent = (
        get_or_404(selectors.visible_tasks(user), pk=payload.parent_id)
        if payload.parent_id is not None
        else None
    )
    task = services.create_task(
        actor=user,
        region=region,  # type: ignore[arg-type]
        title=payload.title,
        text=payload.text,
        lead_unit=lead,
        cooperating_units=coops,
        due_date=payload.due_date,
        reporting_rule=payload.reporting_rule,
        targets=[t.dict() for t in payload.targets],
        parent=parent,
        weight=payload.weight,
    )
    return Status(201, _task_out(Task.objects.select_related("lead_unit").get(pk=task.pk)))


@router.patch(
    "/tasks/{task_id}", response={200: TaskOut, **ERRORS}, summary="调整任务：改期、调整单位(营商办)"
)
def edit_task(request: HttpRequest, payload: TaskEditIn, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    user = _office(request)
    allowed = Unit.objects.filter(region__tree_path__startswith=task.region.tree_path, is_active=True)
    lead = get_or_404(allowed, pk=payload.lead_unit_id) if payload.lead_unit_id is not None else None
    coops = None
    if payload.cooperating_unit_ids is not None:
        coops = list(allowed.filter(pk__in=payload.cooperating_unit_ids))
        if len(coops) != len(set(payload.cooperating_unit_ids)):
            raise ValidationFailed(
                "部分配合单位不存在或不属于该任务的区域。", fields={"cooperating_unit_ids": "无效"}
            )
    services.edit_task(
        actor=user,
        task=task,
        reason=payload.reason,
        lead_unit=lead,
        cooperating_units=coops,
        due_date=payload.due_date if "due_date" in payload.model_fields_set else "keep",
    )
    return _task_out(Task.objects.select_related("lead_unit").get(pk=task.pk))


@router.post("/tasks/{task_id}/cancel", response={200: TaskOut, **ERRORS}, summary="撤销任务(营商办)")
def cancel_task(request: HttpRequest, payload: LedgerReasonIn, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    services.cancel_task(actor=_office(request), task=task, reason=payload.reason)
    return _task_out(task)


# -- reports ---------------------------------------------------------------------------------------


def _report_out(r: Report) -> dict[str, Any]:
    return {
        "id": r.pk,
        "task_id": r.task_id,
        "unit_id": r.unit_id,
        "unit_name": r.unit.name,
        "period": r.period,
        "progress_text": r.progress_text,
        "percent": r.percent,
        "actual_values": r.actual_values,
        "failed_targets": r.failed_targets,
        "completion_date": r.completion_date,
        "status": r.status,
        "is_late": r.is_late,
        "return_reason": r.return_reason,
        "submitted_at": r.submitted_at,
    }


@router.get("/tasks/{task_id}/reports", response={200: list[ReportOut], **ERRORS}, summary="任务的调度报送")
def list_reports(request: HttpRequest, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    return [_report_out(r) for r in task.reports.select_related("unit")]


@router.post("/tasks/{task_id}/reports", response={201: ReportOut, **ERRORS}, summary="报送进展(责任单位)")
def submit_report(request: HttpRequest, payload: ReportIn, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    report = services.submit_report(
        actor=request.user,  # type: ignore[arg-type]
        task=task,
        period=payload.period,
        progress_text=payload.progress_text,
        percent=payload.percent,
        actual_values=[a.dict() for a in payload.actual_values],
        completion_date=payload.completion_date,
    )
    return Status(201, _report_out(Report.objects.select_related("unit").get(pk=report.pk)))


@router.post(
    "/tasks/{task_id}/reports/upload",
    response={201: ReportOut, **ERRORS},
    summary="报送进展并附佐证材料(multipart，责任单位)",
)
def submit_report_with_files(
    request: HttpRequest,
    payload: Form[ReportFormIn],
    task_id: int = ID,
    files: list[UploadedFile] = File(None),  # noqa: B008
) -> Any:
    """The same report as POST …/reports, sent as multipart so its evidence is attached to it in one
    transaction (a bad file rejects the whole report)."""
    task = _task(request, task_id)
    try:
        actuals = ACTUALS.validate_json(payload.actual_values) if payload.actual_values.strip() else []
    except PydanticValidationError:
        raise ValidationFailed(
            '实际值格式不正确，应为 JSON 数组，如 [{"index": 0, "value": 12}]。',
            fields={"actual_values": "格式不正确"},
        ) from None
    report = services.submit_report(
        actor=request.user,  # type: ignore[arg-type]
        task=task,
        period=payload.period,
        progress_text=payload.progress_text,
        percent=payload.percent,
        actual_values=[a.dict() for a in actuals],
        completion_date=payload.completion_date,
        files=files or [],
    )
    return Status(201, _report_out(Report.objects.select_related("unit").get(pk=report.pk)))


def _report(request: HttpRequest, report_id: int) -> Report:
    return get_or_404(selectors.visible_reports(_user(request)), pk=report_id)


@router.post("/reports/{report_id}/accept", response={200: ReportOut, **ERRORS}, summary="采纳报送(营商办)")
def accept_report(request: HttpRequest, report_id: int = ID) -> Any:
    report = _report(request, report_id)
    services.accept_report(actor=request.user, report=report)  # type: ignore[arg-type]
    return _report_out(report)


@router.post("/reports/{report_id}/return", response={200: ReportOut, **ERRORS}, summary="退回报送(营商办)")
def return_report(request: HttpRequest, payload: LedgerReasonIn, report_id: int = ID) -> Any:
    report = _report(request, report_id)
    services.return_report(actor=request.user, report=report, reason=payload.reason)  # type: ignore[arg-type]
    return _report_out(report)


@router.post("/tasks/{task_id}/evidence", response={201: list[EvidenceOut], **ERRORS}, summary="上传佐证材料")
def upload_evidence(request: HttpRequest, task_id: int = ID, files: list[UploadedFile] = FILES) -> Any:
    task = _task(request, task_id)
    rows = services.add_evidence(actor=request.user, task=task, files=files)  # type: ignore[arg-type]
    return Status(201, rows)


# -- closure ---------------------------------------------------------------------------------------


@router.post(
    "/tasks/{task_id}/closure/request", response={200: TaskOut, **ERRORS}, summary="申请销号(牵头单位)"
)
def request_closure(request: HttpRequest, payload: ClosureIn, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    services.request_closure(actor=request.user, task=task, summary=payload.summary)  # type: ignore[arg-type]
    return _task_out(task)


@router.post("/tasks/{task_id}/closure/verify", response={200: TaskOut, **ERRORS}, summary="审核销号(营商办)")
def verify_closure(request: HttpRequest, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    services.verify_closure(actor=request.user, task=task)  # type: ignore[arg-type]
    return _task_out(task)


@router.post("/tasks/{task_id}/closure/reject", response={200: TaskOut, **ERRORS}, summary="驳回销号(营商办)")
def reject_closure(request: HttpRequest, payload: LedgerReasonIn, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    services.reject_closure(actor=request.user, task=task, reason=payload.reason)  # type: ignore[arg-type]
    return _task_out(task)


@router.post(
    "/tasks/{task_id}/reopen", response={200: TaskOut, **ERRORS}, summary="重新打开已销号任务(营商办)"
)
def reopen_task(request: HttpRequest, payload: LedgerReasonIn, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    services.reopen_task(actor=request.user, task=task, reason=payload.reason)  # type: ignore[arg-type]
    return _task_out(task)


@router.post("/tasks/{task_id}/restore", response={200: TaskOut, **ERRORS}, summary="恢复已撤销任务(营商办)")
def restore_task(request: HttpRequest, payload: LedgerReasonIn, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    services.restore_task(actor=request.user, task=task, reason=payload.reason)  # type: ignore[arg-type]
    return _task_out(task)


# -- roll-up weights and campaigns -----------------------------------------------------------------


def _weights_out(children: list[Task]) -> list[dict[str, Any]]:
    return [
        {"task_id": c.pk, "path": c.path, "title": c.title, "status": c.status, "weight": float(c.weight)}
        for c in children
    ]


@router.get("/tasks/{task_id}/weights", response={200: list[WeightOut], **ERRORS}, summary="下属任务汇总权重")
def get_weights(request: HttpRequest, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    return _weights_out(selectors.task_tree(task))


@router.put(
    "/tasks/{task_id}/weights", response={200: list[WeightOut], **ERRORS}, summary="设置汇总权重(营商办)"
)
def set_weights(request: HttpRequest, payload: WeightsIn, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    children = services.set_weights(
        actor=request.user,  # type: ignore[arg-type]
        parent=task,
        weights={w.task_id: w.weight for w in payload.weights},
    )
    return _weights_out(children)


@router.get("/campaigns", response={200: list[CampaignOut], **ERRORS}, summary="专项行动列表")
def list_campaigns(request: HttpRequest) -> Any:
    user = _user(request)
    require_role(user, Role.OFFICE_ADMIN, Role.LEADER)
    return list(selectors.visible_campaigns(user)[:500])


@router.post("/campaigns", response={201: CampaignOut, **ERRORS}, summary="新建专项行动(营商办)")
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Any:
    user = _office(request)
    region = user.region or Region.objects.filter(parent__isnull=True).order_by("pk").first()
    return Status(201, services.create_campaign(actor=user, region=region, name=payload.name))  # type: ignore[arg-type]


@router.patch(
    "/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS}, summary="专项行动更名(营商办)"
)
def rename_campaign(request: HttpRequest, payload: CampaignIn, campaign_id: int = ID) -> Any:
    user = _office(request)
    campaign = get_or_404(selectors.visible_campaigns(user), pk=campaign_id)
    return services.rename_campaign(actor=user, campaign=campaign, name=payload.name)


@router.delete(
    "/campaigns/{campaign_id}", response={204: None, **ERRORS}, summary="删除专项行动(营商办，须先移出文件)"
)
def delete_campaign(request: HttpRequest, campaign_id: int = ID) -> Any:
    user = _office(request)
    campaign = get_or_404(selectors.visible_campaigns(user), pk=campaign_id)
    services.delete_campaign(actor=user, campaign=campaign)
    return Status(204, None)


@router.put(
    "/documents/{document_id}/campaign", response={200: DocumentOut, **ERRORS}, summary="设置文件所属专项行动"
)
def assign_campaign(request: HttpRequest, payload: CampaignAssignIn, document_id: int = ID) -> Any:
    user = _office(request)
    doc = get_or_404(selectors.visible_documents(user), pk=document_id)
    campaign = (
        get_or_404(selectors.visible_campaigns(user), pk=payload.campaign_id)
        if payload.campaign_id is not None
        else None
    )
    return services.assign_campaign(actor=user, document=doc, campaign=campaign)


# -- supervision notices ---------------------------------------------------------------------------


@router.get("/notices", response={200: list[NoticeOut], **ERRORS}, summary="督办单列表")
@paginate(LimitOffsetPagination)
def list_notices(request: HttpRequest, status: str = Query("", max_length=12)) -> Any:
    qs = selectors.visible_notices(_user(request))
    if status in SupervisionNotice.Status.values:
        qs = qs.filter(status=status)
    return qs


@router.post("/tasks/{task_id}/notices", response={201: NoticeOut, **ERRORS}, summary="下发督办单(营商办)")
def issue_notice(request: HttpRequest, payload: NoticeIn, task_id: int = ID) -> Any:
    task = _task(request, task_id)
    link = get_or_404(TaskUnit.objects.filter(task=task).select_related("unit"), unit_id=payload.unit_id)
    notice = services.issue_notice(
        actor=request.user,  # type: ignore[arg-type]
        task=task,
        unit=link.unit,
        reason=payload.reason,
        demanded_date=payload.demanded_date,
        colour=payload.colour,
    )
    return Status(201, notice)


def _notice(request: HttpRequest, notice_id: int) -> SupervisionNotice:
    return get_or_404(selectors.visible_notices(_user(request)), pk=notice_id)


@router.post(
    "/notices/{notice_id}/answer", response={200: NoticeOut, **ERRORS}, summary="答复督办单(责任单位)"
)
def answer_notice(request: HttpRequest, payload: AnswerIn, notice_id: int = ID) -> Any:
    notice = _notice(request, notice_id)
    return services.answer_notice(actor=request.user, notice=notice, answer=payload.answer)  # type: ignore[arg-type]


@router.post("/notices/{notice_id}/close", response={200: NoticeOut, **ERRORS}, summary="督办单办结(营商办)")
def close_notice(request: HttpRequest, notice_id: int = ID) -> Any:
    notice = _notice(request, notice_id)
    return services.close_notice(actor=request.user, notice=notice)  # type: ignore[arg-type]
