"""回访活动: the office builds the list, edits the questionnaire, assigns callers and reads the report by
unit; callers record answers."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from yingshang.core.access import get_or_404, region_q, require_write, role_required
from yingshang.core.errors import DomainError
from yingshang.core.forms import add_domain_error
from yingshang.core.models import User
from yingshang.outreach import selectors, services
from yingshang.outreach.forms import (
    AnswerForm,
    BuildListForm,
    CampaignForm,
    CampaignImportForm,
    QuestionsForm,
)
from yingshang.outreach.models import CallbackCampaign, CampaignTarget
from yingshang.outreach.transitions import TARGET
from yingshang.outreach.views.common import OFFICE, UNIT, regions_for, user_of


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = CampaignForm(request.POST or None, regions=regions_for(user))
    if request.method == "POST" and form.is_valid():
        require_write(user)
        try:
            campaign = services.create_campaign(actor=user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("outreach:campaign", pk=campaign.pk)
    return render(
        request, "outreach/campaign_list.html", {"campaigns": selectors.visible_campaigns(user), "form": form}
    )


def _callers(user: User) -> object:
    return (
        User.objects.filter(role__in=(*OFFICE, *UNIT), is_active=True)
        .filter(region_q(user, field="region"))
        .order_by("role", "username")
    )


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    campaign = get_or_404(selectors.visible_campaigns(user).select_related("region"), pk=pk)
    questions = QuestionsForm(
        request.POST if request.POST.get("step") == "questions" else None,
        initial={"questions": QuestionsForm.render_questions(campaign.questions)},
    )
    build = BuildListForm(request.POST if request.POST.get("step") == "build" else None)
    if request.method == "POST":
        require_write(user)
        step = request.POST.get("step")
        try:
            if step == "questions" and questions.is_valid():
                cleaned = services.campaigns.clean_questions(questions.parsed())
                CallbackCampaign.objects.filter(pk=campaign.pk).update(questions=cleaned)
                messages.success(request, "已保存问卷。")
                return redirect("outreach:campaign", pk=campaign.pk)
            if step == "build" and build.is_valid():
                added = services.build_campaign_list(
                    actor=user, campaign=campaign, sample=build.cleaned_data["sample"]
                )
                messages.success(request, f"已加入回访名单 {added} 家。")
                return redirect("outreach:campaign", pk=campaign.pk)
            if step == "callers":
                callers = list(_callers(user).filter(pk__in=request.POST.getlist("callers")))  # type: ignore[attr-defined]
                n = services.assign_callers(actor=user, campaign=campaign, callers=callers)
                messages.success(request, f"已分配 {n} 家。")
                return redirect("outreach:campaign", pk=campaign.pk)
        except DomainError as exc:
            add_domain_error(questions if step == "questions" else build, exc)
            if step == "callers":
                messages.error(request, exc.message)
    targets = campaign.targets.select_related("enterprise", "unit", "caller").order_by("status", "id")[:200]
    return render(
        request,
        "outreach/campaign_detail.html",
        {
            "c": campaign,
            "questions": questions,
            "build": build,
            "targets": targets,
            "report": selectors.campaign_report(campaign),
            "callers": _callers(user),
        },
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAME = "回访名单导入模板.xlsx"


@role_required(*OFFICE)
@require_GET
def campaign_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(services.campaign_import_template(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(TEMPLATE_NAME)}"
    return response


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def campaign_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload → dry run (each row's fate and error) → apply the same file again; nothing is written
    while any row is wrong."""
    user = user_of(request)
    campaign = get_or_404(selectors.visible_campaigns(user).select_related("region"), pk=pk)
    form = CampaignImportForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        require_write(user)
        apply = request.POST.get("apply") == "1"
        try:
            plan = services.import_campaign_targets(
                actor=user, campaign=campaign, fileobj=form.cleaned_data["file"], apply=apply
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if apply and plan.ok:
                messages.success(
                    request,
                    f"已导入回访名单 {len(plan.created)} 家(已在名单中的 {plan.unchanged} 家未重复加入)。",
                )
                return redirect("outreach:campaign", pk=campaign.pk)
    return render(request, "outreach/campaign_import.html", {"c": campaign, "form": form, "plan": plan})


@role_required(*OFFICE, *UNIT)
def my_calls(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_calls(user_of(request)).order_by("status", "id")[:200]
    return render(request, "outreach/my_calls.html", {"rows": rows})


@role_required(*OFFICE, *UNIT)
@require_http_methods(["GET", "POST"])
def call_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    target = get_or_404(
        CampaignTarget.objects.filter(caller=user).select_related("campaign", "enterprise__region", "unit"),
        pk=pk,
    )
    form = AnswerForm(request.POST or None, questions=target.campaign.questions)
    done = not TARGET.can(target.status, "answer")
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.record_answers(
                actor=user,
                target=target,
                answers=form.answers(),
                reached=form.cleaned_data["reached"] == "yes",
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已记录。")
            return redirect("outreach:my_calls")
    return render(request, "outreach/call_form.html", {"t": target, "form": form, "done": done})
