"""Plans: a department's annual plan or a joint plan, submitted, approved and announced in advance."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from yingshang.core.errors import Conflict, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Region, Unit, User
from yingshang.inspections.draw import RATE_SCALE
from yingshang.inspections.models import InspectionItem, Plan
from yingshang.inspections.services.common import clean, require_office, require_office_or_unit
from yingshang.inspections.transitions import PLAN_MOVES


def _check_rates(rates: dict[str, int]) -> dict[str, int]:
    for tier in ("A", "B", "C", "D"):
        value = rates.get(tier)
        if (
            value is None
            or isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= RATE_SCALE
        ):
            raise ValidationFailed(
                f"{tier}类抽查比例须在0%到100%之间。",
                code="rate_out_of_range",
                fields={f"rate_{tier.lower()}": "超出范围"},
            )
    return rates


@transaction.atomic
def create_plan(
    *,
    actor: User,
    title: str,
    year: int,
    region: Region,
    lead_unit: Unit,
    items: Iterable[InspectionItem],
    rates: dict[str, int],
    scheduled_on: date,
    seed_source: str,
    special: bool = False,
) -> Plan:
    """Rates are basis points (300 = 3 %). Items of several departments make a joint plan (进一次门、查多项事)."""
    require_office_or_unit(actor, lead_unit)
    items = list(items)
    if not items:
        raise ValidationFailed("请至少选择一个抽查事项。", fields={"items": "必填"})
    departments = {item.department_id for item in items}
    if not actor.is_office and lead_unit.pk not in departments:
        raise ValidationFailed("发起部门须承担至少一个抽查事项。", fields={"items": "无本部门事项"})
    _check_rates(rates)
    if not 2000 <= year <= 2100:
        raise ValidationFailed("年度无效。", fields={"year": "无效"})
    plan = Plan.objects.create(
        title=clean(title, "title", "计划名称", limit=200),
        year=year,
        region=region,
        lead_unit=lead_unit,
        joint=len(departments) > 1,
        special=special,
        rate_a=rates["A"],
        rate_b=rates["B"],
        rate_c=rates["C"],
        rate_d=rates["D"],
        scheduled_on=scheduled_on,
        seed_source=clean(seed_source, "seed_source", "随机种子来源", limit=300),
        created_by=actor,
    )
    plan.items.set(items)
    record_event(plan, actor=actor, action="create", to_status=plan.status, note={"name": plan.title})
    return plan


@transaction.atomic
def submit_plan(*, actor: User, plan: Plan) -> Plan:
    require_office_or_unit(actor, plan.lead_unit)
    PLAN_MOVES.apply(plan, "submit", actor=actor)
    return plan


@transaction.atomic
def return_plan(*, actor: User, plan: Plan, reason: str) -> Plan:
    require_office(actor)
    PLAN_MOVES.apply(plan, "return", actor=actor, note={"text": clean(reason, "reason", "退回理由")})
    return plan


@transaction.atomic
def approve_plan(*, actor: User, plan: Plan) -> Plan:
    require_office(actor)
    PLAN_MOVES.apply(plan, "approve", actor=actor)
    return plan


@transaction.atomic
def announce_plan(*, actor: User, plan: Plan) -> Plan:
    """提前公告: the plan appears on the public page before its draw date."""
    require_office(actor)
    today = timezone.localdate()
    if plan.scheduled_on < today:
        raise Conflict("计划抽取日期已过，不能再提前公告；请修改计划。", code="too_late")
    PLAN_MOVES.apply(plan, "announce", actor=actor, fields={"announced_at": timezone.now()})
    return plan
