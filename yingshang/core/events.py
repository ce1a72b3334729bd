"""The append-only event log every app writes its state changes to, and the timeline that reads it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from yingshang.core.models import Event, User

# The demo replays months of work in a moment; it dates the events it causes here instead of
# rewriting them afterwards (the log is append-only: PostgreSQL refuses UPDATE and DELETE on it).
_replay_clock: ContextVar[datetime | None] = ContextVar("event_replay_clock", default=None)


@contextmanager
def events_dated(when: datetime) -> Iterator[None]:
    """Events recorded inside this block carry ``when`` as their time (demo data only)."""
    token = _replay_clock.set(when)
    try:
        yield
    finally:
        _replay_clock.reset(token)


def record_event(
    subject: models.Model,
    *,
    actor: User | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    note: dict[str, Any] | None = None,
) -> Event:
    """Append one event row. Call it inside the transaction that makes the change."""
    return Event.objects.create(
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        object_id=subject.pk,
        actor=actor,
        action=action,
        from_status=from_status or "",
        to_status=to_status or "",
        note=note or {},
        created_at=_replay_clock.get() or timezone.now(),
    )


def timeline(subject: models.Model) -> models.QuerySet[Event]:
    """Events of one object, oldest first, with their actors in the same query."""
    return Event.objects.filter(
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        object_id=subject.pk,
    ).select_related("actor")
