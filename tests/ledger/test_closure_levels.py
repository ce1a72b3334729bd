"""Two-level 销号 (YINGSHANG_CLOSURE_LEVELS=2): the county office pre-verifies, the city office closes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ledger.helpers import leaf, pdf, publish_small
from tests.makers import make_user
from yingshang.core.errors import NotAllowed
from yingshang.core.models import Notification
from yingshang.ledger import services
from yingshang.ledger.todo import ledger_todo


@pytest.fixture
def two_levels(settings: Any) -> None:
    settings.YINGSHANG = {**settings.YINGSHANG, "CLOSURE_LEVELS": 2}


def _requested(cast: Any) -> Any:
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    services.request_closure(actor=cast.lead, task=task, summary="已全部完成", files=[pdf()])
    return task


def test_county_office_pre_verifies_and_city_office_closes(cast: Any, two_levels: None) -> None:
    county_office = make_user("county_office", "office_admin", region=cast.county)
    task = _requested(cast)
    services.verify_closure(actor=county_office, task=task)
    task.refresh_from_db()
    assert task.status == "closure_pre_verified" and task.closure_pre_verified_by == county_office
    assert Notification.objects.filter(recipient=cast.office, kind="ledger_closure_pre_verified").exists()
    with pytest.raises(NotAllowed):
        services.verify_closure(actor=county_office, task=task)  # the same level cannot confirm itself
    assert "复核销号" in {i.kind for i in ledger_todo(cast.office)}
    assert "复核销号" not in {i.kind for i in ledger_todo(county_office)}
    services.verify_closure(actor=cast.office, task=task)
    task.refresh_from_db()
    assert task.status == "closed" and task.progress_percent == 0  # no report said 100%


def test_top_level_office_closes_in_one_step(cast: Any, two_levels: None) -> None:
    task = _requested(cast)
    services.verify_closure(actor=cast.office, task=task)
    task.refresh_from_db()
    assert task.status == "closed"


def test_city_office_can_reject_a_pre_verified_closure(cast: Any, two_levels: None) -> None:
    county_office = make_user("county_office", "office_admin", region=cast.county)
    task = _requested(cast)
    services.verify_closure(actor=county_office, task=task)
    services.reject_closure(actor=cast.office, task=task, reason="佐证不足")
    task.refresh_from_db()
    assert task.status == "in_progress"


def test_one_level_by_default(cast: Any) -> None:
    county_office = make_user("county_office", "office_admin", region=cast.county)
    task = _requested(cast)
    services.verify_closure(actor=county_office, task=task)
    task.refresh_from_db()
    assert task.status == "closed"
