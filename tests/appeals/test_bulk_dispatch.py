"""批量分办 from the list's 待分办 queue, and the dispatch form's unit picker and suggestion tags."""

from __future__ import annotations

from typing import Any

import pytest

from tests.appeals.makers import make_appeal
from yingshang.appeals import services
from yingshang.appeals.models import Appeal, AppealUnit
from yingshang.core.errors import Conflict, NotAllowed


def test_office_dispatches_ticked_appeals_to_one_unit(cast: Any) -> None:
    a, b, c = (make_appeal(cast, title=f"诉求{i}") for i in range(3))
    office = cast.client("office")
    body = office.get("/appeals/").content.decode()
    assert 'data-testid="bulk-dispatch"' in body and f'name="ids" value="{a.pk}"' in body
    r = office.post("/appeals/dispatch/", {"ids": [a.pk, b.pk], "lead_unit": cast.lead_unit.pk}, follow=True)
    assert "已将 2 件诉求分办至市场监督管理局" in r.content.decode()
    statuses = dict(Appeal.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "dispatched", b.pk: "dispatched", c.pk: "submitted"}
    assert AppealUnit.objects.filter(unit=cast.lead_unit, role="lead").count() == 2


def test_bulk_dispatch_is_all_or_none(cast: Any) -> None:
    a, b = make_appeal(cast), make_appeal(cast)
    services.dispatch_appeal(actor=cast.office, appeal=b, lead_unit=cast.coop_unit)
    r = cast.client("office").post(
        "/appeals/dispatch/", {"ids": [a.pk, b.pk], "lead_unit": cast.lead_unit.pk}, follow=True
    )
    assert r.status_code == 200
    a.refresh_from_db()
    assert a.status == "submitted"  # b could not move, so neither did a
    with pytest.raises(Conflict):
        services.dispatch_appeals(actor=cast.office, appeals=[a, b], lead_unit=cast.lead_unit)
    with pytest.raises(NotAllowed):
        services.dispatch_appeals(actor=cast.lead, appeals=[a], lead_unit=cast.lead_unit)


def test_bulk_dispatch_refuses_bad_input(cast: Any) -> None:
    a = make_appeal(cast)
    office = cast.client("office")
    for data in (
        {"ids": [a.pk]},
        {"ids": [], "lead_unit": cast.lead_unit.pk},
        {"ids": [a.pk, 999999], "lead_unit": cast.lead_unit.pk},
        {"ids": [a.pk], "lead_unit": "x"},
    ):
        r = office.post("/appeals/dispatch/", data, follow=True)
        assert r.status_code == 200
    a.refresh_from_db()
    assert a.status == "submitted"


def test_dispatch_form_has_a_searchable_picker_and_clickable_suggestions(cast: Any) -> None:
    a = make_appeal(cast, description="市场监管部门检查过多，影响企业正常经营。")
    body = cast.client("office").get(f"/appeals/{a.pk}/").content.decode()
    assert 'class="unit-filter"' in body and 'id="dispatch-lead-unit"' in body
    assert 'multiple size="4"' not in body and 'name="cooperating_units" value=' in body
    assert "appeals/desk.js" in body
    assert "<script>" not in body and " onclick=" not in body


def test_office_list_with_queue_keeps_its_query_count(cast: Any, django_assert_max_num_queries: Any) -> None:
    for _ in range(3):
        make_appeal(cast)
    office = cast.client("office")
    office.get("/appeals/")
    with django_assert_max_num_queries(14):
        office.get("/appeals/")
    for _ in range(15):
        make_appeal(cast)
    with django_assert_max_num_queries(14):
        body = office.get("/appeals/").content.decode()
    assert body.count('name="ids"') == 18
