"""Pages and API of the indicators app beyond the permission matrix: scoping, forms, query counts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.indicators.helpers import setup_indicator
from yingshang.core.events import timeline
from yingshang.indicators import services
from yingshang.indicators.models import Observation

pytestmark = pytest.mark.django_db


def _fill(cast: Any, n: int) -> None:
    ind = setup_indicator(cast)
    for m in range(1, n + 1):
        services.record_observation(
            actor=cast.office, indicator=ind, region=cast.county, period=f"2024-{m:02d}", value="2"
        )


@pytest.mark.parametrize("n", [1, 8])
def test_observation_and_warning_lists_take_constant_queries(
    cast: Any, n: int, django_assert_max_num_queries: Any
) -> None:
    _fill(cast, n)
    client = cast.client("office")
    with django_assert_max_num_queries(12):
        assert client.get("/indicators/observations/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/indicators/warnings/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/indicators/").status_code == 200


def test_form_entry_by_the_lead_unit(cast: Any) -> None:
    ind = setup_indicator(cast)
    resp = cast.client("lead").post(
        "/indicators/observations/new/",
        {"indicator": ind.pk, "region": cast.county.pk, "period": "2025-03", "value": "2.5", "note": ""},
    )
    assert resp.status_code == 302
    assert Observation.objects.get().result == "missed"
    bad = cast.client("lead").post(
        "/indicators/observations/new/",
        {"indicator": ind.pk, "region": cast.county.pk, "period": "2025-03", "value": "-1"},
    )
    assert bad.status_code == 200 and "小于最小值" in bad.content.decode()


def test_form_asks_before_replacing_and_shows_the_value_in_place(cast: Any) -> None:
    ind = setup_indicator(cast)
    client = cast.client("lead")
    entry = {"indicator": ind.pk, "region": cast.county.pk, "period": "2025-03", "note": ""}
    assert client.post("/indicators/observations/new/", {**entry, "value": "0.8"}).status_code == 302
    again = client.post("/indicators/observations/new/", {**entry, "value": "2.5"})
    body = again.content.decode()
    assert again.status_code == 200 and 'data-testid="observation-existing"' in body
    assert "已有监测值" in body and "<strong>0.8" in body and 'name="replace"' in body
    assert Observation.objects.get().value == Decimal("0.8")
    done = client.post("/indicators/observations/new/", {**entry, "value": "2.5", "replace": "on"})
    assert done.status_code == 302
    obs = Observation.objects.get()
    assert obs.value == Decimal("2.5") and timeline(obs).last().note["old"] == "0.8"


def test_api_answers_409_for_a_second_value_unless_replace(cast: Any) -> None:
    ind = setup_indicator(cast)
    client = cast.client("office")
    payload = {"indicator_id": ind.pk, "region_id": cast.county.pk, "period": "2025-03", "value": "0.8"}
    url = "/api/v1/indicators/observations"
    assert client.post(url, payload, content_type="application/json").status_code == 201
    clash = client.post(url, {**payload, "value": "2"}, content_type="application/json")
    assert clash.status_code == 409
    assert clash.json()["code"] == "observation_exists" and "0.8" in clash.json()["message"]
    ok = client.post(url, {**payload, "value": "2", "replace": True}, content_type="application/json")
    assert ok.status_code == 201 and Decimal(ok.json()["value"]) == Decimal("2")
    assert timeline(Observation.objects.get()).last().note["old"] == "0.8"


def test_units_see_only_their_own_warnings(cast: Any) -> None:
    _fill(cast, 1)
    w = Observation.objects.get().warning
    assert cast.client("lead").get(f"/indicators/warnings/{w.pk}/").status_code == 200
    assert cast.client("coop").get(f"/indicators/warnings/{w.pk}/").status_code == 404
    assert "暂无预警" in cast.client("coop").get("/indicators/warnings/").content.decode()


def test_explain_through_the_page_then_office_resolves(cast: Any) -> None:
    _fill(cast, 1)
    w = Observation.objects.get().warning
    url = f"/indicators/warnings/{w.pk}/action/"
    cast.client("lead").post(url, {"action": "explain", "explanation": "原因", "fix_plan": "措施"})
    w.refresh_from_db()
    assert w.status == "explained"
    assert cast.client("lead").post(url, {"action": "resolve"}).status_code == 403
    cast.client("office").post(url, {"action": "resolve", "note": "同意"})
    w.refresh_from_db()
    assert w.status == "resolved"


def test_api_records_and_lists(cast: Any) -> None:
    ind = setup_indicator(cast)
    client = cast.client("lead")
    resp = client.post(
        "/api/v1/indicators/observations",
        {"indicator_id": ind.pk, "region_id": cast.county.pk, "period": "2025-03", "value": "0.9"},
        content_type="application/json",
    )
    assert resp.status_code == 201 and resp.json()["result"] == "met"
    bad = client.post(
        "/api/v1/indicators/observations",
        {"indicator_id": ind.pk, "region_id": cast.county.pk, "period": "2025-99", "value": "1"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "validation" and "period" in bad.json()["fields"]
    assert client.get("/api/v1/indicators/observations?period=2025-03").json()["count"] == 1


def test_match_target_api(cast: Any) -> None:
    resp = cast.client("office").post(
        "/api/v1/indicators/match-target",
        {
            "subject": "企业开办时间",
            "metric": "time",
            "value": 0.5,
            "unit": "工作日",
            "indicators": ["开办企业"],
        },
        content_type="application/json",
    )
    body = resp.json()
    assert body["matched"] and body["code"] == "I01.2" and body["indicator_id"]


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", "/api/v1/indicators/99999999999999999999", None),
        ("patch", "/api/v1/indicators/{i}", {"reporting_period": None}),
        ("patch", "/api/v1/indicators/{i}", {"target_value": "0.123456789"}),
        ("patch", "/api/v1/indicators/{i}", {"min_value": "5", "max_value": "1"}),
        ("post", "/api/v1/indicators/observations", {"value": "9999999999.99999"}),
        ("post", "/api/v1/indicators/warnings/0/explain", {"explanation": "a", "fix_plan": "b"}),
    ],
)
def test_garbage_input_is_4xx_never_5xx(cast: Any, method: str, path: str, payload: Any) -> None:
    ind = setup_indicator(cast)
    if path.endswith("observations"):
        payload = {"indicator_id": ind.pk, "region_id": cast.county.pk, "period": "2025-03", **payload}
    client = cast.client("office")
    url = path.format(i=ind.pk)
    resp = (
        client.get(url)
        if method == "get"
        else getattr(client, method)(url, payload, content_type="application/json")
    )
    assert 400 <= resp.status_code < 500, resp.content
    assert set(resp.json()) == {"message", "code", "fields"}
