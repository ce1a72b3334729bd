"""The demo step: a few hundred appeals in every state, some late; running it twice changes nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from yingshang.appeals.demo import COUNT, load_appeals
from yingshang.appeals.models import Appeal
from yingshang.core.demo import load_core


def test_demo_is_varied_and_idempotent(db: Any) -> None:
    cast = load_core()
    logs: list[str] = []
    load_appeals(cast, logs.append)
    assert Appeal.objects.count() == COUNT
    states = dict(Appeal.objects.values_list("status").annotate(n=Count("id")))
    assert {"submitted", "dispatched", "acknowledged", "replied", "visited", "closed", "returned"} <= set(
        states
    )
    assert Appeal.objects.filter(is_late=True, status="acknowledged").exists()
    assert Appeal.objects.values("service").distinct().count() >= 8
    load_appeals(cast, logs.append)
    assert Appeal.objects.count() == COUNT and "跳过" in logs[-1]
    # The pages cope with the volume.
    from django.test import Client

    client = Client()
    client.force_login(cast.users["office"])
    assert client.get("/appeals/").status_code == 200
    assert client.get("/appeals/stats/").status_code == 200
    client.force_login(cast.users["unitstaff"])
    assert client.get("/appeals/").status_code == 200


def test_demo_appeals_tell_their_story_in_time_order(db: Any) -> None:
    from django.utils import timezone

    from yingshang.core.events import timeline

    load_appeals(load_core(), lambda _: None)
    now = timezone.now()
    steps = ["created_at", "dispatched_at", "acknowledged_at", "replied_at", "callback_at", "closed_at"]
    for a in Appeal.objects.all():
        times = [getattr(a, f) for f in steps if getattr(a, f) is not None]
        assert times == sorted(times), f"{a.tracking_code}: steps out of order"
        assert times[-1] <= now, f"{a.tracking_code}: a step in the future"
        events = list(timeline(a))
        assert events[0].action == "file" and events[0].created_at == a.created_at
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        # The timeline ends where the appeal stands.
        assert events[-1].to_status == a.status, a.tracking_code
    assert Appeal.objects.filter(reopen_count=1, solved=False, status="acknowledged").exists()
