"""Redemptions: the units' review queue, one redemption (review, payment, materials), the figures, and
the office's import of enterprise facts."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yingshang.core.access import STAFF_ROLES, get_or_404, region_q, role_required
from yingshang.core.errors import DomainError, NotAllowed, ValidationFailed
from yingshang.core.forms import UploadForm, add_domain_error
from yingshang.core.models import User
from yingshang.core.visibility import audience_for, timeline_for
from yingshang.policies import facts as fact_catalogue
from yingshang.policies import selectors, services
from yingshang.policies.forms import PayForm, ResubmitForm, ReviewForm
from yingshang.policies.models import Policy, Redemption, RedemptionFile
from yingshang.policies.transitions import REDEMPTION

Role = User.Role
READERS = (*STAFF_ROLES, Role.ENTERPRISE)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@role_required(*READERS)
def redemption_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = selectors.redemptions_visible_to(user)
    status = request.GET.get("status", "")
    if status in Redemption.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(r, selectors.colour_of(r, today)) for r in page]
    return render(
        request,
        "policies/redemption_list.html",
        {"page": page, "rows": rows, "status": status, "statuses": Redemption.Status.choices},
    )


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def redemption_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    r = get_or_404(
        selectors.redemptions_visible_to(user).select_related("clause__policy__responsible_unit"), pk=pk
    )
    policy = r.clause.policy
    handles = not user.is_read_only and (
        user.is_office or (user.is_unit_user and user.unit_id == policy.responsible_unit_id)
    )
    review_form = ReviewForm(initial={"amount": r.amount_computed or ""})
    pay_form = PayForm(initial={"amount": r.amount_approved or "", "paid_on": timezone.localdate()})
    resubmit_form = ResubmitForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "review" and handles:
                review_form = ReviewForm(request.POST)
                if review_form.is_valid():
                    d = review_form.cleaned_data
                    services.review_redemption(
                        actor=user,
                        redemption=r,
                        decision=d["decision"],
                        reason=d["reason"],
                        amount=d["amount"],
                    )
                    messages.success(request, "审核结论已保存。")
                    return redirect("policies:redemption_detail", r.pk)
            elif action == "pay" and handles:
                pay_form = PayForm(request.POST)
                if pay_form.is_valid():
                    d = pay_form.cleaned_data
                    services.pay_redemption(
                        actor=user,
                        redemption=r,
                        amount=d["amount"],
                        paid_on=d["paid_on"],
                        voucher=d["voucher"],
                    )
                    messages.success(request, "兑现已登记。")
                    return redirect("policies:redemption_detail", r.pk)
            elif action == "resubmit" and user.role == Role.ENTERPRISE:
                resubmit_form = ResubmitForm(request.POST, request.FILES)
                if resubmit_form.is_valid():
                    d = resubmit_form.cleaned_data
                    files = [(d["file_name"] or "补充材料", d["file"])] if d["file"] else []
                    services.resubmit_redemption(
                        actor=user, redemption=r, statement=d["statement"], files=files
                    )
                    messages.success(request, "已重新提交。")
                    return redirect("policies:redemption_detail", r.pk)
            else:
                raise NotAllowed("您无权执行此操作。")
        except ValidationFailed as exc:
            by_action: dict[str, forms.Form] = {
                "review": review_form,
                "pay": pay_form,
                "resubmit": resubmit_form,
            }
            form = by_action.get(action)
            if form is not None:
                add_domain_error(form, exc)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            messages.error(request, exc.message)
    if request.GET.get("file"):
        f = get_or_404(RedemptionFile.objects.filter(redemption=r), pk=request.GET["file"])
        # A streamed file: the page decorators speak of HttpResponse, which Django serves alike.
        download = FileResponse(
            f.file.open("rb"), as_attachment=True, filename=(f.file.name or "file").rsplit("/", 1)[-1]
        )
        return cast(HttpResponse, download)
    moves = {m.action for m in REDEMPTION.allowed(r.status)}
    context = {
        "r": r,
        "policy": policy,
        "colour": selectors.colour_of(r),
        "facts": [(fact_catalogue.label_of(k), v) for k, v in r.facts.items()],
        "files": r.files.all(),
        "can_review": handles and "accept" in moves,
        "can_pay": handles and "pay" in moves,
        "can_resubmit": user.role == Role.ENTERPRISE and "resubmit" in moves,
        "review_form": review_form,
        "pay_form": pay_form,
        "resubmit_form": resubmit_form,
        "events": timeline_for(
            r, audience_for(user, relation="filer" if user.role == Role.ENTERPRISE else "")
        ),
    }
    return render(request, "policies/redemption_detail.html", context)


@role_required(Role.OFFICE_ADMIN, Role.LEADER)
def figures(request: HttpRequest) -> HttpResponse:
    policies = Policy.objects.filter(region_q(_user(request), "region")).exclude(status=Policy.Status.DRAFT)
    rows = selectors.figures(policies)
    totals = {
        "due": sum(r.due for r in rows),
        "paid": sum(r.paid for r in rows),
        "amount": sum((r.amount_paid for r in rows), start=0),
        "overdue": sum(r.overdue for r in rows),
    }
    return render(request, "policies/figures.html", {"rows": rows, "totals": totals})


@role_required(Role.OFFICE_ADMIN)
@require_http_methods(["GET", "POST"])
def fact_import(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.import_facts(
                actor=_user(request),
                fileobj=form.cleaned_data["file"],
                dry_run=not form.cleaned_data["apply"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if form.cleaned_data["apply"] and plan.ok:
                messages.success(request, f"已导入{len(plan.created) + len(plan.updated)}条企业事实。")
                return redirect("policies:fact_import")
    return render(
        request,
        "policies/fact_import.html",
        {"form": form, "plan": plan, "facts": fact_catalogue.declarable()},
    )
