"""The office's catalogue: policies, parameters, clauses with their rules (checked and previewed),
test cases, publishing, interpretations, 免申即享 lists."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

import policyparse
from yingshang.core import workdays
from yingshang.core.access import STAFF_ROLES, get_or_404, region_q, role_required, visible_units
from yingshang.core.errors import DomainError, NotAllowed, ValidationFailed
from yingshang.core.forms import add_domain_error
from yingshang.core.models import Enterprise, Region, User
from yingshang.core.visibility import audience_for, timeline_for
from yingshang.policies import engine, selectors, services
from yingshang.policies import facts as fact_catalogue
from yingshang.policies.forms import (
    ClauseForm,
    InterpretationForm,
    ParameterForm,
    PolicyForm,
    ReasonForm,
    TestCaseForm,
)
from yingshang.policies.models import AutoGrantList, Clause, Policy
from yingshang.policies.rules import RuleError, explain

Role = User.Role
OFFICE = (Role.OFFICE_ADMIN,)
RESPONSIBLE = (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF)
PREVIEW_ENTERPRISES = 10


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _office_policy(request: HttpRequest, pk: int) -> Policy:
    user = _user(request)
    return get_or_404(
        Policy.objects.filter(region_q(user, "region")).select_related("region", "responsible_unit"), pk=pk
    )


@role_required(*STAFF_ROLES)
def policy_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.policies_visible_to(_user(request))
    status = request.GET.get("status", "")
    if status in Policy.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/policy_list.html",
        {"page": page, "status": status, "statuses": Policy.Status.choices},
    )


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    regions = Region.objects.filter(region_q(user, ""))
    form = PolicyForm(request.POST or None, request.FILES or None, units=visible_units(user), regions=regions)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            source_text = ""
            upload = d.get("source_file")
            if upload:
                from yingshang.ledger.services.documents import read_upload

                source_text = read_upload(upload)
                header = policyparse.parse(source_text).document
                d["title"] = d["title"] or header.title or ""
                d["doc_number"] = d["doc_number"] or header.doc_number or ""
                d["issuer"] = d["issuer"] or "、".join(header.issuers)
                d["issue_date"] = d["issue_date"] or header.issue_date
            if not d["issue_date"]:
                raise ValidationFailed("请填写印发日期。", fields={"issue_date": "必填"})
            policy = services.create_policy(
                actor=user,
                title=d["title"],
                doc_number=d["doc_number"],
                issuer=d["issuer"],
                issue_date=d["issue_date"],
                valid_from=d["valid_from"],
                valid_until=d["valid_until"],
                responsible_unit=d["responsible_unit"],
                region=d["region"],
                summary=d["summary"],
                source_text=source_text,
                interpretation_workdays=d["interpretation_workdays"],
            )
            if upload:
                upload.seek(0)
                policy.source_file.save(upload.name or "policy", upload, save=True)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "政策已创建，请添加条款、规则和测试用例。")
            return redirect("policies:policy_detail", policy.pk)
    return render(request, "policies/policy_form.html", {"form": form})


def _source_clauses(policy: Policy) -> list[policyparse.Measure]:
    if not policy.source_text:
        return []
    try:
        return list(policyparse.parse(policy.source_text, options={"issued_on": policy.issue_date}).leaves)[
            :50
        ]
    except Exception:  # a text the parser cannot structure still shows as text
        return []


@role_required(*STAFF_ROLES)
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    policy = get_or_404(selectors.policies_visible_to(user), pk=pk)
    clauses = list(policy.clauses.prefetch_related("test_cases").order_by("number"))
    interpretation = getattr(policy, "interpretation", None) if policy.status != Policy.Status.DRAFT else None
    context = {
        "p": policy,
        "clauses": clauses,
        "parameters": policy.parameters.all(),
        "interpretation": interpretation,
        "interpretation_colour": (
            workdays.get_calendar().colour_for(
                interpretation.due_date,
                timezone.localdate(),
                yellow_workdays=2,
                done=interpretation.status == "published",
            )
            if interpretation
            else ""
        ),
        "can_edit": user.is_office and policy.status != Policy.Status.WITHDRAWN,
        "can_interpret": not user.is_read_only
        and (user.is_office or user.unit_id == policy.responsible_unit_id),
        "source_clauses": _source_clauses(policy) if user.is_office else [],
        "matches": {
            c.pk: (
                c.matches.filter(status="eligible").count(),
                c.matches.filter(status="undetermined").count(),
            )
            for c in clauses
        },
        "events": timeline_for(policy, audience_for(user)),
        "interpretation_form": InterpretationForm(
            initial={"text": interpretation.text} if interpretation else None
        ),
        "reason_form": ReasonForm(),
    }
    return render(request, "policies/policy_detail.html", context)


@role_required(*RESPONSIBLE)
@require_POST
def policy_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    policy = get_or_404(selectors.policies_visible_to(user), pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "run_tests":
            results = services.run_policy_tests(actor=user, policy=policy)
            failed = sum(1 for r in results if not r.passed)
            if failed:
                messages.error(request, f"共{len(results)}个测试用例，{failed}个不通过。")
            else:
                messages.success(request, f"共{len(results)}个测试用例，全部通过。")
        elif action == "publish":
            services.publish_policy(actor=user, policy=policy)
            messages.success(request, "政策已发布，正在向符合条件的企业推送。")
        elif action == "withdraw":
            form = ReasonForm(request.POST)
            services.withdraw_policy(actor=user, policy=policy, reason=form.data.get("reason", ""))
            messages.success(request, "政策已废止。")
        elif action == "interpret":
            services.publish_interpretation(actor=user, policy=policy, text=request.POST.get("text", ""))
            messages.success(request, "政策解读已发布。")
        else:
            raise ValidationFailed("未知的操作。")
    except DomainError as exc:
        if exc.status in (403, 404) and not isinstance(exc, ValidationFailed):
            raise
        messages.error(request, exc.message)
    return redirect("policies:policy_detail", policy.pk)


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def parameter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _office_policy(request, pk)
    form = ParameterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.set_parameter(
                actor=_user(request),
                policy=policy,
                name=d["name"],
                label=d["label"],
                kind=d["kind"],
                values=form.pairs(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "参数已保存。")
            return redirect("policies:policy_detail", policy.pk)
    return render(
        request,
        "policies/parameter_form.html",
        {"form": form, "p": policy, "parameters": policy.parameters.all()},
    )


def _preview(policy: Policy, rule_text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The rule's answers for the policy's test cases and a few enterprises of its region, unsaved."""
    try:
        rule = engine.compile_text(rule_text, engine.policy_parameters(policy))
    except RuleError as exc:
        return [], [str(p) for p in exc.problems]
    rows: list[dict[str, Any]] = []
    enterprises = Enterprise.objects.filter(region__tree_path__startswith=policy.region.tree_path).order_by(
        "id"
    )[:PREVIEW_ENTERPRISES]
    facts = fact_catalogue.facts_for(
        Enterprise.objects.filter(pk__in=[e.pk for e in enterprises]), rule.facts
    )
    on = timezone.localdate()
    for e in enterprises:
        rows.append({"name": e.name, "answer": explain(rule, facts.get(e.pk, {}), on)})
    return rows, []


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def clause_create(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _office_policy(request, pk)
    initial = {
        "title": request.GET.get("title", "")[:200],
        "text": request.GET.get("text", "")[:5000],
        "rule": "eligible = all(\n  \n)\nbenefit = 0\n",
    }
    return _clause_form(request, policy, None, initial)


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def clause_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    clause = get_or_404(
        Clause.objects.filter(region_q(user, "policy__region")).select_related("policy__region"), pk=pk
    )
    return _clause_form(request, clause.policy, clause, ClauseForm.initial_for(clause))


def _clause_form(
    request: HttpRequest, policy: Policy, clause: Clause | None, initial: dict[str, Any]
) -> HttpResponse:
    form = ClauseForm(request.POST or None, initial=initial)
    preview: list[dict[str, Any]] = []
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if "preview" in request.POST:
            preview, problems = _preview(policy, d["rule"])
        else:
            try:
                saved = services.save_clause(
                    actor=_user(request),
                    policy=policy,
                    clause=clause,
                    title=d["title"],
                    text=d["text"],
                    benefit_text=d["benefit_text"],
                    rule=d["rule"],
                    attachments=form.attachment_list(),
                    auto_grant=d["auto_grant"],
                    review_workdays=d["review_workdays"],
                    payment_workdays=d["payment_workdays"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, f"条款“{saved.title}”已保存。")
                return redirect("policies:policy_detail", policy.pk)
    context = {
        "form": form,
        "p": policy,
        "clause": clause,
        "preview": preview,
        "problems": problems,
        "facts": fact_catalogue.catalogue().values(),
        "parameters": policy.parameters.all(),
    }
    return render(request, "policies/clause_form.html", context)


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def test_case_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    clause = get_or_404(
        Clause.objects.filter(region_q(user, "policy__region")).select_related("policy"), pk=pk
    )
    form = TestCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        facts = form.fact_dict()
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.add_test_case(
                    actor=user,
                    clause=clause,
                    name=d["name"],
                    facts=facts,
                    on_date=d["on_date"] or date.today(),
                    expected=d["expected"],
                    expected_amount=d["expected_amount"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "测试用例已添加。")
                return redirect("policies:policy_detail", clause.policy_id)
    return render(
        request,
        "policies/test_case_form.html",
        {"form": form, "clause": clause, "facts": fact_catalogue.catalogue().values()},
    )


@role_required(*RESPONSIBLE)
@require_http_methods(["GET", "POST"])
def auto_grant(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    clause = get_or_404(
        Clause.objects.filter(policy__in=selectors.policies_visible_to(user)).select_related("policy"), pk=pk
    )
    if not (user.is_office or user.unit_id == clause.policy.responsible_unit_id):
        raise NotAllowed("只有政策的责任单位或营商办可以办理。")
    if request.method == "POST":
        try:
            if request.POST.get("action") == "generate":
                lst = services.generate_auto_grant_list(actor=user, clause=clause)
                messages.success(
                    request, f"已生成免申即享清单，共{len(lst.candidates)}家企业，请另一名人员确认。"
                )
            elif request.POST.get("action") == "sign_off":
                lst = get_or_404(AutoGrantList.objects.filter(clause=clause), pk=request.POST.get("list", ""))
                made = services.sign_off_auto_grant_list(actor=user, grant_list=lst)
                messages.success(request, f"清单已确认，{len(made)}家企业直接进入待兑现。")
            else:
                raise ValidationFailed("未知的操作。")
        except DomainError as exc:
            if exc.status == 404:
                raise
            messages.error(request, exc.message)
        return redirect("policies:auto_grant", clause.pk)
    lists = list(clause.auto_grant_lists.select_related("created_by", "signed_by")[:10])
    return render(request, "policies/auto_grant.html", {"clause": clause, "lists": lists})
