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
    assert searched <= plain  # the search adds no count of its own
    assert "营业执照变更0" in body and "排污许可证延续" not in body
    assert paginator.count == 3 and not paginator.capped


def test_the_offices_first_page_still_counts_the_table_without_the_queue(cast: Any) -> None:
    make_appeal(cast, title="营业执照变更")
    _, body, paginator = _counts(cast.client("office"), "/appeals/?q=营业执照")
    # the unassigned appeal sits in the office's 待分办 queue above the table, not in the table's count
    assert "营业执照变更" in body and paginator.count == 0


def _api_page(client: Any, url: str) -> tuple[int, dict[str, Any]]:
    with CaptureQueriesContext(connection) as q:
        body = client.get(url).json()
    return sum(1 for x in q.captured_queries if "LIKE" in x["sql"].upper()), body


def test_the_api_runs_a_search_once_for_its_count_and_its_page(cast: Any) -> None:
    """A search with few matches reads the matching ids once (the trigram pass is the cost at millions of
    appeals) and fetches the page's rows by id; pages followed by cursor keep the newest-first order."""
    made = [make_appeal(cast, title=f"排污许可证延续{i}") for i in range(5)]
    make_appeal(cast, title="营业执照变更")
    office = cast.client("office")
    seen: list[int] = []
    url = "/api/v1/appeals/?limit=2&q=排污许可"
    while url:
        searches, body = _api_page(office, url)
        assert searches == 1 and body["count"] == 5 and body["count_capped"] is False
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        url = f"/api/v1/appeals/?limit=2&q=排污许可&cursor={cursor}" if cursor else ""
    assert seen == sorted((a.pk for a in made), reverse=True)
    assert office.get("/api/v1/appeals/?limit=2&q=排污许可&offset=4").json()["items"][0]["id"] == made[0].pk
    assert office.get("/api/v1/appeals/?q=排污许可&cursor=nonsense").status_code == 422


def test_a_search_with_more_matches_than_the_cap_pages_by_the_index(cast: Any, monkeypatch: Any) -> None:
    from yingshang.core import pagination

    made = [make_appeal(cast, title=f"排污许可证延续{i}") for i in range(5)]
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    office = cast.client("office")
    body = office.get("/api/v1/appeals/?limit=2&q=排污许可").json()
    assert (body["count"], body["count_capped"]) == (3, True)
    assert [i["id"] for i in body["items"]] == [made[4].pk, made[3].pk]
    rest = office.get(f"/api/v1/appeals/?limit=10&q=排污许可&cursor={body['next_cursor']}").json()
    assert [i["id"] for i in rest["items"]] == [made[2].pk, made[1].pk, made[0].pk]
