"""A task's quantified targets are linked to evaluation indicators and checked against their observations."""

from __future__ import annotations

from typing import Any

from tests.indicators.helpers import setup_indicator
from yingshang.indicators.services import record_observation
from yingshang.ledger import selectors, services

TARGET = {
    "phrase": "企业开办时间压减至1个工作日内",
    "subject": "企业开办时间",
    "metric": "time",
    "comparator": "<=",
    "value": 1,
    "unit": "工作日",
    "baseline": None,
}


def test_task_page_shows_the_target_indicator_and_its_latest_observations(cast: Any) -> None:
    indicator = setup_indicator(cast, "I01.2", target="1", warning="3")
    task = services.create_task(
        actor=cast.office,
        region=cast.county,
        title="压缩企业开办时间",
        lead_unit=cast.lead_unit,
        targets=[TARGET],
        indicators=["开办企业"],
    )
    record_observation(actor=None, indicator=indicator, region=cast.county, period="2025-02", value="0.5")
    record_observation(actor=None, indicator=indicator, region=cast.county, period="2025-03", value="2")
    record_observation(actor=None, indicator=indicator, region=cast.other_county, period="2025-03", value="9")
    page = cast.client("office").get(f"/ledger/tasks/{task.pk}/").content.decode()
    assert "I01.2" in page, page
    cell = page[page.index('data-testid="target-indicator"') :]
    cell = cell[: cell.index("</td>")]
    assert "2025-03 2（未达目标）" in cell and "2025-02 0.5（达标）" in cell, cell
    assert " 9（" not in cell  # another county's figure is not this task's


def test_target_without_a_clear_indicator_shows_none(cast: Any) -> None:
    task = services.create_task(
        actor=cast.office,
        region=cast.county,
        title="其他任务",
        lead_unit=cast.lead_unit,
        targets=[
            {
                "phrase": "完成8项",
                "subject": "",
                "metric": "other",
                "comparator": ">=",
                "value": 8,
                "unit": "项",
                "baseline": None,
            }
        ],
    )
    rows = selectors.target_observations(task)
    assert rows[0]["indicator"] is None and rows[0]["observations"] == []


def test_meets_target() -> None:
    assert services.meets_target(0.5, TARGET) is True
    assert services.meets_target(2, TARGET) is False
    assert services.meets_target(2, {"subject": "x"}) is None
