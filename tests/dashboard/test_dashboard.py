"""Dashboard figures come from the summary table, agree with their drill-down rows, and respect filters."""

from __future__ import annotations

from typing import Any

import pytest

from tests.indicators.helpers import setup_indicator
from yingshang.dashboard.models import AttainmentSummary
from yingshang.dashboard.sources import MetricSource, Summary, register_source, unregister_source
from yingshang.dashboard.summary import refresh_summary
from yingshang.indicators import services

pytestmark = pytest.mark.django_db


def _data(cast: Any, capture: Any) -> None:
    """Observations in two counties; the summary refresh runs as the commit hook would run it."""
    with capture(execute=True):
        _record(cast)


def _record(cast: Any) -> None:
    ind = setup_indicator(cast)
    power = setup_indicator(cast, code="I06.5", target="99.9", warning="99.5", hi="100", lead=cast.coop_unit)
    for region, v1, v2 in ((cast.county, "0.5", "99.95"), (cast.other_county, "2", "99.0")):
        services.record_observation(
            actor=cast.office, indicator=ind, region=region, period="2025-03", value=v1
        )
        services.record_observation(
            actor=cast.office, indicator=power, region=region, period="2025-03", value=v2
        )
    services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-02", value="5"
    )


def test_summary_is_refreshed_after_observations_change(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _data(cast, django_capture_on_commit_callbacks)
    # the change listener ran the refresh task (inline in tests)
    cells = {
        (s.period, s.region_id, s.indicator.code): (s.total, s.met) for s in AttainmentSummary.objects.all()
    }
    assert cells[("2025-03", cast.county.pk, "I01")] == (1, 1)
    assert cells[("2025-03", cast.other_county.pk, "I06")] == (1, 0)
    assert refresh_summary(["2025-03"]) == 4


def test_attainment_by_indicator_and_region_with_region_filter(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _data(cast, django_capture_on_commit_callbacks)
    client = cast.client("leader")
    body = client.get("/api/v1/dashboard/attainment?period=2025-03").json()
    assert (body["total"], body["met"], body["missed"], body["warned"]) == (4, 2, 1, 1)
    assert {r["name"]: r["rate"] for r in body["by_indicator"]} == {"开办企业": 0.5, "获得电力": 0.5}
    county = client.get(f"/api/v1/dashboard/attainment?period=2025-03&region={cast.county.pk}").json()
    assert (county["total"], county["met"], county["rate"]) == (2, 2, 1.0)


def test_every_figure_drills_down_to_as_many_rows(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    _data(cast, django_capture_on_commit_callbacks)
    client = cast.client("office")
    att = client.get("/api/v1/dashboard/attainment?period=2025-03").json()
    for row in att["by_indicator"]:
        drill = client.get(
            f"/api/v1/dashboard/drill?figure=attainment&period=2025-03&indicator={row['id']}"
        ).json()
        assert drill["count"] == row["total"]
    missed = client.get("/api/v1/dashboard/drill?figure=attainment&period=2025-03&result=missed").json()
    assert missed["count"] == att["missed"] and missed["rows"][0][2] == "东河区"
    warnings = client.get("/api/v1/dashboard/warnings?period=2025-03").json()
    drill = client.get("/api/v1/dashboard/drill?figure=warnings&period=2025-03").json()
    assert drill["count"] == warnings["total"] == 3
    unit = warnings["by_unit"][0]
    by_unit = client.get(f"/api/v1/dashboard/drill?figure=warnings&unit={unit['id']}").json()
    assert by_unit["count"] == unit["n"]
    page = client.get(f"/dashboard/drill/?figure=attainment&period=2025-03&region={cast.county.pk}")
    assert page.status_code == 200 and 'data-testid="drill-count">2<' in page.content.decode()


def test_trend_against_the_target_line(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    _data(cast, django_capture_on_commit_callbacks)
    ind = setup_indicator(cast)
    body = (
        cast.client("office")
        .get(f"/api/v1/dashboard/trend?indicator={ind.pk}&period=2025-03&region={cast.county.pk}")
        .json()
    )
    assert body["target_value"] == 1.0 and body["warning_value"] == 3.0
    assert [(p["period"], p["value"]) for p in body["points"]] == [("2025-02", 5.0), ("2025-03", 0.5)]


def test_panels_show_no_data_without_a_source_and_use_a_registered_one(cast: Any) -> None:
    client = cast.client("office")
    unregister_source("appeals")
    try:
        empty = client.get("/api/v1/dashboard/panels/appeals").json()
        assert empty["available"] is False and empty["note"] == "暂无数据"
        assert 'data-testid="panel-empty-appeals"' in client.get("/dashboard/").content.decode()
        register_source(
            MetricSource(
                "appeals",
                "企业诉求",
                summary=lambda s: Summary(["市场监管局"], [{"name": "受理量", "data": [3]}], ["7"]),
                rows=lambda s, key, offset, limit: (
                    ["查询码"],
                    [["A1"], ["A2"], ["A3"]][offset : offset + limit],
                    3,
                ),
            )
        )
        panel = client.get("/api/v1/dashboard/panels/appeals").json()
        assert panel["available"] and panel["series"][0]["data"] == [3]
        drill = client.get("/api/v1/dashboard/drill?figure=panel:appeals&key=7&limit=2").json()
        assert drill["count"] == 3 and drill["rows"] == [["A1"], ["A2"]]
    finally:
        unregister_source("appeals")
        from yingshang.dashboard import platform_sources

        platform_sources.register()
    assert client.get("/api/v1/dashboard/panels/nope").status_code == 404


def test_bad_filters_are_4xx(cast: Any) -> None:
    client = cast.client("office")
    assert client.get("/api/v1/dashboard/attainment?period=2025-99").status_code == 422
    assert client.get(f"/api/v1/dashboard/attainment?region={10**9}").status_code == 404
    assert client.get("/api/v1/dashboard/drill?figure=bogus").status_code == 422
    assert client.get("/api/v1/dashboard/trend?indicator=0").status_code == 422


def test_outsider_region_is_out_of_reach_for_a_county_office(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.makers import make_user
    from yingshang.core.models import User

    make_user("county_office", User.Role.OFFICE_ADMIN, region=cast.county)
    from django.test import Client

    c = Client()
    c.force_login(User.objects.get(username="county_office"))
    _data(cast, django_capture_on_commit_callbacks)
    assert c.get(f"/api/v1/dashboard/attainment?region={cast.other_county.pk}").status_code == 404
    assert c.get("/api/v1/dashboard/attainment?period=2025-03").json()["total"] == 2


@pytest.mark.parametrize("months", [1, 6])
def test_dashboard_queries_do_not_grow_with_data(
    cast: Any, months: int, django_assert_max_num_queries: Any
) -> None:
    ind = setup_indicator(cast)
    for m in range(1, months + 1):
        for region in (cast.county, cast.other_county):
            services.record_observation(
                actor=cast.office, indicator=ind, region=region, period=f"2025-{m:02d}", value="2"
            )
    refresh_summary()
    client = cast.client("office")
    with django_assert_max_num_queries(16):
        assert client.get("/dashboard/?period=2025-01").status_code == 200
    for path in ("attainment", "warnings", f"trend?indicator={ind.pk}", "drill?figure=warnings"):
        with django_assert_max_num_queries(8):
            assert client.get(f"/api/v1/dashboard/{path}").status_code == 200
