"""`{{ value|num }}`: a number as people write it — 0.5 not 0.5000, 3 not 3.00 (core.visibility.format_number)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from yingshang.core.visibility import format_number

register = template.Library()


@register.filter
def num(value: Any) -> str:
    if value is None or value == "":
        return ""
    return format_number(value)


@register.filter
def money(value: Any) -> str:
    """An amount of yuan as finance offices write it: 446,000.00."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"
