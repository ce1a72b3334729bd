"""The hotline operator types a caller's description; a matching knowledge entry appears; choosing it fills
the answer, and the filed appeal links to the entry."""

from __future__ import annotations

from typing import Any

import pytest

from tests.appeals.knowledge.makers import make_entry
from tests.appeals.makers import ensure_services
from tests.e2e.conftest import login
from yingshang.appeals.models import Appeal, KnowledgeUse


@pytest.mark.django_db(transaction=True)
def test_operator_picks_a_matching_knowledge_entry_on_intake(page: Any, cast: Any) -> None:
    ensure_services()
    entry = make_entry(cast)
    make_entry(
        cast, question="企业厂房不动产登记需要多长时间？", keywords="不动产登记", answer="5个工作日内办结。"
    )
    login(page, cast.office)
    page.goto("/appeals/new/")
    page.select_option("select[name=service]", label="政策咨询")
    page.select_option("select[name=region]", label="奈曼旗")
    page.fill("input[name=contact_name]", "孙八")
    page.fill("input[name=contact_phone]", "13904750008")
    # Typed as an operator types, key by key: htmx fetches the matches after a pause.
    page.locator("textarea[name=description]").press_sequentially(
        "小规模纳税人问增值税减免怎么申报", delay=20
    )
    match = page.locator("[data-testid=knowledge-match]").first
    match.wait_for()
    assert entry.question in match.inner_text()
    assert page.locator("[data-testid=knowledge-match]").count() == 1  # the 不动产 entry does not match
    match.locator("[data-testid=knowledge-pick]").click()
    answer = page.locator("[data-testid=knowledge-answer]")
    answer.wait_for()
    assert answer.input_value() == entry.answer
    answer.fill(entry.answer + "如仍有疑问可拨打12366。")
    with page.expect_navigation():
        page.click("[data-testid=filing-form] button[type=submit]")
    appeal = Appeal.objects.get(contact_phone="13904750008")
    assert KnowledgeUse.objects.get(appeal=appeal).text.endswith("如仍有疑问可拨打12366。")
    uses = page.locator("[data-testid=knowledge-uses]")
    assert entry.question in uses.inner_text()
    assert uses.locator(f"a[href='/appeals/knowledge/{entry.pk}/']").count() == 1
