"""The guarded panels and components over ledger tasks and appeals run their queries (empty data)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from yingshang.assessment.components import get_component
from yingshang.dashboard.sources import get_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["task_colours", "appeals"])
def test_platform_panel_answers_when_its_app_exists(cast: Any, code: str) -> None:
    if get_source(code) is None:
        pytest.skip(f"{code}: the app's models are not installed")
    client = cast.client("office")
    panel = client.get(f"/api/v1/dashboard/panels/{code}").json()
    assert panel["available"] and panel["categories"] == []
    drill = client.get(f"/api/v1/dashboard/drill?figure=panel:{code}").json()
    assert drill["count"] == 0 and drill["headers"]


@pytest.mark.parametrize("code", ["task_timeliness", "appeal_handling"])
def test_platform_component_scores_nothing_without_data(cast: Any, code: str) -> None:
    comp = get_component(code)
    if comp is None:
        pytest.skip(f"{code}: the app's models are not installed")
    out = comp.compute([cast.lead_unit.pk], date(2025, 3, 1), date(2025, 3, 31))
    value, explanation = out[cast.lead_unit.pk]
    assert value is None and explanation["sample"] == 0
