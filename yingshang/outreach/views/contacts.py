"""包抓联: the contact lists with visit clocks, assigning by hand or from Excel, 六必访, visit logs."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from yingshang.core.access import get_or_404, region_q, require_write, role_required
from yingshang.core.errors import DomainError
from yingshang.core.forms import add_domain_error
from yingshang.core.models import Enterprise, Region, User
from yingshang.outreach import selectors, services
from yingshang.outreach.access import enterprise_for
from yingshang.outreach.forms import AssignForm, ImportForm, OccasionsForm, VisitForm
from yingshang.outreach.models import Assignment, MustVisitOccasion
from yingshang.outreach.views.common import OFFICE, UNIT, user_of


def _assign_form(user: User, data: QueryDict | None = None) -> AssignForm:
    return AssignForm(
        data,
        enterprises=Enterprise.objects.filter(region_q(user)).order_by("name"),
        cadres=User.objects.filter(role__in=UNIT, is_active=True)
        .filter(region_q(user, field="unit__region"))
        .select_related("unit")
        .order_by("unit_id", "username"),
    )


@role_required(*OFFICE, *UNIT)
def contact_list(request: HttpRequest) -> HttpResponse:
    """Office: every contact in the region, overdue first; unit leader: the unit's 对口服务企业名单;
    staff: the enterprises they look after."""
    user = user_of(request)
    rows = selectors.with_clocks(selectors.visible_assignments(user))
    only_overdue = request.GET.get("overdue") == "1"
    if only_overdue:
        rows = [r for r in rows if r[1].colour == "red"]
    rows.sort(key=lambda r: ({"red": 0, "yellow": 1, "green": 2}[r[1].colour], r[0].enterprise.name))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    overdue = sum(1 for _, c in rows if c.colour == "red") if not only_overdue else len(rows)
    return render(
        request,
        "outreach/contact_list.html",
        {
            "page": page,
            "overdue": overdue,
            "only_overdue": only_overdue,
            "form": _assign_form(user) if user.is_office else None,
        },
    )


@role_required(*OFFICE)
@require_POST
def contact_assign(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    require_write(user)
    form = _assign_form(user, request.POST)
    if form.is_valid():
        try:
            services.assign_cadre(actor=user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已指定包联干部。")
    else:
        messages.error(request, "请选择企业和干部，并填写1至366天的走访周期。")
    return redirect("outreach:contacts")


@role_required(*OFFICE)
@require_POST
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    require_write(user)
    assignment = get_or_404(
        Assignment.objects.filter(region_q(user, field="enterprise__region")).select_related(
            "enterprise__region"
        ),
        pk=pk,
    )
    services.unassign_cadre(actor=user, assignment=assignment)
    messages.success(request, "已取消包联。")
    return redirect("outreach:contacts")


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def contact_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run (what would change, each row's error) → apply the same file again."""
    user = user_of(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        require_write(user)
        apply = request.POST.get("apply") == "1"
        try:
            plan = services.import_assignments(actor=user, fileobj=form.cleaned_data["file"], apply=apply)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if apply and plan.ok:
                messages.success(
                    request, f"已导入：新增 {len(plan.created)} 条，更新 {len(plan.updated)} 条。"
                )
                return redirect("outreach:contacts")
    return render(request, "outreach/contact_import.html", {"form": form, "plan": plan})


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def occasions(request: HttpRequest) -> HttpResponse:
    """六必访: the office's checklist for its region."""
    user = user_of(request)
    region = get_or_404(Region.objects.all(), pk=user.region_id) if user.region_id else Region.objects.first()
    if region is None:
        return render(request, "outreach/occasions.html", {"form": None, "region": None})
    current = MustVisitOccasion.objects.filter(region=region, is_active=True)
    form = OccasionsForm(request.POST or None, initial={"names": "\n".join(o.name for o in current)})
    if request.method == "POST" and form.is_valid():
        require_write(user)
        try:
            services.save_occasions(actor=user, region=region, names=form.cleaned_data["names"].splitlines())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已保存六必访情形。")
            return redirect("outreach:occasions")
    return render(request, "outreach/occasions.html", {"form": form, "region": region})


def occasions_for(enterprise: Enterprise) -> QuerySet[MustVisitOccasion]:
    ids = [int(i) for i in enterprise.region.tree_path.strip("/").split("/") if i]
    return MustVisitOccasion.objects.filter(region_id__in=ids, is_active=True)


@role_required(*UNIT)
@require_http_methods(["GET", "POST"])
def visit_log(request: HttpRequest, pk: int) -> HttpResponse:
    """走访记录: the enterprise's contact cadre, often on a phone; drafts typed offline are kept on the
    device (static/outreach/drafts.js) and posted here when the connection returns."""
    user = user_of(request)
    enterprise = enterprise_for(user, pk)
    form = VisitForm(request.POST or None, occasions=occasions_for(enterprise))
    if request.method == "POST" and form.is_valid():
        require_write(user)
        data = form.cleaned_data
        try:
            visit = services.log_visit(
                actor=user,
                enterprise=enterprise,
                visited_on=data["visited_on"],
                method=data["method"],
                discussed=data["discussed"],
                occasion=data["occasion"],
                problems=form.problem_lines(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            raised = visit.problems.count()
            messages.success(
                request, "已记录走访" + (f"，反映问题 {raised} 条已报营商办。" if raised else "。")
            )
            return redirect("outreach:enterprise", pk=enterprise.pk)
    return render(request, "outreach/visit_form.html", {"form": form, "e": enterprise})
