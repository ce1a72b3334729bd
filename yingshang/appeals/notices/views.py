"""The office's outbox of notices to filers without an account."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yingshang.appeals.notices.models import FilerNotice
from yingshang.core.access import region_q, role_required
from yingshang.core.models import User
from yingshang.core.pagination import CappedPaginator


@role_required(User.Role.OFFICE_ADMIN)
def notice_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    qs = FilerNotice.objects.filter(region_q(user, "appeal__region")).select_related("appeal")
    code = request.GET.get("code", "").strip().upper()[:16]
    if code:
        qs = qs.filter(appeal__tracking_code=code)
    page = CappedPaginator(qs.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "appeals/notices.html", {"page": page, "code": code})
