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


def test_appeals_panel_reads_the_day_summary_and_matches_the_appeals(cast: Any) -> None:
    if get_source("appeals") is None:
        pytest.skip("appeals: the app's models are not installed")
    from django.utils import timezone

    from tests.appeals.makers import make_appeal
    from yingshang.appeals import services
    from yingshang.appeals.models import Appeal
    from yingshang.dashboard.summary import refresh_appeal_summary

    for n in range(3):
        appeal = make_appeal(cast, title=f"诉求{n}")
        services.dispatch_appeal(
            actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit, cooperating_units=[]
        )
    Appeal.objects.filter(title="诉求0").update(is_late=True, satisfaction=4)
    Appeal.objects.filter(title="诉求1").update(satisfaction=2)
    client = cast.client("office")
    period = timezone.localdate().strftime("%Y-%m")
    before = client.get(f"/api/v1/dashboard/panels/appeals?period={period}").json()
    assert before["categories"] == []  # nothing until the worker rebuilds the summary
    assert refresh_appeal_summary() == 1
    panel = client.get(f"/api/v1/dashboard/panels/appeals?period={period}").json()
    assert panel["categories"] == ["奈曼旗 市场监督管理局"]  # another region has a bureau of that name
    series = {s["name"]: s["data"] for s in panel["series"]}
    assert series == {"受理量": [3], "按时办结": [2], "平均满意度": [3.0]}
    drill = client.get(f"/api/v1/dashboard/drill?figure=panel:appeals&period={period}").json()
    assert drill["count"] == 3
