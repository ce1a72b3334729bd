"""The condition language: parsing, checking, three-valued evaluation, explanations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from yingshang.policies.rules import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNDETERMINED,
    FactSpec,
    Parameter,
    RuleError,
    Type,
    Vocabulary,
    compile_fast,
    compile_rule,
    explain,
)

VOCAB = Vocabulary.of(
    [
        FactSpec("size_class", "规模", Type.TEXT, ("大型", "中型", "小型", "微型")),
        FactSpec("founded_on", "成立日期", Type.DATE),
        FactSpec("equipment_investment", "新增设备投资额", Type.NUMBER, unit="元"),
        FactSpec("employees", "从业人数", Type.NUMBER),
        FactSpec("has_arrears", "存在欠税", Type.BOOL),
        FactSpec("certificates", "资质", Type.SET),
    ],
    [
        Parameter(
            "min_investment",
            "最低投资额",
            ((date(2026, 1, 1), D(500000)), (date(2026, 7, 1), D(1000000))),
        )
    ],
)

EQUIPMENT = """# 新增设备投资补助
投资 = 新增设备投资额
eligible = all(
  规模 in ["小型", "微型"],
  years_since(founded_on) <= 3,
  not has_arrears,
  投资 >= $min_investment
)
benefit = min(投资 * 10%, 2000000)
"""
GOOD = {
    "size_class": "小型",
    "founded_on": date(2024, 5, 1),
    "equipment_investment": D(3000000),
    "has_arrears": False,
}


def test_eligible_with_amount_and_formula_steps() -> None:
    answer = explain(compile_rule(EQUIPMENT, VOCAB), GOOD, date(2026, 8, 1))
    assert answer.status == ELIGIBLE
    assert answer.amount == D("300000.00")
    details = [s.detail for s in answer.steps]
    assert "新增设备投资额" in details  # the fact the formula read
    assert "3,000,000 × 0.1" in details
    assert "min(300,000, 2,000,000)" in details


def test_cap_applies() -> None:
    facts = {**GOOD, "equipment_investment": D(50_000_000)}
    assert explain(compile_rule(EQUIPMENT, VOCAB), facts, date(2026, 8, 1)).amount == D("2000000.00")


def test_not_eligible_names_the_failing_condition_and_values() -> None:
    answer = explain(compile_rule(EQUIPMENT, VOCAB), {**GOOD, "size_class": "大型"}, date(2026, 8, 1))
    assert answer.status == NOT_ELIGIBLE
    assert [s.expression for s in answer.failing] == ['规模 in ["小型", "微型"]']
    assert answer.failing[0].line == 4
    assert "规模：大型" in answer.failing[0].detail


def test_missing_fact_is_undetermined_and_named_never_false() -> None:
    facts = {"size_class": "小型", "founded_on": date(2025, 1, 1)}
    answer = explain(compile_rule(EQUIPMENT, VOCAB), facts, date(2026, 8, 1))
    assert answer.status == UNDETERMINED
    assert answer.missing == ("equipment_investment", "has_arrears")


def test_a_false_part_decides_even_with_missing_facts() -> None:
    answer = explain(compile_rule(EQUIPMENT, VOCAB), {"size_class": "大型"}, date(2026, 8, 1))
    assert answer.status == NOT_ELIGIBLE


def test_parameter_value_changes_on_its_date() -> None:
    rule = compile_rule(EQUIPMENT, VOCAB)
    facts = {**GOOD, "equipment_investment": D(800000)}
    assert explain(rule, facts, date(2026, 6, 30)).status == ELIGIBLE
    later = explain(rule, facts, date(2026, 7, 1))
    assert later.status == NOT_ELIGIBLE
    assert "最低投资额：1,000,000" in later.failing[0].detail
    # Before the first value, the parameter is unknown, not zero.
    assert explain(rule, facts, date(2025, 12, 31)).missing == ("$min_investment",)


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        ("eligible = foo > 1", 1, "未知的企业事实“foo”"),
        ("eligible = true\nx = size_class > 3", 2, "不能比较文本与数值"),
        ("eligible = all(\n  employees > 1,\n  (employees < 5\n)", 1, "没有闭合"),
        ("eligible = true\n\nbenefit = employees / 0", 3, "除数为零"),
        ("a = b\nb = a\neligible = a", 1, "循环引用：a → b → a"),
        ('eligible = size_class == "小形"', 1, "不是规模的可选值"),
        ("eligible = employees + 1", 1, "eligible 应为是/否"),
        ("benefit = 1", 1, "缺少资格条件"),
        ("eligible = true)", 1, "多余的右括号"),
        ("eligible = nope(1)", 1, "未知的函数“nope”"),
        ("eligible = $nothing > 1", 1, "未定义的参数"),
        ("eligible = 1 < 2 < 3", 1, "比较不能连写"),
        ("eligible = true\nemployees = 3", 2, "与企业事实同名"),
        ("eligible = true\neligible = false", 2, "重复定义"),
        ("eligible = true ?", 1, "无法识别的字符"),
        ("eligible = founded_on > 2026-02-30", 1, "日期“2026-02-30”不存在"),
    ],
)
def test_malformed_rules_name_line_and_reason(source: str, line: int, reason: str) -> None:
    with pytest.raises(RuleError) as info:
        compile_rule(source, VOCAB)
    first = info.value.problems[0]
    assert first.line == line
    assert reason in first.reason


def test_runtime_division_by_zero_is_reported_not_raised() -> None:
    rule = compile_rule("eligible = true\nbenefit = 100 / employees", VOCAB)
    answer = explain(rule, {"employees": D(0)}, date(2026, 1, 1))
    assert answer.status == UNDETERMINED
    assert answer.problems == ("第2行：除数为零",)
    assert compile_fast(rule)({"employees": D(0)}, date(2026, 1, 1)) == (UNDETERMINED, None)


def test_date_windows_certificates_and_tiers() -> None:
    src = """eligible = within(founded_on, 2024-01-01, 2025-12-31) and "高新技术企业" in 资质
benefit = if("专精特新小巨人" in certificates, 500000, 200000)"""
    rule = compile_rule(src, VOCAB)
    facts = {"founded_on": date(2024, 3, 1), "certificates": frozenset({"高新技术企业"})}
    assert explain(rule, facts, date(2026, 1, 1)).amount == D("200000.00")
    facts["certificates"] = frozenset({"高新技术企业", "专精特新小巨人"})
    assert explain(rule, facts, date(2026, 1, 1)).amount == D("500000.00")
    assert explain(rule, {**facts, "founded_on": date(2023, 1, 1)}, date(2026, 1, 1)).status == NOT_ELIGIBLE


def test_full_width_punctuation_and_chinese_quotes() -> None:
    rule = compile_rule("eligible = any（规模 == “小型”，规模 == “微型”）", VOCAB)
    assert explain(rule, {"size_class": "微型"}, date(2026, 1, 1)).status == ELIGIBLE


def test_no_python_evaluation() -> None:
    with pytest.raises(RuleError):
        compile_rule('eligible = __import__("os")', VOCAB)
