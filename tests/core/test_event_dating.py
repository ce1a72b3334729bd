"""Both databases refuse to rewrite an event; the demo dates the events it replays as they are written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from tests.appeals.makers import make_appeal
from yingshang.core.events import events_dated, record_event, timeline
from yingshang.core.models import Event


def test_an_event_cannot_be_rewritten_on_either_database(cast: Any) -> None:
    appeal = make_appeal(cast)
    event = timeline(appeal).get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(days=1))


def test_events_dated_sets_the_time_of_events_recorded_inside_and_only_there(cast: Any) -> None:
    appeal = make_appeal(cast)
    then = timezone.now() - timedelta(days=90)
    with events_dated(then):
        dated = record_event(appeal, actor=None, action="note")
    after = record_event(appeal, actor=None, action="note")
    dated.refresh_from_db()
    assert dated.created_at == then
    assert after.created_at > then + timedelta(days=89)
