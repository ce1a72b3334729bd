"""The one transition table of appeals: every status change goes through `TABLE.apply`."""

from __future__ import annotations

from yingshang.appeals.models import Appeal
from yingshang.core.transitions import TransitionTable

S = Appeal.Status
OPEN = (S.SUBMITTED, S.DISPATCHED, S.ACKNOWLEDGED, S.RETURNED, S.ESCALATED)

TABLE = TransitionTable(
    [
        ("dispatch", [S.SUBMITTED, S.ESCALATED], S.DISPATCHED, "分办"),
        ("acknowledge", [S.DISPATCHED], S.ACKNOWLEDGED, "签收"),
        ("reply", [S.ACKNOWLEDGED], S.REPLIED, "答复"),
        # 即时办结: a 政策咨询 the office answers on the call, never dispatched.
        ("answer_on_call", [S.SUBMITTED], S.REPLIED, "即时办结"),
        ("return_dispatch", [S.DISPATCHED, S.ACKNOWLEDGED], S.RETURNED, "退单"),
        # dispute_review: the office sends a returned appeal to another unit, or insists on the same one.
        ("redispatch", [S.RETURNED], S.DISPATCHED, "改派"),
        ("insist", [S.RETURNED], S.DISPATCHED, "维持原分办"),
        ("escalate", [S.DISPATCHED, S.ACKNOWLEDGED], S.ESCALATED, "提级呈办"),
        ("callback", [S.REPLIED], S.VISITED, "回访"),
        ("reopen", [S.REPLIED, S.VISITED], S.ACKNOWLEDGED, "重办"),
        ("close", [S.REPLIED, S.VISITED, S.MERGED], S.CLOSED, "办结"),
        ("merge", OPEN, S.MERGED, "并单"),
    ],
    labels=dict(S.choices),
)

# Labels and visibility of every event, these moves included: core.event_kinds (one table for all apps).
