"""Pages: the indicator catalogue, observations (form and Excel import) and warnings."""

from __future__ import annotations

import base64
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from yingshang.core.access import STAFF_ROLES, get_or_404, require_write, role_required, visible_units
from yingshang.core.errors import DomainError, NotAllowed
from yingshang.core.forms import UploadForm, add_domain_error
from yingshang.core.models import User
from yingshang.core.visibility import audience_for, timeline_for
from yingshang.indicators import selectors, services
from yingshang.indicators.forms import ExplainForm, IndicatorForm, ObservationForm
from yingshang.indicators.models import Indicator, Observation, WarningStatus
from yingshang.indicators.periods import parse_period
from yingshang.indicators.transitions import WARNING_MOVES

Role = User.Role
OFFICE = (Role.OFFICE_ADMIN,)
ENTERERS = (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@role_required(*STAFF_ROLES)
def indicator_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.indicators().filter(parent__isnull=True).order_by("order", "code"))
    children: dict[int, list[Indicator]] = {}
    for child in selectors.indicators().filter(parent__isnull=False).order_by("order", "code"):
        children.setdefault(child.parent_id, []).append(child)  # type: ignore[arg-type]
    groups = [(first, children.get(first.pk, [])) for first in rows]
    return render(request, "indicators/indicator_list.html", {"groups": groups})


@role_required(*STAFF_ROLES)
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    indicator = get_or_404(selectors.indicators(), pk=pk)
    observations = (
        selectors.visible_observations(user).filter(indicator=indicator).order_by("-period_start")[:24]
    )
    return render(
        request,
        "indicators/indicator_detail.html",
        {"i": indicator, "observations": observations, "events": timeline_for(indicator, audience_for(user))},
    )


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    require_write(user)
    indicator = get_or_404(selectors.indicators(), pk=pk)
    form = IndicatorForm(
        request.POST or None,
        instance=Indicator.objects.get(pk=pk),
        units=visible_units(user).filter(is_active=True),
        regions=selectors.regions_for(user),
    )
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] for k in form.Meta.fields}
        changes["regions"] = list(changes["regions"])
        try:
            services.update_indicator(actor=user, indicator=indicator, changes=changes)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "指标已保存。")
            return redirect("indicators:indicator_detail", pk=pk)
    return render(request, "indicators/form.html", {"form": form, "title": f"编辑指标：{indicator}"})


def _filters(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "").strip()[:20] for k in ("period", "indicator", "region", "result")}


@role_required(*STAFF_ROLES)
def observation_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = selectors.visible_observations(user)
    f = _filters(request)
    if f["period"]:
        qs = qs.filter(period=f["period"])
    if f["indicator"].isdigit():
        qs = qs.filter(indicator_id=int(f["indicator"]))
    if f["region"].isdigit():
        qs = qs.filter(region_id=int(f["region"]))
    if f["result"] in Observation.Result.values:
        qs = qs.filter(result=f["result"])
    page = Paginator(qs.order_by("-period_start", "indicator__code", "region_id"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "indicators/observation_list.html",
        {
            "page": page,
            "f": f,
            "results": Observation.Result.choices,
            "indicators": selectors.second_level().order_by("code"),
            "regions": selectors.regions_for(user),
            "can_enter": user.role in ENTERERS,
        },
    )


@role_required(*ENTERERS)
@require_http_methods(["GET", "POST"])
def observation_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ObservationForm(
        request.POST or None,
        indicators=selectors.enterable_indicators(user).order_by("code"),
        regions=selectors.regions_for(user),
        initial={"indicator": request.GET.get("indicator")},
    )
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            obs = services.record_observation(actor=user, **form.cleaned_data)
        except DomainError as exc:
            if exc.code == "observation_exists":
                # Ask before replacing: show the value in place and the confirmation box.
                existing = (
                    selectors.visible_observations(user)
                    .filter(
                        indicator=form.cleaned_data["indicator"],
                        region=form.cleaned_data["region"],
                        period=parse_period(form.cleaned_data["period"]).key,
                    )
                    .select_related("entered_by")
                    .first()
                )
                form.add_error("replace", "该区域本期已有监测值，勾选确认后再保存将替换它。")
            add_domain_error(form, exc)
        else:
            text = f"已保存：{obs.indicator} {obs.period} {obs.region.name}，{obs.get_result_display()}"
            if obs.jump_flag:
                text += "（环比变动超过设定幅度，已标记核查）"
            messages.success(request, text)
            return redirect("indicators:observation_list")
    return render(
        request,
        "indicators/observation_form.html",
        {
            "form": form,
            "title": "填报指标监测值",
            "existing": existing,
            "existing_value": f"{existing.value.normalize():f}" if existing else "",
        },
    )


@role_required(*ENTERERS)
@require_http_methods(["GET", "POST"])
def observation_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry-run plan with row errors; confirm → written. Any bad row means nothing is written."""
    user = _user(request)
    require_write(user)
    form = UploadForm(request.POST or None, request.FILES or None)
    plan = None
    stash = request.POST.get("stash", "")
    if request.method == "POST":
        raw = request.FILES["file"].read() if request.FILES.get("file") else base64.b64decode(stash or b"")
        if raw:
            try:
                plan = services.plan_observation_import(io.BytesIO(raw), actor=user)
                if request.POST.get("apply") and plan.ok:
                    count = services.apply_observation_import(actor=user, plan=plan)
                    messages.success(request, f"导入完成：写入 {count} 条监测值。")
                    return redirect("indicators:observation_list")
            except DomainError as exc:
                messages.error(request, exc.message)
            stash = base64.b64encode(raw).decode()
    return render(
        request,
        "indicators/observation_import.html",
        {
            "form": form,
            "plan": plan,
            "stash": stash,
            "headers": services.IMPORT_REQUIRED + services.IMPORT_OPTIONAL,
        },
    )


@role_required(*STAFF_ROLES)
def warning_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = selectors.visible_warnings(user)
    status = request.GET.get("status", "live")
    if status == "live":
        qs = qs.exclude(status=WarningStatus.RESOLVED)
    elif status in WarningStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("due_date", "id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/warning_list.html",
        {"page": page, "status": status, "statuses": WarningStatus.choices},
    )


@role_required(*STAFF_ROLES)
def warning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    warning = get_or_404(selectors.visible_warnings(user), pk=pk)
    can_explain = (
        user.is_unit_user
        and user.unit_id == warning.lead_unit_id
        and WARNING_MOVES.can(warning.status, "explain")
    )
    return render(
        request,
        "indicators/warning_detail.html",
        {
            "w": warning,
            "form": ExplainForm(initial={"explanation": warning.explanation, "fix_plan": warning.fix_plan}),
            "can_explain": can_explain,
            "can_review": user.is_office and warning.status == WarningStatus.EXPLAINED,
            "events": timeline_for(warning, audience_for(user)),
        },
    )


@role_required(*ENTERERS)
@require_POST
def warning_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    warning = get_or_404(selectors.visible_warnings(user), pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "explain":
            form = ExplainForm(request.POST)
            if not form.is_valid():
                raise DomainError("请填写情况说明和整改措施(各不超过5000字)。")
            services.explain_warning(actor=user, warning=warning, **form.cleaned_data)
        elif action == "return":
            services.return_warning(actor=user, warning=warning, reason=request.POST.get("reason", ""))
        elif action == "resolve":
            services.resolve_warning(actor=user, warning=warning, note=request.POST.get("note", ""))
        else:
            raise NotAllowed("未知操作。")
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已处理。")
    return redirect("indicators:warning_detail", pk=pk)
