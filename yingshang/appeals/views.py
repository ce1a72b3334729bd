"""Appeal pages: lists, detail with the actions the viewer may take, the three intake forms, tracking,
statistics and the catalogue. Thin: parse → access → one service or selector → render."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Page
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from yingshang.appeals import claims, exports, finder, guard, selectors, services, sla
from yingshang.appeals.forms import FilingForm
from yingshang.appeals.knowledge import intake as knowledge_intake
from yingshang.appeals.models import Appeal, AppealAttachment, AppealExtension, Service
from yingshang.appeals.panels import panels_for
from yingshang.appeals.services import SATISFACTION_LABELS
from yingshang.appeals.statistics.read import appeal_stats_for
from yingshang.appeals.workflow import TABLE
from yingshang.core import pagination
from yingshang.core.access import (
    STAFF_ROLES,
    get_or_404,
    login_required,
    region_q,
    require_write,
    role_required,
)
from yingshang.core.errors import Conflict, DomainError, NotAllowed, NotFound, ValidationFailed
from yingshang.core.excel import write_sheet
from yingshang.core.models import Region, Unit, User
from yingshang.core.pagination import CappedPaginator
from yingshang.core.visibility import Audience

Role = User.Role
S = Appeal.Status
OFFICE = (Role.OFFICE_ADMIN,)
QUEUE_SIZE = 20


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _regions(user: User | None) -> list[Region]:
    qs = Region.objects.all()
    if user is not None and user.region_id:
        qs = qs.filter(region_q(user, field=""))
    return list(qs.order_by("tree_path"))


def _office_units(user: User) -> list[Unit]:
    """Units the office may dispatch to: active, in its regions (the bulk dispatch picker)."""
    qs = Unit.objects.filter(is_active=True).select_related("region")
    if user.region_id:
        qs = qs.filter(region_q(user))
    return list(qs.order_by("region__tree_path", "name"))


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = selectors.filter_appeals(
        selectors.visible_appeals(user), request.GET, personal=user.role == Role.OFFICE_ADMIN
    )
    searching = bool(request.GET.get("q", "").strip())
    if request.GET.get("format") == "xlsx":
        if user.role not in (Role.OFFICE_ADMIN, Role.LEADER):
            raise NotAllowed("只有营商办和领导可以导出。", code="role")
        ordered = finder.newest_first(selectors.with_list_columns(qs), searching=searching)
        personal = request.GET.get("personal") == "1"
        data = exports.appeals_workbook(user, ordered, personal=personal, query=request.GET.urlencode())
        return _xlsx(data, "企业诉求(含个人信息).xlsx" if personal else "企业诉求.xlsx")
    full = user.role == Role.OFFICE_ADMIN
    # The office's 待分办 queue comes first, oldest first, with its own clock; the table below holds the rest.
    full_queue = full and not request.GET.get("status") and request.GET.get("page", "1") in ("", "1")
    keys = finder.matched_keys(qs) if searching else None
    if keys is not None:
        queue, page = _searched_page(request, keys, full_queue=full_queue)
    else:
        # No keys while searching: more matches than the cap, so the count is the cap (no second count).
        counted = (pagination.COUNT_CAP, True) if searching else None
        queue, page = _listed_page(request, qs, full_queue=full_queue, counted=counted)
    now = timezone.now()
    for a in [*queue, *page]:
        # Lists never carry a person's full name, except to the office and to the filer itself.
        a.filer_shown = selectors.filer_label(a, full=full or selectors.is_own_filing(user, a))  # type: ignore[attr-defined]
        a.clock = sla.next_clock(a, now)  # type: ignore[attr-defined]
    context = {
        "page": page,
        "queue": queue[:QUEUE_SIZE],
        "bulk_units": _office_units(user) if queue else [],
        "queue_more": len(queue) > QUEUE_SIZE,
        "q": request.GET.get("q", ""),
        "params": request.GET,
        "statuses": S.choices,
        "colours": Appeal.Colour.choices,
        "services": selectors.active_services(),
        "channels": Appeal.Channel.choices,
        "can_export": user.role in (Role.OFFICE_ADMIN, Role.LEADER),
        "can_export_personal": user.role == Role.OFFICE_ADMIN,
    }
    return render(request, "appeals/list.html", context)


def _listed_page(
    request: HttpRequest, qs: QuerySet[Appeal], *, full_queue: bool, counted: tuple[int, bool] | None
) -> tuple[list[Appeal], Page]:
    """The queue and the table's page read through the index order (no search, or a search with more
    matches than the count cap, ``counted``): unless the office's queue is split off, that count is the
    pager's count too."""
    qs = selectors.with_list_columns(qs)
    qs = finder.newest_first(qs, searching=counted is not None, many=counted[1] if counted else None)
    queue: list[Appeal] = []
    if full_queue:
        queue = list(qs.filter(status=S.SUBMITTED).order_by("created_at", "id")[: QUEUE_SIZE + 1])
        qs = qs.exclude(status=S.SUBMITTED)
    paginator = CappedPaginator(qs, 30)
    if counted is not None and not full_queue:
        paginator.use_count(counted)
    return queue, paginator.get_page(request.GET.get("page"))


def _searched_page(
    request: HttpRequest, keys: list[tuple[datetime, int, str]], *, full_queue: bool
) -> tuple[list[Appeal], Page]:
    """The queue and the table's page of a search with few matches, from the matches' keys read in one
    pass (finder.matched_keys): the rows shown are then fetched by id."""
    queue_ids: list[int] = []
    if full_queue:
        queue_ids = [pk for _, pk, status in sorted(keys) if status == S.SUBMITTED][: QUEUE_SIZE + 1]
        keys = [k for k in keys if k[2] != S.SUBMITTED]
    paginator = CappedPaginator([pk for _, pk, _ in keys], 30)
    paginator.use_count((len(keys), False))
    page = paginator.get_page(request.GET.get("page"))
    rows = selectors.list_rows_by_id([*queue_ids, *page.object_list])
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return [rows[pk] for pk in queue_ids if pk in rows], page


@login_required
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    appeal = get_or_404(
        selectors.visible_appeals(user).select_related(
            "service", "region", "enterprise", "parent", "claimed_enterprise"
        ),
        pk=pk,
    )
    detail = selectors.appeal_detail(user, appeal)
    context: dict[str, object] = {
        "d": detail,
        "a": appeal,
        "satisfaction": sorted(SATISFACTION_LABELS.items(), reverse=True),
        "on_the_spot_services": services.ON_THE_SPOT_SERVICES,
        "deadline": selectors.deadline_in_force(appeal),
    }
    if user.role == Role.OFFICE_ADMIN:
        context["indicators"] = services.indicator_choices()
        context["units"] = selectors.candidate_units(appeal)
        if appeal.status in (S.SUBMITTED, S.ESCALATED, S.RETURNED):
            context["unit_suggestions"], context["indicator_suggestions"] = selectors.suggest_for(
                appeal, context["units"]
            )  # type: ignore[arg-type]
        if appeal.is_open:
            context["duplicates"] = selectors.suggest_duplicates(appeal)
        context["pending_extension"] = next((e for e in detail.extensions if e.status == "pending"), None)
    elif detail.role == "lead":
        context["units"] = selectors.candidate_units(appeal)
    context["allowed"] = {m.action for m in TABLE.allowed(appeal.status)}
    context["panels"] = panels_for(user, appeal)
    context["can_callback"] = appeal.status == S.REPLIED and (
        user.role == Role.OFFICE_ADMIN
        or (
            user.role == Role.ENTERPRISE
            and appeal.enterprise_id
            and appeal.enterprise_id == user.enterprise_id
            and not appeal.is_claim
        )
    )
    context["can_reopen"] = (
        user.role == Role.OFFICE_ADMIN
        and appeal.status == S.VISITED
        and appeal.satisfaction is not None
        and appeal.satisfaction <= services.LOW_SATISFACTION
    )
    return render(request, "appeals/detail.html", context)


def _filing_kwargs(form: FilingForm) -> dict[str, object]:
    data = form.cleaned_data
    keys = [
        "service",
        "title",
        "description",
        "location_text",
        "region",
        "enterprise_name",
        "credit_code",
        "contact_name",
        "contact_phone",
        "contact_email",
        "channel",
    ]
    return {k: data[k] for k in keys if k in data and data[k] is not None}


def _form_errors(form: FilingForm, exc: DomainError) -> None:
    for name, msg in exc.fields.items():
        form.add_error(
            name if name in form.fields else None,
            f"{msg}：{exc.message}" if name in form.fields else exc.message,
        )
    if not exc.fields or not any(n in form.fields for n in exc.fields):
        form.add_error(None, exc.message)


@role_required(Role.ENTERPRISE, Role.SUPERVISOR, Role.OFFICE_ADMIN)
@require_http_methods(["GET", "POST"])
def appeal_file(request: HttpRequest) -> HttpResponse:
    """Enterprise (logged in), supervisor, and the office's staff entry for calls and visits."""
    user = _user(request)
    require_write(user)
    mode = {"enterprise": "enterprise", "supervisor": "supervisor"}.get(user.role, "staff")
    form = FilingForm(request.POST or None, mode=mode, regions=_regions(user if mode == "staff" else None))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                appeal = services.file_appeal(
                    actor=user,
                    attachments=request.FILES.getlist("attachments"),
                    **_filing_kwargs(form),  # type: ignore[arg-type]
                )
                knowledge_intake.record_answer(request.POST, actor=user, appeal=appeal)  # 热线知识库
        except (ValidationFailed, Conflict) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"诉求已受理，查询码：{appeal.tracking_code}")
            return redirect("appeals:detail", pk=appeal.pk)
    title = "登记来电来访诉求" if mode == "staff" else "提交诉求"
    return render(request, "appeals/file.html", {"form": form, "title": title, "mode": mode})


@role_required(Role.OFFICE_ADMIN)
def caller_history(request: HttpRequest) -> HttpResponse:
    """The staff entry form's side panel: the caller's earlier appeals in the office's regions, fetched
    while the phone, company or credit code is typed."""
    user = _user(request)
    g = request.GET
    rows = finder.caller_history(
        selectors.visible_appeals(user),
        phone=g.get("contact_phone", "")[:30],
        enterprise_name=g.get("enterprise_name", "")[:200],
        credit_code=g.get("credit_code", "")[:40],
    )
    history = [{"a": a, "contact": selectors.contact_for(user, a)} for a in rows]
    asked = any(g.get(k, "").strip() for k in ("contact_phone", "enterprise_name", "credit_code"))
    return render(request, "appeals/_caller_history.html", {"history": history, "asked": asked})


@role_required(Role.OFFICE_ADMIN)
@require_POST
def bulk_dispatch(request: HttpRequest) -> HttpResponse:
    """批量分办 from the list's 待分办 queue: the ticked appeals to one lead unit, all or none."""
    user = _user(request)
    require_write(user)
    ids = {int(i) for i in request.POST.getlist("ids") if i.isdigit()}
    try:
        lead = _unit(request, user, "lead_unit")
        chosen = list(selectors.visible_appeals(user).filter(pk__in=ids).select_related("service", "region"))
        if len(chosen) != len(ids):
            raise ValidationFailed("所选诉求不存在或无权分办。", fields={"ids": "无效"})
        done = services.dispatch_appeals(
            actor=user,
            appeals=sorted(chosen, key=lambda a: a.pk),
            lead_unit=lead,  # type: ignore[arg-type]
            note=request.POST.get("note", ""),
        )
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已将 {len(done)} 件诉求分办至{lead.name}。")  # type: ignore[union-attr]
    return redirect("appeals:list")


@require_http_methods(["GET", "POST"])
def public_file(request: HttpRequest) -> HttpResponse:
    """The public form: no login, a sum to solve and a per-IP limit; answers with the tracking code."""
    form = FilingForm(request.POST or None, mode="public", regions=_regions(None))
    if request.method == "POST":
        guard.refuse_if_full(request)
        if form.is_valid():
            if not guard.check_challenge(request, form.cleaned_data["answer"]):
                form.add_error("answer", "验证题答案不正确，请重新计算。")
            else:
                try:
                    # Only a stored filing counts: a refused one rolls its count back with it.
                    with transaction.atomic():
                        guard.check_rate(request)
                        appeal = services.file_appeal(
                            actor=None,
                            channel=Appeal.Channel.WEBSITE,
                            attachments=request.FILES.getlist("attachments"),
                            **_filing_kwargs(form),  # type: ignore[arg-type]
                        )
                except (ValidationFailed, Conflict) as exc:
                    _form_errors(form, exc)
                else:
                    return render(request, "appeals/public_done.html", {"appeal": appeal})
    challenge = guard.new_challenge(request)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "appeals/file.html",
        {"form": form, "title": "企业诉求在线提交", "mode": "public", "challenge": challenge},
        status=status,
    )


@require_http_methods(["GET"])
def track(request: HttpRequest) -> HttpResponse:
    """Anyone with a tracking code sees the status and the replies — nothing else."""
    code = request.GET.get("code", "").strip().upper()[:16]
    appeal = None
    if code:
        guard.check_rate(request, scope="track", limit=60)
        appeal = Appeal.objects.select_related("service").filter(tracking_code=code).first()
    context = {
        "code": code,
        "appeal": appeal,
        "replies": selectors.public_replies(appeal) if appeal else [],
        "steps": selectors.tracking_timeline(appeal) if appeal else [],
        "deadline": selectors.deadline_in_force(appeal) if appeal else None,
        "unit": selectors.handling_unit(appeal) if appeal else "",
        "files": selectors.reply_attachments(appeal, Audience.TRACKER) if appeal else [],
    }
    return render(request, "appeals/track.html", context, status=404 if code and appeal is None else 200)


@require_http_methods(["GET"])
def track_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A reply's material, for the holder of the tracking code (``?code=``) — as the tracking page lists."""
    code = request.GET.get("code", "").strip().upper()[:16]
    guard.check_rate(request, scope="track", limit=60)
    appeal = Appeal.objects.filter(tracking_code=code).first() if code else None
    files = selectors.reply_attachments(appeal, Audience.TRACKER) if appeal else []
    row = next((f for f in files if f.pk == pk), None)
    if row is None:
        raise NotFound("未找到该对象，或您无权查看。")
    return FileResponse(
        row.file.open("rb"), as_attachment=True, filename=row.name, content_type=row.content_type
    )


# -- actions ---------------------------------------------------------------------------------------


def _unit(request: HttpRequest, user: User, name: str, *, required: bool = True) -> Unit | None:
    raw = request.POST.get(name, "")
    if not raw:
        if required:
            raise ValidationFailed("请选择单位。", fields={name: "必填"})
        return None
    qs = Unit.objects.filter(is_active=True)
    if user.region_id and user.is_office:
        qs = qs.filter(region_q(user))
    try:
        return qs.get(pk=int(raw))
    except (ValueError, Unit.DoesNotExist):
        raise ValidationFailed("所选单位不存在。", fields={name: "无效"}) from None


def _units(request: HttpRequest, user: User, name: str) -> list[Unit]:
    ids = [int(i) for i in request.POST.getlist(name) if i.isdigit()]
    return list(Unit.objects.filter(pk__in=ids, is_active=True))


def _int(request: HttpRequest, name: str, label: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise ValidationFailed(f"请填写{label}。", fields={name: "必填"}) from None


def _yes_no(request: HttpRequest, name: str, label: str) -> bool:
    """A required yes/no choice: nothing chosen is an error, never a silent "no"."""
    raw = request.POST.get(name, "")
    if raw not in ("0", "1"):
        raise ValidationFailed(f"请选择{label}。", fields={name: "必填"})
    return raw == "1"


def _do_dispatch(request: HttpRequest, user: User, a: Appeal) -> str:
    lead = _unit(request, user, "lead_unit")
    services.dispatch_appeal(
        actor=user,
        appeal=a,
        lead_unit=lead,
        cooperating_units=_units(request, user, "cooperating_units"),  # type: ignore[arg-type]
        note=request.POST.get("note", ""),
    )
    return "已分办。"


def _do_review(request: HttpRequest, user: User, a: Appeal) -> str:
    decision = request.POST.get("decision", "")
    services.review_return(
        actor=user,
        appeal=a,
        decision=decision,
        lead_unit=_unit(request, user, "lead_unit", required=False),
        cooperating_units=_units(request, user, "cooperating_units"),
        note=request.POST.get("note", ""),
    )
    return "已改派。" if decision == "redispatch" else "已维持原分办。"


def _do_extension_decision(request: HttpRequest, user: User, a: Appeal) -> str:
    ext = get_or_404(AppealExtension.objects.filter(appeal=a), pk=request.POST.get("extension", "0"))
    approve = request.POST.get("approve") == "1"
    services.decide_extension(actor=user, extension=ext, approve=approve, note=request.POST.get("note", ""))
    return "已批准延期。" if approve else "已不批准延期。"


def _do_merge(request: HttpRequest, user: User, a: Appeal) -> str:
    """Children ticked among the suggestions and/or typed by tracking code; a code that names no appeal
    the office can see is an error naming it, and nothing is merged."""
    ids = [int(i) for i in request.POST.getlist("children") if i.isdigit()]
    codes = selectors.split_codes(request.POST.get("codes", ""))
    children = selectors.merge_children(user, ids=ids, codes=codes)
    services.merge_appeals(actor=user, parent=a, children=children)
    return f"已并入 {len(children)} 件诉求。"


ACTIONS: dict[str, Callable[[HttpRequest, User, Appeal], str]] = {
    "dispatch": _do_dispatch,
    "review": _do_review,
    "acknowledge": lambda r, u, a: (services.acknowledge_appeal(actor=u, appeal=a), "已签收。")[1],
    "handle": lambda r, u, a: (
        services.handle_appeal(
            actor=u, appeal=a, text=r.POST.get("text", ""), contacted=r.POST.get("contacted") == "1"
        ),
        "已记录办理情况。",
    )[1],
    "reply": lambda r, u, a: (
        services.reply_appeal(
            actor=u, appeal=a, text=r.POST.get("text", ""), attachments=r.FILES.getlist("attachments")
        ),
        "已答复。",
    )[1],
    "answer_on_call": lambda r, u, a: (
        services.answer_on_call(actor=u, appeal=a, text=r.POST.get("text", "")),
        "已即时办结：答复已记录，等待回访。",
    )[1],
    "return_dispatch": lambda r, u, a: (
        services.return_dispatch(actor=u, appeal=a, reason=r.POST.get("reason", "")),
        "已退单，等待营商办审核。",
    )[1],
    "escalate": lambda r, u, a: (
        services.escalate_appeal(actor=u, appeal=a, reason=r.POST.get("reason", "")),
        "已提级呈办。",
    )[1],
    "extension": lambda r, u, a: (
        services.request_extension(
            actor=u, appeal=a, workdays_n=_int(r, "workdays", "延期天数"), reason=r.POST.get("reason", "")
        ),
        "已提交延期申请。",
    )[1],
    "decide_extension": _do_extension_decision,
    "help": lambda r, u, a: (
        services.request_help(
            actor=u,
            appeal=a,
            unit=_unit(r, u, "unit"),  # type: ignore[arg-type]
            reason=r.POST.get("reason", ""),
        ),
        "已邀请协办。",
    )[1],
    "merge": _do_merge,
    "callback": lambda r, u, a: (
        services.record_callback(
            actor=u,
            appeal=a,
            solved=_yes_no(r, "solved", "问题是否解决"),
            satisfaction=_int(r, "satisfaction", "满意度"),
            note=r.POST.get("note", ""),
        ),
        "已记录回访。",
    )[1],
    "reopen": lambda r, u, a: (
        services.reopen_appeal(actor=u, appeal=a, reason=r.POST.get("reason", "")),
        "已发回重办。",
    )[1],
    "close": lambda r, u, a: (
        services.close_appeal(actor=u, appeal=a, note=r.POST.get("note", "")),
        "已办结。",
    )[1],
    "link_enterprise": lambda r, u, a: (
        claims.link_enterprise(actor=u, appeal=a),
        "已关联到企业，该企业的用户现在可以查看本件。",
    )[1],
    "correct_indicator": lambda r, u, a: (
        services.correct_indicator(
            actor=u, appeal=a, indicator=r.POST.get("indicator", ""), reason=r.POST.get("reason", "")
        ),
        "已更正评价指标，统计随之调整。",
    )[1],
}


@login_required
@require_POST
def appeal_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Every action on an appeal posts here. Bad input or a lost race: message and back to the page;
    a forbidden move is a 403, another unit's appeal a 404."""
    user = _user(request)
    appeal = get_or_404(selectors.visible_appeals(user).select_related("service"), pk=pk)
    handler = ACTIONS.get(action)
    if handler is None:
        raise ValidationFailed("未知的操作。")
    require_write(user)
    try:
        messages.success(request, handler(request, user, appeal))
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    return redirect("appeals:detail", pk=appeal.pk)


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    user = _user(request)
    row = get_or_404(
        AppealAttachment.objects.filter(appeal__in=selectors.visible_appeals(user)).select_related("appeal"),
        pk=pk,
    )
    if not selectors.may_read_attachment(user, row):
        raise NotFound("未找到该对象，或您无权查看。")
    return FileResponse(
        row.file.open("rb"), as_attachment=True, filename=row.name, content_type=row.content_type
    )


# -- statistics and catalogue ----------------------------------------------------------------------


@role_required(*STAFF_ROLES)
def stats(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    data = appeal_stats_for(user)
    if request.GET.get("format") == "xlsx":
        rows: list[list[object]] = [["合计", "诉求总数", data["total"]], ["合计", "超期件数", data["late"]]]
        for label, key in [
            ("签收及时率(%)", "acknowledge_on_time_rate"),
            ("办结及时率(%)", "reply_on_time_rate"),
            ("解决率(%)", "solved_rate"),
            ("满意率(%)", "satisfaction_rate"),
        ]:
            rows.append(["比率", label, data[key] if data[key] is not None else "—"])
        rows += [["按类别", r["name"], r["n"]] for r in data["by_service"]]
        rows += [["按主办单位", r["name"], r["n"]] for r in data["by_unit"]]
        rows += [["按渠道", r["label"], r["n"]] for r in data["by_channel"]]
        rows += [["按月份", r["month"], r["n"]] for r in data["by_month"]]
        rows += [["按评价指标", r["name"], r["n"]] for r in data["by_indicator"]]
        return _xlsx(
            write_sheet("诉求统计", ["分组", "项目", "数值"], rows, widths=[14, 36, 12]), "诉求统计.xlsx"
        )
    return render(request, "appeals/stats.html", {"s": data})


@role_required(*OFFICE)
def suggestion_accuracy(request: HttpRequest) -> HttpResponse:
    """分办建议准确率: each region's history and its model's held-back accuracy, next to the lexicon's."""
    from yingshang.appeals.learned import accuracy_rows

    rows = accuracy_rows(_regions(_user(request)))
    return render(request, "appeals/suggestion_accuracy.html", {"rows": rows})


def _add_service(request: HttpRequest, user: User) -> HttpResponse:
    p = request.POST
    try:
        service = services.create_service(
            actor=user,
            code=p.get("code", "")[:40],
            name=p.get("name", "")[:60],
            group=p.get("group", "")[:60],
            description=p.get("description", "")[:310],
            default_unit_name=p.get("default_unit_name", "")[:110],
            acknowledge_hours=int(p.get("acknowledge_hours") or 2),
            first_contact_workdays=int(p.get("first_contact_workdays") or 1),
            close_workdays=int(p.get("close_workdays") or 5),
        )
    except (ValidationFailed, ValueError) as exc:
        messages.error(request, getattr(exc, "message", "时限必须是整数。"))
        return render(
            request,
            "appeals/services.html",
            {"services": Service.objects.all(), "new": p},
            status=422,
        )
    messages.success(request, f"已新增类别：{service.name}")
    return redirect("appeals:services")


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def service_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST" and request.POST.get("op") == "add":
        return _add_service(request, user)
    if request.method == "POST":
        service = get_or_404(Service.objects.all(), pk=request.POST.get("id", "0"))
        try:
            services.update_service(
                actor=user,
                service=service,
                name=request.POST.get("name", service.name).strip()[:50],
                default_unit_name=request.POST.get("default_unit_name", "").strip()[:100],
                acknowledge_hours=int(request.POST.get("acknowledge_hours", service.acknowledge_hours)),
                first_contact_workdays=int(
                    request.POST.get("first_contact_workdays", service.first_contact_workdays)
                ),
                close_workdays=int(request.POST.get("close_workdays", service.close_workdays)),
                is_active=request.POST.get("is_active") == "1",
            )
            messages.success(request, f"已保存：{service.name}")
        except (ValidationFailed, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "时限必须是整数。"))
        return redirect("appeals:services")
    return render(request, "appeals/services.html", {"services": Service.objects.all()})
