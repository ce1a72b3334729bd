"""Suggestions learned from dispatch history: trained on a region's past, used above the threshold only,
retrained by the worker task, and shown to the office."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.appeals.makers import ensure_services, make_appeal
from tests.makers import make_unit
from yingshang.appeals import learned
from yingshang.appeals.models import Appeal, AppealUnit, Service, SuggestionModel
from yingshang.appeals.selectors import suggest_for
from yingshang.appeals.tasks import retrain_suggestion_models
from yingshang.core.periodic import jobs

# 文化旅游体育局 is in no lexicon: only the history can teach where 民宿 and 景区 appeals go.
TOURISM = [
    "景区门票预约系统",
    "乡村民宿经营",
    "旅游演出场所",
    "农家乐接待游客",
    "景区停车场收费",
    "民宿消防检查",
]
MARKET = ["超市销售过期食品", "营业执照变更登记", "电梯年检", "商标被仿冒", "价格欺诈", "特种设备检验"]
TROUBLES = ["一直没有结果", "多次反映无人处理", "要求提供的材料太多", "办理时间太长", "希望尽快协调解决"]


@pytest.fixture
def history(cast: Any) -> Any:
    """240 appeals of the county replied and closed: 120 by 文旅局 (after 退单 from 市场监管局), 120 by 市场监管局."""
    ensure_services()
    tourism = make_unit("文化旅游体育局", cast.county, short_name="文旅局")
    service = Service.objects.get(code="complaint")
    appeals, leads = [], []
    combos = itertools.cycle(itertools.product(range(6), range(5)))
    for i in range(240):
        subject, trouble = next(combos)
        is_tourism = i % 2 == 0
        text = f"{(TOURISM if is_tourism else MARKET)[subject]}的问题{TROUBLES[trouble]}，第{i}次。"
        appeals.append(
            Appeal(
                tracking_code=f"H{i:07d}",
                service=service,
                region=cast.county,
                contact_name="张三",
                contact_phone="13800000000",
                title=text[:20],
                description=text,
                status=Appeal.Status.CLOSED,
                suggested_indicator="包容普惠创新" if is_tourism else "市场监管",
            )
        )
    Appeal.objects.bulk_create(appeals)
    for i, a in enumerate(Appeal.objects.filter(tracking_code__startswith="H").order_by("tracking_code")):
        if i % 2 == 0:  # first sent to 市场监管局, returned (退单), then 改派 to 文旅局
            leads.append(AppealUnit(appeal=a, unit=cast.lead_unit, role="lead", is_active=False))
            leads.append(AppealUnit(appeal=a, unit=tourism, role="lead"))
        else:
            leads.append(AppealUnit(appeal=a, unit=cast.lead_unit, role="lead"))
    AppealUnit.objects.bulk_create(leads)
    learned.forget_models()
    return tourism


NEW_TEXT = "县里新开的民宿经营备案，去了三次还是没有办下来"


def test_model_learns_a_unit_the_lexicon_does_not_know(cast: Any, history: Any) -> None:
    appeal = make_appeal(cast, title="民宿备案", description=NEW_TEXT)
    before, _ = suggest_for(appeal)
    assert history.pk not in [s.key for s in before]  # the lexicon alone never proposes it

    row = learned.train_region(cast.county)
    assert row is not None and row.samples == 240 and row.held_back == 48
    print(f"\nheld-back accuracy on the synthetic history: {row.figures}")
    assert row.unit_top1 >= 90 and row.figures["lexicon_unit_top1"] <= 60

    units, indicators = suggest_for(appeal)
    assert units[0].key == history.pk
    assert any(r.startswith("历史分办相近诉求") for r in units[0].reasons)
    assert indicators[0].name == "包容普惠创新"


def test_not_used_below_the_threshold(cast: Any, history: Any, settings: Any) -> None:
    settings.YINGSHANG = {**settings.YINGSHANG, "SUGGEST_MIN_HISTORY": 241}
    assert learned.train_region(cast.county) is None
    assert not SuggestionModel.objects.exists()
    # A model trained under a lower threshold is ignored once the threshold is above its sample count.
    settings.YINGSHANG = {**settings.YINGSHANG, "SUGGEST_MIN_HISTORY": 200}
    learned.train_region(cast.county)
    settings.YINGSHANG = {**settings.YINGSHANG, "SUGGEST_MIN_HISTORY": 241}
    learned.forget_models()
    assert learned.model_for(cast.county.pk) is None
    appeal = make_appeal(cast, title="民宿备案", description=NEW_TEXT)
    assert history.pk not in [s.key for s in suggest_for(appeal)[0]]


def test_a_half_that_did_worse_than_the_lexicon_is_not_used(cast: Any, history: Any) -> None:
    row = learned.train_region(cast.county)
    assert row is not None and row.figures["use_unit"] and row.figures["use_indicator"]
    appeal = make_appeal(cast, title="民宿备案", description=NEW_TEXT)
    assert suggest_for(appeal)[0][0].key == history.pk
    row.figures = {**row.figures, "use_unit": False}
    row.save()  # as if the held-back slice had ranked the lexicon alone better
    units, indicators = suggest_for(appeal)
    assert history.pk not in [s.key for s in units]
    assert indicators[0].name == "包容普惠创新"  # the indicator half is still used
    page = cast.client("office").get("/appeals/stats/suggestions/").content.decode()
    assert "承办单位：检验不及词典，暂不采用" in page


@pytest.mark.django_db(transaction=True)
def test_periodic_job_queues_the_task_and_the_worker_trains(cast: Any, history: Any, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    assert learned.model_for(cast.county.pk) is None
    job = next(j for j in jobs() if j.name == "appeals.retrain_suggestions")
    assert job.every_seconds == 24 * 3600
    job.enqueue()
    assert not SuggestionModel.objects.exists()  # queued, not run in the caller

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL" and result.return_value == {"trained": 1, "skipped": 0}
    row = SuggestionModel.objects.get(region=cast.county)
    assert row.samples == 240 and len(bytes(row.payload)) > 1000  # the model lives in the database
    assert learned.model_for(cast.county.pk) is not None  # the save cleared this process's copy


def test_task_function_skips_regions_below_the_threshold(cast: Any, history: Any, settings: Any) -> None:
    settings.YINGSHANG = {**settings.YINGSHANG, "SUGGEST_MIN_HISTORY": 300}
    assert retrain_suggestion_models.call() == {"trained": 0, "skipped": 1}
    assert not SuggestionModel.objects.exists()


def test_office_sees_accuracy_page_and_api(cast: Any, history: Any) -> None:
    learned.train_region(cast.county)
    page = cast.client("office").get("/appeals/stats/suggestions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "分办建议准确率" in html and "奈曼旗" in html and "240" in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    api = cast.client("office").get("/api/v1/appeals/suggestion-models")
    assert api.status_code == 200
    county = next(r for r in api.json() if r["region"] == "奈曼旗")
    assert county["in_use"] and county["samples"] == 240 and county["figures"]["unit_top1"] >= 90
    assert cast.client("lead").get("/appeals/stats/suggestions/").status_code == 403
    assert cast.client("lead").get("/api/v1/appeals/suggestion-models").status_code == 403


def test_labelled_set_is_measured_lexicon_only_and_blended() -> None:
    """The figures docs/appeals.md records; the blended ones come from 5-fold models of ~54 texts."""
    from pathlib import Path

    from yingshang.appeals.learning import cross_validated

    r = cross_validated(Path(__file__).parents[1] / "data" / "appeals_labelled.jsonl")
    print(f"\nlabelled set, lexicon vs blended: {r}")
    assert r["n"] == 68
    assert r["lexicon"]["unit_top1"] >= 95 and r["blended"]["unit_top3"] == 100
    assert r["blended"]["indicator_top3"] > r["lexicon"]["indicator_top3"]
