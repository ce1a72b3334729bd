"""Pure parts: periods, the value rules, and target → indicator matching."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from yingshang.core.errors import ValidationFailed
from yingshang.indicators import rules
from yingshang.indicators.catalogue import FIRST_LEVEL, entries
from yingshang.indicators.matching import match_target
from yingshang.indicators.periods import parse_period, period_containing

D = Decimal


def test_catalogue_has_the_eighteen_first_level_indicators() -> None:
    names = [name for _, name, _, _ in FIRST_LEVEL]
    assert len(names) == 18
    assert names[0] == "开办企业" and names[-1] == "包容普惠创新"
    power = [e.name for e in entries() if e.parent_name == "获得电力"]
    assert power == ["环节数", "办理时间", "费用", "申请材料", "供电可靠性"]


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label"),
    [
        ("2025-03", "month", date(2025, 3, 1), date(2025, 3, 31), "2025年3月"),
        ("2024-2", "month", date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
        ("2025Q4", "quarter", date(2025, 10, 1), date(2025, 12, 31), "2025年第4季度"),
        ("2025", "year", date(2025, 1, 1), date(2025, 12, 31), "2025年"),
    ],
)
def test_parse_period(text: str, kind: str, start: date, end: date, label: str) -> None:
    p = parse_period(text)
    assert (p.kind, p.start, p.end, p.label) == (kind, start, end, label)


@pytest.mark.parametrize("text", ["", "2025-13", "2025Q5", "25-03", "1999", "二〇二五"])
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_period(text)


def test_previous_period_crosses_the_year() -> None:
    assert parse_period("2025-01").previous().key == "2024-12"
    assert parse_period("2025Q1").previous().key == "2024Q4"
    assert period_containing(date(2025, 5, 9), "quarter").key == "2025Q2"


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        ("0.5", "lower", "met"),
        ("1", "lower", "met"),
        ("2", "lower", "missed"),
        ("3", "lower", "missed"),  # at the warning value is not beyond it
        ("3.1", "lower", "warning"),
        ("99.9", "higher", "met"),
        ("99.6", "higher", "missed"),
        ("98", "higher", "warning"),
    ],
)
def test_judge_against_target_and_warning(value: str, direction: str, expected: str) -> None:
    target, warning = (D("1"), D("3")) if direction == "lower" else (D("99.9"), D("99.5"))
    assert rules.judge(D(value), direction=direction, target=target, warning=warning).result == expected


def test_judge_without_target() -> None:
    assert rules.judge(D("5"), direction="lower", target=None, warning=None).result == "no_target"


def test_jump_beyond_ratio_is_flagged() -> None:
    v = rules.judge(
        D("16"), direction="lower", target=D("20"), warning=None, previous=D("10"), max_jump_ratio=D("0.5")
    )
    assert v.jump_flag and v.jump_ratio == D("0.6")
    v = rules.judge(
        D("14"), direction="lower", target=D("20"), warning=None, previous=D("10"), max_jump_ratio=D("0.5")
    )
    assert not v.jump_flag


def test_range_error_and_attainment() -> None:
    assert "小于最小值" in rules.range_error(D("-1"), D("0"), D("10"))
    assert "大于最大值" in rules.range_error(D("11"), D("0"), D("10"))
    assert rules.range_error(D("5"), None, None) == ""
    assert rules.attainment(D("2"), direction="lower", target=D("1"), warning=D("3")) == 0.5
    assert rules.attainment(D("0.5"), direction="lower", target=D("1"), warning=D("3")) == 1.0
    assert rules.attainment(D("4"), direction="lower", target=D("1"), warning=D("3")) == 0.0


@pytest.mark.parametrize(
    ("target", "indicators", "code"),
    [
        (
            {"subject": "企业开办时间", "metric": "time", "value": 0.5, "unit": "工作日"},
            ["开办企业"],
            "I01.2",
        ),
        ({"subject": "企业开办时间压减至", "metric": "time", "value": 0.5, "unit": "工作日"}, [], "I01.2"),
        ({"subject": "高压客户办电环节", "metric": "steps", "value": 4, "unit": "个"}, ["获得电力"], "I06.1"),
        (
            {"subject": "城市用户年均停电时间", "metric": "time", "value": 5, "unit": "小时"},
            ["获得电力"],
            "I06.2",
        ),
        ({"subject": "供电可靠率", "metric": "rate", "value": 99.9, "unit": "%"}, ["获得电力"], "I06.5"),
        ({"subject": "办理建筑许可时限", "metric": "time", "value": 65, "unit": "工作日"}, [], "I03.2"),
        ({"subject": "不动产登记", "metric": "time", "value": 1, "unit": "工作日"}, ["登记财产"], "I08.2"),
        ({"subject": "依申请业务网上办税", "metric": "rate", "value": 99, "unit": "%"}, ["纳税"], "I13.4"),
        ({"subject": "申请材料", "metric": "materials", "value": 5, "unit": "份"}, ["开办企业"], "I01.4"),
    ],
)
def test_match_target_to_second_level_indicator(target: dict, indicators: list[str], code: str) -> None:
    found = match_target(target, indicators)
    assert found is not None and found.code == code, found


@pytest.mark.parametrize(
    ("target", "indicators"),
    [
        ({"subject": "发放创业担保贷款", "metric": "amount", "value": 7700, "unit": "万元"}, []),
        ({"subject": "", "metric": "count", "value": 6, "unit": "类"}, []),
        ({"subject": "事项", "metric": "time", "value": 3, "unit": "工作日"}, []),  # which 办理时间? unclear
    ],
)
def test_unclear_targets_match_nothing(target: dict, indicators: list[str]) -> None:
    assert match_target(target, indicators) is None
