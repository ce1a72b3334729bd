"""The arrears app's allowed moves, one table per stateful model. Nothing else assigns `.status`."""

from __future__ import annotations

from yingshang.arrears.models import ArrearsCase, Breach, Instalment, Promise
from yingshang.core.transitions import TransitionTable

CS = ArrearsCase.Status
CASE = TransitionTable(
    [
        ("settle", [CS.OPEN], CS.SETTLED, "清偿完毕"),
        ("close", [CS.OPEN], CS.CLOSED, "销案"),
        ("reopen", [CS.SETTLED, CS.CLOSED], CS.OPEN, "重新打开"),
    ],
    labels=dict(CS.choices),
)

IS = Instalment.Status
INSTALMENT = TransitionTable([("pay", [IS.PENDING], IS.PAID, "支付分期")], labels=dict(IS.choices))

PS = Promise.Status
PROMISE = TransitionTable(
    [
        ("fulfil", [PS.PENDING, PS.BROKEN], PS.FULFILLED, "兑现承诺"),
        ("mark_broken", [PS.PENDING], PS.BROKEN, "逾期未兑现"),
    ],
    labels=dict(PS.choices),
)

BS = Breach.Status
BREACH = TransitionTable(
    [
        ("send_to_superior", [BS.FILED], BS.VERIFYING, "转主管部门核实"),
        ("verify_true", [BS.VERIFYING], BS.PERFORMING, "核实属实，限期履行"),
        ("verify_false", [BS.VERIFYING], BS.UNFOUNDED, "核实不属实"),
        ("perform", [BS.PERFORMING], BS.PERFORMED, "已履行"),
        ("confirm", [BS.PERFORMING], BS.CONFIRMED, "认定违约失信"),
        ("request_repair", [BS.CONFIRMED], BS.REPAIR_REQUESTED, "申请信用修复"),
        ("approve_repair", [BS.REPAIR_REQUESTED], BS.REPAIRED, "批准信用修复"),
        ("refuse_repair", [BS.REPAIR_REQUESTED], BS.CONFIRMED, "不予信用修复"),
    ],
    labels=dict(BS.choices),
)
# On the disclosure list (公示) and in the credit-platform export while in these states.
DISCLOSED = (BS.CONFIRMED, BS.REPAIR_REQUESTED)
