"""清欠 on the enterprise page (一企一档) and in the 回访 campaign's list: the cases where the enterprise is
the creditor, amount owed and status, no handling record; a fixed query count with one or many cases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.arrears.helpers import make_case
from tests.outreach.makers import assign
from yingshang.arrears.models import ArrearsCase
from yingshang.outreach.campaign_sources import campaign_sources


def _page(c: Any, who: str) -> str:
    response = c.client(who).get(f"/outreach/enterprises/{c.enterprise.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["enterprise_user", "office", "lead"])
def test_creditor_cases_for_the_enterprise_office_and_cadre(cast: Any, who: str) -> None:
    assign(cast)
    case = make_case(cast)
    body = _page(cast, who)
    assert 'data-section="arrears"' in body
    assert f"/arrears/cases/{case.pk}/" in body
    assert "100,000.00" in body and "未清偿" in body


def test_a_cadre_of_a_unit_that_neither_owes_nor_supervises_does_not_read_the_case(cast: Any) -> None:
    assign(cast, cadre=cast.coop)
    case = make_case(cast)
    body = _page(cast, "coop")
    assert 'data-section="arrears"' in body
    assert f"/arrears/cases/{case.pk}/" not in body


def test_cases_where_the_enterprise_is_not_the_creditor_are_left_out(cast: Any) -> None:
    assign(cast)
    other = make_case(cast, creditor=cast.other_enterprise, contract_name="别家的合同")
    body = _page(cast, "office")
    assert "别家的合同" not in body and f"/arrears/cases/{other.pk}/" not in body


def test_campaign_source_lists_creditors_of_cases_active_in_the_year(cast: Any) -> None:
    make_case(cast)
    source = {s.code: s for s in campaign_sources()}["arrears"]
    year = timezone.localdate().year
    assert list(source.loader(cast.city, year)) == [(cast.enterprise.pk, cast.lead_unit.pk)]
    assert list(source.loader(cast.city, year - 1)) == []  # entered this year
    assert list(source.loader(cast.other_county, year)) == []
    ArrearsCase.objects.update(status=ArrearsCase.Status.SETTLED, settled_on=date(year - 1, 12, 1))
    assert list(source.loader(cast.city, year)) == []  # settled before the year began


@pytest.mark.parametrize("who", ["enterprise_user", "office", "lead"])
def test_query_count_is_the_same_with_one_or_many_cases(cast: Any, who: str) -> None:
    assign(cast)
    case = make_case(cast)
    client = cast.client(who)
    url = f"/outreach/enterprises/{cast.enterprise.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    fields = {
        f.attname: getattr(case, f.attname) for f in ArrearsCase._meta.concrete_fields if f.attname != "id"
    }
    ArrearsCase.objects.bulk_create([ArrearsCase(**{**fields, "contract_no": f"HT-{i}"}) for i in range(30)])
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert "共 31 笔" in body
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
