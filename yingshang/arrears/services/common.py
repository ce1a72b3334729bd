"""Shared pieces of the arrears services: the dated rules, who may act where, money and text checks."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings

from yingshang.arrears import calculator
from yingshang.arrears.models import ArrearsCase, StatutoryRule
from yingshang.core.access import region_by_id, require_role, require_write
from yingshang.core.errors import NotAllowed, NotFound, ValidationFailed
from yingshang.core.models import Region, Unit, User
from yingshang.core.text import forbidden_character

Role = User.Role
UNIT_ROLES = (Role.UNIT_LEADER, Role.UNIT_STAFF)


def rules() -> list[calculator.Rule]:
    """The dated parameters, oldest first, as the calculator takes them."""
    return [
        calculator.Rule(r.effective_from, r.default_term_days, r.max_term_days, r.daily_rate, r.source)
        for r in StatutoryRule.objects.order_by("effective_from")
    ]


def breach_verify_workdays() -> int:
    return int(str(settings.YINGSHANG.get("BREACH_VERIFY_WORKDAYS", 10)))


def in_region(actor: User, region: Region) -> bool:
    if actor.region_id is None:
        return True
    return region.tree_path.startswith(region_by_id(actor.region_id).tree_path)


def require_office(actor: User) -> None:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)


def require_office_for(actor: User, region: Region) -> None:
    require_office(actor)
    if not in_region(actor, region):
        raise NotFound("未找到该对象，或您无权查看。")


def require_debtor_side(actor: User, case: ArrearsCase) -> None:
    """The office of the case's region, or staff of the debtor unit (the owner of the repayment)."""
    require_write(actor)
    if actor.role == Role.OFFICE_ADMIN and in_region(actor, case.region):
        return
    if actor.is_unit_user and actor.unit_id == case.debtor_id:
        return
    if (actor.is_unit_user and actor.unit_id == case.superior_id) or actor.role == Role.ENTERPRISE:
        raise NotAllowed("只有欠款单位和营商办可以办理还款。", code="role")
    raise NotFound("未找到该对象，或您无权查看。")


def check_debtor_in_region(actor: User, debtor: Unit) -> None:
    if not in_region(actor, debtor.region):
        raise ValidationFailed(
            f"欠款单位“{debtor.name}”不在本营商办管辖区域内。",
            code="out_of_region",
            fields={"debtor": "不在管辖区域"},
        )


def money(value: object, field: str, label: str, *, allow_zero: bool = False) -> Decimal:
    """A Decimal amount in yuan with at most two decimals; floats are refused so nothing is rounded twice."""
    if isinstance(value, float):
        value = str(value)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(f"{label}不是有效金额。", fields={field: "无效金额"}) from None
    if not amount.is_finite():
        raise ValidationFailed(f"{label}不是有效金额。", fields={field: "无效金额"})
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationFailed(
            f"{label}必须大于零。" if not allow_zero else f"{label}不能为负数。", fields={field: "金额无效"}
        )
    if amount != calculator.round_fen(amount):
        raise ValidationFailed(f"{label}最多保留两位小数(分)。", fields={field: "小数位过多"})
    if amount >= Decimal("1e12"):
        raise ValidationFailed(f"{label}过大。", fields={field: "金额过大"})
    return amount


def clean(text: str | None, field: str, label: str, *, required: bool = True, limit: int = 2000) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationFailed(f"请填写{label}。", fields={field: "必填"})
    if len(text) > limit:
        raise ValidationFailed(f"{label}不能超过 {limit} 个字。", fields={field: "过长"})
    problem = forbidden_character(text)
    if problem:
        raise ValidationFailed(f"{label}{problem}", fields={field: problem})
    return text


def case_url(case: ArrearsCase) -> str:
    return f"/arrears/cases/{case.pk}/"
