"""The list API refuses offsets that would make the database walk past thousands of rows, and reads deep
pages by cursor instead: every row once, in order, whatever the depth."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.utils import timezone

from tests.appeals.makers import make_appeal
from tests.appeals.test_api import A, client_for
from yingshang.core.pagination import MAX_LIST_OFFSET


def test_offset_past_the_cap_is_a_clear_422(cast: Any) -> None:
    office = client_for(cast.office)
    r = office.get(f"{A}/?offset={MAX_LIST_OFFSET + 1}")
    assert r.status_code == 422
    body = r.json()
    assert (
        body["code"] == "offset_too_deep" and "next_cursor" in body["message"] and "offset" in body["fields"]
    )
    assert office.get(f"{A}/?offset={MAX_LIST_OFFSET}").status_code == 200


def test_cursor_walks_every_row_once_in_order(cast: Any) -> None:
    start = timezone.now() - dt.timedelta(days=3)
    made = []
    for i in range(7):
        # Two filings share each instant: the cursor must not skip or repeat the second.
        with time_machine.travel(start + dt.timedelta(minutes=i // 2), tick=False):
            made.append(make_appeal(cast, description=f"第{i}件：营业执照变更迟迟未办。").pk)
    office = client_for(cast.office)
    seen, cursor, pages = [], "", 0
    while True:
        page = office.get(f"{A}/?limit=3" + (f"&cursor={cursor}" if cursor else "")).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    expected = sorted(made, reverse=True)  # newest first; equal instants by id
    assert seen == [i["id"] for i in office.get(f"{A}/?limit=50").json()["items"]] == expected


def test_bad_cursor_is_a_422_not_a_500(cast: Any) -> None:
    office = client_for(cast.office)
    for bad in ("xyz", "bm90LWEtY3Vyc29y", "MjAyNi0wMS0wMXwx"):
        r = office.get(f"{A}/?cursor={bad}")
        assert r.status_code == 422 and r.json()["code"] == "bad_cursor", bad


def test_list_rows_are_exactly_what_the_schema_declares(cast: Any) -> None:
    """The list is rendered without the schema's per-field validation: what it sends must be what the
    validation would have sent, field for field."""
    import json

    from ninja.renderers import NinjaJSONEncoder

    from yingshang.appeals import services
    from yingshang.appeals.schemas import AppealPageOut

    a = make_appeal(cast)
    services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    make_appeal(cast, description="第二件：供水水压不足。")
    for who in (cast.office, cast.lead, cast.enterprise_user):
        body = client_for(who).get(f"{A}/?limit=1").json()
        validated = json.loads(
            json.dumps(AppealPageOut.model_validate(body).model_dump(), cls=NinjaJSONEncoder)
        )
        assert body == validated and body["items"] and body["next_cursor"] is not None or who is cast.lead
