"""The moves of a raised problem: the office turns it into an appeal, a task, or closes it with a reason."""

from __future__ import annotations

from yingshang.core.transitions import TransitionTable
from yingshang.outreach.models import CampaignTarget, Problem

P = Problem.Status
T = CampaignTarget.Status

PROBLEM = TransitionTable(
    [
        ("to_appeal", [P.OPEN], P.APPEAL, "转为诉求"),
        ("to_task", [P.OPEN], P.TASK, "转为任务"),
        ("dismiss", [P.OPEN], P.DISMISSED, "不予处理"),
    ],
    labels=dict(P.choices),
)

TARGET = TransitionTable(
    [
        ("answer", [T.PENDING, T.UNREACHABLE], T.ANSWERED, "记录回访"),
        ("unreachable", [T.PENDING], T.UNREACHABLE, "未能联系"),
    ],
    labels=dict(T.choices),
)
