"""The one visibility rule (core.visibility, core.event_kinds): labels for every recorded action, who
sees an event and who reads its text, names and numbers as people read them."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps

from yingshang.core.event_kinds import KINDS, Audience
from yingshang.core.visibility import format_number, kind_of, mask_name, mask_phone, present

SOURCE = Path(__file__).resolve().parents[2] / "yingshang"
A = Audience


def _recorded_actions() -> dict[str, set[str]]:
    """Every action literal a service records, by app: `action="…"` arguments and `action = "…"`
    assignments (conditional ones included), read from the code itself."""
    found: dict[str, set[str]] = {}
    for path in SOURCE.rglob("*.py"):
        rel = path.relative_to(SOURCE).parts
        if "migrations" in rel or "management" in rel or len(rel) < 2:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        values: list[ast.AST] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "action":
                values.append(node.value)
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "action" for t in node.targets
            ):
                values.append(node.value)
        for value in values:
            for literal in _literals(value):
                found.setdefault(rel[0], set()).add(literal)
    return found


def _literals(value: ast.AST) -> list[str]:
    """String literals an action expression can take: "x", or "a" if … else "b" (not a call's
    arguments, such as request.POST.get("action"))."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, ast.IfExp):
        return _literals(value.body) + _literals(value.orelse)
    return []


def test_the_scan_finds_the_known_recorders() -> None:
    found = _recorded_actions()
    assert {"handle", "request_help", "correct_observation", "approve_extension"} <= (
        found["appeals"] | found["indicators"]
    )
    assert {"import", "supervise", "return_report"} <= found["ledger"]


def test_every_recorded_action_has_a_chinese_label() -> None:
    missing = []
    for app, actions in _recorded_actions().items():
        registered = {a for subject, kinds in KINDS.items() if subject.startswith(f"{app}.") for a in kinds}
        for action in sorted(actions - registered):
            missing.append(f"{app}: {action}")
    assert not missing, f"actions without a row in core/event_kinds.py: {missing}"


def _tables() -> list[tuple[Any, str]]:
    from yingshang.appeals.workflow import TABLE
    from yingshang.arrears.transitions import BREACH, CASE, INSTALMENT, PROMISE
    from yingshang.assessment.transitions import BULLETIN_MOVES, FOLLOW_UP_MOVES, SCHEME_MOVES
    from yingshang.indicators.transitions import WARNING_MOVES
    from yingshang.ledger.transitions import DOCUMENT, NOTICE, REPORT, TASK

    return [
        (TABLE, "appeals.appeal"),
        (TASK, "ledger.task"),
        (REPORT, "ledger.report"),
        (DOCUMENT, "ledger.document"),
        (NOTICE, "ledger.supervisionnotice"),
        (WARNING_MOVES, "indicators.indicatorwarning"),
        (SCHEME_MOVES, "assessment.scheme"),
        (FOLLOW_UP_MOVES, "assessment.followup"),
        (BULLETIN_MOVES, "assessment.bulletin"),
        (CASE, "arrears.arrearscase"),
        (INSTALMENT, "arrears.instalment"),
        (BREACH, "arrears.breach"),
        (PROMISE, "arrears.promise"),
    ]


def test_every_status_move_has_a_kind_of_its_own_subject() -> None:
    missing = [
        f"{subject}: {action}"
        for table, subject in _tables()
        for action in table.moves
        if action not in KINDS.get(subject, {})
    ]
    assert not missing


def test_every_subject_is_a_model_and_every_label_is_chinese() -> None:
    for subject, kinds in KINDS.items():
        apps.get_model(subject)  # raises for a typo
        for action, kind in kinds.items():
            assert re.search(r"[\u4e00-\u9fff]", kind.label), (subject, action)
            assert kind.reads <= kind.sees, (subject, action)


@pytest.mark.parametrize(
    ("action", "who"),
    [("handle", A.FILER), ("handle", A.TRACKER), ("request_help", A.FILER), ("request_extension", A.FILER)],
)
def test_internal_appeal_events_never_reach_filer_or_tracker(action: str, who: Audience) -> None:
    kind = kind_of("appeals.appeal", action)
    assert who not in kind.sees and who not in kind.reads


def test_internal_texts_of_steps_the_filer_sees_stay_among_staff() -> None:
    for action in ("dispatch", "return_dispatch", "escalate", "insist", "redispatch"):
        kind = kind_of("appeals.appeal", action)
        assert A.FILER in kind.sees and A.FILER not in kind.reads and A.TRACKER not in kind.reads


def test_reply_text_reaches_filer_and_tracker() -> None:
    kind = kind_of("appeals.appeal", "reply")
    assert {A.FILER, A.TRACKER, A.OFFICE, A.LEADER} <= kind.reads


def test_unknown_kind_shows_no_text_and_only_to_the_office() -> None:
    kind = kind_of("appeals.appeal", "something_new")
    assert kind.reads == frozenset() and A.FILER not in kind.sees


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("0.5000"), "0.5"),
        (Decimal("3.00"), "3"),
        (Decimal("1E+1"), "10"),
        (Decimal("-0.000"), "0"),
        ("12.3400", "12.34"),
        (0.25, "0.25"),
        (7, "7"),
        (True, "是"),
        ("一百", "一百"),
    ],
)
def test_numbers_without_trailing_zeros(value: Any, shown: str) -> None:
    assert format_number(value) == shown


@pytest.mark.parametrize(
    ("name", "masked"), [("王五", "王*"), ("欧阳娜娜", "欧***"), ("李", "李*"), ("", ""), (" 张三 ", "张*")]
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_phone() -> None:
    assert mask_phone("13800000002") == "138****0002"


def test_present_filters_by_audience(cast: Any) -> None:
    from yingshang.core.events import record_event, timeline

    unit = cast.lead_unit
    record_event(unit, actor=cast.office, action="update", note={"before": {"name": "旧名"}, "text": "改名"})
    record_event(unit, actor=cast.office, action="not_registered", note={"text": "秘密"})
    office = present(timeline(unit), A.OFFICE)[-2:]
    assert [e.label for e in office] == ["修改单位", "其他记录"]
    assert office[0].text == "改名" and office[1].text == ""  # an unknown kind never shows its text
    assert present(timeline(unit), A.PUBLIC) == []
