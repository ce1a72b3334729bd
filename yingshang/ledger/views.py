"""Ledger pages: import and review a document, the office overview, a unit's tasks, task detail and actions."""

from __future__ import annotations

import base64
import io
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from yingshang.core.access import STAFF_ROLES, get_or_404, require_write, role_required
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.forms import add_domain_error
from yingshang.core.models import Region, Unit, User
from yingshang.core.unit_labels import qualified_label
from yingshang.core.visibility import audience_for, timeline_for
from yingshang.ledger import clock, excel, import_jobs, queue, read_jobs, selectors, services
from yingshang.ledger.forms import (
    AnswerForm,
    ClosureForm,
    ImportForm,
    NoticeForm,
    ReasonForm,
    ReportForm,
    TaskEditForm,
    TaskForm,
)
from yingshang.ledger.models import Campaign, Evidence, SupervisionNotice, Task, TaskUnit
from yingshang.ledger.review import IGNORE, OK_STATUSES
from yingshang.ledger.review import units_of as review_units_of
from yingshang.ledger.transitions import TASK

Role = User.Role
OFFICE = (Role.OFFICE_ADMIN,)
OFFICE_VIEW = (Role.OFFICE_ADMIN, Role.LEADER)
UNIT = (Role.UNIT_LEADER, Role.UNIT_STAFF)
# Bad input and races are shown on the page; 403/404 propagate to their error pages.
SHOWN = (ValidationFailed, Conflict)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _home_region(user: User) -> Region:
    if user.region_id:
        return user.region  # type: ignore[return-value]
    region = Region.objects.filter(parent__isnull=True).order_by("pk").first()
    if region is None:
        raise ValidationFailed("尚未建立行政区域。")
    return region


def _scope_units(user: User) -> list[Unit]:
    return services.units_under(_home_region(user))


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# -- documents -------------------------------------------------------------------------------------


@role_required(*OFFICE_VIEW)
def document_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.visible_documents(_user(request)).select_related("campaign", "created_by")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "ledger/document_list.html", {"page": page})


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def document_import(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_write(user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        region = _home_region(user)
        campaign = None
        if name := form.cleaned_data["campaign"].strip():
            campaign, _ = Campaign.objects.get_or_create(region=region, name=name)
        upload = form.cleaned_data["file"]
        if upload is not None and (job_id := _start_read_job(user, region, upload, form, campaign)):
            return redirect("ledger:import_job", job_id=job_id)
        try:
            document = services.import_document(
                actor=user,
                region=region,
                text=form.cleaned_data["text"],
                upload=upload,
                issued_on=form.cleaned_data["issued_on"],
                campaign=campaign,
            )
        except SHOWN as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已解析《{document.title}》，请审核后发布。")
            return redirect("ledger:document_review", pk=document.pk)
    return render(request, "ledger/document_import.html", {"form": form})


def _start_read_job(user: User, region: Region, upload: Any, form: ImportForm, campaign: Any) -> str:
    """Scans, photos and Word 97/WPS files are read in the worker; '' for a file read at once."""
    if upload.size and upload.size > settings.UPLOAD_MAX_BYTES:
        return ""  # import_document says it is too large
    raw = upload.read()
    upload.seek(0)
    with tempfile.NamedTemporaryFile() as tmp:
        tmp.write(raw)
        tmp.flush()
        if not read_jobs.needs_worker(Path(tmp.name)):
            return ""
    return read_jobs.start_read_job(
        actor=user,
        region=region,
        raw=raw,
        filename=upload.name or "document",
        issued_on=form.cleaned_data["issued_on"],
        campaign_id=campaign.pk if campaign else None,
    )


@role_required(*OFFICE_VIEW)
def document_page(request: HttpRequest, pk: int, number: int) -> FileResponse:
    """A page image of a scanned document, for the review screen (whoever may see the document)."""
    document = get_or_404(selectors.visible_documents(_user(request)), pk=pk)
    folder = (document.review.get("scan") or {}).get("folder", "")
    path = Path(settings.MEDIA_ROOT) / folder / f"page-{number}.png"
    if not folder or not path.is_file():
        raise Http404("没有这一页的图像。")
    return FileResponse(path.open("rb"), content_type="image/png")


def _review_rows(document: Any, units: list[Unit]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    data = document.review
    names = data.get("names", {})
    unit_names = {u.pk: u.name for u in units}
    labels = {u.pk: qualified_label(u) for u in units}
    name_rows = []
    for key, entry in names.items():
        choice = entry.get("choice")
        # Two regions' 市场监督管理局 are two candidates: each is offered with its region.
        candidates = [
            {**c, "label": labels.get(c.get("id"), c.get("name", ""))} for c in entry.get("candidates", [])
        ]
        flagged = entry["status"] not in OK_STATUSES
        name_rows.append(
            {
                "key": key,
                **entry,
                "candidates": candidates,
                "flagged": flagged,
                "ignored": choice == IGNORE,
                "chosen": choice if isinstance(choice, int) else None,
                # a collective name is asked about until the office answers, never ignored by default
                "question": bool(entry.get("collective")) and choice is None,
                "shown_unit": unit_names.get(
                    choice if isinstance(choice, int) else entry.get("unit_id") or 0, ""
                ),
            }
        )
    name_rows.sort(key=lambda r: (not r["flagged"], r["text"]))
    measures = []
    for m in data.get("measures", []):
        measures.append(
            {
                **m,
                "depth": m["path"].count("/"),
                "lead_names": [names[k]["text"] for k in m["lead"]],
                "coop_names": [names[k]["text"] for k in m["cooperating"]],
                # An included measure no unit leads (its only lead ignored, or none written): named
                # before publishing, never dropped unseen.
                "no_lead": bool(m.get("include") and m.get("is_leaf") and not review_units_of(data, m)[0]),
                "open": any(
                    names[k].get("choice") != IGNORE
                    and not isinstance(names[k].get("choice"), int)
                    and names[k].get("unit_id") is None
                    for k in m["lead"] + m["cooperating"]
                ),
            }
        )
    return name_rows, measures


@role_required(*OFFICE_VIEW)
@require_http_methods(["GET", "POST"])
def document_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    document = get_or_404(selectors.visible_documents(user), pk=pk)
    units = services.units_under(document.region)
    if request.method == "POST":
        require_write(user)
        try:
            _save_review(request, user, document)
        except SHOWN as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "审核内容已保存。")
        return redirect("ledger:document_review", pk=document.pk)
    name_rows, measures = _review_rows(document, units)
    open_names = [r for r in name_rows if not r["ignored"] and not r["chosen"] and not r["unit_id"]]
    regions = services.regions_under(document.region)
    return render(
        request,
        "ledger/document_review.html",
        {
            "document": document,
            "names": name_rows,
            "open_names": open_names,
            "measures": measures,
            "no_lead": [m for m in measures if m["no_lead"]],
            "warnings": document.review.get("warnings", []),
            "read_warnings": document.review.get("read_warnings", []),
            "scan_pages": (document.review.get("scan") or {}).get("pages", 0),
            "units": units,
            "regions": regions,
            "events": timeline_for(document, audience_for(request.user)),  # type: ignore[arg-type]
            "tasks": document.tasks.filter(is_group=False).count() if document.status == "published" else 0,
            "diff": services.revision_diff(document) if document.status == "draft" else {},
            "revise_form": ImportForm() if document.status == "published" and user.is_office else None,
            "campaigns": selectors.visible_campaigns(user).only("id", "name") if user.is_office else [],
        },
    )


def _save_review(request: HttpRequest, user: User, document: Any) -> None:
    """Apply what the review form shows (unit choices, new units, measure edits): by 保存审核, and by
    发布 before it publishes, so a choice on the screen is never thrown away."""
    names: dict[str, Any] = {}
    new_units: dict[str, Any] = {}
    for key in document.review.get("names", {}):
        raw = request.POST.get(f"name:{key}")
        if raw is None:
            continue
        if raw == "new":
            new_units[key] = {
                "name": request.POST.get(f"newname:{key}", ""),
                "region_id": request.POST.get(f"newregion:{key}") or None,
            }
        elif raw == "":
            names[key] = None
        else:
            names[key] = raw
    measures: dict[str, dict[str, Any]] = {}
    for m in document.review.get("measures", []):
        path = m["path"]
        if f"due:{path}" in request.POST:
            edits: dict[str, Any] = {
                "include": request.POST.get(f"inc:{path}") == "1",
                "due": request.POST.get(f"due:{path}") or None,
            }
            if request.POST.get(f"lead:{path}"):
                edits["lead_override"] = request.POST.get(f"lead:{path}")
            measures[path] = edits
    services.update_review(actor=user, document=document, names=names, new_units=new_units, measures=measures)


def _bulk_message(outcome: services.BulkOutcome, verb: str) -> str:
    text = f"已{verb} {outcome.done} 项任务。"
    if outcome.skipped:
        text += "未处理：" + "；".join(f"{t.code} {t.title[:20]}（{why}）" for t, why in outcome.skipped[:10])
        if len(outcome.skipped) > 10:
            text += f" 等 {len(outcome.skipped)} 项"
    return text


@role_required(*OFFICE)
@require_POST
def task_bulk(request: HttpRequest) -> HttpResponse:
    """催报, 督办 or 采纳 for the tasks ticked on the overview; back to the same filtered list."""
    user = _user(request)
    ids = [int(i) for i in request.POST.getlist("tasks") if i.isdigit()]
    tasks = list(selectors.visible_tasks(user).filter(pk__in=ids).select_related("lead_unit"))
    action = request.POST.get("action", "")
    back = request.POST.get("next", "")
    back = back if back.startswith("/ledger/") else "/ledger/"
    try:
        if len(tasks) != len(set(ids)):
            raise ValidationFailed("部分任务不存在或不在您的管辖范围。", fields={"tasks": "无效"})
        if action == "urge":
            messages.success(request, _bulk_message(services.urge_reports(actor=user, tasks=tasks), "催报"))
        elif action == "supervise":
            try:
                demanded = date.fromisoformat(request.POST.get("demanded_date", ""))
            except ValueError:
                raise ValidationFailed("请填写要求完成日期。", fields={"demanded_date": "必填"}) from None
            outcome = services.supervise_tasks(
                actor=user,
                tasks=tasks,
                reason=request.POST.get("reason", ""),
                demanded_date=demanded,
                colour=request.POST.get("colour", "yellow"),
            )
            messages.success(request, _bulk_message(outcome, "下发督办单"))
        elif action == "accept":
            outcome = services.accept_latest_reports(actor=user, tasks=tasks)
            messages.success(request, _bulk_message(outcome, "采纳报送"))
        else:
            raise ValidationFailed("请选择要执行的操作。", fields={"action": "必填"})
    except SHOWN as exc:
        messages.error(request, exc.message)
    return redirect(back)


@role_required(*OFFICE)
@require_POST
def document_discard(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    document = get_or_404(selectors.visible_documents(user), pk=pk)
    try:
        services.discard_document(actor=user, document=document, reason=request.POST.get("reason", ""))
    except SHOWN as exc:
        messages.error(request, exc.message)
        return redirect("ledger:document_review", pk=document.pk)
    messages.success(request, f"已作废《{document.title}》，不会生成任务。")
    return redirect("ledger:document_list")


@role_required(*OFFICE)
@require_POST
def document_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the revised text of a published document as a draft revision."""
    user = _user(request)
    document = get_or_404(selectors.visible_documents(user), pk=pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请上传修订版文件或粘贴修订版正文。")
        return redirect("ledger:document_review", pk=document.pk)
    try:
        revision = services.import_document(
            actor=user,
            region=document.region,
            text=form.cleaned_data["text"],
            upload=form.cleaned_data["file"],
            issued_on=form.cleaned_data["issued_on"],
            campaign=document.campaign,
            revision_of=document,
        )
    except SHOWN as exc:
        messages.error(request, exc.message)
        return redirect("ledger:document_review", pk=document.pk)
    messages.success(request, "已解析修订版，请核对变化后发布。")
    return redirect("ledger:document_review", pk=revision.pk)


@role_required(*OFFICE)
@require_POST
def document_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    document = get_or_404(selectors.visible_documents(user), pk=pk)
    try:
        if any(k.startswith(("name:", "due:")) for k in request.POST):
            _save_review(request, user, document)
            document.refresh_from_db()
        tasks = services.publish_document(
            actor=user, document=document, without_lead=request.POST.get("without_lead") == "1"
        )
    except SHOWN as exc:
        messages.error(request, exc.message)
        return redirect("ledger:document_review", pk=document.pk)
    messages.success(request, f"已发布，下发任务 {len([t for t in tasks if not t.is_group])} 项。")
    return redirect(f"/ledger/?document={document.pk}")


# -- overview and lists ----------------------------------------------------------------------------


def _task_page(request: HttpRequest, qs: Any, f: selectors.TaskFilters, *, count: int | None = None) -> Any:
    ordered = selectors.task_rows(selectors.filter_tasks(qs, f).order_by("due_date", "id"))
    paginator = Paginator(ordered, 50)
    if count is not None:
        # A caller that already counted the same rows spares the pager its own COUNT(*).
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


@role_required(*OFFICE_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    """督查督办总览: every task of the office's region, counts by colour per lead unit."""
    user = _user(request)
    f = selectors.TaskFilters.from_params(request.GET)
    base = selectors.visible_tasks(user)
    if request.GET.get("format") == "xlsx":
        tasks = list(selectors.with_units(selectors.filter_tasks(base, f).order_by("document_id", "id")))
        return _xlsx(excel.export_tasks(tasks), "任务台账.xlsx")
    counts = selectors.colour_counts_by_unit(selectors.filter_tasks(base, f, with_colour=False))
    totals = selectors.colour_totals(counts)
    context = {
        # The colour counts cover the same rows but the colour filter, so they give the pager's count:
        # on the unit and indicator filters that COUNT(*) was a second scan of every task.
        "page": _task_page(
            request, base, f, count=totals[f.colour] if f.colour else totals["total"] + totals["cancelled"]
        ),
        "f": f,
        "query": f.as_query(),
        "counts": counts,
        "totals": totals,
        "documents": selectors.visible_documents(user).only("id", "title"),
        "campaigns": selectors.visible_campaigns(user).only("id", "name"),
        "units": _scope_units(user),
        "statuses": Task.Status.choices,
    }
    return render(request, "ledger/overview.html", context)


@role_required(*UNIT)
def my_tasks(request: HttpRequest) -> HttpResponse:
    """本单位任务: the tasks the user's unit leads or cooperates on."""
    user = _user(request)
    f = selectors.TaskFilters.from_params(request.GET)
    base = selectors.visible_tasks(user)
    roles = dict(TaskUnit.objects.filter(unit_id=user.unit_id).values_list("task_id", "role"))
    page = _task_page(request, base, f)
    labels = dict(TaskUnit.Role.choices)
    for t in page:
        t.my_role = labels.get(roles.get(t.pk, ""), "")  # type: ignore[attr-defined]
    notices = selectors.visible_notices(user).filter(status=SupervisionNotice.Status.ISSUED)[:20]
    return render(
        request,
        "ledger/my_tasks.html",
        {
            "page": page,
            "show_role": True,
            "f": f,
            "query": f.as_query(),
            "notices": notices,
            "statuses": Task.Status.choices,
        },
    )


# -- task detail and actions -----------------------------------------------------------------------


def _task_for(request: HttpRequest, pk: int) -> Task:
    return get_or_404(
        selectors.visible_tasks(_user(request)).select_related("document", "lead_unit", "parent", "region"),
        pk=pk,
    )


@role_required(*STAFF_ROLES)
def task_detail(request: HttpRequest, pk: int, edit_form: TaskEditForm | None = None) -> HttpResponse:
    user = _user(request)
    task = _task_for(request, pk)
    units = list(TaskUnit.objects.filter(task=task).select_related("unit").order_by("-role", "unit__name"))
    my_role = next((tu.role for tu in units if user.is_unit_user and tu.unit_id == user.unit_id), None)
    reports = list(
        task.reports.select_related("unit", "submitted_by").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("id"))
        )
    )
    for r in reports:
        r.actual_rows = [  # type: ignore[attr-defined]
            {
                "target": task.targets[a["index"]] if a["index"] < len(task.targets) else {},
                "value": a["value"],
                "failed": a["index"] in r.failed_targets,
            }
            for a in r.actual_values
        ]
    source = {}
    if task.document_id and task.span_start is not None and task.span_end is not None:
        text = task.document.source_text  # type: ignore[union-attr]
        source = {
            "before": text[max(0, task.span_start - 120) : task.span_start],
            "span": text[task.span_start : task.span_end],
            "after": text[task.span_end : task.span_end + 120],
        }
    today = clock.today()
    context = {
        "task": task,
        "units": units,
        "my_role": my_role,
        "reports": reports,
        "evidence": task.evidence.filter(report__isnull=True),
        "children": selectors.task_tree(task) if task.is_group else [],
        "target_rows": selectors.target_observations(task),
        "notices": task.notices.select_related("unit"),
        "source": source,
        "events": timeline_for(task, audience_for(request.user, relation=my_role or "")),  # type: ignore[arg-type]
        "report_form": ReportForm(initial={"period": clock.period_for(today, task.reporting_rule)}),
        "reason_form": ReasonForm(),
        "closure_form": ClosureForm(),
        "notice_form": NoticeForm(units=[(tu.unit_id, tu.unit.name) for tu in units]),
        "answer_form": AnswerForm(),
        "can_request_closure": my_role == "lead"
        and task.lead_unit_id == user.unit_id
        and TASK.can(task.status, "request_closure"),
        "can_report": my_role is not None
        and not task.is_group
        and task.status in ("dispatched", "in_progress"),
        "is_office": user.is_office,
        "period_hint": clock.period_for(today, task.reporting_rule),
        "edit_form": edit_form
        or (_edit_form(task) if user.is_office and task.is_open and not task.is_group else None),
    }
    return render(request, "ledger/task_detail.html", context)


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_write(user)
    units = _scope_units(user)
    form = TaskForm(request.POST or None, units=[(u.pk, f"{u.region.name} {u.name}") for u in units])
    if request.method == "POST" and form.is_valid():
        by_id = {u.pk: u for u in units}
        try:
            task = services.create_task(
                actor=user,
                region=_home_region(user),
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                lead_unit=by_id[form.cleaned_data["lead_unit"]],
                cooperating_units=[by_id[i] for i in form.cleaned_data["cooperating_units"]],
                due_date=form.cleaned_data["due_date"],
                reporting_rule=form.cleaned_data["reporting_rule"],
            )
        except SHOWN as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "任务已下发。")
            return redirect("ledger:task_detail", pk=task.pk)
    return render(request, "ledger/form.html", {"form": form, "title": "新建任务"})


@role_required(*UNIT)
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for(request, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "报送内容有误：" + "；".join(e for errs in form.errors.values() for e in errs)
        )
        return redirect("ledger:task_detail", pk=task.pk)
    actual = [
        {"index": i, "value": request.POST.get(f"actual_{i}")}
        for i in range(len(task.targets))
        if request.POST.get(f"actual_{i}", "").strip()
    ]
    try:
        services.submit_report(
            actor=_user(request),
            task=task,
            period=form.cleaned_data["period"],
            progress_text=form.cleaned_data["progress_text"],
            percent=form.cleaned_data["percent"],
            completion_date=form.cleaned_data["completion_date"],
            actual_values=actual,
            files=request.FILES.getlist("files"),
        )
    except SHOWN as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "进展已报送。")
    return redirect("ledger:task_detail", pk=task.pk)


@role_required(*OFFICE)
@require_POST
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = get_or_404(selectors.visible_reports(user), pk=pk)
    try:
        if request.POST.get("action") == "accept":
            services.accept_report(actor=user, report=report)
            messages.success(request, "已采纳。")
        else:
            services.return_report(actor=user, report=report, reason=request.POST.get("reason", ""))
            messages.success(request, "已退回。")
    except SHOWN as exc:
        messages.error(request, exc.message)
    return redirect("ledger:task_detail", pk=report.task_id)


@role_required(*OFFICE, *UNIT)
@require_POST
def task_closure(request: HttpRequest, pk: int) -> HttpResponse:
    """One endpoint for the closure moves: request (lead unit), verify / reject / reopen / restore (office)."""
    user = _user(request)
    task = _task_for(request, pk)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    try:
        if action == "request":
            services.request_closure(
                actor=user,
                task=task,
                summary=request.POST.get("summary", ""),
                files=request.FILES.getlist("files"),
            )
            messages.success(request, "已申请销号，等待营商办审核。")
        elif action in ("verify", "reject", "reopen", "restore", "cancel"):
            if not user.is_office:
                raise NotAllowed("只有营商办可以审核销号。", code="role")
            if action == "verify":
                services.verify_closure(actor=user, task=task)
                messages.success(request, "已销号。")
            elif action == "reject":
                services.reject_closure(actor=user, task=task, reason=reason)
                messages.success(request, "已驳回销号申请。")
            elif action == "reopen":
                services.reopen_task(actor=user, task=task, reason=reason)
                messages.success(request, "任务已重新打开。")
            elif action == "cancel":
                services.cancel_task(actor=user, task=task, reason=reason)
                messages.success(request, "任务已撤销。")
            else:
                services.restore_task(actor=user, task=task, reason=reason)
                messages.success(request, "任务已恢复。")
        else:
            raise ValidationFailed("未知操作。")
    except SHOWN as exc:
        messages.error(request, exc.message)
    return redirect("ledger:task_detail", pk=task.pk)


def _edit_form(task: Task, data: Any = None) -> TaskEditForm:
    units = services.units_under(task.region)
    current = TaskUnit.objects.filter(task=task, role=TaskUnit.Role.COOPERATING).values_list(
        "unit_id", flat=True
    )
    return TaskEditForm(
        data,
        units=[(u.pk, qualified_label(u)) for u in units],
        initial={"due_date": task.due_date, "cooperating_units": list(current)},
    )


@role_required(*OFFICE)
@require_POST
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """改期 or change of units, with a reason. On an error the page shows what was typed, not the task."""
    user = _user(request)
    task = _task_for(request, pk)
    form = _edit_form(task, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        by_id = {u.pk: u for u in services.units_under(task.region)}
        try:
            services.edit_task(
                actor=user,
                task=task,
                reason=data["reason"],
                due_date=data["due_date"] if data["due_date"] else "keep",
                lead_unit=by_id.get(data["lead_unit"]) if data["lead_unit"] else None,
                cooperating_units=[by_id[i] for i in data["cooperating_units"] if i in by_id],
            )
            messages.success(request, "任务已调整，相关单位已收到通知。")
            return redirect("ledger:task_detail", pk=task.pk)
        except SHOWN as exc:
            add_domain_error(form, exc)
    messages.error(request, "调整未保存，请检查下方“调整任务”中的内容。")
    request.method = "GET"
    response = task_detail(request, pk, edit_form=form)
    response.status_code = 422
    return response


@role_required(*OFFICE)
@require_POST
def notice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    task = _task_for(request, pk)
    units = list(TaskUnit.objects.filter(task=task).select_related("unit"))
    form = NoticeForm(request.POST, units=[(tu.unit_id, tu.unit.name) for tu in units])
    if not form.is_valid():
        messages.error(
            request, "督办单填写有误：" + "；".join(e for errs in form.errors.values() for e in errs)
        )
        return redirect("ledger:task_detail", pk=task.pk)
    unit = next(tu.unit for tu in units if tu.unit_id == form.cleaned_data["unit"])
    try:
        services.issue_notice(
            actor=user,
            task=task,
            unit=unit,
            reason=form.cleaned_data["reason"],
            demanded_date=form.cleaned_data["demanded_date"],
            colour=form.cleaned_data["colour"],
        )
        messages.success(request, "督办单已下发。")
    except SHOWN as exc:
        messages.error(request, exc.message)
    return redirect("ledger:task_detail", pk=task.pk)


@role_required(*OFFICE, *UNIT)
@require_POST
def notice_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    notice = get_or_404(selectors.visible_notices(user), pk=pk)
    try:
        if request.POST.get("action") == "close":
            services.close_notice(actor=user, notice=notice)
            messages.success(request, "督办单已办结。")
        else:
            services.answer_notice(actor=user, notice=notice, answer=request.POST.get("answer", ""))
            messages.success(request, "已答复督办单。")
    except SHOWN as exc:
        messages.error(request, exc.message)
    return redirect("ledger:task_detail", pk=notice.task_id)


@role_required(*STAFF_ROLES)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    user = _user(request)
    evidence = get_or_404(Evidence.objects.filter(task__in=selectors.visible_tasks(user)), pk=pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


# -- Excel round trip ------------------------------------------------------------------------------


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def ledger_import(request: HttpRequest) -> HttpResponse:
    """Upload an edited 台账 → dry-run diff shown; confirm → written. Nothing is written if any row is bad."""
    user = _user(request)
    require_write(user)
    plan = None
    stash = request.POST.get("stash", "")
    if request.method == "POST":
        raw = request.FILES["file"].read() if request.FILES.get("file") else base64.b64decode(stash or "")
        if raw:
            try:
                plan = excel.plan_ledger_import(io.BytesIO(raw), actor=user, region=_home_region(user))
                if request.POST.get("apply") and plan.ok:
                    writes = len(plan.created) + len(plan.updated)
                    if writes > import_jobs.BACKGROUND_ROWS:
                        job_id = import_jobs.start_import_job(
                            actor=user, region=_home_region(user), raw=raw, total=writes
                        )
                        return redirect("ledger:import_job", job_id=job_id)
                    count = excel.apply_ledger_import(actor=user, plan=plan, region=_home_region(user))
                    messages.success(request, f"导入完成：写入 {count} 项任务。")
                    return redirect("ledger:overview")
            except SHOWN as exc:
                messages.error(request, exc.message)
            stash = base64.b64encode(raw).decode()
        else:
            messages.error(request, "请选择要导入的Excel文件。")
    return render(request, "ledger/ledger_import.html", {"plan": plan, "stash": stash})


@role_required(*OFFICE)
def import_job(request: HttpRequest, job_id: str) -> HttpResponse:
    """Progress of a background 台账 import; the page polls its own fragment until the job ends."""
    status = import_jobs.job_status_for(actor=_user(request), job_id=job_id)
    template = "ledger/_import_job.html" if request.headers.get("HX-Request") else "ledger/import_job.html"
    return render(request, template, {"job_id": job_id, "status": status})


# -- roll-up weights and campaigns -----------------------------------------------------------------


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def task_weights(request: HttpRequest, pk: int) -> HttpResponse:
    """权重设置: the children of a task with their roll-up weights."""
    user = _user(request)
    task = _task_for(request, pk)
    errors: dict[str, str] = {}
    if request.method == "POST":
        raw = {
            int(k.removeprefix("weight_")): v[:20]
            for k, v in request.POST.items()
            if k.startswith("weight_") and k.removeprefix("weight_").isdigit() and len(k) < 25
        }
        try:
            services.set_weights(actor=user, parent=task, weights=raw)
            messages.success(request, "权重已保存，汇总进度已重新计算。")
            return redirect("ledger:task_weights", pk=task.pk)
        except SHOWN as exc:
            messages.error(request, exc.message)
            errors = exc.fields or {}
    children = selectors.task_tree(task)
    for c in children:
        c.weight_error = errors.get(f"weight_{c.pk}", "")  # type: ignore[attr-defined]
        c.posted = request.POST.get(f"weight_{c.pk}", c.weight)  # type: ignore[attr-defined]
    return render(
        request,
        "ledger/task_weights.html",
        {"task": task, "children": children, "events": timeline_for(task, audience_for(request.user))},  # type: ignore[arg-type]
    )


@role_required(*OFFICE_VIEW)
@require_http_methods(["GET", "POST"])
def campaign_list(request: HttpRequest) -> HttpResponse:
    """专项行动: list with task counts by colour; the office creates new ones here."""
    user = _user(request)
    if request.method == "POST":
        require_write(user)
        try:
            services.create_campaign(
                actor=user, region=_home_region(user), name=request.POST.get("name", "")[:200]
            )
            messages.success(request, "专项行动已创建。")
            return redirect("ledger:campaign_list")
        except SHOWN as exc:
            messages.error(request, exc.message)
    rows = selectors.campaign_rows(user)
    return render(request, "ledger/campaign_list.html", {"rows": rows, "is_office": user.is_office})


@role_required(*OFFICE)
@require_POST
def campaign_rename(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    campaign = get_or_404(selectors.visible_campaigns(user), pk=pk)
    try:
        services.rename_campaign(actor=user, campaign=campaign, name=request.POST.get("name", "")[:200])
        messages.success(request, "专项行动已更名。")
    except SHOWN as exc:
        messages.error(request, exc.message)
    return redirect("ledger:campaign_list")


@role_required(*OFFICE)
@require_POST
def campaign_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    campaign = get_or_404(selectors.visible_campaigns(user), pk=pk)
    try:
        services.delete_campaign(actor=user, campaign=campaign)
        messages.success(request, f"专项行动「{campaign.name}」已删除。")
    except SHOWN as exc:
        messages.error(request, exc.message)
    return redirect("ledger:campaign_list")


@role_required(*OFFICE)
@require_POST
def document_campaign(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a document's tasks in a campaign (or take them out with an empty choice)."""
    user = _user(request)
    document = get_or_404(selectors.visible_documents(user), pk=pk)
    raw = request.POST.get("campaign", "")
    campaign = (
        get_or_404(selectors.visible_campaigns(user), pk=int(raw))
        if raw.isdigit() and len(raw) < 12
        else None
    )
    try:
        services.assign_campaign(actor=user, document=document, campaign=campaign)
        messages.success(request, "已设置专项行动。" if campaign else "已移出专项行动。")
    except SHOWN as exc:
        messages.error(request, exc.message)
    return redirect("ledger:document_review", pk=document.pk)


# -- 待审核报送 ------------------------------------------------------------------------------------


@role_required(*OFFICE_VIEW)
def report_queue(request: HttpRequest) -> HttpResponse:
    """Submitted reports waiting for a decision: counts by unit and by age, the oldest first."""
    user = _user(request)
    summary = queue.queue_summary(user)
    raw_unit = request.GET.get("unit", "")
    unit = int(raw_unit) if raw_unit.isdigit() and len(raw_unit) < 12 else None
    age = request.GET.get("age", "")
    reports = queue.filter_queue(
        queue.pending_reports(user).select_related("task", "unit", "unit__region"),
        summary,
        unit=unit,
        age=age,
    ).order_by("submitted_at", "id")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    for r in page:
        r.age, r.age_key = summary.ages.get(r.pk, (0, queue.AGE_KEYS[0]))  # type: ignore[attr-defined]
    return render(
        request,
        "ledger/report_queue.html",
        {"summary": summary, "page": page, "unit": unit, "age": age, "age_labels": queue.AGE_BUCKETS},
    )
