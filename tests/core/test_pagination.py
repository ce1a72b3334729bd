"""Capped counts and the shared pager: counting stops at the cap, and page links keep the filters."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.makers import make_unit
from yingshang.core.models import Unit
from yingshang.core.pagination import CappedPaginator, capped_count


@pytest.fixture
def units(cast: Any) -> Any:
    for i in range(5):
        make_unit(f"分页测试单位{i}", cast.county)
    return Unit.objects.filter(name__startswith="分页测试单位").order_by("name")


def test_capped_count(units: Any) -> None:
    assert capped_count(units, 3) == (3, True)
    assert capped_count(units, 5) == (5, False)
    assert capped_count(units, 10) == (5, False)


def test_capped_paginator_offers_pages_up_to_the_cap(units: Any) -> None:
    paginator = CappedPaginator(units, 2)
    paginator.cap = 3
    assert (paginator.count, paginator.num_pages, paginator.capped) == (3, 2, True)
    assert [u.name for u in paginator.page(2)] == ["分页测试单位2"]
    uncapped = CappedPaginator(units, 2)
    assert (uncapped.count, uncapped.num_pages, uncapped.capped) == (5, 3, False)


def test_pager_links_keep_every_filter_and_say_when_capped(units: Any) -> None:
    paginator = CappedPaginator(units, 2)
    paginator.cap = 3
    request = RequestFactory().get("/appeals/", {"status": "open", "colour": "red", "page": "1"})
    html = render_to_string("partials/pager.html", {"page": paginator.page(1)}, request=request)
    assert 'href="?status=open&amp;colour=red&amp;page=2"' in html
    assert "共 3+ 条" in html
    html = render_to_string(
        "partials/pager.html", {"page": CappedPaginator(units, 2).page(2)}, request=request
    )
    assert "page=1" in html and "page=3" in html and "共 5 条" in html
