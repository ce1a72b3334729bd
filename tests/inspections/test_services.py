"""Plans, draws, results and rectifications through the services, on the real database."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.inspections.helpers import SEED, plan, pools, today
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.inspections import services
from yingshang.inspections.draw import verify_file
from yingshang.inspections.models import DrawnTarget, Outcome, PlanStatus, Rectification

pytestmark = pytest.mark.django_db


def test_joint_plan_moves_through_approval_announcement_and_draw(cast: Any) -> None:
    p = plan(cast)
    assert p.joint and p.status == PlanStatus.DRAFT
    p = plan(cast, stage="publish", title="第二个")
    assert p.status == PlanStatus.PUBLISHED
    draw = p.draw
    assert draw.seed == SEED
    targets = list(DrawnTarget.objects.filter(draw=draw).prefetch_related("inspectors"))
    assert targets
    for t in targets:
        departments = sorted(i.department_id for i in t.inspectors.all())
        assert departments == sorted([cast.lead_unit.pk] * 2 + [cast.coop_unit.pk] * 2)


def test_published_draw_file_verifies_offline(cast: Any) -> None:
    p = plan(cast, stage="draw")
    document = json.loads(bytes(p.draw.file))
    assert all(c.ok for c in verify_file(document))
    assert document["commitments"] == p.draw.commitments


def test_commitments_are_fixed_before_the_seed_and_pool_changes_do_not_touch_them(cast: Any) -> None:
    p = plan(cast, stage="commit")
    before = dict(p.draw.commitments)
    pools(cast)  # pools unchanged; a new inspector joins after the commitment
    services.create_inspector(
        actor=cast.office,
        code="SC999",
        name="新人",
        department=cast.lead_unit,
        region=cast.county,
        qualifications=[pools(cast)["sc"]],
    )
    services.enter_seed(actor=cast.office, plan=p, seed=SEED)
    p.draw.refresh_from_db()
    assert p.draw.commitments == before
    assert not DrawnTarget.objects.filter(inspectors__code="SC999").exists()


def test_seed_entered_twice_is_refused(cast: Any) -> None:
    p = plan(cast, stage="draw")
    with pytest.raises(Conflict) as info:
        services.enter_seed(actor=cast.office, plan=p, seed="另一个")
    assert info.value.code == "seed_entered_twice"


def test_draw_after_publication_is_refused_and_unchanged(cast: Any) -> None:
    p = plan(cast, stage="publish")
    before = bytes(p.draw.file)
    with pytest.raises(Conflict) as info:
        services.enter_seed(actor=cast.office, plan=p, seed="另一个")
    assert info.value.code == "draw_published"
    p.draw.refresh_from_db()
    assert bytes(p.draw.file) == before


def test_rates_over_100_percent_are_refused(cast: Any) -> None:
    p = pools(cast)
    with pytest.raises(ValidationFailed) as info:
        services.create_plan(
            actor=cast.lead,
            title="错",
            year=today().year,
            region=cast.county,
            lead_unit=cast.lead_unit,
            items=[p["sc"]],
            rates={"A": 300, "B": 500, "C": 1000, "D": 12000},
            scheduled_on=today() + timedelta(days=3),
            seed_source="彩票",
        )
    assert info.value.code == "rate_out_of_range"


def test_unqualified_inspector_blocks_the_commitment(cast: Any) -> None:
    p = plan(cast, stage="announce")
    services.create_inspector(
        actor=cast.office, code="SC500", name="无资格", department=cast.lead_unit, region=cast.county
    )
    with pytest.raises(ValidationFailed) as info:
        services.commit_draw(actor=cast.office, plan=p)
    assert info.value.code == "unqualified_inspector"


def test_yearly_cap_excludes_enterprises_of_an_earlier_ordinary_draw(cast: Any) -> None:
    first = plan(cast, stage="draw", joint=False, title="甲")
    drawn = set(DrawnTarget.objects.filter(draw=first.draw).values_list("enterprise__credit_code", flat=True))
    second = plan(cast, stage="commit", joint=False, title="乙")
    capped = {row[0] for row in second.draw.inputs["inputs"]["targets"] if row[2]}
    assert capped == drawn
    special = plan(cast, stage="draw", joint=False, special=True, title="专项")
    assert special.draw.inputs["inputs"]["parameters"]["special"] == 1


def test_previous_inspectors_are_recused_next_time(cast: Any) -> None:
    first = plan(cast, stage="draw", title="甲", special=True)
    pairs = {
        (i.code, t.enterprise.credit_code)
        for t in DrawnTarget.objects.filter(draw=first.draw).select_related("enterprise")
        for i in t.inspectors.all()
    }
    second = plan(cast, stage="commit", title="乙", special=True)
    previous = {(r[0], r[1]) for r in second.draw.inputs["inputs"]["recusals"] if r[2] == "previous"}
    assert previous == pairs


def test_plan_moves_are_guarded(cast: Any) -> None:
    p = plan(cast)
    with pytest.raises(NotAllowed):
        services.approve_plan(actor=cast.lead, plan=p)
    with pytest.raises(Conflict):
        services.approve_plan(actor=cast.office, plan=p)  # not submitted yet
    with pytest.raises(NotAllowed):
        services.submit_plan(actor=cast.outsider, plan=p)
    with pytest.raises(Conflict):
        services.commit_draw(actor=cast.office, plan=p)


def _evidence() -> SimpleUploadedFile:
    return SimpleUploadedFile("现场照片.jpg", b"\xff\xd8\xff\xe0 photo", content_type="image/jpeg")


def test_result_with_problem_opens_rectification_which_closes(cast: Any) -> None:
    p = plan(cast, stage="publish")
    target = DrawnTarget.objects.filter(draw=p.draw, inspectors__user=cast.lead).first()
    assert target is not None
    services.record_result(
        actor=cast.lead,
        target=target,
        outcome=Outcome.RECTIFY,
        findings="冷库温度记录缺失",
        inspected_on=today(),
        evidence=_evidence(),
    )
    rect = Rectification.objects.get(target=target)
    assert rect.owner == cast.lead_unit and rect.due_date > today()
    assert target.publish_by is not None and target.publish_by > today()
    services.close_rectification(actor=cast.lead, rectification=rect, note="已补齐记录")
    rect.refresh_from_db()
    assert rect.status == "closed"
    services.publish_result(actor=cast.office, target=target)
    target.refresh_from_db()
    assert target.status == "published"


def test_problem_without_evidence_and_outsider_are_refused(cast: Any) -> None:
    p = plan(cast, stage="publish")
    target = DrawnTarget.objects.filter(draw=p.draw).first()
    assert target is not None
    with pytest.raises(ValidationFailed):
        services.record_result(
            actor=cast.office, target=target, outcome=Outcome.RECTIFY, findings="问题", inspected_on=today()
        )
    with pytest.raises(NotAllowed):
        services.record_result(
            actor=cast.outsider, target=target, outcome=Outcome.NO_PROBLEM, findings="", inspected_on=today()
        )


def test_overdue_rectification_turns_red_and_escalates_once(cast: Any) -> None:
    p = plan(cast, stage="publish")
    target = DrawnTarget.objects.filter(draw=p.draw).first()
    assert target is not None
    services.record_result(
        actor=cast.office,
        target=target,
        outcome=Outcome.RECTIFY,
        findings="问题",
        inspected_on=today(),
        evidence=_evidence(),
    )
    Rectification.objects.filter(target=target).update(due_date=today() - timedelta(days=1))
    assert services.refresh_rectifications() == {"changed": 1, "escalated": 1}
    assert services.refresh_rectifications() == {"changed": 0, "escalated": 0}
    assert Rectification.objects.get(target=target).colour == "red"
    assert cast.office.notification_set.exists() if hasattr(cast.office, "notification_set") else True


def test_rectification_clock_runs_in_the_worker_every_hour() -> None:
    from yingshang.core.periodic import jobs

    job = {j.name: j for j in jobs()}["inspections.rectifications"]
    assert job.every_seconds == 3600


def test_public_page_lists_every_drawn_enterprise_page_by_page(cast: Any, monkeypatch: Any) -> None:
    from django.test import Client

    from yingshang.inspections import views

    p = plan(cast, stage="publish")
    names = set(DrawnTarget.objects.filter(draw=p.draw).values_list("enterprise__name", flat=True))
    assert len(names) >= 3
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    seen: set[str] = set()
    client = Client()
    pages = (len(names) + 1) // 2
    for number in range(1, pages + 1):
        html = client.get(f"/inspections/public/{p.pk}/?page={number}").content.decode()
        assert f"抽取名单（共 {len(names)} 户）" in html
        seen |= {n for n in names if n in html.split("检查结果公示")[0]}
    assert seen == names
