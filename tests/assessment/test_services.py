"""Schemes, scores with their numbers, adjustments, publishing, follow-ups, and the bulletin snapshot."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from docx import Document

from tests.assessment.helpers import observations, scheme, without_pdf_converter
from yingshang.assessment import services
from yingshang.assessment.components import Component, register_component, unregister_component
from yingshang.assessment.models import Bulletin, FollowUp, Score
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.events import timeline
from yingshang.core.models import Notification
from yingshang.indicators import services as ind_services
from yingshang.indicators.models import Indicator

pytestmark = pytest.mark.django_db
APRIL = "2025-04-10 10:00 +08:00"


def test_scores_are_weighted_ranked_and_explained(cast: Any) -> None:
    observations(cast)
    s = scheme(cast)
    assert services.compute_scores(actor=cast.office, scheme=s) == 2  # the two units of 奈曼旗
    lead = Score.objects.get(scheme=s, unit=cast.lead_unit)
    coop = Score.objects.get(scheme=s, unit=cast.coop_unit)
    # lead: attainment 0.5 (value 2 between target 1 and warning 3) × 80 + open warnings (1 − 0.1) × 20
    assert lead.base_score == Decimal("58.00") and lead.total == Decimal("58.00")
    assert lead.parts["indicator_attainment"]["explanation"] == {
        "sample": 1,
        "达标": 0,
        "未达标": 1,
        "all_met": False,
        "anomalies": [],
    }
    assert lead.parts["open_warnings"]["explanation"]["未解除"] == 1
    assert (coop.total, coop.rank, coop.list_flag, coop.met_all_targets) == (
        Decimal("100.00"),
        1,
        "red",
        True,
    )
    assert (lead.rank, lead.list_flag) == (2, "black")
    assert [e.action for e in timeline(s)] == ["create_scheme", "compute"]


def test_adjustment_counts_and_is_logged(cast: Any) -> None:
    observations(cast)
    s = scheme(cast)
    services.add_adjustment(
        actor=cast.office, scheme=s, unit=cast.lead_unit, points=Decimal("5"), reason="创新做法"
    )
    with pytest.raises(ValidationFailed):
        services.add_adjustment(
            actor=cast.office, scheme=s, unit=cast.lead_unit, points=Decimal("5"), reason=" "
        )
    with pytest.raises(ValidationFailed):
        services.add_adjustment(
            actor=cast.office, scheme=s, unit=cast.other_unit, points=Decimal("1"), reason="x"
        )
    with pytest.raises(NotAllowed):
        services.add_adjustment(
            actor=cast.leader, scheme=s, unit=cast.lead_unit, points=Decimal("1"), reason="x"
        )
    services.compute_scores(actor=cast.office, scheme=s)
    lead = Score.objects.get(scheme=s, unit=cast.lead_unit)
    assert (lead.adjustment_total, lead.total) == (Decimal("5.00"), Decimal("63.00"))
    assert timeline(s).filter(action="add_adjustment").get().note["reason"] == "创新做法"


def test_minimum_sample_keeps_thin_units_off_the_lists(cast: Any) -> None:
    observations(cast)
    s = scheme(cast, min_sample=5)
    services.compute_scores(actor=cast.office, scheme=s)
    assert not Score.objects.filter(scheme=s, is_ranked=True).exists()
    assert "不参与排名" in Score.objects.get(scheme=s, unit=cast.lead_unit).not_ranked_reason


def test_component_anomalies_are_carried_to_the_score(cast: Any) -> None:
    observations(cast)
    register_component(
        Component(
            "odd",
            "测试组件",
            lambda ids, a, b: {i: (0.5, {"sample": 1, "anomalies": ["数据异常"]}) for i in ids},
        )
    )
    try:
        s = scheme(cast, components=[("odd", 1)])
        services.compute_scores(actor=cast.office, scheme=s)
    finally:
        unregister_component("odd")
    assert Score.objects.filter(scheme=s, anomalies=["数据异常"]).count() == 2


def test_unknown_component_and_bad_period_are_refused(cast: Any) -> None:
    with pytest.raises(ValidationFailed):
        scheme(cast, components=[("nope", 1)])
    with pytest.raises(ValidationFailed):
        scheme(cast, period="2025-13")
    with pytest.raises(NotAllowed):
        services.create_scheme(
            actor=cast.lead, name="x", region=cast.county, period="2025-03", components=[("open_warnings", 1)]
        )


def test_publish_freezes_the_list_and_calls_the_black_unit_to_interview(cast: Any) -> None:
    observations(cast)
    s = scheme(cast)
    with pytest.raises(Conflict):
        services.publish_scheme(actor=cast.office, scheme=s)  # not computed yet
    services.compute_scores(actor=cast.office, scheme=s)
    services.publish_scheme(actor=cast.office, scheme=s)
    group = s.published_list["groups"]["department"]
    assert [e["unit"] for e in group["red"]] == ["发展和改革委员会"]
    assert [e["unit"] for e in group["black"]] == ["奈曼旗 市场监督管理局"]  # another region has one too
    follow = FollowUp.objects.get()
    assert (follow.unit, follow.status) == (cast.lead_unit, "pending")
    assert Notification.objects.filter(recipient=cast.lead_boss, kind="last_place_interview").exists()
    with pytest.raises(Conflict):
        services.compute_scores(actor=cast.office, scheme=s)
    with pytest.raises(Conflict):
        services.add_adjustment(
            actor=cast.office, scheme=s, unit=cast.lead_unit, points=Decimal(1), reason="x"
        )
    with pytest.raises(ValidationFailed):
        services.complete_follow_up(actor=cast.office, follow_up=follow, outcome="")
    services.complete_follow_up(actor=cast.office, follow_up=follow, outcome="已约谈，限期整改")
    assert [e.action for e in timeline(follow)] == ["call_interview", "complete"]


@time_machine.travel(APRIL, tick=False)
def test_bulletin_snapshot_is_stable_and_docx_has_its_tables(
    cast: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    without_pdf_converter(settings)  # the PDF is tested in test_bulletin_layout
    observations(cast)
    s = scheme(cast)
    services.compute_scores(actor=cast.office, scheme=s)
    services.publish_scheme(actor=cast.office, scheme=s)
    with django_capture_on_commit_callbacks(execute=True):
        b = services.request_bulletin(
            actor=cast.office, region=cast.city, period="2025-03", as_of=date(2025, 4, 10)
        )
    b.refresh_from_db()
    assert b.status == "ready", b.error
    first = dict(b.snapshot)
    assert first["overall"]["observations"] == 4 and first["overall"]["met"] == 3
    doc = Document(io.BytesIO(bytes(b.docx)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "示范市优化营商环境工作2025年3月通报" in text and "〔" in text
    assert f"数据来源：快照 S{b.pk}（数据截至 2025-04-10）" in text
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["一级指标", "监测值", "达标", "未达目标", "触发预警", "达标率"] in headers
    lists = next(t for t in doc.tables if t.rows[0].cells[0].text == "考核方案")
    assert [c.text for c in lists.rows[1].cells][2:5] == ["红榜", "1", "发展和改革委员会"]
    # data changes afterwards; generating the same period and date again gives the same numbers
    ind = Indicator.objects.get(code="I01.2")
    ind_services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-03", value="1", replace=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = services.request_bulletin(
            actor=cast.office, region=cast.city, period="2025-03", as_of=date(2025, 4, 10)
        )
    again.refresh_from_db()
    assert again.pk == b.pk and again.snapshot == first and Bulletin.objects.count() == 1
    assert [e.action for e in timeline(b)] == ["request_bulletin", "finish", "regenerate", "finish"]


def test_bulletin_dates_are_checked(cast: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.request_bulletin(
            actor=cast.office, region=cast.city, period="2025-03", as_of=date(2025, 2, 1)
        )
    with pytest.raises(ValidationFailed):
        services.request_bulletin(
            actor=cast.office, region=cast.city, period="2025-03", as_of=date(2999, 1, 1)
        )
    with pytest.raises(NotAllowed):
        services.request_bulletin(
            actor=cast.leader, region=cast.city, period="2025-03", as_of=date(2025, 4, 1)
        )
