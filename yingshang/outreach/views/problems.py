"""问题收集 → 解决: the office's desk of raised problems, per channel, and the triage of each one."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from yingshang.appeals.selectors import active_services
from yingshang.core.access import get_or_404, require_write, role_required
from yingshang.core.errors import DomainError
from yingshang.core.forms import add_domain_error
from yingshang.core.visibility import Audience, timeline_for
from yingshang.outreach import selectors, services
from yingshang.outreach.access import may_convert_to_appeal, may_convert_to_task
from yingshang.outreach.forms import TriageForm
from yingshang.outreach.models import Problem
from yingshang.outreach.views.common import OFFICE, UNIT, Role, units_for, user_of


@role_required(*OFFICE)
def problem_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    qs = selectors.visible_problems(user)
    funnel = selectors.problem_funnel(qs)
    channel = request.GET.get("channel", "")
    status = request.GET.get("status", "")
    if channel in Problem.Channel.values:
        qs = qs.filter(channel=channel)
    if status in Problem.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/problem_list.html",
        {
            "page": page,
            "funnel": funnel,
            "channel": channel,
            "status": status,
            "channels": Problem.Channel.choices,
            "statuses": Problem.Status.choices,
        },
    )


@role_required(*OFFICE, *UNIT, Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The office triages; the raiser (a cadre or a supervisor) reads what became of it."""
    user = user_of(request)
    problem = get_or_404(selectors.visible_problems(user), pk=pk)
    form = None
    if problem.status == Problem.Status.OPEN and may_convert_to_appeal(user, problem):
        form = TriageForm(
            request.POST or None,
            services=active_services(),
            units=units_for(user),
            initial={"lead_unit": problem.unit_id},
            appeal_only=not may_convert_to_task(user, problem),
        )
        if request.method == "POST" and form.is_valid():
            require_write(user)
            data = form.cleaned_data
            try:
                if data["action"] == "appeal":
                    appeal = services.problem_to_appeal(actor=user, problem=problem, service=data["service"])
                    messages.success(request, f"已转为诉求，查询码 {appeal.tracking_code}。")
                elif data["action"] == "task":
                    services.problem_to_task(
                        actor=user, problem=problem, lead_unit=data["lead_unit"], due_date=data["due_date"]
                    )
                    messages.success(request, "已转为督办任务。")
                else:
                    services.dismiss_problem(actor=user, problem=problem, reason=data["reason"])
                    messages.success(request, "已记录为不予处理。")
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                return redirect("outreach:problem", pk=problem.pk)
    elif request.method == "POST":
        return redirect("outreach:problem", pk=problem.pk)
    audience = Audience.OFFICE if user.is_office else Audience.FILER
    return render(
        request,
        "outreach/problem_detail.html",
        {
            "p": problem,
            "form": form,
            "timeline": timeline_for(problem, audience),
            "office": user.is_office,
            "appeal_only": form is not None and "lead_unit" not in form.fields,
        },
    )
