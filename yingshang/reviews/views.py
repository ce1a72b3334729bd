"""Staff pages of 好差评: bad-rating cases, points and their QR cards, matters, statistics, flags."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from yingshang.core.access import get_or_404, role_required, visible_units
from yingshang.core.errors import DomainError, NotAllowed
from yingshang.core.excel import write_sheet
from yingshang.core.models import User
from yingshang.core.visibility import audience_for, timeline_for
from yingshang.reviews import cards, selectors, services, statistics
from yingshang.reviews.forms import (
    CaseActionForm,
    DecideForm,
    ImportForm,
    MatterForm,
    PointForm,
    QuestionnaireForm,
)
from yingshang.reviews.models import BadRatingCase, Questionnaire, RatingAppeal
from yingshang.reviews.services.catalogue import (
    can_issue_tokens,
    may_manage_catalogue,
    require_catalogue_manager,
)
from yingshang.reviews.services.ratings import FLAG_LABELS
from yingshang.reviews.transitions import CASE_TABLE

Role = User.Role
OFFICE = (Role.OFFICE_ADMIN,)
STAFF = selectors.STAFF
MANAGERS = selectors.MANAGERS
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# -- cases -----------------------------------------------------------------------------------------


@role_required(*STAFF)
def case_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = selectors.visible_cases(user)
    status = request.GET.get("status", "")
    if status in BadRatingCase.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/case_list.html",
        {
            "page": page,
            "status": status,
            "statuses": BadRatingCase.Status.choices,
            "appeals": selectors.pending_appeals(user)[:50],
        },
    )


@role_required(*STAFF)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = get_or_404(selectors.visible_cases(user), pk=pk)
    own_unit = user.is_unit_user and user.unit_id == case.unit_id and not user.is_read_only
    return render(
        request,
        "reviews/case_detail.html",
        {
            "case": case,
            "rating": case.rating,
            "show_rater": selectors.may_see_rater(user),
            "items": case.rating.questionnaire.items,
            "events": timeline_for(case, audience_for(user)),
            "actions": [m.action for m in CASE_TABLE.allowed(case.status)] if own_unit else [],
            "form": CaseActionForm(),
            "appeals": case.appeals.all(),
            "decide": user.role == Role.OFFICE_ADMIN and not user.is_read_only,
            "decide_form": DecideForm(),
        },
    )


@role_required(Role.UNIT_LEADER, Role.UNIT_STAFF)
@require_POST
def case_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = get_or_404(selectors.visible_cases(user), pk=pk)
    form = CaseActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请求无效。")
        return redirect("reviews:case_detail", pk=case.pk)
    data = form.cleaned_data
    text = data["text"]
    try:
        if data["action"] == "verify":
            services.verify_case(actor=user, case=case, note=text, complexity=data["complexity"] or "simple")
        elif data["action"] == "rectify":
            services.rectify_case(actor=user, case=case, text=text)
        elif data["action"] == "feed_back":
            services.feed_back_case(actor=user, case=case, text=text)
        else:
            services.appeal_rating(actor=user, case=case, reason=text, evidence=data["evidence"])
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, "已保存。")
    return redirect("reviews:case_detail", pk=case.pk)


@role_required(*OFFICE)
@require_POST
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    appeal = get_or_404(
        RatingAppeal.objects.filter(case__in=selectors.visible_cases(user)).select_related("case"), pk=pk
    )
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择复核结论并填写复核意见。")
    else:
        try:
            services.decide_rating_appeal(
                actor=user,
                appeal=appeal,
                uphold=form.cleaned_data["decision"] == "uphold",
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "复核结论已保存。")
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            messages.error(request, exc.message)
    return redirect("reviews:case_detail", pk=appeal.case_id)


# -- points, tokens and QR cards -------------------------------------------------------------------


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def point_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PointForm(request.POST or None, units=visible_units(user).filter(is_active=True))
    if request.method == "POST":
        require_catalogue_manager(user)
        if form.is_valid():
            try:
                services.create_point(
                    actor=user,
                    unit=form.cleaned_data["unit"],
                    name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"],
                )
                messages.success(request, "评价点位已登记。")
                return redirect("reviews:point_list")
            except DomainError as exc:
                form.add_error(None, exc.message)
    points = selectors.visible_points(user)
    return render(
        request,
        "reviews/point_list.html",
        {"points": points, "form": form, "office": may_manage_catalogue(user)},
    )


@role_required(*STAFF)
def point_qr_png(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_or_404(selectors.visible_points(_user(request)), pk=pk)
    return HttpResponse(cards.qr_png(cards.rating_url(request, point)), content_type="image/png")


@role_required(*STAFF)
def point_card_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from yingshang.assessment.pdf import ConversionFailed

    point = get_or_404(selectors.visible_points(_user(request)), pk=pk)
    try:
        data = cards.card_pdf(point, cards.rating_url(request, point))
    except ConversionFailed as exc:
        return render(request, "error.html", {"message": str(exc)}, status=503)
    return _attachment(data, "application/pdf", f"评价二维码-{point.name}.pdf")


@role_required(Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF)
@require_POST
def token_issue(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    point = get_or_404(selectors.visible_points(user), pk=pk)
    if not can_issue_tokens(user, point):
        raise NotAllowed("只有本窗口所属单位或营商办可以生成评价码。", code="role")
    token = services.issue_visit_token(actor=user, point=point)
    return render(
        request,
        "reviews/token.html",
        {"point": point, "token": token, "url": cards.rating_url(request, point) + f"?t={token.code}"},
    )


# -- matters ---------------------------------------------------------------------------------------


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def matter_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = MatterForm(request.POST or None, units=visible_units(user).filter(is_active=True))
    if request.method == "POST":
        require_catalogue_manager(user)
        if form.is_valid():
            try:
                services.create_matter(
                    actor=user,
                    unit=form.cleaned_data["unit"],
                    code=form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                )
                messages.success(request, "服务事项已登记。")
                return redirect("reviews:matter_list")
            except DomainError as exc:
                if exc.status == 403:
                    raise
                form.add_error(None, exc.message)
    page = Paginator(selectors.visible_matters(user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/matter_list.html",
        {"page": page, "form": form, "office": may_manage_catalogue(user)},
    )


IMPORT_KEY = "reviews_matter_import"


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def matter_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run (what would change, each bad row) → apply the plan kept in the session."""
    user = _user(request)
    require_catalogue_manager(user)
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and request.POST.get("apply"):
        from yingshang.core.excel import ImportPlan

        saved = request.session.pop(IMPORT_KEY, None)
        if not saved:
            messages.error(request, "导入预览已过期，请重新上传。")
            return redirect("reviews:matter_import")
        count = services.apply_matter_import(
            actor=user, plan=ImportPlan(created=saved["created"], updated=saved["updated"])
        )
        messages.success(request, f"已导入 {count} 个服务事项。")
        return redirect("reviews:matter_list")
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_matter_import(form.cleaned_data["file"], actor=user)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            if plan.ok:
                request.session[IMPORT_KEY] = {"created": plan.created, "updated": plan.updated}
    return render(request, "reviews/matter_import.html", {"form": form, "plan": plan})


# -- questionnaires, flags, statistics -------------------------------------------------------------


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def questionnaires(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            q = services.publish_questionnaire(
                actor=user,
                channel=form.cleaned_data["channel"],
                labels=form.cleaned_data["labels"].splitlines(),
            )
            messages.success(request, f"已发布第{q.version}版问卷；已有评价保留原版本。")
            return redirect("reviews:questionnaires")
        except DomainError as exc:
            if exc.status == 403:
                raise
            form.add_error(None, exc.message)
    for channel in ("onsite", "online"):
        services.current_questionnaire(channel)
    return render(
        request,
        "reviews/questionnaires.html",
        {"form": form, "versions": Questionnaire.objects.order_by("channel", "-version")},
    )


@role_required(*OFFICE)
def flags(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = list(selectors.flagged_ratings(user)[:200])
    for r in rows:
        r.flag_labels = [FLAG_LABELS.get(f, f) for f in r.flags]  # type: ignore[attr-defined]
    outliers = statistics.outlier_points(selectors.visible_ratings(user))
    return render(request, "reviews/flags.html", {"rows": rows, "outliers": outliers})


def _by(request: HttpRequest) -> str:
    by = request.GET.get("by", "unit")
    return by if by in statistics.GROUPS else "unit"


def stats_page(request: HttpRequest, ratings: object, *, public: bool) -> HttpResponse:
    by = _by(request)
    rows = statistics.figures(ratings, by=by)  # type: ignore[arg-type]
    return render(
        request,
        "reviews/stats.html",
        {
            "rows": [r.cells() for r in rows],
            "by": by,
            "by_labels": statistics.BY_LABELS,
            "group_label": statistics.BY_LABELS[by],
            "public": public,
            "base": "reviews/public_stats_base.html" if public else "base.html",
        },
    )


@role_required(*STAFF)
def stats(request: HttpRequest) -> HttpResponse:
    return stats_page(request, selectors.visible_ratings(_user(request)), public=False)


@role_required(*STAFF)
def stats_export(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    by = _by(request)
    rows = statistics.figures(selectors.visible_ratings(user), by=by)
    data = write_sheet(
        "好差评统计",
        [statistics.BY_LABELS[by], *statistics.HEADERS],
        [r.cells() for r in rows],
        widths=[30, 10, 10, 10, 10, 12, 12, 10, 12],
    )
    return _attachment(data, XLSX, f"好差评统计-按{statistics.BY_LABELS[by]}.xlsx")
