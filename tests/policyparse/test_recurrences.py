import pytest

from policyparse import parse

from .conftest import node


def freqs(text: str) -> list[str]:
    return [r.freq for r in node(parse(text), "(一)").recurrences]


@pytest.mark.parametrize(
    ("sentence", "freq"),
    [
        ("每周召开一次调度会", "weekly"),
        ("每月定期梳理发布惠企政策", "monthly"),
        ("继续做好每季度“红黑榜”发布工作", "quarterly"),
        ("每半年开展一次营商环境专项督查", "semiannual"),
        ("每年至少召开一次民营企业座谈会", "annual"),
        ("原则上一年只开展一次", "annual"),
        ("通过按年度对各部门落实情况实施考评", "annual"),
    ],
)
def test_period_words(sentence: str, freq: str):
    assert freqs(f"（一）推进工作。{sentence}。") == [freq]


def test_work_system_list():
    assert freqs("（一）解决问题。认真落实“月汇总、季调度、半年报告、年度总结”工作制度。") == [
        "monthly",
        "quarterly",
        "semiannual",
        "annual",
    ]


def test_dates_and_single_reports_are_not_recurrences():
    assert freqs("（一）推进工作。6月调度一次进展，上半年报告一次。纳入年度绩效考评内容。") == []


def test_tax_rule_period_is_not_a_duty():
    assert freqs("（一）税收优惠。月销售额不超过3万元(按季纳税9万元)的小规模纳税人免征房产税。") == []
