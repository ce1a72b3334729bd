"""The ledger's allowed moves, one table per stateful model. Nothing else assigns `.status`."""

from __future__ import annotations

from yingshang.core.transitions import TransitionTable
from yingshang.ledger.models import Document, Report, SupervisionNotice, Task

TS = Task.Status
TASK = TransitionTable(
    [
        ("start", [TS.DISPATCHED], TS.IN_PROGRESS, "开始推进"),
        ("request_closure", [TS.DISPATCHED, TS.IN_PROGRESS], TS.CLOSURE_REQUESTED, "申请销号"),
        ("pre_verify_closure", [TS.CLOSURE_REQUESTED], TS.CLOSURE_PRE_VERIFIED, "初审销号"),
        ("verify_closure", [TS.CLOSURE_REQUESTED, TS.CLOSURE_PRE_VERIFIED], TS.CLOSED, "审核销号"),
        ("reject_closure", [TS.CLOSURE_REQUESTED, TS.CLOSURE_PRE_VERIFIED], TS.IN_PROGRESS, "驳回销号"),
        ("reopen", [TS.CLOSED], TS.IN_PROGRESS, "重新打开"),
        (
            "cancel",
            [TS.DISPATCHED, TS.IN_PROGRESS, TS.CLOSURE_REQUESTED, TS.CLOSURE_PRE_VERIFIED],
            TS.CANCELLED,
            "撤销任务",
        ),
        ("restore", [TS.CANCELLED], TS.IN_PROGRESS, "恢复任务"),
    ],
    labels=dict(TS.choices),
)

RS = Report.Status
REPORT = TransitionTable(
    [
        ("return", [RS.SUBMITTED], RS.RETURNED, "退回"),
        ("accept", [RS.SUBMITTED], RS.ACCEPTED, "采纳"),
        ("resubmit", [RS.RETURNED], RS.SUBMITTED, "重新报送"),
    ],
    labels=dict(RS.choices),
)

DS = Document.Status
DOCUMENT = TransitionTable(
    [
        ("publish", [DS.DRAFT], DS.PUBLISHED, "发布"),
        ("supersede", [DS.PUBLISHED], DS.SUPERSEDED, "被修订版取代"),
        ("discard", [DS.DRAFT], DS.DISCARDED, "作废草稿"),
    ],
    labels=dict(DS.choices),
)

NS = SupervisionNotice.Status
NOTICE = TransitionTable(
    [
        ("answer", [NS.ISSUED], NS.ANSWERED, "答复督办"),
        ("close", [NS.ANSWERED], NS.CLOSED, "督办办结"),
        ("return", [NS.ANSWERED], NS.ISSUED, "退回重答"),
    ],
    labels=dict(NS.choices),
)
