"""Pages: schemes and scores, 末位 follow-ups, bulletins, and the public 红黑榜 (no login)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from yingshang.assessment import bulletin as bulletin_render
from yingshang.assessment import selectors, services
from yingshang.assessment.forms import AdjustmentForm, BulletinForm, SchemeForm
from yingshang.assessment.models import BulletinStatus, SchemeStatus
from yingshang.assessment.ranking import TIE_RULE
from yingshang.core.access import get_or_404, require_write, role_required
from yingshang.core.chinese_dates import chinese_date
from yingshang.core.errors import DomainError, NotAllowed, NotFound
from yingshang.core.models import Unit, User
from yingshang.core.visibility import audience_for, timeline_for
from yingshang.indicators.periods import period_containing
from yingshang.indicators.selectors import regions_for

Role = User.Role
OFFICE = (Role.OFFICE_ADMIN,)
MANAGERS = selectors.MANAGERS
UNIT = (Role.UNIT_LEADER, Role.UNIT_STAFF)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@role_required(*MANAGERS)
def scheme_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.visible_schemes(_user(request)), 30).get_page(request.GET.get("page"))
    return render(request, "assessment/scheme_list.html", {"page": page})


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def scheme_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_write(user)
    form = SchemeForm(request.POST or None, regions=regions_for(user))
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.create_scheme(
                actor=user,
                name=form.cleaned_data["name"],
                region=form.cleaned_data["region"],
                period=form.cleaned_data["period"],
                components=form.components(),  # type: ignore[arg-type]
                red_count=form.cleaned_data["red_count"],
                black_count=form.cleaned_data["black_count"],
                min_sample=form.cleaned_data["min_sample"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message + " " + "；".join(exc.fields.values()))
        else:
            return redirect("assessment:scheme_detail", pk=scheme.pk)
    return render(request, "assessment/scheme_form.html", {"form": form, "title": "新建考核方案"})


@role_required(*MANAGERS)
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    scheme = get_or_404(selectors.visible_schemes(user), pk=pk)
    scores = list(scheme.scores.select_related("unit").order_by("group", "rank", "unit__name"))
    labels = dict(Unit.Kind.choices)
    groups: dict[str, list] = {}
    for s in scores:
        groups.setdefault(labels.get(s.group, s.group), []).append(s)
    return render(
        request,
        "assessment/scheme_detail.html",
        {
            "scheme": scheme,
            "groups": groups.items(),
            "components": scheme.components.all(),
            "adjustments": scheme.adjustments.select_related("unit", "created_by"),
            "units": services.scheme_units(scheme).order_by("name"),
            "events": timeline_for(scheme, audience_for(user)),
            "editable": user.is_office and scheme.status != SchemeStatus.PUBLISHED,
            "publishable": user.is_office and scheme.status == SchemeStatus.COMPUTED,
            "tie_rule": TIE_RULE,
        },
    )


@role_required(*OFFICE)
@require_POST
def scheme_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    scheme = get_or_404(selectors.visible_schemes(user), pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "compute":
            n = services.compute_scores(actor=user, scheme=scheme)
            messages.success(request, f"已计算 {n} 个单位的得分。")
        elif action == "publish":
            services.publish_scheme(actor=user, scheme=scheme)
            messages.success(request, "红黑榜已发布。")
        elif action == "adjust":
            form = AdjustmentForm(request.POST)
            if not form.is_valid():
                raise DomainError("请填写单位、分值和原因。")
            unit = get_or_404(services.scheme_units(scheme), pk=form.cleaned_data["unit"])
            services.add_adjustment(
                actor=user,
                scheme=scheme,
                unit=unit,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "已记录加减分，请重新计算得分。")
        else:
            raise NotAllowed("未知操作。")
    except (NotAllowed, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("assessment:scheme_detail", pk=pk)


@role_required(*MANAGERS, *UNIT)
def score_detail(request: HttpRequest, pk: int) -> HttpResponse:
    score = get_or_404(selectors.visible_scores(_user(request)), pk=pk)
    adjustments = score.scheme.adjustments.filter(unit=score.unit)
    return render(request, "assessment/score_detail.html", {"s": score, "adjustments": adjustments})


@role_required(*UNIT)
def my_scores(request: HttpRequest) -> HttpResponse:
    scores = selectors.visible_scores(_user(request)).order_by("-scheme__period_start")[:60]
    return render(request, "assessment/my_scores.html", {"scores": scores})


@role_required(*MANAGERS, *UNIT)
def follow_up_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.visible_follow_ups(_user(request)), 50).get_page(request.GET.get("page"))
    return render(request, "assessment/follow_up_list.html", {"page": page})


@role_required(*OFFICE)
@require_POST
def follow_up_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    follow_up = get_or_404(selectors.visible_follow_ups(user), pk=pk)
    try:
        services.complete_follow_up(actor=user, follow_up=follow_up, outcome=request.POST.get("outcome", ""))
        messages.success(request, "已记录约谈结果。")
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("assessment:follow_up_list")


def public_lists(request: HttpRequest) -> HttpResponse:
    """The public history of published 红黑榜 (no login)."""
    page = Paginator(selectors.published_schemes(), 20).get_page(request.GET.get("page"))
    return render(request, "assessment/public_lists.html", {"page": page})


def public_list(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_or_404(selectors.published_schemes(), pk=pk)
    return render(request, "assessment/public_list.html", {"scheme": scheme, "lst": scheme.published_list})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def bulletin_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    form = BulletinForm(
        request.POST or None,
        regions=regions_for(user),
        # The monthly 通报 is written early in a month about the month before, with data up to today.
        initial={
            "as_of": today,
            "region": user.region_id,
            "period": period_containing(today, "month").previous().key,
        },
    )
    if request.method == "POST":
        require_write(user)
        if form.is_valid():
            try:
                b = services.request_bulletin(actor=user, **form.cleaned_data)
            except NotAllowed:
                raise
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "通报已提交生成。")
                return redirect("assessment:bulletin_detail", pk=b.pk)
    page = Paginator(selectors.visible_bulletins(user), 30).get_page(request.GET.get("page"))
    return render(request, "assessment/bulletin_list.html", {"page": page, "form": form})


@role_required(*MANAGERS)
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    b = get_or_404(selectors.visible_bulletins(_user(request)), pk=pk)
    snap = b.snapshot or {}
    return render(
        request,
        "assessment/bulletin_detail.html",
        {
            "b": b,
            "snap": snap,
            "note": bulletin_render.source_note(snap) if snap else "",
            "list_rows": bulletin_render.list_rows(snap) if snap else [],
            "sections": bulletin_render.SECTIONS,
            "ready": b.status == BulletinStatus.READY,
            "has_pdf": b.status == BulletinStatus.READY and not b.pdf_error,
            "issued_label": chinese_date(timezone.localtime(b.generated_at).date()) if b.generated_at else "",
        },
    )


@role_required(*MANAGERS)
def bulletin_download(request: HttpRequest, pk: int) -> HttpResponse:
    b = get_or_404(selectors.visible_bulletins(_user(request)).defer(None), pk=pk)
    if b.status != BulletinStatus.READY or not b.docx:
        raise NotFound("通报尚未生成。")
    response = HttpResponse(
        bytes(b.docx), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(b.title + '.docx')}"
    return response


@role_required(*MANAGERS)
def bulletin_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    b = get_or_404(selectors.visible_bulletins(_user(request)).defer(None), pk=pk)
    if b.status != BulletinStatus.READY or not b.pdf:
        raise NotFound("通报的PDF尚未生成。")
    response = HttpResponse(bytes(b.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(b.title + '.pdf')}"
    return response
