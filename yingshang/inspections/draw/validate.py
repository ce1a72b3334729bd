"""Checks on draw inputs. Each failure is a DrawInputError with a stable code and a Chinese message."""

from __future__ import annotations

from collections import Counter

from .model import RATE_SCALE, RECUSAL_REASONS, TIERS, DrawInput, DrawInputError


def validate_input(data: DrawInput) -> None:
    _validate_parameters(data)
    _validate_targets(data)
    _validate_inspectors(data)
    _validate_recusals(data)


def _validate_parameters(data: DrawInput) -> None:
    params = data.parameters
    if set(params.rates) != set(TIERS):
        raise DrawInputError(
            "rates_incomplete", "须为A、B、C、D四类分别设定抽查比例。", fields={"rates": "缺少分类"}
        )
    for tier, rate in params.rates.items():
        if isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= RATE_SCALE:
            raise DrawInputError(
                "rate_out_of_range",
                f"{tier}类抽查比例须在0%到100%之间。",
                fields={f"rate_{tier.lower()}": "超出范围"},
            )
    if not params.items:
        raise DrawInputError("no_items", "计划没有抽查事项。", fields={"items": "不能为空"})
    codes = Counter(item.code for item in params.items)
    dup = sorted(code for code, n in codes.items() if n > 1)
    if dup:
        raise DrawInputError("duplicate_item", f"抽查事项重复：{'、'.join(dup)}。", fields={"items": "重复"})
    k = params.inspectors_per_department
    if k < 1 or k * len(params.departments) < 2:
        raise DrawInputError(
            "too_few_per_target",
            "每个检查对象至少须有两名执法检查人员。",
            fields={"inspectors_per_department": "过少"},
        )


def _validate_targets(data: DrawInput) -> None:
    seen: set[str] = set()
    dups: list[str] = []
    for target in data.targets:
        if target.id in seen:
            dups.append(target.id)
        seen.add(target.id)
        if target.tier not in TIERS:
            raise DrawInputError(
                "unknown_tier",
                f"检查对象{target.id}的信用风险分类“{target.tier}”无效。",
                fields={"targets": "分类无效"},
            )
    if dups:
        shown = "、".join(sorted(set(dups))[:5])
        raise DrawInputError(
            "duplicate_target",
            f"检查对象库中有重复的对象：{shown}。",
            fields={"targets": f"{len(dups)}个重复"},
        )


def _validate_inspectors(data: DrawInput) -> None:
    params = data.parameters
    needed: dict[str, set[str]] = {}
    for item in params.items:
        needed.setdefault(item.department, set()).add(item.code)
    ids = Counter(i.id for i in data.inspectors)
    dup = sorted(i for i, n in ids.items() if n > 1)
    if dup:
        raise DrawInputError(
            "duplicate_inspector", f"执法检查人员重复：{'、'.join(dup[:5])}。", fields={"inspectors": "重复"}
        )
    per_department: Counter[str] = Counter()
    for inspector in data.inspectors:
        if inspector.department not in needed:
            raise DrawInputError(
                "inspector_outside_plan",
                f"执法检查人员{inspector.id}所在部门不承担本计划的抽查事项。",
                fields={"inspectors": inspector.id},
            )
        missing = sorted(needed[inspector.department] - set(inspector.qualifications))
        if missing:
            raise DrawInputError(
                "unqualified_inspector",
                f"执法检查人员{inspector.id}不具备抽查事项{'、'.join(missing)}的执法资格。",
                fields={"inspectors": inspector.id},
            )
        per_department[inspector.department] += 1
    k = params.inspectors_per_department
    short = sorted(d for d in needed if per_department[d] < k)
    if short:
        raise DrawInputError(
            "too_few_inspectors",
            f"部门{'、'.join(short)}的执法检查人员少于{k}名，无法抽取。",
            fields={"inspectors": "人数不足"},
        )


def _validate_recusals(data: DrawInput) -> None:
    inspectors = {i.id for i in data.inspectors}
    targets = {t.id for t in data.targets}
    for r in data.recusals:
        if r.reason not in RECUSAL_REASONS:
            raise DrawInputError(
                "unknown_recusal_reason", f"回避原因“{r.reason}”无效。", fields={"recusals": r.reason}
            )
        if r.inspector not in inspectors or r.target not in targets:
            raise DrawInputError(
                "unknown_recusal_party",
                f"回避关系({r.inspector}, {r.target})中的人员或对象不在库中。",
                fields={"recusals": "不在库中"},
            )
