"""Assessment pages: what units see, the public lists, bulletin pages, query counts."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from docx import Document

from tests.assessment.helpers import observations, scheme, without_pdf_converter
from yingshang.assessment import services
from yingshang.assessment.models import Bulletin, Scheme, Score
from yingshang.core.models import Unit

pytestmark = pytest.mark.django_db


def _published(cast: Any) -> Any:
    observations(cast)
    s = scheme(cast)
    services.compute_scores(actor=cast.office, scheme=s)
    services.publish_scheme(actor=cast.office, scheme=s)
    return s


def test_a_unit_sees_its_own_score_and_the_public_list_only(cast: Any) -> None:
    s = _published(cast)
    rows = cast.client("lead").get(f"/api/v1/assessment/schemes/{s.pk}/scores").json()
    assert [r["unit_id"] for r in rows] == [cast.lead_unit.pk]
    assert rows[0]["parts"]["indicator_attainment"]["explanation"]["未达标"] == 1
    mine = cast.client("lead").get("/assessment/mine/").content.decode()
    assert "三月考核" in mine
    other = Score.objects.get(scheme=s, unit=cast.coop_unit)
    assert cast.client("lead").get(f"/assessment/scores/{other.pk}/").status_code == 404
    assert cast.client("lead").get(f"/assessment/{s.pk}/").status_code == 403
    assert cast.client("lead").get("/api/v1/dashboard/drill").status_code == 403


def test_public_page_shows_the_published_list_without_login(cast: Any) -> None:
    s = _published(cast)
    body = Client().get(f"/assessment/public/{s.pk}/").content.decode()
    assert "红榜" in body and "发展和改革委员会" in body and "市场监督管理局" in body
    api = Client().get("/api/v1/assessment/public/lists").json()
    assert (
        api["count"] == 1
        and api["items"][0]["groups"]["department"]["black"][0]["unit"] == "奈曼旗 市场监督管理局"
    )
    draft = scheme(cast, name="草稿方案")
    assert Client().get(f"/assessment/public/{draft.pk}/").status_code == 404


def test_score_page_opens_to_the_numbers(cast: Any) -> None:
    s = _published(cast)
    score = Score.objects.get(scheme=s, unit=cast.lead_unit)
    body = cast.client("office").get(f"/assessment/scores/{score.pk}/").content.decode()
    assert "评价指标达标" in body and "未达标：1" in body and "58.00" in body


@pytest.mark.parametrize("extra_units", [0, 6])
def test_scheme_pages_take_constant_queries(
    cast: Any, extra_units: int, django_assert_max_num_queries: Any
) -> None:
    for i in range(extra_units):
        Unit.objects.create(name=f"测试局{i}", region=cast.county)
    s = _published(cast)
    client = cast.client("office")
    with django_assert_max_num_queries(14):
        assert client.get(f"/assessment/{s.pk}/").status_code == 200
    with django_assert_max_num_queries(6):
        assert Client().get("/assessment/public/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/assessment/").status_code == 200


def test_office_generates_a_bulletin_from_the_page_and_downloads_it(
    cast: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    without_pdf_converter(settings)  # the PDF is tested in test_bulletin_layout
    _published(cast)
    client = cast.client("office")
    today = (
        timezone.localdate().isoformat()
    )  # the data were written today: an earlier date would exclude them
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            "/assessment/bulletins/",
            {"region": cast.city.pk, "period": "2025-03", "as_of": today, "doc_number": "营商办〔2025〕4号"},
        )
    assert resp.status_code == 302
    detail = client.get(resp["Location"]).content.decode()
    assert "四、评价指标达标情况" in detail and "数据来源：快照" in detail
    assert "营商办〔2025〕4号" in detail and "PDF未生成" in detail
    docx = client.get(resp["Location"] + "docx/")
    assert docx.status_code == 200
    doc = Document(io.BytesIO(docx.content))
    assert len(doc.tables) >= 4
    assert (
        cast.client("leader")
        .post("/assessment/bulletins/", {"region": cast.city.pk, "period": "2025-03", "as_of": "2025-04-01"})
        .status_code
        == 403
    )


def test_scheme_page_actions(cast: Any) -> None:
    observations(cast)
    s = scheme(cast)
    client = cast.client("office")
    url = f"/assessment/{s.pk}/action/"
    client.post(url, {"action": "adjust", "unit": cast.lead_unit.pk, "points": "3", "reason": "亮点工作"})
    client.post(url, {"action": "compute"})
    client.post(url, {"action": "publish"})
    s.refresh_from_db()
    assert s.status == "published" and s.adjustments.count() == 1
    assert Score.objects.get(scheme=s, unit=cast.lead_unit).adjustment_total == 3
    create = client.post(
        "/assessment/new/",
        {
            "name": "季度",
            "region": cast.county.pk,
            "period": "2025Q1",
            "red_count": 1,
            "black_count": 1,
            "min_sample": 1,
            "components_chosen": ["indicator_attainment"],
            "w_indicator_attainment": "1",
        },
    )
    assert create.status_code == 302
    assert date(2025, 1, 1) == type(s).objects.get(name="季度").period_start


def test_scheme_form_offers_the_registry_and_takes_the_chosen_components(cast: Any) -> None:
    client = cast.client("office")
    form = client.get("/assessment/new/").content.decode()
    for code, description in (
        ("indicator_attainment", "牵头指标监测值相对创优目标的达成度"),
        ("open_warnings", "本期预警未解除、逾期未说明扣分"),
        ("task_timeliness", "牵头任务中非红色(未超期)的比例"),
        ("appeal_handling", "主办诉求按时率(70%)与满意度(30%)"),
    ):
        assert f'value="{code}"' in form and description in form
    base = {"region": cast.county.pk, "period": "2025-03", "red_count": 1, "black_count": 1, "min_sample": 1}
    forgot = client.post(
        "/assessment/new/", {**base, "name": "漏选", "w_open_warnings": "2"}
    ).content.decode()
    assert "未选用“指标预警处置”" in forgot and "这个字段是必填项" in forgot
    made = client.post(
        "/assessment/new/",
        {
            **base,
            "name": "自选组件",
            "components_chosen": ["task_timeliness", "appeal_handling"],
            "w_appeal_handling": "3",
        },
    )
    assert made.status_code == 302
    scheme_ = Scheme.objects.get(name="自选组件")
    assert {c.code: c.weight for c in scheme_.components.all()} == {
        "task_timeliness": Decimal("1.00"),
        "appeal_handling": Decimal("3.00"),
    }


def test_a_unit_without_data_is_marked_and_not_ranked(cast: Any) -> None:
    """Before: open_warnings gave a unit with no indicators 1.0, so with no minimum sample it ranked first."""
    observations(cast)
    idle = Unit.objects.create(name="档案馆", region=cast.county, kind=cast.lead_unit.kind)
    s = scheme(cast, min_sample=0)
    services.compute_scores(actor=cast.office, scheme=s)
    score = Score.objects.get(scheme=s, unit=idle)
    assert score.total is None and not score.is_ranked and score.not_ranked_reason == "无数据"
    assert Score.objects.get(scheme=s, unit=cast.coop_unit).rank == 1
    page = cast.client("office").get(f"/assessment/{s.pk}/").content.decode()
    assert "无数据" in page and "名额边界上得分并列的单位全部列入" in page


def test_tiny_weights_and_huge_ids_are_4xx(cast: Any) -> None:
    client = cast.client("office")
    resp = client.post(
        "/api/v1/assessment/schemes",
        {
            "name": "x",
            "region_id": cast.county.pk,
            "period": "2025-03",
            "components": [{"code": "open_warnings", "weight": "0.001"}],
        },
        content_type="application/json",
    )
    assert resp.status_code == 422
    assert client.get("/api/v1/assessment/bulletins/99999999999999999999").status_code == 422
    assert client.post("/api/v1/assessment/schemes/999999/compute").status_code == 404


@time_machine.travel("2026-12-03 09:00 +08:00", tick=False)
def test_bulletin_form_offers_today_and_last_month_and_checks_the_doc_number(cast: Any) -> None:
    client = cast.client("office")
    form = client.get("/assessment/bulletins/").content.decode()
    # a date input only shows an ISO value: "2026/12/03" left it empty and the form refused to submit
    assert 'type="date" name="as_of" value="2026-12-03"' in form
    assert 'name="period" value="2026-11"' in form and 'name="doc_number"' in form
    resp = client.post(
        "/assessment/bulletins/",
        {"region": cast.city.pk, "period": "2026-11", "as_of": "2026-12-03", "doc_number": "第12号"},
    )
    assert resp.status_code == 200 and "营商办〔2026〕12号" in resp.content.decode()
    assert not Bulletin.objects.exists()
    api = client.post(
        "/api/v1/assessment/bulletins",
        {"region_id": cast.city.pk, "period": "2026-11", "as_of": "2026-12-03", "doc_number": "x"},
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["fields"] == {"doc_number": "格式应如 营商办〔2026〕12号"}
