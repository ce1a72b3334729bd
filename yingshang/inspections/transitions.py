"""The transition tables of the inspections app: plans, drawn targets' results, rectifications."""

from __future__ import annotations

from yingshang.core.transitions import TransitionTable
from yingshang.inspections.models import PlanStatus as P
from yingshang.inspections.models import RectificationStatus as R
from yingshang.inspections.models import ResultStatus as S

PLAN_MOVES = TransitionTable(
    [
        ("submit", [P.DRAFT], P.SUBMITTED, "提交审批"),
        ("return", [P.SUBMITTED], P.DRAFT, "退回修改"),
        ("approve", [P.SUBMITTED], P.APPROVED, "批准"),
        ("announce", [P.APPROVED], P.ANNOUNCED, "提前公告"),
        ("commit", [P.ANNOUNCED], P.COMMITTED, "公布承诺值"),
        ("draw", [P.COMMITTED], P.DRAWN, "录入种子并抽取"),
        ("publish", [P.DRAWN], P.PUBLISHED, "公布抽取结果"),
    ],
    labels=dict(P.choices),
)

RESULT_MOVES = TransitionTable(
    [
        ("record", [S.PENDING], S.RECORDED, "录入检查结果"),
        ("publish", [S.RECORDED], S.PUBLISHED, "公示检查结果"),
    ],
    labels=dict(S.choices),
)

RECTIFICATION_MOVES = TransitionTable(
    [("close", [R.OPEN], R.CLOSED, "整改销号")],
    labels=dict(R.choices),
)
