"""The monitoring page (数据可视化在线监控平台), its auto-refreshing cards, and the drill-down list."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yingshang.core.access import role_required
from yingshang.core.errors import ValidationFailed
from yingshang.core.models import User
from yingshang.dashboard import selectors as sel
from yingshang.dashboard.api import drill_rows
from yingshang.dashboard.sources import all_slots
from yingshang.indicators.models import Indicator

Role = User.Role
PAGE_SIZE = 50


def _int(request: HttpRequest, name: str) -> int:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 16 else 0


def _filters(request: HttpRequest) -> sel.Filters:
    return sel.filters_for(
        request.user,  # type: ignore[arg-type]
        region_id=_int(request, "region"),
        period=request.GET.get("period", "")[:8],
        campaign_id=_int(request, "campaign"),
        document_id=_int(request, "document"),
    )


@role_required(*sel.VIEWERS)
def index(request: HttpRequest) -> HttpResponse:
    f = _filters(request)
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "dashboard/index.html",
        {
            "f": f,
            "regions": sel.visible_regions(user),
            "second_level": Indicator.objects.filter(
                parent__isnull=False, is_active=True, target_value__isnull=False
            )
            .select_related("parent")
            .order_by("code"),
            "slots": all_slots(),
            "cards": sel.attainment(f),
            "warnings": sel.warnings_summary(f),
        },
    )


@role_required(*sel.VIEWERS)
def cards(request: HttpRequest) -> HttpResponse:
    """The figure cards, re-fetched by htmx every 30 seconds."""
    f = _filters(request)
    return render(
        request,
        "dashboard/_cards.html",
        {"f": f, "cards": sel.attainment(f), "warnings": sel.warnings_summary(f)},
    )


@role_required(*sel.VIEWERS)
def drill(request: HttpRequest) -> HttpResponse:
    f = _filters(request)
    page = max(1, _int(request, "page") or 1)
    figure = request.GET.get("figure", "attainment")[:40]
    try:
        data = drill_rows(
            request.user,  # type: ignore[arg-type]
            f,
            figure=figure,
            indicator=_int(request, "indicator"),
            unit=_int(request, "unit"),
            only_region=_int(request, "only_region"),
            result=request.GET.get("result", "")[:12],
            key=request.GET.get("key", "")[:80],
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
    except ValidationFailed:
        raise
    query = request.GET.copy()
    query.pop("page", None)
    pages = max(1, (data["count"] + PAGE_SIZE - 1) // PAGE_SIZE)
    return render(
        request,
        "dashboard/drill.html",
        {"f": f, "data": data, "page": page, "pages": pages, "query": query.urlencode()},
    )
