"""社会监督员: appointments and yearly figures (office); findings filed and followed by the supervisor."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yingshang.core.access import require_write, role_required
from yingshang.core.errors import DomainError
from yingshang.core.forms import add_domain_error
from yingshang.core.models import Unit, User
from yingshang.outreach import selectors, services
from yingshang.outreach.forms import AppointForm, FindingForm
from yingshang.outreach.services.supervisors import current_appointment
from yingshang.outreach.views.common import OFFICE, Role, regions_for, user_of


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def supervisor_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = AppointForm(
        request.POST or None,
        users=User.objects.filter(role=Role.SUPERVISOR, is_active=True).order_by("username"),
        regions=regions_for(user),
    )
    if request.method == "POST" and form.is_valid():
        require_write(user)
        data = form.cleaned_data
        try:
            services.appoint_supervisor(
                actor=user,
                user=data["user"],
                region=data["region"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                fields=data["fields_chosen"],
                contact=data["contact"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已聘任。")
            return redirect("outreach:supervisors")
    year = _year(request)
    return render(
        request,
        "outreach/supervisor_list.html",
        {"rows": selectors.supervisor_figures(user, year), "year": year, "form": form},
    )


@role_required(Role.SUPERVISOR)
def my_findings(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "outreach/my_findings.html",
        {"rows": selectors.visible_problems(user)[:100], "appointment": current_appointment(user)},
    )


@role_required(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def finding_new(request: HttpRequest) -> HttpResponse:
    """明察暗访, typed on a phone; a draft typed offline is kept and sent when the connection returns."""
    user = user_of(request)
    appointment = current_appointment(user)
    units = Unit.objects.none()
    if appointment is not None:
        units = Unit.objects.filter(
            region__tree_path__startswith=appointment.region.tree_path, is_active=True
        ).select_related("region")
    form = FindingForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.file_finding(
                actor=user,
                text=data["text"],
                location=data["location"],
                unit=data["unit"],
                evidence=data["evidence"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已提交，营商办将核查处理。")
            return redirect("outreach:my_findings")
    return render(request, "outreach/finding_form.html", {"form": form, "appointment": appointment})
