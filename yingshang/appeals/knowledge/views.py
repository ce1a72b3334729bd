"""Pages of the 热线知识库: list (with the 待复核 filter), entry, new/edit, moves, and the two htmx
partials of the staff entry form (matches for the description; the chosen entry's answer)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from yingshang.appeals.knowledge import selectors, services
from yingshang.appeals.knowledge.access import can_maintain, require_maintainer, visible_entries
from yingshang.appeals.knowledge.forms import EntryForm
from yingshang.appeals.knowledge.models import KnowledgeEntry
from yingshang.appeals.knowledge.workflow import TABLE
from yingshang.core.access import (
    STAFF_ROLES,
    get_or_404,
    region_q,
    require_write,
    role_required,
)
from yingshang.core.errors import DomainError, ValidationFailed
from yingshang.core.models import Unit, User
from yingshang.core.pagination import CappedPaginator
from yingshang.core.visibility import audience_for, timeline_for

Role = User.Role
MAINTAINERS = (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _units(user: User):  # type: ignore[no-untyped-def]
    if user.is_unit_user:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.filter(region_q(user), is_active=True).select_related("region")


@role_required(*STAFF_ROLES)
def knowledge_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = selectors.filter_entries(visible_entries(user), request.GET).order_by("-updated_at", "-id")
    page = CappedPaginator(qs, 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for e in page:
        e.review_overdue = e.status == "published" and e.review_date < today  # type: ignore[attr-defined]
    context = {
        "page": page,
        "params": request.GET,
        "statuses": KnowledgeEntry.Status.choices,
        "can_add": user.role in MAINTAINERS,
        "overdue_count": visible_entries(user).filter(selectors.overdue_review_q()).count(),
    }
    return render(request, "appeals/knowledge/list.html", context)


def _save(request: HttpRequest, user: User, entry: KnowledgeEntry | None) -> HttpResponse:
    initial = {}
    if entry is not None:
        initial = {f: getattr(entry, f) for f in services.EDITABLE}
    elif user.is_unit_user:
        initial = {"owner_unit": user.unit_id}
    form = EntryForm(request.POST or None, initial=initial, units=_units(user))
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                entry = services.create_entry(actor=user, **form.cleaned_data)
                messages.success(request, "知识条目已保存为草稿。")
            else:
                services.update_entry(actor=user, entry=entry, **form.cleaned_data)
                messages.success(request, f"已保存为第{entry.version}版。")
        except ValidationFailed as exc:
            for name, msg in exc.fields.items():
                form.add_error(name if name in form.fields else None, f"{msg}：{exc.message}")
            if not exc.fields:
                form.add_error(None, exc.message)
        else:
            return redirect("appeals:knowledge_detail", pk=entry.pk)
    title = "新建知识条目" if entry is None else "修改知识条目"
    status = 422 if request.method == "POST" else 200
    return render(
        request, "appeals/knowledge/form.html", {"form": form, "title": title, "entry": entry}, status=status
    )


@role_required(*MAINTAINERS)
@require_http_methods(["GET", "POST"])
def knowledge_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_write(user)
    return _save(request, user, None)


@role_required(*MAINTAINERS)
@require_http_methods(["GET", "POST"])
def knowledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    entry = get_or_404(visible_entries(user), pk=pk)
    require_maintainer(user, entry)
    return _save(request, user, entry)


@role_required(*STAFF_ROLES)
def knowledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    entry = get_or_404(visible_entries(user), pk=pk)
    relation = "lead" if user.unit_id == entry.owner_unit_id else "other"
    context = {
        "e": entry,
        "history": timeline_for(entry, audience_for(user, relation=relation)),
        "can_maintain": can_maintain(user, entry),
        "moves": TABLE.allowed(entry.status),
        "review_overdue": entry.status == "published" and entry.review_date < timezone.localdate(),
        "uses": entry.uses.select_related("appeal").order_by("-created_at")[:20],
    }
    return render(request, "appeals/knowledge/detail.html", context)


@role_required(*MAINTAINERS)
@require_POST
def knowledge_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _user(request)
    entry = get_or_404(visible_entries(user), pk=pk)
    try:
        if action == "publish":
            services.publish_entry(actor=user, entry=entry)
        elif action == "retire":
            services.retire_entry(actor=user, entry=entry)
        elif action == "restore":
            services.restore_entry(actor=user, entry=entry)
        elif action == "review":
            try:
                nxt = date.fromisoformat(request.POST.get("next_review", ""))
            except ValueError:
                raise ValidationFailed("请填写下次复核日期。", fields={"next_review": "日期无效"}) from None
            services.review_entry(actor=user, entry=entry, next_review=nxt)
        else:
            raise ValidationFailed("未知的操作。", code="unknown_action")
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, "操作成功。")
    return redirect("appeals:knowledge_detail", pk=entry.pk)


@role_required(*STAFF_ROLES)
def knowledge_match(request: HttpRequest) -> HttpResponse:
    """htmx partial: entries matching the description being typed (the staff entry form)."""
    user = _user(request)
    text = request.GET.get("description", "")
    matches = selectors.matches_for(user, text)
    return render(request, "appeals/knowledge/_matches.html", {"matches": matches, "text": text})


@role_required(*STAFF_ROLES)
def knowledge_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx partial: the chosen entry's answer, as the form fields that record it with the filing."""
    entry = get_or_404(selectors.usable_entries(_user(request)), pk=pk)
    return render(request, "appeals/knowledge/_answer.html", {"e": entry})
