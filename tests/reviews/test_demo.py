"""The demo step: a few hundred ratings over months and windows, bad ratings in every state, in time order."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.test import Client
from django.utils import timezone

from yingshang.core.demo import load_core
from yingshang.core.events import timeline
from yingshang.reviews.demo import load_reviews
from yingshang.reviews.models import BadRatingCase, Rating


def test_demo_is_varied_ordered_and_idempotent(db: Any) -> None:
    cast = load_core()
    logs: list[str] = []
    load_reviews(cast, logs.append)
    assert Rating.objects.count() >= 300
    months = {
        timezone.localtime(t).strftime("%Y-%m") for t in Rating.objects.values_list("submitted_at", flat=True)
    }
    assert len(months) >= 5
    assert Rating.objects.values("point").distinct().count() >= 6
    states = set(BadRatingCase.objects.values_list("status", flat=True).annotate(n=Count("id")))
    assert set(BadRatingCase.Status.values) <= states
    assert Rating.objects.filter(excluded=True).exists()
    now = timezone.now()
    for case in BadRatingCase.objects.select_related("rating"):
        times = [case.rating.submitted_at, *(e.created_at for e in timeline(case).order_by("pk"))]
        assert times == sorted(times) and times[-1] <= now, case.status
        token = getattr(case.rating, "visit_token", None)
        assert token is None or token.issued_at <= case.rating.submitted_at
    load_reviews(cast, logs.append)
    assert "跳过" in logs[-1]
    client = Client()
    client.force_login(cast.users["office"])
    for url in ("/reviews/", "/reviews/stats/?by=month", "/reviews/flags/", "/reviews/points/"):
        assert client.get(url).status_code == 200, url
    assert "办税服务厅" in client.get("/reviews/flags/").content.decode()
