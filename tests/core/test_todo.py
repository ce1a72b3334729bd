"""我的待办: grouped by kind with counts, overdue and due-today items of every kind on top, a fixed
number of queries however long the lists; a leader lands on the dashboard."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.appeals.makers import make_appeal
from tests.ledger.helpers import leaf, publish_small
from yingshang.appeals import services as appeal_services
from yingshang.appeals.models import Appeal
from yingshang.core.todo import todo_board


def _dispatched_appeals(cast: Any, n: int) -> list[Appeal]:
    out = []
    for i in range(n):
        appeal = make_appeal(cast, title=f"诉求{i:03d}")
        out.append(
            appeal_services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
        )
    return out


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def test_overdue_task_is_above_a_long_list_of_appeals(cast: Any) -> None:
    _, tasks = publish_small(cast)  # deadlines in 2025: overdue by now
    _dispatched_appeals(cast, 12)
    board = todo_board(cast.lead)
    kinds = {g.kind: g.count for g in board.groups}
    assert kinds["诉求"] == 12 and kinds["任务"] == 1
    assert board.groups[0].kind == "任务"
    assert [i.kind for i in board.urgent] == ["任务"]
    assert board.urgent[0].url == f"/ledger/tasks/{leaf(tasks, '一/(一)').pk}/"


def test_a_late_appeal_joins_the_urgent_list(cast: Any) -> None:
    appeals = _dispatched_appeals(cast, 3)
    Appeal.objects.filter(pk=appeals[1].pk).update(is_late=True, colour="red")
    board = todo_board(cast.lead)
    assert [i.title for i in board.urgent] == ["诉求001"]
    assert board.groups[0].items[0].title == "诉求001"


def test_page_shows_counts_per_kind_and_urgent_first(cast: Any) -> None:
    publish_small(cast)
    _dispatched_appeals(cast, 7)
    page = cast.client("lead").get("/").content.decode()
    assert "诉求 <b>7</b>" in page and "任务 <b>1</b>" in page
    assert page.index('data-testid="todo-urgent"') < page.index('data-kind="诉求"')
    # Five of a kind are shown, the rest fold away under one line.
    assert "其余 2 项" in page


def test_home_queries_do_not_grow_with_items(cast: Any) -> None:
    publish_small(cast)
    lead, office = cast.client("lead"), cast.client("office")
    _dispatched_appeals(cast, 2)
    lead.get("/"), office.get("/")
    few = (_queries(lead), _queries(office))
    _dispatched_appeals(cast, 10)
    for i in range(5):
        make_appeal(cast, title=f"待分办{i}")
    assert (_queries(lead), _queries(office)) == few


def test_leader_lands_on_the_dashboard(cast: Any) -> None:
    resp = cast.client("leader").get("/")
    assert resp.status_code == 302 and resp["Location"] == "/dashboard/"
    assert cast.client("office").get("/").status_code == 200
    menu = cast.client("leader").get("/dashboard/").content.decode()
    assert "我的待办" not in menu
