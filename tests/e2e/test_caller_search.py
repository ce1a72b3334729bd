"""The hotline desk in a real browser: while the office types a caller's phone or company on the staff
entry form, the caller's earlier appeals appear; the list's search finds them by phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.appeals.makers import make_appeal
from tests.e2e.conftest import login


@pytest.mark.django_db(transaction=True)
def test_caller_history_appears_while_typing(page: Any, cast: Any) -> None:
    earlier = make_appeal(
        cast,
        actor=cast.office,
        region=cast.county,
        channel="hotline",
        contact_name="王建国",
        contact_phone="13804750001",
        enterprise_name="奈曼旗宏远建材有限公司",
        title="厂区门前道路积水",
        description="雨后厂区门前道路积水严重，货车无法进出。",
    )
    stranger = make_appeal(cast)
    login(page, cast.office)
    page.goto("/appeals/new/")
    history = page.locator("[data-testid=caller-history]")
    assert history.inner_text().strip() == ""

    page.locator("#id_contact_phone").press_sequentially("138 0475 0001", delay=30)
    row = history.locator("[data-testid=caller-history-list] tr", has_text=earlier.tracking_code)
    row.wait_for()
    text = history.inner_text()
    assert "厂区门前道路积水" in text and "王建国" in text and stranger.tracking_code not in text

    page.fill("#id_contact_phone", "")
    page.locator("#id_enterprise_name").press_sequentially("宏远建材", delay=30)
    history.locator("tr", has_text=earlier.tracking_code).wait_for()

    page.goto("/appeals/?q=13804750001")
    listed = page.inner_text("#appeal-rows")  # a filing waiting for dispatch is in the 待分办 queue
    assert earlier.tracking_code in listed and stranger.tracking_code not in listed
