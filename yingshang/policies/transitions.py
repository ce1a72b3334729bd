"""The allowed moves of policies, interpretations, 免申即享 lists and redemptions."""

from __future__ import annotations

from yingshang.core.transitions import TransitionTable
from yingshang.policies.models import AutoGrantList, Interpretation, Policy, Redemption

P = Policy.Status
POLICY = TransitionTable(
    [
        ("publish", [P.DRAFT], P.PUBLISHED, "发布"),
        ("withdraw", [P.PUBLISHED], P.WITHDRAWN, "废止"),
    ],
    labels=dict(P.choices),
)

I = Interpretation.Status  # noqa: E741
INTERPRETATION = TransitionTable(
    [("publish_interpretation", [I.OPEN], I.PUBLISHED, "发布解读")],
    labels=dict(I.choices),
)

A = AutoGrantList.Status
AUTO_GRANT = TransitionTable(
    [("sign_off", [A.DRAFT], A.SIGNED_OFF, "确认清单")],
    labels=dict(A.choices),
)

R = Redemption.Status
REDEMPTION = TransitionTable(
    [
        ("accept", [R.SUBMITTED], R.ACCEPTED, "审核通过"),
        ("return", [R.SUBMITTED], R.RETURNED, "退回补充材料"),
        ("refuse", [R.SUBMITTED], R.REFUSED, "不予支持"),
        ("resubmit", [R.RETURNED], R.SUBMITTED, "重新提交"),
        ("pay", [R.ACCEPTED], R.PAID, "兑现"),
    ],
    labels=dict(R.choices),
)
