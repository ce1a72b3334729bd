"""The one transition table of the indicators app: 预警 open → explained → resolved, or overdue."""

from __future__ import annotations

from yingshang.core.transitions import TransitionTable
from yingshang.indicators.models import WarningStatus as S

WARNING_MOVES = TransitionTable(
    [
        ("explain", [S.OPEN, S.OVERDUE], S.EXPLAINED, "提交说明"),
        ("return", [S.EXPLAINED], S.OPEN, "退回说明"),
        ("resolve", [S.EXPLAINED], S.RESOLVED, "解除预警"),
        ("withdraw", [S.OPEN, S.EXPLAINED, S.OVERDUE], S.RESOLVED, "数据更正后解除"),
        ("expire", [S.OPEN], S.OVERDUE, "逾期未说明"),
    ],
    labels=dict(S.choices),
)
