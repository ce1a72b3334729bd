"""政企沟通活动: a unit (or the office) plans an event with invited enterprises and records attendance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from yingshang.core.access import require_write
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, Region, User
from yingshang.outreach.models import Invitation, OutreachEvent
from yingshang.outreach.services.common import UNIT_ROLES, check_scope, clean

Role = User.Role


def _require_organiser(actor: User, event: OutreachEvent | None = None) -> None:
    require_write(actor)
    if actor.role == Role.OFFICE_ADMIN:
        if event is not None:
            check_scope(actor, event.region)
        return
    if actor.role in UNIT_ROLES and (event is None or event.unit_id == actor.unit_id):
        return
    raise NotAllowed("您无权管理该活动。", code="role")


@transaction.atomic
def create_event(
    *,
    actor: User,
    region: Region,
    kind: str,
    title: str,
    held_on: date,
    place: str = "",
    enterprises: Sequence[Enterprise] = (),
) -> OutreachEvent:
    """A unit's event is counted for the unit (每年至少2次); the office's has no unit."""
    _require_organiser(actor)
    check_scope(actor, region)
    if kind not in OutreachEvent.Kind.values:
        raise ValidationFailed("请选择活动类型。", fields={"kind": "无效"})
    event = OutreachEvent.objects.create(
        region=region,
        unit_id=actor.unit_id if actor.role in UNIT_ROLES else None,
        kind=kind,
        title=clean(title, "title", "活动名称", limit=200),
        held_on=held_on,
        place=clean(place, "place", "地点", required=False, limit=200),
        created_by=actor,
    )
    Invitation.objects.bulk_create(
        [Invitation(event=event, enterprise=e) for e in {e.pk: e for e in enterprises}.values()]
    )
    record_event(
        event, actor=actor, action="create", note={"title": event.title, "enterprises": len(enterprises)}
    )
    return event


@transaction.atomic
def record_attendance(
    *, actor: User, event: OutreachEvent, attended_ids: Sequence[int], summary: str = ""
) -> OutreachEvent:
    """Who came (the others invited are marked absent) and the minutes."""
    _require_organiser(actor, event)
    attended = set(attended_ids)
    invited = set(event.invitations.values_list("enterprise_id", flat=True))
    if attended - invited:
        raise ValidationFailed("出席企业须在邀请名单中。", fields={"attended": "不在名单中"})
    event.invitations.filter(enterprise_id__in=attended).update(attended=True)
    event.invitations.exclude(enterprise_id__in=attended).update(attended=False)
    text = clean(summary, "summary", "纪要", required=False, limit=10000)
    OutreachEvent.objects.filter(pk=event.pk).update(summary=text)
    event.summary = text
    record_event(event, actor=actor, action="record_attendance", note={"attended": len(attended)})
    return event
