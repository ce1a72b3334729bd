"""The transition tables of the assessment app: schemes, 末位 follow-ups and bulletins."""

from __future__ import annotations

from yingshang.assessment.models import BulletinStatus as B
from yingshang.assessment.models import FollowUpStatus as F
from yingshang.assessment.models import SchemeStatus as S
from yingshang.core.transitions import TransitionTable

SCHEME_MOVES = TransitionTable(
    [
        ("compute", [S.DRAFT, S.COMPUTED], S.COMPUTED, "计算得分"),
        ("publish", [S.COMPUTED], S.PUBLISHED, "发布红黑榜"),
    ],
    labels=dict(S.choices),
)

FOLLOW_UP_MOVES = TransitionTable([("complete", [F.PENDING], F.DONE, "记录约谈结果")], labels=dict(F.choices))

BULLETIN_MOVES = TransitionTable(
    [
        ("finish", [B.QUEUED], B.READY, "生成完成"),
        ("fail", [B.QUEUED], B.FAILED, "生成失败"),
        ("regenerate", [B.READY, B.FAILED], B.QUEUED, "重新生成"),
    ],
    labels=dict(B.choices),
)
