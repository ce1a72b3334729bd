"""The moves of a bad-rating case and of a unit's appeal against a rating: the only way their status changes."""

from __future__ import annotations

from yingshang.core.transitions import TransitionTable
from yingshang.reviews.models import BadRatingCase, RatingAppeal, RatingRequest

C = BadRatingCase.Status
OPEN = (C.VERIFYING, C.RECTIFYING, C.RECTIFIED)

CASE_TABLE = TransitionTable(
    [
        ("verify", [C.VERIFYING], C.RECTIFYING, "核实"),
        ("rectify", [C.RECTIFYING], C.RECTIFIED, "整改"),
        ("feed_back", [C.RECTIFIED], C.FED_BACK, "反馈"),
        ("follow_up", [C.FED_BACK], C.CLOSED, "追评"),
        # The rater did not rate the rectification within the follow-up period.
        ("close", [C.FED_BACK], C.CLOSED, "办结"),
        ("appeal", [C.VERIFYING, C.RECTIFYING], C.APPEALED, "申诉复核"),
        ("uphold", [C.APPEALED], C.VOIDED, "申诉成立"),
        ("reject_appeal", [C.APPEALED], C.VERIFYING, "申诉不成立"),
    ],
    labels=dict(C.choices),
)

A = RatingAppeal.Status
APPEAL_TABLE = TransitionTable(
    [
        ("uphold", [A.PENDING], A.UPHELD, "申诉成立"),
        ("reject", [A.PENDING], A.REJECTED, "申诉不成立"),
    ],
    labels=dict(A.choices),
)

R = RatingRequest.Status
REQUEST_TABLE = TransitionTable(
    [
        ("rate", [R.OPEN], R.RATED, "企业评价"),
        # The appeal's 回访 already asked the enterprise: its satisfaction is the matter's rating.
        ("take_callback", [R.OPEN], R.FROM_CALLBACK, "采用回访满意度"),
    ],
    labels=dict(R.choices),
)
