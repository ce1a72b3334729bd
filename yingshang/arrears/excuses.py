"""Reasons a public payer may not give for paying late (保障中小企业款项支付条例): a change of leaders,
its own internal procedures, or waiting for an audit. Each pattern has one real example sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

RULE_TEXT = (
    "根据《保障中小企业款项支付条例》，机关、事业单位和大型企业不得以法定代表人或者主要负责人变更，"
    "履行内部付款流程，或者在合同未作约定的情况下以等待竣工验收批复、决算审计等为由，拒绝或者迟延支付中小企业款项。"
)


@dataclass(frozen=True)
class Excuse:
    name: str
    pattern: re.Pattern[str]
    explanation: str


EXCUSES = (
    # "单位主要领导调整，新领导尚未签批" / "法定代表人变更" / "班子换届"
    Excuse(
        "leader_change",
        re.compile(
            r"(领导|负责人|法定代表人|法人代表|班子|局长|主任|书记)[^，。；]{0,6}(调整|更替|变更|变动|更换|换届|调离|离任|交接)|换届"
        ),
        "单位领导或法定代表人变更不是迟延付款的理由。",
    ),
    # "正在履行内部审批流程" / "财务付款程序尚未走完" / "需上会研究"
    Excuse(
        "internal_procedure",
        re.compile(r"(内部|审批|签批|付款|财务|报账)[^，。；]{0,6}(流程|程序|手续)|上会研究|走流程"),
        "履行内部付款流程不是迟延付款的理由。",
    ),
    # "等待审计结果" / "决算审计尚未完成" / "须经审计后支付"
    Excuse(
        "pending_audit",
        re.compile(r"审计|决算审核|竣工验收批复"),
        "等待审计、决算或验收批复不是迟延付款的理由(合同另有约定的除外)。",
    ),
)


def forbidden_excuse(reason: str) -> Excuse | None:
    """The first forbidden excuse `reason` gives, or None."""
    for excuse in EXCUSES:
        if excuse.pattern.search(reason):
            return excuse
    return None


def refusal_message(excuse: Excuse) -> str:
    return f"延期理由不予采纳：{excuse.explanation}{RULE_TEXT}"
