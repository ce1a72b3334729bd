"""The append-only event log every app writes its state changes to, and the timeline that reads it."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from yingshang.core.models import Event, User


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
    )


def timeline(subject: models.Model) -> models.QuerySet[Event]:
    """Events of one object, oldest first, with their actors in the same query."""
    return Event.objects.filter(
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        object_id=subject.pk,
    ).select_related("actor")
