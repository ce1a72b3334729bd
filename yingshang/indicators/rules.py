"""Checks on one value: range, comparison with target and warning value, jump from the last period.

Pure functions over Decimals so the form, the import and the computed indicators judge alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

LOWER = "lower"


@dataclass(frozen=True)
class Verdict:
    result: str  # met / missed / warning / no_target
    jump_flag: bool
    jump_ratio: Decimal | None


def range_error(value: Decimal, min_value: Decimal | None, max_value: Decimal | None) -> str:
    if min_value is not None and value < min_value:
        return f"数值 {value.normalize():f} 小于最小值 {min_value.normalize():f}"
    if max_value is not None and value > max_value:
        return f"数值 {value.normalize():f} 大于最大值 {max_value.normalize():f}"
    return ""


def better_or_equal(value: Decimal, threshold: Decimal, direction: str) -> bool:
    return value <= threshold if direction == LOWER else value >= threshold


def judge(
    value: Decimal,
    *,
    direction: str,
    target: Decimal | None,
    warning: Decimal | None,
    previous: Decimal | None = None,
    max_jump_ratio: Decimal | None = None,
) -> Verdict:
    """A value worse than the warning value is "warning"; worse than the target only, "missed"."""
    if warning is not None and not better_or_equal(value, warning, direction) and value != warning:
        result = "warning"
    elif target is not None:
        result = "met" if better_or_equal(value, target, direction) else "missed"
    else:
        result = "no_target"
    ratio = None
    flag = False
    if previous is not None and previous != 0:
        ratio = abs(value - previous) / abs(previous)
        flag = max_jump_ratio is not None and ratio > max_jump_ratio
    return Verdict(result, flag, ratio)


def attainment(
    value: Decimal, *, direction: str, target: Decimal | None, warning: Decimal | None
) -> float | None:
    """0..1: 1 at or better than target, 0 at or beyond the warning value, linear between."""
    if target is None:
        return None
    if better_or_equal(value, target, direction):
        return 1.0
    if warning is None or warning == target:
        return 0.0
    span = abs(warning - target)
    gap = abs(value - target)
    return max(0.0, float(1 - gap / span))
