"""Pages without login: the phone rating page a window's QR code opens, the kiosk (评价器), the online
rating of one matter, the rater's receipt (feedback and 追评) and the published statistics."""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from yingshang.core.access import get_or_404
from yingshang.core.clientip import client_ip
from yingshang.core.errors import DomainError
from yingshang.core.models import Region, User
from yingshang.reviews import services
from yingshang.reviews.forms import FollowUpForm, RatingForm
from yingshang.reviews.models import Channel, Rating, RatingRequest, ServicePoint

DEVICE_COOKIE = "rv_device"


def device_of(request: HttpRequest) -> str:
    return request.COOKIES.get(DEVICE_COOKIE, "")[:64]


def _keep_device(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not request.COOKIES.get(DEVICE_COOKIE):
        response.set_cookie(
            DEVICE_COOKIE, secrets.token_urlsafe(16), max_age=365 * 86400, httponly=True, samesite="Lax"
        )
    return response


def _submit(request: HttpRequest, form: RatingForm, door: dict[str, str]) -> Rating:
    user = request.user if isinstance(request.user, User) else None
    return services.submit_rating(
        actor=user,
        data=services.RatingInput(
            level=form.cleaned_data["level"],
            scores=form.scores(),
            text=form.cleaned_data["text"],
            rater_name=form.cleaned_data["rater_name"],
            rater_phone=form.cleaned_data["rater_phone"],
        ),
        network=client_ip(request),
        device=device_of(request),
        point_key=door.get("point_key", ""),
        token=door.get("token", ""),
        request_code=door.get("request_code", ""),
    )


def _rating_page(
    request: HttpRequest, *, context: dict[str, Any], channel: str, door: dict[str, str], with_token: bool
) -> HttpResponse:
    items = services.current_questionnaire(channel).items
    initial = {"token": request.GET.get("t", "")[:24]}
    form = RatingForm(request.POST or None, items=items, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        if with_token:
            door = {**door, "token": form.cleaned_data["token"]}
        try:
            rating = _submit(request, form, door)
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            return redirect("reviews:receipt", code=rating.receipt_code)
    elif request.method == "POST":
        status = 422
    response = render(
        request,
        "reviews/rate.html",
        {**context, "form": form, "overall": items[0]["label"], "with_token": with_token},
        status=status,
    )
    return _keep_device(request, response)


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, key: str) -> HttpResponse:
    """The page a window's QR code opens (phone width): 一次一评 with the visit token."""
    point = get_or_404(ServicePoint.objects.select_related("unit").filter(is_active=True), public_key=key)
    return _rating_page(
        request,
        context={"title": point.name, "subtitle": point.unit.name},
        channel=point.channel,
        door={"point_key": point.public_key},
        with_token=point.channel == Channel.ONSITE,
    )


@require_http_methods(["GET", "POST"])
def rate_matter(request: HttpRequest, code: str) -> HttpResponse:
    """一事一评: the online rating of one finished matter, from the enterprise's request."""
    req = get_or_404(RatingRequest.objects.select_related("unit"), code=code)
    if req.status != RatingRequest.Status.OPEN:
        return render(request, "reviews/rate_done.html", {"message": "该事项已评价，感谢您的参与。"})
    return _rating_page(
        request,
        context={"title": req.title, "subtitle": req.unit.name},
        channel=Channel.ONLINE,
        door={"request_code": req.code},
        with_token=False,
    )


def kiosk(request: HttpRequest, key: str) -> HttpResponse:
    """评价器: full screen on a tablet at the window; static/reviews/kiosk.js posts each rating to the API
    and resets the page for the next person."""
    point = get_or_404(ServicePoint.objects.select_related("unit").filter(is_active=True), kiosk_key=key)
    items = services.current_questionnaire(point.channel).items
    response = render(request, "reviews/kiosk.html", {"point": point, "items": items})
    return _keep_device(request, response)


@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """What the rater reads with the code shown after rating: the unit's feedback, and the 追评 form."""
    rating = get_or_404(Rating.objects.select_related("point", "unit"), receipt_code=code)
    case = getattr(rating, "case", None)
    form = FollowUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and case is not None:
        if form.is_valid():
            try:
                services.follow_up_case(
                    case=case, level=form.cleaned_data["level"], text=form.cleaned_data["text"]
                )
                return redirect("reviews:receipt", code=code)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
        else:
            status = 422
    return render(
        request, "reviews/receipt.html", {"rating": rating, "case": case, "form": form}, status=status
    )


def public_stats(request: HttpRequest) -> HttpResponse:
    """好差评 figures made public (GB/T 39734 附录B): by unit, matter, channel or month; no names of raters."""
    qs = Rating.objects.all()
    region_id = request.GET.get("region", "")
    if region_id.isdigit():
        region = Region.objects.filter(pk=int(region_id)).first()
        if region is not None:
            qs = qs.filter(region__tree_path__startswith=region.tree_path)
    from yingshang.reviews.views import stats_page

    return stats_page(request, qs, public=True)
