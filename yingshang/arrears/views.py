"""Arrears pages: the ledger with its totals, a case with its working and plan, imports, 清零 progress,
breach complaints, the investors' promises, the public disclosure list and the calculator."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yingshang.arrears import calculator, selectors, services
from yingshang.arrears.forms import case_fields, picked, posted_date, posted_int, required_date
from yingshang.arrears.models import ArrearsCase, Breach, Instalment, Promise
from yingshang.arrears.roles import OFFICE, OVERSEERS, READERS, WRITERS
from yingshang.arrears.services.common import money, rules
from yingshang.arrears.transitions import BREACH, PROMISE
from yingshang.core.access import get_or_404, role_required, visible_enterprises
from yingshang.core.errors import DomainError, NotAllowed, ValidationFailed
from yingshang.core.excel import write_sheet
from yingshang.core.models import User
from yingshang.core.visibility import timeline_for

Role = User.Role


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _office_units(user: User) -> Any:
    return selectors.office_units(user)


@role_required(*READERS)
def ledger(request: HttpRequest) -> HttpResponse:
    """清欠明细台账: one page of cases and the totals by debtor and by region (three queries)."""
    user = _user(request)
    base = selectors.visible_cases(user)
    qs = selectors.filter_ledger(
        base,
        status=request.GET.get("status", ""),
        overdue=request.GET.get("overdue") == "1",
        q=request.GET.get("q", "").strip()[:50],
    )
    totals = selectors.ledger_totals(qs)
    paginator = Paginator(qs.order_by("due_date", "pk"), 50)
    # The totals counted the cases already: spare the paginator its own COUNT over the same rows.
    paginator.__dict__["count"] = totals.total["cases"]
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "arrears/ledger.html",
        {
            "page": page,
            "rows": [_ledger_row(c, today) for c in page],
            "total": {k: _yuan(v) if isinstance(v, Decimal) else v for k, v in totals.total.items()},
            "by_debtor": _total_rows(totals.by_debtor[:20]),
            "by_region": _total_rows(totals.by_region),
            "statuses": ArrearsCase.Status.choices,
            "q": request.GET.get("q", ""),
        },
    )


def _yuan(value: Decimal | None) -> str:
    """Money as the ledger prints it: 1,234.50 (formatted here, not by template filters, which cost a
    noticeable share of a 50-row page)."""
    return f"{value or 0:,.2f}"


def _ledger_row(case: ArrearsCase, today: date) -> dict[str, Any]:
    return {
        "pk": case.pk,
        "debtor": case.debtor.name,
        "creditor": case.creditor.name,
        "contract": f"{case.contract_no} {case.contract_name}",
        "amount": _yuan(case.amount),
        "paid": _yuan(case.paid_amount),
        "due": case.due_date.isoformat(),
        "late": case.status == ArrearsCase.Status.OPEN and case.due_date < today,
        "status": case.get_status_display(),
    }


def _total_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [r["name"], r["cases"], r["overdue_cases"], _yuan(r["open_owed"]), _yuan(r["overdue_owed"])]
        for r in rows
    ]


@role_required(*OFFICE)
def case_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    units = _office_units(user)
    enterprises = visible_enterprises(user)
    if request.method == "POST":
        try:
            case = services.open_case(actor=user, **case_fields(request.POST, units, enterprises))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已登记欠款案件。")
            return redirect("arrears:case_detail", pk=case.pk)
    return render(
        request,
        "arrears/case_form.html",
        {
            "units": units,
            "enterprises": enterprises,
            "sectors": ArrearsCase.Sector.choices,
            "data": request.POST,
        },
    )


def _case_for(request: HttpRequest, pk: int) -> ArrearsCase:
    return get_or_404(selectors.visible_cases(_user(request)), pk=pk)


@role_required(*READERS)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = _case_for(request, pk)
    audience = selectors.case_audience(user, case)
    result = selectors.figures(case)
    instalments = list(case.instalments.all())
    today = timezone.localdate()
    rows = [(i, services.colour_of(i.due_date, i.status, today)) for i in instalments]
    may_act = case.status == "open" and (
        (user.role == Role.OFFICE_ADMIN) or (user.is_unit_user and user.unit_id == case.debtor_id)
    )
    return render(
        request,
        "arrears/case_detail.html",
        {
            "case": case,
            "result": result,
            "instalments": rows,
            "payments": list(case.payments.all()),
            "timeline": timeline_for(case, audience),
            "breaches": list(case.breaches.all()),
            "may_act": may_act,
            "is_office": user.role == Role.OFFICE_ADMIN,
            "staff": user.role != Role.ENTERPRISE,
            "today": today,
        },
    )


def _act(request: HttpRequest, fn: Any, done: str) -> None:
    try:
        fn()
    except DomainError as exc:
        if isinstance(exc, NotAllowed) or exc.status == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, done)


@require_POST
@role_required(*WRITERS)
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _user(request), _case_for(request, pk)
    _act(
        request,
        lambda: services.record_payment(
            actor=user,
            case=case,
            paid_on=required_date(request.POST, "paid_on", "付款日期"),
            amount=request.POST.get("amount", ""),
        ),
        "已登记还款。",
    )
    return redirect("arrears:case_detail", pk=pk)


@require_POST
@role_required(*WRITERS)
def instalment_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _user(request), _case_for(request, pk)
    _act(
        request,
        lambda: services.add_instalment(
            actor=user,
            case=case,
            due_date=required_date(request.POST, "due_date", "计划还款日期"),
            amount=request.POST.get("amount", ""),
        ),
        "已加入还款计划。",
    )
    return redirect("arrears:case_detail", pk=pk)


def _instalment_for(request: HttpRequest, pk: int) -> Instalment:
    cases = selectors.visible_cases(_user(request))
    return get_or_404(Instalment.objects.select_related("case").filter(case__in=cases), pk=pk)


@require_POST
@role_required(*WRITERS)
def instalment_pay(request: HttpRequest, pk: int) -> HttpResponse:
    user, inst = _user(request), _instalment_for(request, pk)
    _act(
        request,
        lambda: services.pay_instalment(
            actor=user, instalment=inst, paid_on=required_date(request.POST, "paid_on", "支付日期")
        ),
        "已登记该期还款。",
    )
    return redirect("arrears:case_detail", pk=inst.case_id)


@require_POST
@role_required(*WRITERS)
def instalment_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    user, inst = _user(request), _instalment_for(request, pk)
    _act(
        request,
        lambda: services.reschedule_instalment(
            actor=user,
            instalment=inst,
            due_date=required_date(request.POST, "due_date", "新的还款日期"),
            reason=request.POST.get("reason", ""),
        ),
        "已调整还款日期。",
    )
    return redirect("arrears:case_detail", pk=inst.case_id)


@require_POST
@role_required(*WRITERS)
def case_action(request: HttpRequest, pk: int) -> HttpResponse:
    """销案 (office) or an internal note (office, debtor)."""
    user, case = _user(request), _case_for(request, pk)
    if request.POST.get("action") == "close":
        _act(
            request,
            lambda: services.close_case(actor=user, case=case, reason=request.POST.get("reason", "")),
            "已销案。",
        )
    else:
        _act(
            request,
            lambda: services.add_case_note(actor=user, case=case, text=request.POST.get("text", "")),
            "已添加内部备注。",
        )
    return redirect("arrears:case_detail", pk=pk)


@require_POST
@role_required(*OFFICE)
def from_appeal(request: HttpRequest, appeal_pk: int) -> HttpResponse:
    """One action on the appeal page: link an open case of the enterprise, or open one."""
    from yingshang.appeals.selectors import visible_appeals

    user = _user(request)
    appeal = get_or_404(visible_appeals(user).select_related("service", "enterprise"), pk=appeal_pk)
    try:
        existing = picked(
            selectors.visible_cases(user).filter(status="open"), request.POST, "case", "案件", required=False
        )
        if existing is not None:
            case = services.link_appeal(actor=user, appeal=appeal, case=existing)
        else:
            fields = case_fields(request.POST, _office_units(user), None, with_creditor=False)
            case = services.link_appeal(actor=user, appeal=appeal, **fields)
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
        return redirect("appeals:detail", pk=appeal_pk)
    messages.success(request, "已转入清欠台账。")
    return redirect("arrears:case_detail", pk=case.pk)


@role_required(*OFFICE)
def import_cases(request: HttpRequest) -> HttpResponse:
    """摸排 lists (Excel) and complaint-platform exports (CSV/Excel): dry run first, then apply."""
    user = _user(request)
    layout = services.PLATFORM if request.GET.get("layout") == "platform" else services.SURVEY
    context: dict[str, Any] = {"layout": layout, "platform": layout is services.PLATFORM}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationFailed("请选择文件。", fields={"file": "必填"})
            if upload.size and upload.size > 10 * 1024 * 1024:
                raise ValidationFailed("文件不能超过10MB。", fields={"file": "过大"})
            plan = services.plan_import(actor=user, fileobj=upload, name=upload.name or "", layout=layout)
            context["plan"] = plan
            if request.POST.get("apply") == "1" and plan.ok:
                cases = services.apply_import(actor=user, plan=plan, layout=layout)
                messages.success(request, f"已导入 {len(cases)} 件欠款案件。")
                return redirect("arrears:ledger")
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "arrears/import.html", context)


@role_required(*OVERSEERS)
def progress(request: HttpRequest) -> HttpResponse:
    qs = selectors.visible_cases(_user(request)).exclude(status="closed")
    return render(
        request,
        "arrears/progress.html",
        {
            "tables": [
                ("按欠款单位", selectors.progress(qs, "debtor")),
                ("按区域", selectors.progress(qs, "region")),
                ("按主体类型", selectors.progress(qs, "sector")),
            ]
        },
    )


def calculator_page(request: HttpRequest) -> HttpResponse:
    """Anyone may work out a due date and late interest; nothing is stored."""
    context: dict[str, Any] = {"data": request.GET, "rules": rules()}
    if request.GET.get("amount"):
        try:
            payments = []
            for i in (1, 2, 3):
                paid_on = posted_date(request.GET, f"paid_on_{i}", "付款日期", required=False)
                if paid_on and request.GET.get(f"paid_{i}"):
                    payments.append(
                        calculator.Payment(paid_on, money(request.GET[f"paid_{i}"], "paid", "付款金额"))
                    )
            rate = request.GET.get("rate") or None
            context["result"] = calculator.calculate(
                amount=money(request.GET["amount"], "amount", "欠款金额"),
                disputed=money(request.GET.get("disputed") or "0", "disputed", "争议金额", allow_zero=True),
                delivered_on=required_date(request.GET, "delivered_on", "交付日期"),
                accepted_on=posted_date(request.GET, "accepted_on", "验收日期", required=False),
                agreed_term_days=posted_int(request.GET, "term", "约定付款期限"),
                agreed_daily_rate=_rate(rate),
                as_of=posted_date(request.GET, "as_of", "计算截止日", required=False) or timezone.localdate(),
                rules=rules(),
                payments=payments,
            )
        except DomainError as exc:
            context["error"] = exc.message
        except calculator.CalculationError as exc:
            context["error"] = exc.message
    return render(request, "arrears/calculator.html", context)


def _rate(raw: str | None) -> Decimal | None:
    if not raw:
        return None
    try:
        rate = Decimal(raw.strip())
    except ArithmeticError:
        raise ValidationFailed("日利率不是有效数字。", fields={"rate": "无效"}) from None
    if not rate.is_finite() or rate < 0 or rate > Decimal("0.01"):
        raise ValidationFailed("日利率应在0到0.01之间。", fields={"rate": "超出范围"})
    return rate


# -- breaches --------------------------------------------------------------------------------------


@role_required(*READERS)
def breach_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = selectors.visible_breaches(user)
    status = request.GET.get("status", "")
    qs = selectors.filter_breaches(qs, status=status if status in Breach.Status.values else "")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "arrears/breach_list.html", {"page": page, "statuses": Breach.Status.choices})


@role_required(*OFFICE)
def breach_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    units = _office_units(user)
    enterprises = visible_enterprises(user)
    if request.method == "POST":
        try:
            breach = services.file_breach(
                actor=user,
                accused=picked(units, request.POST, "accused", "被投诉单位"),  # type: ignore[arg-type]
                superior=picked(units, request.POST, "superior", "核实部门", required=False),
                enterprise=picked(enterprises, request.POST, "enterprise", "投诉企业"),  # type: ignore[arg-type]
                case=picked(selectors.visible_cases(user), request.POST, "case", "案件", required=False),
                summary=request.POST.get("summary", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("arrears:breach_detail", pk=breach.pk)
    case_id = request.POST.get("case") or request.GET.get("case") or ""
    return render(
        request,
        "arrears/breach_form.html",
        {
            "units": units,
            "enterprises": enterprises,
            "data": request.POST,
            "case_id": case_id if case_id.isdigit() else "",
        },
    )


@role_required(*READERS)
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    breach = get_or_404(selectors.visible_breaches(user), pk=pk)
    return render(
        request,
        "arrears/breach_detail.html",
        {
            "b": breach,
            "timeline": timeline_for(breach, selectors.breach_audience(user, breach)),
            "allowed": {m.action for m in BREACH.allowed(breach.status)},
            "is_office": user.role == Role.OFFICE_ADMIN,
            "is_superior": user.is_unit_user and user.unit_id == breach.superior_id,
            "is_accused": user.is_unit_user and user.unit_id == breach.accused_id,
        },
    )


@require_POST
@role_required(*WRITERS)
def breach_act(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    breach = get_or_404(selectors.visible_breaches(user), pk=pk)
    action = request.POST.get("action", "")
    text = request.POST.get("text", "")
    steps = {
        "send_to_superior": (
            lambda: services.send_to_superior(actor=user, breach=breach),
            "已转主管部门核实。",
        ),
        "verify_true": (
            lambda: services.verify_breach(
                actor=user,
                breach=breach,
                founded=True,
                text=text,
                perform_due=posted_date(request.POST, "perform_due", "履行期限"),
            ),
            "已核实属实并限期履行。",
        ),
        "verify_false": (
            lambda: services.verify_breach(actor=user, breach=breach, founded=False, text=text),
            "已核实不属实。",
        ),
        "perform": (lambda: services.record_performance(actor=user, breach=breach), "已记录履行。"),
        "confirm": (
            lambda: services.confirm_breach(
                actor=user,
                breach=breach,
                decision_no=request.POST.get("decision_no", ""),
                text=text,
                refused=request.POST.get("refused") == "1",
            ),
            "已认定违约失信。",
        ),
        "request_repair": (
            lambda: services.request_repair(actor=user, breach=breach, text=text),
            "已申请信用修复。",
        ),
        "approve_repair": (
            lambda: services.decide_repair(actor=user, breach=breach, approve=True, text=text),
            "已批准信用修复。",
        ),
        "refuse_repair": (
            lambda: services.decide_repair(actor=user, breach=breach, approve=False, text=text),
            "已不予信用修复。",
        ),
        "note": (lambda: services.add_breach_note(actor=user, breach=breach, text=text), "已添加内部备注。"),
    }
    if action not in steps:
        messages.error(request, "未知操作。")
    else:
        fn, done = steps[action]
        _act(request, fn, done)
    return redirect("arrears:breach_detail", pk=pk)


# -- disclosure (public) ---------------------------------------------------------------------------

OVERDUE_HEADERS = ["欠款单位", "区域", "逾期未付案件数", "逾期未付金额(元)"]
RECORD_HEADERS = ["失信主体", "区域", "事项", "认定文号", "认定日期", "状态"]


def disclosure(request: HttpRequest) -> HttpResponse:
    overdue, records = selectors.disclosure_rows()
    return render(
        request,
        "arrears/disclosure.html",
        {
            "overdue": overdue,
            "records": records,
            "as_of": timezone.localdate(),
            "oh": OVERDUE_HEADERS,
            "rh": RECORD_HEADERS,
        },
    )


def disclosure_xlsx(request: HttpRequest) -> HttpResponse:
    overdue, records = selectors.disclosure_rows()
    rows = [[*r[:3], f"{r[3]:.2f}"] for r in overdue]
    data = write_sheet("逾期未支付中小企业账款", OVERDUE_HEADERS, rows, (40, 16, 16, 20))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="arrears-disclosure-{timezone.localdate()}.xlsx"'
    return response


@role_required(*OFFICE)
def credit_export(request: HttpRequest) -> HttpResponse:
    """违约失信 records in force for the credit platform: one CSV row per record (docs/arrears.md)."""
    qs = selectors.visible_breaches(_user(request)).filter(status__in=("confirmed", "repair_requested"))
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["record_id", "subject_name", "region", "matter", "decision_no", "decided_on", "status"])
    for b in qs.order_by("pk"):
        writer.writerow(
            [f"ARB{b.pk}", b.accused.name, b.region.name, b.summary, b.decision_no, b.decided_on, b.status]
        )
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="breach-records-{timezone.localdate()}.csv"'
    return response


# -- promises --------------------------------------------------------------------------------------


@role_required(*OVERSEERS)
def promise_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        if user.role not in OFFICE:
            raise NotAllowed("只读账号不能修改数据。", code="read_only")
        _act(
            request,
            lambda: services.create_promise(
                actor=user,
                unit=picked(_office_units(user), request.POST, "unit", "承诺单位"),  # type: ignore[arg-type]
                enterprise=picked(visible_enterprises(user), request.POST, "enterprise", "投资企业"),  # type: ignore[arg-type]
                kind=request.POST.get("kind", ""),
                content=request.POST.get("content", ""),
                due_date=required_date(request.POST, "due_date", "承诺兑现期限"),
            ),
            "已登记政策承诺。",
        )
        return redirect("arrears:promise_list")
    return render(
        request,
        "arrears/promise_list.html",
        {
            "promises": selectors.visible_promises(user)[:500],
            "units": _office_units(user) if user.role == Role.OFFICE_ADMIN else [],
            "enterprises": visible_enterprises(user) if user.role == Role.OFFICE_ADMIN else [],
            "kinds": Promise.Kind.choices,
            "today": timezone.localdate(),
            "is_office": user.role == Role.OFFICE_ADMIN,
        },
    )


@require_POST
@role_required(*OFFICE)
def promise_act(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    promise = get_or_404(selectors.visible_promises(user), pk=pk)
    if request.POST.get("action") == "fulfil":
        _act(
            request,
            lambda: services.fulfil_promise(
                actor=user,
                promise=promise,
                fulfilled_on=posted_date(request.POST, "fulfilled_on", "兑现日期") or date.today(),
            ),
            "已记录兑现。",
        )
    elif PROMISE.can(promise.status, "mark_broken"):
        _act(
            request, lambda: services.mark_promise_broken(actor=user, promise=promise), "已标记为逾期未兑现。"
        )
    return redirect("arrears:promise_list")
