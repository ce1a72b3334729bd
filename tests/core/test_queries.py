"""List pages run a fixed number of queries however many rows they show."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.makers import make_enterprise, make_unit
from yingshang.core import services


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


_seq = itertools.count()


def add_units(cast, n: int) -> None:
    for i in (next(_seq) for _ in range(n)):
        make_unit(f"测试单位{i:03d}", cast.county if i % 2 else cast.other_county)


def add_enterprises(cast, n: int) -> None:
    for _ in range(n):
        make_enterprise(cast.county)


def add_notifications(cast, n: int) -> None:
    for i in range(n):
        services.notify(recipients=[cast.office], title=f"通知{i}", url="/")


@pytest.mark.parametrize(
    "path,add",
    [("/units/", add_units), ("/enterprises/", add_enterprises), ("/notifications/", add_notifications)],
    ids=["units", "enterprises", "notifications"],
)
def test_list_page_queries_do_not_grow_with_rows(cast, path: str, add: Callable[..., None]) -> None:
    client = cast.client("office")
    client.get(path)  # warm the session and content-type caches
    add(cast, 5)
    few = queries_for(client, path)
    add(cast, 45)
    many = queries_for(client, path)
    assert few == many
    assert many <= 12


def test_unit_export_queries_do_not_grow_with_rows(cast) -> None:
    client = cast.client("office")
    client.get("/units/?format=xlsx")  # warm the session, content-type and region caches
    add_units(cast, 5)
    few = queries_for(client, "/units/?format=xlsx")
    add_units(cast, 45)
    assert queries_for(client, "/units/?format=xlsx") == few
