"""In a real browser: the enterprise's own appeal page and a leader's appeal page show nothing private
(internal notes, cooperating units' opinions, 延期 reasons, 协办 requests, a person's full name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.appeals.makers import ensure_services, make_appeal
from tests.e2e.conftest import login
from yingshang.appeals import services
from yingshang.appeals.models import Service

PRIVATE = (
    "内部备注：法人另有纠纷",
    "协办意见：建议不予支持",
    "延期理由：需请示领导",
    "同意延期",
    "协办事项：核查用地",
)


@pytest.mark.django_db(transaction=True)
def test_enterprise_and_leader_pages_show_nothing_private(page: Any, cast: Any, tmp_path: Path) -> None:
    ensure_services()
    own = make_appeal(cast)
    services.dispatch_appeal(
        actor=cast.office, appeal=own, lead_unit=cast.lead_unit, cooperating_units=[cast.coop_unit]
    )
    services.acknowledge_appeal(actor=cast.lead, appeal=own)
    services.handle_appeal(actor=cast.lead, appeal=own, text=PRIVATE[0], contacted=True)
    services.handle_appeal(actor=cast.coop, appeal=own, text=PRIVATE[1])
    ext = services.request_extension(actor=cast.lead, appeal=own, workdays_n=3, reason=PRIVATE[2])
    services.decide_extension(actor=cast.office, extension=ext, approve=True, note=PRIVATE[3])
    own.refresh_from_db()
    services.reply_appeal(actor=cast.lead, appeal=own, text="已为贵公司办结变更登记。")

    person = services.file_appeal(
        actor=None,
        service=Service.objects.get(code="complaint"),
        description="门店门口长期占道，投诉无果。",
        region=cast.county,
        contact_name="王五",
        contact_phone="13800000002",
    )
    services.dispatch_appeal(actor=cast.office, appeal=person, lead_unit=cast.lead_unit, cooperating_units=[])

    login(page, cast.enterprise_user)
    page.goto(f"/appeals/{own.pk}/")
    page.screenshot(path=str(tmp_path / "enterprise-appeal.png"), full_page=True)
    text = page.inner_text("body")
    for private in PRIVATE:
        assert private not in text, private
    assert "已为贵公司办结变更登记。" in text and "签收" in text and "答复" in text
    assert cast.coop_unit.name not in text  # who was asked to help stays among staff
    assert page.locator("[data-testid=event]").count() >= 4
    page.context.clear_cookies()

    login(page, cast.leader)
    page.goto(f"/appeals/{person.pk}/")
    page.screenshot(path=str(tmp_path / "leader-appeal.png"), full_page=True)
    assert page.inner_text("[data-testid=contact]").strip() == "王* 138****0002"
    assert page.inner_text("[data-testid=filer]").strip() == "王*"
    assert "王五" not in page.inner_text("body") and "13800000002" not in page.inner_text("body")
    page.goto("/appeals/")
    assert "王五" not in page.inner_text("body")
