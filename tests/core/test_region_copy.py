"""core.access.region_by_id: each process keeps the regions it has read; a save clears the copy."""

from __future__ import annotations

from typing import Any

import pytest

from yingshang.core import services
from yingshang.core.access import region_by_id, region_q
from yingshang.core.models import Region


def test_a_region_is_read_once_and_handed_out_as_a_copy(cast: Any, django_assert_num_queries: Any) -> None:
    first = region_by_id(cast.county.pk)
    region_q(cast.office)  # reads the office's own region
    assert (first.pk, first.tree_path, first.name) == (
        cast.county.pk,
        cast.county.tree_path,
        cast.county.name,
    )
    with django_assert_num_queries(0):
        again = region_by_id(cast.county.pk)
        region_q(cast.office)
    assert again == first and again is not first
    again.name = "改过的名字"
    assert region_by_id(cast.county.pk).name == cast.county.name


def test_a_new_region_clears_the_copy_and_is_found(cast: Any, django_assert_num_queries: Any) -> None:
    region_by_id(cast.county.pk)
    town = services.create_region(actor=None, name="新设镇", level=Region.Level.TOWN, parent=cast.county)
    assert region_by_id(town.pk).tree_path == f"{cast.county.tree_path}{town.pk}/"
    with django_assert_num_queries(1):  # the save above cleared the county too
        region_by_id(cast.county.pk)


def test_a_missing_region_raises_and_is_not_kept(cast: Any) -> None:
    with pytest.raises(Region.DoesNotExist):
        region_by_id(10**9)
    with pytest.raises(Region.DoesNotExist):
        region_by_id(10**9)
