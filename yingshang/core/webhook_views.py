"""Pages for group robots (群机器人): a unit manages its own; the office every unit's in its region and
its own, and sees which are failing."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from yingshang.core.access import get_or_404, role_required, visible_units
from yingshang.core.errors import DomainError
from yingshang.core.forms import add_domain_error
from yingshang.core.models import User, Webhook, WebhookDelivery
from yingshang.core.webhooks import selectors, services
from yingshang.core.webhooks.forms import WebhookForm

Role = User.Role
MANAGERS = (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF)
RECENT = 20


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _owners(user: User) -> list[tuple[str, str]]:
    if user.is_unit_user:
        unit = user.unit
        return [(f"unit:{unit.pk}", unit.name)] if unit else []  # type: ignore[union-attr]
    regions = [(f"region:{r.pk}", f"营商办（{r.name}）") for r in selectors.office_regions(user)]
    units = [
        (f"unit:{u.pk}", f"{u.region.name} {u.name}")
        for u in visible_units(user).filter(is_active=True).order_by("region__tree_path", "name")
    ]
    return regions + units


def _owner_of(user: User, value: str) -> dict[str, object]:
    kind, _, raw = value.partition(":")
    if not raw.isdigit():
        return {}
    if kind == "unit":
        return {"unit": get_or_404(visible_units(user), pk=int(raw))}
    if kind == "region":
        return {"region": get_or_404(selectors.office_regions(user), pk=int(raw))}
    return {}


def _rows(user: User) -> list[Webhook]:
    hooks = list(
        selectors.manageable_webhooks(user)
        .annotate(failed=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.FAILED)))
        .order_by("region_id", "unit__region__tree_path", "unit__name", "id")
    )
    for h in hooks:
        h.masked_url = selectors.mask_url(h.url)  # type: ignore[attr-defined]
    return hooks


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = WebhookForm(request.POST or None, owners=_owners(user))
    if request.method == "POST" and form.is_valid():
        try:
            hook = services.create_webhook(
                actor=user,
                name=form.cleaned_data["name"],
                platform=form.cleaned_data["platform"],
                url=form.cleaned_data["url"],
                secret=form.cleaned_data["secret"],
                **_owner_of(user, form.cleaned_data["owner"]),  # type: ignore[arg-type]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记群机器人：{hook.name}。可点“发送测试消息”检查配置。")
            return redirect("core:webhook_detail", pk=hook.pk)
    failing = (
        WebhookDelivery.objects.filter(
            webhook__in=selectors.manageable_webhooks(user),
            status__in=(WebhookDelivery.Status.FAILED, WebhookDelivery.Status.RETRYING),
        )
        .select_related("webhook")
        .order_by("-created_at")[:RECENT]
    )
    return render(
        request,
        "core/webhook_list.html",
        {"hooks": _rows(user), "form": form, "failing": failing},
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    hook = get_or_404(selectors.manageable_webhooks(user), pk=pk)
    form = WebhookForm(
        request.POST or None,
        owners=[],
        editing=True,
        initial={"name": hook.name, "is_active": hook.is_active},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_webhook(
                actor=user,
                webhook=hook,
                name=form.cleaned_data["name"],
                url=form.cleaned_data["url"],
                secret=form.cleaned_data["secret"],
                is_active=form.cleaned_data["is_active"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("core:webhook_detail", pk=hook.pk)
    return render(
        request,
        "core/webhook_detail.html",
        {
            "hook": hook,
            "masked_url": selectors.mask_url(hook.url),
            "masked_secret": selectors.mask_secret(hook.secret),
            "form": form,
            "deliveries": hook.deliveries.all()[:RECENT],
        },
    )


@role_required(*MANAGERS)
@require_POST
def webhook_test(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    hook = get_or_404(selectors.manageable_webhooks(user), pk=pk)
    try:
        services.send_test(actor=user, webhook=hook)
        messages.success(request, "测试消息已排队发送，请在群里查看，并刷新本页查看发送结果。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("core:webhook_detail", pk=hook.pk)


@role_required(*MANAGERS)
@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    hook = get_or_404(selectors.manageable_webhooks(user), pk=pk)
    try:
        services.delete_webhook(actor=user, webhook=hook)
        messages.success(request, f"已删除群机器人：{hook.name}")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("core:webhook_detail", pk=pk)
    return redirect("core:webhook_list")


@role_required(*MANAGERS)
@require_POST
def webhook_resend(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = get_or_404(
        WebhookDelivery.objects.filter(webhook__in=selectors.manageable_webhooks(user)).select_related(
            "webhook"
        ),
        pk=pk,
    )
    try:
        services.resend_delivery(actor=user, delivery_row=row)
        messages.success(request, "已重新排队发送。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("core:webhook_detail", pk=row.webhook_id)
