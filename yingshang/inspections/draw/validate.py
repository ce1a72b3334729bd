"""Checks on draw inputs in canonical form. Each failure is a DrawInputError with a stable code and a
Chinese message. The checks run on the canonical rows so that a published file is checked the same way."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .model import RATE_SCALE, RECUSAL_REASONS, TIERS, DrawInputError

Rows = list[list[Any]]


def needed_qualifications(parameters: dict[str, Any]) -> dict[str, set[str]]:
    needed: dict[str, set[str]] = {}
    for code, department, _key in parameters["items"]:
        needed.setdefault(department, set()).add(code)
    return needed


def validate_rows(targets: Rows, inspectors: Rows, recusals: Rows, parameters: dict[str, Any]) -> None:
    _validate_parameters(parameters)
    target_ids = _validate_targets(targets)
    _validate_inspectors(inspectors, parameters)
    _validate_recusals(recusals, inspectors, target_ids)


def _validate_parameters(params: dict[str, Any]) -> None:
    rates = params["rates"]
    if set(rates) != set(TIERS):
        raise DrawInputError(
            "rates_incomplete", "须为A、B、C、D四类分别设定抽查比例。", fields={"rates": "缺少分类"}
        )
    for tier, rate in rates.items():
        if isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= RATE_SCALE:
            raise DrawInputError(
                "rate_out_of_range",
                f"{tier}类抽查比例须在0%到100%之间。",
                fields={f"rate_{tier.lower()}": "超出范围"},
            )
    if not params["items"]:
        raise DrawInputError("no_items", "计划没有抽查事项。", fields={"items": "不能为空"})
    codes = Counter(item[0] for item in params["items"])
    dup = sorted(code for code, n in codes.items() if n > 1)
    if dup:
        raise DrawInputError("duplicate_item", f"抽查事项重复：{'、'.join(dup)}。", fields={"items": "重复"})
    k = params["inspectors_per_department"]
    if k < 1 or k * len(needed_qualifications(params)) < 2:
        raise DrawInputError(
            "too_few_per_target",
            "每个检查对象至少须有两名执法检查人员。",
            fields={"inspectors_per_department": "过少"},
        )


def _validate_targets(targets: Rows) -> set[str]:
    ids = [row[0] for row in targets]
    unique = set(ids)
    if len(unique) != len(ids):
        dups = sorted(i for i, n in Counter(ids).items() if n > 1)
        raise DrawInputError(
            "duplicate_target",
            f"检查对象库中有重复的对象：{'、'.join(dups[:5])}。",
            fields={"targets": f"{len(dups)}个重复"},
        )
    bad = {row[1] for row in targets} - set(TIERS)
    if bad:
        raise DrawInputError(
            "unknown_tier", f"信用风险分类“{sorted(map(str, bad))[0]}”无效。", fields={"targets": "分类无效"}
        )
    return unique


def _validate_inspectors(inspectors: Rows, params: dict[str, Any]) -> None:
    needed = needed_qualifications(params)
    ids = Counter(row[0] for row in inspectors)
    dup = sorted(i for i, n in ids.items() if n > 1)
    if dup:
        raise DrawInputError(
            "duplicate_inspector", f"执法检查人员重复：{'、'.join(dup[:5])}。", fields={"inspectors": "重复"}
        )
    per_department: Counter[str] = Counter()
    for inspector_id, department, qualifications in inspectors:
        if department not in needed:
            raise DrawInputError(
                "inspector_outside_plan",
                f"执法检查人员{inspector_id}所在部门不承担本计划的抽查事项。",
                fields={"inspectors": inspector_id},
            )
        missing = sorted(needed[department] - set(qualifications))
        if missing:
            raise DrawInputError(
                "unqualified_inspector",
                f"执法检查人员{inspector_id}不具备抽查事项{'、'.join(missing)}的执法资格。",
                fields={"inspectors": inspector_id},
            )
        per_department[department] += 1
    k = params["inspectors_per_department"]
    short = sorted(d for d in needed if per_department[d] < k)
    if short:
        raise DrawInputError(
            "too_few_inspectors",
            f"部门{'、'.join(short)}的执法检查人员少于{k}名，无法抽取。",
            fields={"inspectors": "人数不足"},
        )


def _validate_recusals(recusals: Rows, inspectors: Rows, known_targets: set[str]) -> None:
    if not recusals:
        return
    reasons = {row[2] for row in recusals} - set(RECUSAL_REASONS)
    if reasons:
        raise DrawInputError(
            "unknown_recusal_reason", f"回避原因“{sorted(reasons)[0]}”无效。", fields={"recusals": "原因无效"}
        )
    known_inspectors = {row[0] for row in inspectors}
    for inspector, target, _reason in recusals:
        if inspector not in known_inspectors or target not in known_targets:
            raise DrawInputError(
                "unknown_recusal_party",
                f"回避关系({inspector}, {target})中的人员或对象不在库中。",
                fields={"recusals": "不在库中"},
            )
