"""The dispatch desk in a real browser: filtering the unit picker, choosing a suggested unit by its tag,
and dispatching ticked appeals from the 待分办 queue in one go."""

from __future__ import annotations

from typing import Any

import pytest

from tests.appeals.makers import make_appeal
from tests.e2e.conftest import login
from yingshang.appeals.models import Appeal, AppealUnit


@pytest.mark.django_db(transaction=True)
def test_picker_filters_and_suggestion_tag_chooses(page: Any, cast: Any) -> None:
    a = make_appeal(cast, description="市场监管部门检查过多，影响企业正常经营。")
    login(page, cast.office)
    page.goto(f"/appeals/{a.pk}/")
    form = page.locator("[data-testid=dispatch-form]")
    select = form.locator("#dispatch-lead-unit")
    select.select_option("")
    tag = form.locator("[data-testid=suggested-unit]").first
    tag.click()
    chosen = select.input_value()
    assert chosen and chosen == tag.get_attribute("data-choose-unit")

    form.locator("[data-testid=coop-unit-filter]").fill("发展")
    visible = form.locator("#dispatch-coop-units label:visible")
    assert visible.count() == 1 and "发展和改革委员会" in visible.inner_text()
    visible.locator("input").check()
    form.locator("[data-testid=lead-unit-filter]").fill("市场")
    assert all(
        "市场" in t for t in form.locator("#dispatch-lead-unit option:not([hidden])").all_inner_texts()[1:]
    )
    select.select_option(str(cast.lead_unit.pk))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.inner_text("[data-testid=status]") == "已分办"
    assert AppealUnit.objects.get(appeal=a, role="cooperating").unit_id == cast.coop_unit.pk


@pytest.mark.django_db(transaction=True)
def test_bulk_dispatch_from_the_queue(page: Any, cast: Any) -> None:
    a, b, c = (make_appeal(cast, title=f"待分办{i}") for i in range(3))
    login(page, cast.office)
    page.goto("/appeals/")
    queue = page.locator("[data-testid=bulk-dispatch]")
    queue.locator(f"input[name=ids][value='{a.pk}']").check()
    queue.locator(f"input[name=ids][value='{c.pk}']").check()
    queue.locator(".unit-filter").fill("市场监督")
    queue.locator("select[name=lead_unit]").select_option(str(cast.lead_unit.pk))
    with page.expect_navigation():
        queue.locator("button[type=submit]").click()
    assert "已将 2 件诉求分办" in page.content()
    assert dict(Appeal.objects.values_list("pk", "status")) == {
        a.pk: "dispatched",
        b.pk: "submitted",
        c.pk: "dispatched",
    }
