"""Writes of the arrears app. Every function takes keyword arguments and a required `actor=`."""

from yingshang.arrears.services.breaches import (
    add_breach_note,
    confirm_breach,
    create_promise,
    decide_repair,
    file_breach,
    fulfil_promise,
    mark_promise_broken,
    record_performance,
    request_repair,
    send_to_superior,
    verify_breach,
)
from yingshang.arrears.services.cases import (
    APPEAL_CATEGORIES,
    add_case_note,
    close_case,
    link_appeal,
    open_case,
    pay_instalment,
    record_payment,
)
from yingshang.arrears.services.imports import PLATFORM, SURVEY, apply_import, plan_import
from yingshang.arrears.services.plans import (
    add_instalment,
    colour_of,
    reschedule_instalment,
    run_instalment_clocks,
)

__all__ = [
    "APPEAL_CATEGORIES",
    "PLATFORM",
    "SURVEY",
    "add_breach_note",
    "add_case_note",
    "add_instalment",
    "apply_import",
    "close_case",
    "colour_of",
    "confirm_breach",
    "create_promise",
    "decide_repair",
    "file_breach",
    "fulfil_promise",
    "link_appeal",
    "mark_promise_broken",
    "open_case",
    "pay_instalment",
    "plan_import",
    "record_payment",
    "record_performance",
    "request_repair",
    "reschedule_instalment",
    "run_instalment_clocks",
    "send_to_superior",
    "verify_breach",
]
