"""The enterprise's own pages: policies it qualifies for or might (with the reasons), supplying a
missing fact, applying."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from yingshang.core.access import get_or_404, role_required
from yingshang.core.errors import DomainError
from yingshang.core.forms import add_domain_error
from yingshang.core.models import Enterprise, User
from yingshang.policies import facts as fact_catalogue
from yingshang.policies import selectors, services
from yingshang.policies.forms import ApplyForm, FactForm
from yingshang.policies.models import Clause, Redemption

Role = User.Role


def _enterprise(request: HttpRequest) -> tuple[User, Enterprise]:
    user: User = request.user  # type: ignore[assignment]
    return user, get_or_404(Enterprise.objects.select_related("region"), pk=user.enterprise_id or 0)


@role_required(Role.ENTERPRISE)
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    user, enterprise = _enterprise(request)
    form = FactForm(request.POST or None, initial={"key": request.GET.get("fact", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.declare_fact(
                actor=user, enterprise=enterprise, key=d["key"], value=d["value"], as_of=d["as_of"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已补充“{fact_catalogue.label_of(d['key'])}”。")
            return redirect("policies:mine")
    answers = selectors.policies_for_enterprise(enterprise)
    applied = dict(
        Redemption.objects.filter(enterprise=enterprise)
        .exclude(status=Redemption.Status.REFUSED)
        .values_list("clause_id", "pk")
    )
    return render(
        request,
        "policies/mine.html",
        {
            "enterprise": enterprise,
            "answers": answers,
            "applied": applied,
            "facts": selectors.facts_for_enterprise(enterprise),
            "form": form,
        },
    )


@role_required(Role.ENTERPRISE)
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    user, enterprise = _enterprise(request)
    clause = get_or_404(
        Clause.objects.filter(
            policy__in=selectors.live_policies(),
            policy__region_id__in=selectors.ancestor_ids(enterprise.region),
        ).select_related("policy"),
        pk=pk,
    )
    known = fact_catalogue.facts_for(Enterprise.objects.filter(pk=enterprise.pk), clause.facts).get(
        enterprise.pk, {}
    )
    form = ApplyForm(request.POST or None, request.FILES or None, clause=clause, known=known)
    if request.method == "POST" and form.is_valid():
        try:
            r = services.apply_for_clause(
                actor=user,
                clause=clause,
                facts=form.facts(),
                statement=form.cleaned_data["statement"],
                files=form.files_list(),
            )
        except DomainError as exc:
            if exc.status == 404:
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, "申报已提交，请关注审核进度。")
            return redirect("policies:redemption_detail", r.pk)
    return render(request, "policies/apply.html", {"form": form, "clause": clause, "policy": clause.policy})
