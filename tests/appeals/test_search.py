"""Finding the caller: the list's and the API's ``q`` and the staff entry form's caller history."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from tests.appeals.makers import make_appeal
from yingshang.appeals import services
from yingshang.appeals.models import Appeal

A = "/api/v1/appeals"


def hotline(cast: Any, **kw: Any) -> Appeal:
    """A call the office entered for a caller without an account."""
    defaults: dict[str, Any] = {
        "region": cast.county,
        "contact_name": "王建国",
        "contact_phone": "138-0475-0001",
        "enterprise_name": "奈曼旗宏远建材有限公司",
        "credit_code": "91150525000007771L",
        "title": "厂区门前道路积水",
        "description": "雨后厂区门前道路积水严重，货车无法进出。",
        "channel": "hotline",
    }
    defaults.update(kw)
    return make_appeal(cast, actor=cast.office, **defaults)


def found(client: Any, q: str) -> set[str]:
    return {i["tracking_code"] for i in client.get(f"{A}/", {"q": q}).json()["items"]}


def listed(client: Any, q: str) -> str:
    return client.get("/appeals/", {"q": q}).content.decode()


@pytest.mark.parametrize(
    "q",
    ["13804750001", "0475 0001", "王建国", "宏远建材", "91150525000007771l", "货车无法进出", "道路积水"],
)
def test_office_finds_the_caller_by_every_handle(cast: Any, q: str) -> None:
    a = hotline(cast)
    other = make_appeal(cast)  # the cast's enterprise, another caller and text
    office = cast.client("office")
    assert found(office, q) == {a.tracking_code}
    body = listed(office, q)
    assert a.tracking_code in body and other.tracking_code not in body


def test_tracking_code_is_found_in_any_case(cast: Any) -> None:
    a = hotline(cast)
    assert found(cast.client("office"), a.tracking_code.lower()) == {a.tracking_code}


def test_units_cannot_find_an_appeal_by_the_callers_name_or_phone(cast: Any) -> None:
    a = hotline(cast)
    services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    lead = cast.client("lead")
    assert found(lead, "宏远建材") == {a.tracking_code}  # the company is not personal data
    assert found(lead, "王建国") == set()
    assert found(lead, "13804750001") == set()
    assert a.tracking_code not in listed(lead, "13804750001")


def test_search_stays_inside_what_the_reader_sees(cast: Any) -> None:
    a = hotline(cast)
    assert found(cast.client("outsider"), "宏远建材") == set()
    assert found(cast.client("office"), "宏远建材") == {a.tracking_code}
    assert a.pk in Appeal.objects.values_list("pk", flat=True)


def test_short_digit_strings_do_not_match_every_phone(cast: Any) -> None:
    hotline(cast)
    assert found(cast.client("office"), "13") == set()


# -- the staff entry form's caller history ---------------------------------------------------------


def test_caller_history_by_phone_company_or_credit_code(cast: Any) -> None:
    a = hotline(cast)
    b = hotline(cast, contact_phone="13900000077", contact_name="李四", title="办证难")
    unrelated = make_appeal(cast)
    office = cast.client("office")

    def history(**params: str) -> str:
        r = office.get("/appeals/history/", params)
        assert r.status_code == 200
        return r.content.decode()

    body = history(contact_phone="138 0475 0001")
    assert a.tracking_code in body and b.tracking_code not in body and unrelated.tracking_code not in body
    assert "王建国" in body and "138-0475-0001" in body  # the office sees contacts in full
    body = history(enterprise_name="宏远建材")
    assert a.tracking_code in body and b.tracking_code in body and unrelated.tracking_code not in body
    body = history(credit_code="91150525000007771l")
    assert a.tracking_code in body and b.tracking_code in body
    assert history(contact_phone="138").strip() == '<p class="empty">没有找到该来电人的历史诉求。</p>'
    assert history().strip() == ""


def test_caller_history_stays_in_the_offices_regions(cast: Any) -> None:
    from tests.makers import make_user
    from yingshang.core.models import User

    a = hotline(cast)
    other_office = make_user("office2", User.Role.OFFICE_ADMIN, region=cast.other_county)
    from django.test import Client

    c = Client()
    c.force_login(other_office)
    assert (
        a.tracking_code not in c.get("/appeals/history/", {"contact_phone": "13804750001"}).content.decode()
    )


def test_staff_form_asks_for_history_while_typing(cast: Any) -> None:
    body = cast.client("office").get("/appeals/new/").content.decode()
    assert 'hx-get="/appeals/history/"' in body and "from:#id_contact_phone" in body
    assert "caller-history" not in cast.client("enterprise_user").get("/appeals/new/").content.decode()


def test_list_query_count_with_search(cast: Any, django_assert_max_num_queries: Any) -> None:
    for i in range(15):
        hotline(cast, contact_phone=f"1380475{i:04d}")
    office = cast.client("office")
    with django_assert_max_num_queries(12):
        body = listed(office, "宏远建材")
    assert body.count("宏远建材") >= 15


# -- PostgreSQL: the trigram indexes exist and serve the search -----------------------------------


@pytest.mark.postgres
def test_trigram_indexes_serve_the_search_on_postgresql(cast: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'appeals_appeal'")
        names = {r[0] for r in cur.fetchall()}
    assert {"appeal_title_trgm", "appeal_description_trgm", "appeal_phone_digits_trgm"} <= names
    hotline(cast)
    from yingshang.appeals.finder import search_appeals

    with connection.cursor() as cur:
        # A tiny table: make the planner show whether a trigram index can serve the search at all.
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_indexscan = off")
    for q, index in [("货车无法进出", "appeal_description_trgm"), ("04750001", "appeal_phone_digits_trgm")]:
        plan = search_appeals(Appeal.objects.all(), q, personal=True).explain()
        assert index in plan and "Seq Scan" not in plan, plan
        assert search_appeals(Appeal.objects.all(), q, personal=True).count() == 1
