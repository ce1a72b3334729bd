"""TransitionTable: allowed moves write the row and the event; bad and concurrent moves are a Conflict.

The table is exercised on a throwaway model of its own (created for these tests only), so core's tests
do not depend on any app's status model.
"""

from __future__ import annotations

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps

from yingshang.core.errors import Conflict
from yingshang.core.events import timeline
from yingshang.core.models import Event
from yingshang.core.transitions import TransitionTable

with isolate_apps("yingshang.core"):

    class Ticket(models.Model):
        status = models.CharField(max_length=20, default="new")
        closed_note = models.CharField(max_length=50, blank=True)

        class Meta:
            app_label = "core"
            db_table = "core_test_transition_ticket"

        def __str__(self) -> str:
            return self.status


TABLE = TransitionTable(
    [
        ("start", ["new"], "doing", "开始办理"),
        ("close", ["doing"], "closed", "办结"),
        ("reopen", ["closed"], "doing", "重办"),
    ],
    labels={"new": "待办", "doing": "办理中", "closed": "已办结"},
)


@pytest.fixture
def ticket(transactional_db):
    # Schema changes cannot run inside the test transaction on SQLite, hence the transactional database.
    with connection.schema_editor() as editor:
        editor.create_model(Ticket)
    try:
        yield Ticket.objects.create()
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Ticket)


def test_allowed_move_changes_the_row_and_records_the_event(ticket):
    TABLE.apply(ticket, "start", actor=None, note={"by": "调度"})
    TABLE.apply(ticket, "close", actor=None, fields={"closed_note": "已答复"})
    assert ticket.status == "closed"
    row = Ticket.objects.get(pk=ticket.pk)
    assert (row.status, row.closed_note) == ("closed", "已答复")
    events = [(e.action, e.from_status, e.to_status, e.note) for e in timeline(ticket)]
    assert events == [("start", "new", "doing", {"by": "调度"}), ("close", "doing", "closed", {})]


def test_disallowed_move_is_a_conflict_naming_the_state(ticket):
    with pytest.raises(Conflict) as exc:
        TABLE.apply(ticket, "close", actor=None)
    assert exc.value.code == "bad_transition"
    assert exc.value.status == 409
    assert exc.value.message == "当前状态为“待办”，不能执行“办结”。"
    assert Ticket.objects.get(pk=ticket.pk).status == "new"
    assert not Event.objects.exists()


def test_concurrent_move_is_a_conflict_and_writes_nothing(ticket):
    # Someone else started the ticket after this copy was loaded.
    Ticket.objects.filter(pk=ticket.pk).update(status="doing", closed_note="他人")
    assert ticket.status == "new"
    with pytest.raises(Conflict) as exc:
        TABLE.apply(ticket, "start", actor=None, fields={"closed_note": "我"})
    assert exc.value.code == "concurrent_change"
    assert Ticket.objects.get(pk=ticket.pk).closed_note == "他人"
    assert not Event.objects.exists()
    assert ticket.status == "new"


def test_allowed_and_can():
    assert [m.action for m in TABLE.allowed("closed")] == ["reopen"]
    assert TABLE.can("doing", "close") and not TABLE.can("new", "close") and not TABLE.can("new", "fly")
    assert TABLE.target("reopen") == "doing"
