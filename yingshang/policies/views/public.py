"""Public pages (no login): the monthly 惠企政策专栏 with interpretations, its JSON feed, and the 公示 of
each policy's redemptions."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from yingshang.core.access import get_or_404
from yingshang.core.visibility import format_number
from yingshang.policies import publication as publication_list
from yingshang.policies import selectors
from yingshang.policies.models import Policy

FEED_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _public() -> QuerySet[Policy]:
    return Policy.objects.filter(
        status__in=(Policy.Status.PUBLISHED, Policy.Status.WITHDRAWN)
    ).select_related("responsible_unit", "interpretation")


def column(request: HttpRequest, year: int | None = None, month: int | None = None) -> HttpResponse:
    qs = _public()
    months = selectors.column_months(qs)
    if year is None or month is None:
        current = months[0] if months else timezone.localdate().replace(day=1)
    else:
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise Http404
        current = date(year, month, 1)
    policies = qs.filter(published_at__year=current.year, published_at__month=current.month).order_by(
        "-published_at"
    )
    return render(
        request, "policies/column.html", {"policies": policies, "months": months, "current": current}
    )


def feed(request: HttpRequest) -> JsonResponse:
    items = []
    for p in _public().order_by("-published_at")[:FEED_SIZE]:
        interp = getattr(p, "interpretation", None)
        items.append(
            {
                "id": p.pk,
                "title": p.title,
                "doc_number": p.doc_number,
                "issuer": p.issuer,
                "issue_date": p.issue_date.isoformat(),
                "valid_from": p.valid_from.isoformat(),
                "valid_until": p.valid_until.isoformat() if p.valid_until else None,
                "status": p.status,
                "published_at": p.published_at.isoformat() if p.published_at else None,
                "responsible_unit": p.responsible_unit.name,
                "summary": p.summary,
                "interpretation": interp.text if interp and interp.status == "published" else None,
                "url": request.build_absolute_uri(reverse("policies:publication", args=[p.pk])),
            }
        )
    return JsonResponse({"title": "惠企政策专栏", "items": items}, json_dumps_params={"ensure_ascii": False})


def publication(request: HttpRequest, pk: int) -> HttpResponse:
    """The policy as published, its interpretation, and the 公示 of its redemptions."""
    policy = get_or_404(_public(), pk=pk)
    figures = selectors.figures(Policy.objects.filter(pk=policy.pk))
    fig = figures[0] if figures else None
    return render(
        request,
        "policies/publication.html",
        {
            "p": policy,
            "clauses": policy.clauses.order_by("number"),
            "interpretation": getattr(policy, "interpretation", None),
            "headers": publication_list.HEADERS,
            "rows": publication_list.rows(policy),
            "not_paid": publication_list.NOT_PAID,
            "fig": fig,
            "fmt": format_number,
        },
    )


def publication_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The 公示 as an Excel file: the page's columns and rows, nothing more."""
    policy = get_or_404(_public(), pk=pk)
    response = HttpResponse(publication_list.workbook(policy), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="policy-{policy.pk}-publication.xlsx"'
    return response
