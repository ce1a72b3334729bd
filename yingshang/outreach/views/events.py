"""政企沟通活动: plan an event with invited enterprises, record attendance and the problems raised there;
the office sees each unit's yearly count against 每年至少2次."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yingshang.core.access import get_or_404, region_q, require_write, role_required
from yingshang.core.errors import DomainError
from yingshang.core.forms import add_domain_error
from yingshang.core.models import Enterprise
from yingshang.outreach import selectors, services
from yingshang.outreach.forms import AttendanceForm, EventForm
from yingshang.outreach.models import Problem
from yingshang.outreach.views.common import OFFICE, UNIT, regions_for, user_of


@role_required(*OFFICE, *UNIT)
def event_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    year = timezone.localdate().year
    counts = selectors.unit_event_counts(user, year) if user.is_office else None
    return render(
        request,
        "outreach/event_list.html",
        {
            "events": selectors.visible_events(user)[:100],
            "counts": counts,
            "year": year,
            "required": selectors.EVENTS_REQUIRED_PER_YEAR,
        },
    )


@role_required(*OFFICE, *UNIT)
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = EventForm(
        request.POST or None,
        regions=regions_for(user),
        enterprises=Enterprise.objects.filter(region_q(user)).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        require_write(user)
        data = form.cleaned_data
        try:
            event = services.create_event(
                actor=user,
                region=data["region"],
                kind=data["kind"],
                title=data["title"],
                held_on=data["held_on"],
                place=data["place"],
                enterprises=list(data["enterprises"]),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("outreach:event", pk=event.pk)
    return render(request, "outreach/event_form.html", {"form": form})


@role_required(*OFFICE, *UNIT)
@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    event = get_or_404(selectors.visible_events(user), pk=pk)
    invitations = list(event.invitations.select_related("enterprise__region").order_by("enterprise__name"))
    form = AttendanceForm(
        request.POST or None,
        invitations=invitations,
        initial={
            "attended": [str(i.enterprise_id) for i in invitations if i.attended],
            "summary": event.summary,
        },
    )
    if request.method == "POST" and form.is_valid():
        require_write(user)
        data = form.cleaned_data
        by_name = {i.enterprise.name: i.enterprise for i in invitations}
        try:
            with transaction.atomic():
                services.record_attendance(
                    actor=user,
                    event=event,
                    attended_ids=[int(i) for i in data["attended"]],
                    summary=data["summary"],
                )
                for line in (data["problems"] or "").splitlines():
                    name, sep, text = line.replace("：", ":").partition(":")
                    if not line.strip():
                        continue
                    enterprise = by_name.get(name.strip()) if sep else None
                    services.raise_problem(
                        actor=user,
                        channel=Problem.Channel.EVENT,
                        region=enterprise.region if enterprise else event.region,
                        enterprise=enterprise,
                        unit=event.unit,
                        event=event,
                        text=(text if enterprise else line).strip(),
                    )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("outreach:event", pk=event.pk)
    return render(
        request,
        "outreach/event_detail.html",
        {
            "ev": event,
            "invitations": invitations,
            "form": form,
            "problems": event.problems.select_related("enterprise"),
        },
    )
