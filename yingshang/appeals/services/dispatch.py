"""分办 by the office: one appeal or many to a lead unit with helpers, 退单 review, and 并单."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from yingshang.appeals import groupchat
from yingshang.appeals.models import (
    Appeal,
    AppealUnit,
)
from yingshang.appeals.services.clocks import _start_clock
from yingshang.appeals.services.common import (
    APPEAL,
    S,
    _require_office,
    _unit_users,
    _url,
    lead_unit_of,
)
from yingshang.appeals.statistics.cells import keeps_statistics
from yingshang.appeals.workflow import TABLE
from yingshang.core.access import region_q
from yingshang.core.errors import Conflict, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Unit, User
from yingshang.core.services import notify
from yingshang.core.visibility import Audience, text_for

# -- dispatch --------------------------------------------------------------------------------------


def _check_units(actor: User, lead_unit: Unit, cooperating: Sequence[Unit]) -> list[Unit]:
    allowed = (
        Unit.objects.filter(region_q(actor), is_active=True)
        if actor.region_id
        else Unit.objects.filter(is_active=True)
    )
    ids = {lead_unit.pk, *(u.pk for u in cooperating)}
    if allowed.filter(pk__in=ids).count() != len(ids):
        raise ValidationFailed("所选单位不存在、已停用或不在您的管辖范围。", fields={"lead_unit": "无效"})
    coop = [u for u in dict.fromkeys(cooperating) if u.pk != lead_unit.pk]
    return coop


def _assign_units(appeal: Appeal, lead_unit: Unit, cooperating: Sequence[Unit]) -> None:
    AppealUnit.objects.filter(appeal=appeal, is_active=True).update(is_active=False)
    AppealUnit.objects.bulk_create(
        [AppealUnit(appeal=appeal, unit=lead_unit, role=AppealUnit.Role.LEAD)]
        + [AppealUnit(appeal=appeal, unit=u, role=AppealUnit.Role.COOPERATING) for u in cooperating]
    )


def _notify_units(
    appeal: Appeal,
    unit_ids: Iterable[int],
    title: str,
    body: str = "",
    *,
    action: str = "",
    audience: Audience = Audience.LEAD,
) -> None:
    """A notice to the units' users. A body that carries an event's text passes the visibility rule."""
    if action:
        body = text_for(audience, APPEAL, action, body)
    notify(recipients=_unit_users(unit_ids), title=title, body=body, url=_url(appeal), kind="appeal")


@keeps_statistics
@transaction.atomic
def dispatch_appeal(
    *, actor: User, appeal: Appeal, lead_unit: Unit, cooperating_units: Sequence[Unit] = (), note: str = ""
) -> Appeal:
    """分办 (also the office's decision after 提级呈办 / 会商): one lead unit, optional cooperating units."""
    _require_office(actor)
    coop = _check_units(actor, lead_unit, cooperating_units)
    now = timezone.now()
    fields = _start_clock(appeal, now)
    TABLE.apply(
        appeal,
        "dispatch",
        actor=actor,
        note={"lead_unit": lead_unit.name, "cooperating_units": [u.name for u in coop], "text": note[:500]},
        fields=fields,
    )
    _assign_units(appeal, lead_unit, coop)
    _notify_units(appeal, [lead_unit.pk], f"新诉求待签收：{appeal.title}", "请在签收时限内签收。")
    if coop:
        _notify_units(appeal, [u.pk for u in coop], f"新诉求请协办：{appeal.title}")
    groupchat.dispatched(appeal, lead_unit.pk, [u.pk for u in coop])
    return appeal


@keeps_statistics
@transaction.atomic
def review_return(
    *,
    actor: User,
    appeal: Appeal,
    decision: str,
    lead_unit: Unit | None = None,
    cooperating_units: Sequence[Unit] = (),
    note: str = "",
) -> Appeal:
    """dispute_review of a 退单: ``redispatch`` to another unit (clocks restart) or ``insist`` (same unit,
    the reply deadline stays: a wrong return must not buy the unit time)."""
    _require_office(actor)
    current = lead_unit_of(appeal)
    now = timezone.now()
    if decision == "insist":
        if current is None:
            raise Conflict("该诉求没有主办单位，请改派。")
        fields = _start_clock(appeal, now, keep_reply_due=True)
        TABLE.apply(
            appeal, "insist", actor=actor, note={"lead_unit": current.name, "text": note[:500]}, fields=fields
        )
        _notify_units(appeal, [current.pk], f"退单未通过，请继续办理：{appeal.title}", note, action="insist")
        return appeal
    if decision != "redispatch":
        raise ValidationFailed("审核结果应为改派或维持原分办。", fields={"decision": "无效"})
    if lead_unit is None:
        raise ValidationFailed("改派请选择新的主办单位。", fields={"lead_unit": "必填"})
    if current is not None and lead_unit.pk == current.pk:
        raise ValidationFailed(
            "改派的单位不能是原主办单位；如需原单位继续办理请选“维持原分办”。",
            fields={"lead_unit": "与原单位相同"},
        )
    coop = _check_units(actor, lead_unit, cooperating_units)
    fields = _start_clock(appeal, now)
    TABLE.apply(
        appeal,
        "redispatch",
        actor=actor,
        note={"lead_unit": lead_unit.name, "from_unit": current.name if current else "", "text": note[:500]},
        fields=fields,
    )
    _assign_units(appeal, lead_unit, coop)
    _notify_units(appeal, [lead_unit.pk], f"改派诉求待签收：{appeal.title}")
    groupchat.dispatched(appeal, lead_unit.pk, [u.pk for u in coop])
    return appeal


# -- unit actions ----------------------------------------------------------------------------------


MAX_BULK_DISPATCH = 50


@transaction.atomic
def dispatch_appeals(
    *, actor: User, appeals: Sequence[Appeal], lead_unit: Unit, note: str = ""
) -> list[Appeal]:
    """批量分办: the selected appeals to one lead unit, all or none (one that cannot move stops them all)."""
    _require_office(actor)
    if not appeals:
        raise ValidationFailed("请先勾选要分办的诉求。", fields={"ids": "必填"})
    if len(appeals) > MAX_BULK_DISPATCH:
        raise ValidationFailed(f"一次最多分办{MAX_BULK_DISPATCH}件。", fields={"ids": "过多"})
    return [dispatch_appeal(actor=actor, appeal=a, lead_unit=lead_unit, note=note) for a in appeals]


# -- merge -----------------------------------------------------------------------------------------


@keeps_statistics
@transaction.atomic
def merge_appeals(*, actor: User, parent: Appeal, children: Sequence[Appeal]) -> Appeal:
    """并单: duplicates follow ``parent``; each keeps its tracking code and shows the parent's answer."""
    _require_office(actor)
    if parent.status == S.MERGED or parent.status == S.CLOSED:
        raise Conflict("主诉求已并单或已办结，不能作为并单目标。", code="bad_parent")
    if not children:
        raise ValidationFailed("请选择要并入的诉求。", fields={"children": "必填"})
    for child in children:
        if child.pk == parent.pk:
            raise ValidationFailed("不能把诉求并入它自己。", fields={"children": "无效"})
        TABLE.apply(
            child,
            "merge",
            actor=actor,
            note={"parent": parent.tracking_code},
            fields={"parent": parent, "next_alert_at": None},
        )
        AppealUnit.objects.filter(appeal=child, is_active=True).update(is_active=False)
        # Appeals already merged into the child follow it to the new parent.
        Appeal.objects.filter(parent=child).update(parent=parent)
    record_event(
        parent, actor=actor, action="merge_into", note={"children": [c.tracking_code for c in children]}
    )
    return parent
