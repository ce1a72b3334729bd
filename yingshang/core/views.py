"""Core pages: home (我的待办), notifications, password, tokens, unit directory, enterprises, calendar,
login locks."""

from __future__ import annotations

import base64
import io
import json
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from yingshang.core import personal_data, services, throttle, unit_directory, workdays
from yingshang.core import search as search_module
from yingshang.core.access import (
    STAFF_ROLES,
    can_see_contact,
    get_or_404,
    login_required,
    mask_phone,
    region_q,
    require_write,
    role_required,
    visible_enterprises,
    visible_units,
)
from yingshang.core.errors import DomainError
from yingshang.core.forms import (
    CalendarDayForm,
    EnterpriseForm,
    PasswordChangeForm,
    UnitForm,
    UploadForm,
    add_domain_error,
)
from yingshang.core.models import ApiToken, CalendarDay, Region, Unit, User
from yingshang.core.todo import todo_board
from yingshang.core.visibility import audience_for, timeline_for

Role = User.Role
OFFICE = (Role.OFFICE_ADMIN,)


def _regions_for(user: User) -> list[Region]:
    return list(Region.objects.filter(region_q(user, field="")) if user.region_id else Region.objects.all())


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    # A leader acts on nothing: the dashboard is what they come to read.
    if user.role == Role.LEADER:
        return redirect("dashboard:index")
    board = todo_board(user)
    return render(request, "core/home.html", {"board": board, "today": timezone.localdate()})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The top bar's search box: an exact item number opens the item, anything else lists hits."""
    text = request.GET.get("q", "")
    result = search_module.search(request.user, text)  # type: ignore[arg-type]
    if result.exact_url:
        return redirect(result.exact_url)
    return render(request, "core/search.html", {"q": text.strip()[:100], "hits": result.hits})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(request.user.notifications.all(), 30).get_page(request.GET.get("page"))  # type: ignore[union-attr]
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.getlist("id")
    # No id means "all"; ids that are not row numbers match nothing rather than everything.
    ids = [int(i) for i in raw if i.isdigit() and len(i) <= 18] if raw else None
    services.mark_notifications_read(actor=request.user, ids=ids)  # type: ignore[arg-type]
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("core:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                actor=request.user,  # type: ignore[arg-type]
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, "密码已修改。")
            return redirect("core:home")
    return render(request, "core/password_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    new_key = ""
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                token = get_or_404(user.api_tokens.all(), pk=request.POST["revoke"])
                services.revoke_api_token(actor=user, token=token)
                messages.success(request, "令牌已吊销。")
            else:
                with transaction.atomic():
                    throttle.count_token_creation(request, username=user.username, user_id=user.pk)
                    _, new_key = services.create_api_token(actor=user, name=request.POST.get("name", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
    tokens = ApiToken.objects.filter(user=user)
    return render(request, "core/tokens.html", {"tokens": tokens, "new_key": new_key})


@role_required(*STAFF_ROLES)
def unit_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    units = visible_units(user)
    q = request.GET.get("q", "").strip()
    if q:
        units = units.filter(name__icontains=q)
    kind = request.GET.get("kind", "")
    if kind in Unit.Kind.values:
        units = units.filter(kind=kind)
    if request.GET.get("format") == "xlsx":
        data = unit_directory.export_units(list(units.order_by("region__tree_path", "name")))
        return _xlsx_response(data, "单位名录.xlsx")
    page = Paginator(units.order_by("region__tree_path", "name"), 50).get_page(request.GET.get("page"))
    return render(
        request, "core/unit_list.html", {"page": page, "q": q, "kind": kind, "kinds": Unit.Kind.choices}
    )


@role_required(*STAFF_ROLES)
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    unit = get_or_404(visible_units(user), pk=pk)
    events = timeline_for(unit, audience_for(user))
    return render(request, "core/unit_detail.html", {"unit": unit, "events": events})


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    require_write(user)
    regions = Region.objects.filter(pk__in=[r.pk for r in _regions_for(user)])
    form = UnitForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(
                actor=user,
                name=form.cleaned_data["name"],
                region=form.cleaned_data["region"],
                kind=form.cleaned_data["kind"],
                short_name=form.cleaned_data["short_name"],
                aliases=form.alias_list(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已添加单位：{unit.name}")
            return redirect("core:unit_detail", pk=unit.pk)
    return render(request, "core/form.html", {"form": form, "title": "添加单位"})


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def unit_import(request: HttpRequest) -> HttpResponse:
    """Two steps: upload → dry-run plan shown; confirm → written. Nothing is written when any row is bad."""
    user: User = request.user  # type: ignore[assignment]
    require_write(user)
    form = UploadForm(request.POST or None, request.FILES or None)
    plan = None
    stash = request.POST.get("stash", "")
    if request.method == "POST":
        raw = b""
        if request.FILES.get("file"):
            raw = request.FILES["file"].read()
        elif stash:
            raw = base64.b64decode(stash)
        if raw:
            try:
                plan = unit_directory.plan_unit_import(io.BytesIO(raw), regions=_regions_for(user))
                if request.POST.get("apply") and plan.ok:
                    count = unit_directory.apply_unit_import(actor=user, plan=plan)
                    messages.success(request, f"导入完成：写入 {count} 个单位。")
                    return redirect("core:unit_list")
            except DomainError as exc:
                messages.error(request, exc.message)
            stash = base64.b64encode(raw).decode()
    return render(request, "core/unit_import.html", {"form": form, "plan": plan, "stash": stash})


@role_required(*STAFF_ROLES, Role.ENTERPRISE)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    qs = visible_enterprises(user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(credit_code=q.upper())
    page = Paginator(qs.order_by("name"), 50).get_page(request.GET.get("page"))
    rows = [(e, e.contact_phone if can_see_contact(user, e) else mask_phone(e.contact_phone)) for e in page]
    return render(request, "core/enterprise_list.html", {"page": page, "rows": rows, "q": q})


@role_required(*STAFF_ROLES, Role.ENTERPRISE)
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    enterprise = get_or_404(visible_enterprises(user), pk=pk)
    phone = (
        enterprise.contact_phone
        if can_see_contact(user, enterprise)
        else mask_phone(enterprise.contact_phone)
    )
    return render(request, "core/enterprise_detail.html", {"e": enterprise, "phone": phone})


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    require_write(user)
    regions = Region.objects.filter(pk__in=[r.pk for r in _regions_for(user)])
    form = EnterpriseForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.create_enterprise(actor=user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记：{enterprise.name}")
            return redirect("core:enterprise_detail", pk=enterprise.pk)
    return render(request, "core/form.html", {"form": form, "title": "登记市场主体"})


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST":
        try:
            if "delete" in request.POST:
                services.delete_calendar_day(actor=user, day=date.fromisoformat(request.POST["delete"]))
                messages.success(request, "已删除调整。")
                return redirect("core:calendar")
            if form.is_valid():
                services.set_calendar_day(
                    actor=user,
                    day=form.cleaned_data["date"],
                    is_workday=form.cleaned_data["is_workday"],
                    note=form.cleaned_data["note"],
                )
                messages.success(request, "已保存。")
                return redirect("core:calendar")
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "日期格式无效。"))
    today = date.today()
    cal = workdays.get_calendar()
    upcoming = [(d, cal.day_kind(d)) for d in (today + timedelta(days=i) for i in range(30))]
    return render(
        request,
        "core/calendar.html",
        {
            "form": form,
            "days": CalendarDay.objects.all(),
            "upcoming": upcoming,
        },
    )


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers without touching sessions; checks the database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse(json.dumps({"status": "ok"}), content_type="application/json")


@role_required(*OFFICE)
def export_log(request: HttpRequest) -> HttpResponse:
    """个人信息导出记录: read-only; rows are written only by the exports themselves."""
    user: User = request.user  # type: ignore[assignment]
    page = Paginator(personal_data.export_log(user), 50).get_page(request.GET.get("page"))
    return render(request, "core/export_log.html", {"page": page})


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def login_locks(request: HttpRequest) -> HttpResponse:
    """The office lifts a login lock (an account or an address locked after repeated failures)."""
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        kind, value = request.POST.get("kind", ""), request.POST.get("value", "")
        try:
            cleared = services.unlock_login(
                actor=user,
                username=value if kind == "account" else "",
                ip_address=value if kind == "address" else "",
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已解锁：{value}（清除失败记录{cleared}次）")
        return redirect("core:login_locks")
    context = {
        "locks": throttle.current_locks(),
        "account_limit": throttle.account_limit(),
        "address_limit": throttle.address_limit(),
        "minutes": int(throttle.cool_off().total_seconds() // 60),
    }
    return render(request, "core/login_locks.html", context)
