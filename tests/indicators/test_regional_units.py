"""An indicator's lead unit names a kind of unit; each region's own unit answers for that region."""

from __future__ import annotations

from typing import Any

import pytest

from tests.indicators.helpers import setup_indicator
from tests.makers import make_region, make_unit
from yingshang.core.errors import NotAllowed
from yingshang.indicators import services
from yingshang.indicators.models import IndicatorWarning


def test_a_miss_in_another_county_goes_to_that_countys_unit(cast: Any) -> None:
    ind = setup_indicator(cast)  # led by 奈曼旗's 市场监督管理局; 东河区 has its own of the same name
    services.record_observation(
        actor=cast.office, indicator=ind, region=cast.other_county, period="2025-03", value="9"
    )
    services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-03", value="9"
    )
    owners = dict(IndicatorWarning.objects.values_list("region__name", "lead_unit_id"))
    assert owners == {"东河区": cast.other_unit.pk, "奈曼旗": cast.lead_unit.pk}


def test_a_region_without_its_own_unit_answers_through_the_nearest_one_above(cast: Any) -> None:
    ind = setup_indicator(cast)
    city_unit = make_unit("市场监督管理局", cast.city)
    town = make_region("新镇", parent=cast.other_county)
    assert services.responsible_unit(ind, town) == cast.other_unit
    assert services.responsible_unit(ind, make_region("西河区", parent=cast.city)) == city_unit


def test_each_regions_unit_enters_for_its_own_region_only(cast: Any) -> None:
    ind = setup_indicator(cast)
    obs = services.record_observation(
        actor=cast.outsider, indicator=ind, region=cast.other_county, period="2025-03", value="0.5"
    )
    assert obs.unit == cast.other_unit
    with pytest.raises(NotAllowed):
        services.record_observation(
            actor=cast.outsider, indicator=ind, region=cast.county, period="2025-03", value="1"
        )
    with pytest.raises(NotAllowed):
        services.record_observation(
            actor=cast.lead, indicator=ind, region=cast.other_county, period="2025-04", value="1"
        )


def test_the_indicator_form_names_each_unit_with_its_region(cast: Any) -> None:
    ind = setup_indicator(cast)
    page = cast.client("office").get(f"/indicators/{ind.pk}/edit/").content.decode()
    assert "奈曼旗 市场监督管理局" in page and "东河区 市场监督管理局" in page
