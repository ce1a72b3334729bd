"""The appeals page counts a search once: the same capped count chooses the order and fills the pager."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.appeals.makers import make_appeal


def _counts(client: Any, url: str) -> tuple[int, str, Any]:
    with CaptureQueriesContext(connection) as q:
        response = client.get(url)
    counts = sum(1 for x in q.captured_queries if "COUNT(" in x["sql"].upper())
    return counts, response.content.decode(), response.context["page"].paginator


def test_a_search_is_counted_once_and_the_pager_shows_that_count(cast: Any) -> None:
    for i in range(3):
        make_appeal(cast, title=f"营业执照变更{i}")
    make_appeal(cast, title="排污许可证延续", description="排污许可证延续办理时间过长。")
    client = cast.client("enterprise_user")
    plain, _, _ = _counts(client, "/appeals/")
    searched, body, paginator = _counts(client, "/appeals/?q=营业执照")
    assert searched == plain  # the search adds no second count
    assert "营业执照变更0" in body and "排污许可证延续" not in body
    assert paginator.count == 3 and not paginator.capped


def test_the_offices_first_page_still_counts_the_table_without_the_queue(cast: Any) -> None:
    make_appeal(cast, title="营业执照变更")
    _, body, paginator = _counts(cast.client("office"), "/appeals/?q=营业执照")
    # the unassigned appeal sits in the office's 待分办 queue above the table, not in the table's count
    assert "营业执照变更" in body and paginator.count == 0
