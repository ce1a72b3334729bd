"""一企一档: the enterprise's page, made of the sections the installed apps register."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from yingshang.core.access import role_required
from yingshang.core.errors import NotFound
from yingshang.outreach.access import Viewer, enterprise_for, viewer_kind
from yingshang.outreach.sections import sections_for
from yingshang.outreach.views.common import OFFICE, UNIT, Role, user_of


@role_required(*OFFICE, *UNIT, Role.ENTERPRISE)
def enterprise_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    enterprise = enterprise_for(user, pk)
    kind = viewer_kind(user)
    can_visit = kind == Viewer.CADRE
    return render(
        request,
        "outreach/enterprise_page.html",
        {"e": enterprise, "sections": sections_for(enterprise, user), "can_visit": can_visit},
    )


@role_required(Role.ENTERPRISE)
def my_profile(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if user.enterprise_id is None:
        raise NotFound("未找到您的企业。")
    return redirect("outreach:enterprise", pk=user.enterprise_id)
