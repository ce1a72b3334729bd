"""Pages: plans and their draw, results and rectifications, figures, lists, and the public pages."""

from __future__ import annotations

import json
from typing import IO, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from yingshang.core.access import get_or_404, require_write, role_required
from yingshang.core.errors import DomainError, NotAllowed, ValidationFailed
from yingshang.core.models import User
from yingshang.core.visibility import audience_for, timeline_for
from yingshang.inspections import exports, imports, selectors, services
from yingshang.inspections.draw import verify_file
from yingshang.inspections.forms import PlanForm, ResultForm
from yingshang.inspections.models import InspectionItem, PlanStatus, Rectification, ResultStatus
from yingshang.inspections.services.results import may_record
from yingshang.inspections.verify_cli import LABELS

# Drawn enterprises per page on the plan's and the public page (every one reachable by paging).
PAGE_SIZE = 200

Role = User.Role
STAFF = selectors.STAFF
WRITERS = (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF)
PLAN_ACTIONS = {
    "submit": (services.submit_plan, "已提交营商办审批。"),
    "approve": (services.approve_plan, "已批准。"),
    "announce": (services.announce_plan, "已提前公告。"),
    "commit": (services.commit_draw, "已公布抽取输入的承诺值。"),
    "publish": (services.publish_draw, "抽取结果和抽取文件已公布。"),
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@role_required(*STAFF)
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.visible_plans(_user(request))[:200]
    return render(request, "inspections/plan_list.html", {"plans": plans})


@role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_write(user)
    items = InspectionItem.objects.select_related("department").order_by("department__name", "code")
    form = PlanForm(request.POST or None, items=items, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        lead_unit = user.unit if user.unit is not None else form.cleaned_data["items"][0].department
        try:
            plan = services.create_plan(
                actor=user,
                title=form.cleaned_data["title"],
                year=form.cleaned_data["year"],
                region=lead_unit.region,
                lead_unit=lead_unit,
                items=form.cleaned_data["items"],
                rates=form.rates(),
                scheduled_on=form.cleaned_data["scheduled_on"],
                seed_source=form.cleaned_data["seed_source"],
                special=form.cleaned_data["special"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form})


@role_required(*STAFF)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = get_or_404(selectors.visible_plans(user), pk=pk)
    draw = getattr(plan, "draw", None)
    page = (
        Paginator(
            draw.targets.select_related("enterprise").prefetch_related("inspectors").order_by("position"),
            PAGE_SIZE,
        ).get_page(request.GET.get("page"))
        if draw
        else None
    )
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "items": plan.items.select_related("department"),
            "draw": draw,
            "page": page,
            "targets": page.object_list if page else [],
            "events": timeline_for(plan, audience_for(user)),
            "is_office": user.is_office,
            "can_submit": plan.status == PlanStatus.DRAFT and not user.is_read_only,
        },
    )


@role_required(*WRITERS)
@require_POST
def plan_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = get_or_404(selectors.visible_plans(user), pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "seed":
            services.enter_seed(actor=user, plan=plan, seed=request.POST.get("seed", ""))
            messages.success(request, "种子已录入，抽取完成。")
        elif action == "return":
            services.return_plan(actor=user, plan=plan, reason=request.POST.get("reason", ""))
            messages.success(request, "已退回。")
        elif action in PLAN_ACTIONS:
            service, text = PLAN_ACTIONS[action]
            service(actor=user, plan=plan)
            messages.success(request, text)
        else:
            messages.error(request, "未知操作。")
    except DomainError as exc:
        if isinstance(exc, NotAllowed):
            raise
        messages.error(request, exc.message)
    return redirect("inspections:plan_detail", pk=plan.pk)


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def target_result(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    target = get_or_404(selectors.visible_targets(user).prefetch_related("inspectors"), pk=pk)
    form = ResultForm(
        request.POST or None, request.FILES or None, initial={"inspected_on": timezone.localdate()}
    )
    if request.method == "POST":
        require_write(user)
        try:
            if request.POST.get("action") == "publish":
                services.publish_result(actor=user, target=target)
                messages.success(request, "检查结果已公示。")
                return redirect("inspections:target_result", pk=target.pk)
            if form.is_valid():
                services.record_result(
                    actor=user,
                    target=target,
                    outcome=form.cleaned_data["outcome"],
                    findings=form.cleaned_data["findings"],
                    inspected_on=form.cleaned_data["inspected_on"],
                    evidence=form.cleaned_data["evidence"],
                )
                messages.success(request, "检查结果已录入。")
                return redirect("inspections:target_result", pk=target.pk)
        except DomainError as exc:
            if isinstance(exc, NotAllowed):
                raise
            form.add_error(None, exc.message)
    return render(
        request,
        "inspections/target.html",
        {
            "target": target,
            "form": form,
            "rectification": Rectification.objects.filter(target=target).select_related("owner").first(),
            "can_record": target.status == ResultStatus.PENDING
            and may_record(user, target)
            and not user.is_read_only,
            "can_publish": target.status == ResultStatus.RECORDED and user.is_office,
        },
    )


@role_required(*STAFF)
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The result's evidence file, for whoever sees the result's page."""
    target = get_or_404(selectors.visible_targets(_user(request)), pk=pk)
    if not target.evidence:
        raise Http404("没有佐证材料。")
    download = FileResponse(
        target.evidence.open("rb"), as_attachment=True, filename=target.evidence.name.rsplit("/", 1)[-1]
    )
    # A streamed file: the page decorators speak of HttpResponse, which Django serves alike.
    return cast(HttpResponse, download)


@role_required(*WRITERS)
@require_POST
def rectification_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    rect = get_or_404(selectors.visible_rectifications(user), pk=pk)
    try:
        services.close_rectification(actor=user, rectification=rect, note=request.POST.get("note", ""))
        messages.success(request, "整改已销号。")
    except DomainError as exc:
        if isinstance(exc, NotAllowed):
            raise
        messages.error(request, exc.message)
    return redirect("inspections:target_result", pk=rect.target_id)


@role_required(*selectors.MANAGERS)
def figures(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return render(request, "inspections/figures.html", {"f": selectors.figures(_user(request), year=year)})


def _lists_context(user: User) -> dict[str, object]:
    return {
        "items": InspectionItem.objects.select_related("department")[:500],
        "inspectors": exports.visible_inspectors(user)[:500],
        "kinds": imports.KINDS.items(),
        "can_import": not user.is_read_only,
    }


@role_required(*STAFF)
def lists(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("export", "")
    if kind:
        return exports.export_response(_user(request), kind)
    return render(request, "inspections/lists.html", _lists_context(_user(request)))


@role_required(*WRITERS)
@require_POST
def lists_import(request: HttpRequest) -> HttpResponse:
    """Dry run by default: the preview lists each row to create and each row's errors; with 「确认导入」
    and no errors the rows are written, all or none."""
    user = _user(request)
    require_write(user)
    kind = request.POST.get("kind", "")
    upload = request.FILES.get("file")
    context = _lists_context(user) | {"kind": kind}
    try:
        if upload is None:
            raise ValidationFailed("请选择要导入的Excel文件。", fields={"file": "必填"})
        plan = imports.plan_import(cast(IO[bytes], upload), actor=user, kind=kind)
        context["plan"] = plan
        if plan.ok and request.POST.get("apply") == "1":
            count = imports.apply_import(actor=user, kind=kind, plan=plan)
            messages.success(request, f"已导入{count}行。")
            return redirect("inspections:lists")
    except DomainError as exc:
        if isinstance(exc, NotAllowed):
            raise
        context["import_error"] = exc.message
    return render(request, "inspections/lists.html", context)


# -- public pages (no login) ----------------------------------------------------------------------


def public_plans(request: HttpRequest) -> HttpResponse:
    return render(request, "inspections/public_plans.html", {"plans": selectors.public_plans()[:200]})


def public_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_or_404(selectors.public_plans(), pk=pk)
    draw = getattr(plan, "draw", None)
    published = False
    drawn = results = None
    if draw is not None and draw.published_at is not None:
        published = True
        # Every drawn enterprise and every published result, page by page: nothing is cut off.
        targets = draw.targets.select_related("enterprise").order_by("position")
        drawn = Paginator(targets, PAGE_SIZE).get_page(request.GET.get("page"))
        results = Paginator(targets.filter(status=ResultStatus.PUBLISHED), PAGE_SIZE).get_page(
            request.GET.get("results_page")
        )
    return render(
        request,
        "inspections/public_plan.html",
        {
            "plan": plan,
            "items": plan.items.select_related("department"),
            "draw": draw,
            "published": published,
            "drawn": drawn,
            "results": results,
        },
    )


def draw_file(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_or_404(selectors.public_plans().filter(draw__published_at__isnull=False), pk=pk)
    response = HttpResponse(bytes(plan.draw.file), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{plan.pk}.json"'
    return response


def verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-runs the published draw file here, as anyone can offline, and shows each hash side by side."""
    plan = get_or_404(selectors.public_plans().filter(draw__published_at__isnull=False), pk=pk)
    checks = verify_file(json.loads(bytes(plan.draw.file)))
    rows = [(LABELS.get(c.name, c.name), c.published, c.computed, c.ok) for c in checks]
    return render(
        request, "inspections/verify.html", {"plan": plan, "rows": rows, "ok": all(c.ok for c in checks)}
    )
