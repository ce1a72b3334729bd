"""Reading the arrears pages' posted fields: dates, whole numbers and picked rows, as domain errors."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import QueryDict

from yingshang.core.errors import ValidationFailed

M = TypeVar("M", bound=models.Model)


def posted_date(data: QueryDict, name: str, label: str, *, required: bool = True) -> date | None:
    raw = (data.get(name) or "").strip()
    if not raw:
        if required:
            raise ValidationFailed(f"请填写{label}。", fields={name: "必填"})
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(f"{label}不是有效日期。", fields={name: "日期无效"}) from None


def required_date(data: QueryDict, name: str, label: str) -> date:
    value = posted_date(data, name, label)
    assert value is not None
    return value


def posted_int(data: QueryDict, name: str, label: str) -> int | None:
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 6:
        raise ValidationFailed(f"{label}应为整数。", fields={name: "应为整数"})
    return int(raw)


def picked(
    qs: models.QuerySet[M], data: QueryDict, name: str, label: str, *, required: bool = True
) -> M | None:
    raw = (data.get(name) or "").strip()
    if not raw:
        if required:
            raise ValidationFailed(f"请选择{label}。", fields={name: "必填"})
        return None
    try:
        return qs.get(pk=int(raw))
    except (ValueError, ObjectDoesNotExist):
        raise ValidationFailed(f"{label}无效。", fields={name: "无效"}) from None


def case_fields(
    data: QueryDict, units: Any, enterprises: Any, *, with_creditor: bool = True
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "debtor": picked(units, data, "debtor", "欠款单位"),
        "superior": picked(units, data, "superior", "主管部门", required=False),
        "contract_no": data.get("contract_no", ""),
        "contract_name": data.get("contract_name", ""),
        "contract_date": required_date(data, "contract_date", "合同签订日期"),
        "amount": data.get("amount", ""),
        "disputed_amount": data.get("disputed_amount") or "0",
        "delivered_on": required_date(data, "delivered_on", "交付日期"),
        "accepted_on": posted_date(data, "accepted_on", "验收日期", required=False),
        "agreed_term_days": posted_int(data, "agreed_term_days", "约定付款期限"),
        "agreed_daily_rate": data.get("agreed_daily_rate") or None,
        "sector": data.get("sector") or "organ",
    }
    if with_creditor:
        out["creditor"] = picked(enterprises, data, "creditor", "债权企业")
    return out
