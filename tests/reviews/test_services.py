"""Ratings, visit tokens, questionnaire versions, bad-rating cases and 申诉复核."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.reviews.helpers import make_case, make_point, make_rating
from yingshang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from yingshang.core.events import timeline
from yingshang.reviews import services, statistics
from yingshang.reviews.models import BadRatingCase, Rating, RatingAppeal, VisitToken

pytestmark = pytest.mark.django_db


def test_a_rating_keeps_its_questionnaire_version(cast: Any) -> None:
    old = make_rating(cast, level=4, scores={"attitude": 5})
    assert old.questionnaire.version == 1
    assert [i["label"] for i in old.questionnaire.items] == ["整体满意度", "服务效率", "服务水平", "服务态度"]
    assert old.scores == {"attitude": 5, "overall": 4}
    new = services.publish_questionnaire(
        actor=cast.office, channel="onsite", labels=["整体满意度", "服务态度", "环境设施"]
    )
    assert new.version == 2
    later = make_rating(cast, level=5)
    assert later.questionnaire_id == new.pk
    old.refresh_from_db()
    assert old.questionnaire.version == 1 and len(old.questionnaire.items) == 4


def test_online_questionnaire_has_the_national_items() -> None:
    items = services.current_questionnaire("online").items
    assert [i["label"] for i in items] == [
        "整体满意度",
        "办事效率",
        "办事指南精确度",
        "办事便捷度",
        "平台操作性",
    ]


def test_visit_token_rates_once_and_only_at_its_window(cast: Any) -> None:
    point = make_point(cast)
    other = make_point(cast, name="2号窗口")
    token = services.issue_visit_token(actor=cast.lead, point=point)
    data = services.RatingInput(level=5)
    with pytest.raises(ValidationFailed) as wrong:
        services.submit_rating(actor=None, data=data, point_key=other.public_key, token=token.code)
    assert wrong.value.code == "wrong_point"
    services.submit_rating(actor=None, data=data, point_key=point.public_key, token=token.code.lower())
    with pytest.raises(Conflict) as replay:
        services.submit_rating(actor=None, data=data, point_key=point.public_key, token=token.code)
    assert replay.value.code == "token_used"
    assert Rating.objects.count() == 1
    assert VisitToken.objects.get(pk=token.pk).used_at is not None


def test_bad_input_is_refused_and_nothing_stored(cast: Any) -> None:
    point = make_point(cast)
    token = services.issue_visit_token(actor=cast.office, point=point)
    with pytest.raises(ValidationFailed):
        services.submit_rating(
            actor=None,
            data=services.RatingInput(level=3, text="很" * 10_000),
            point_key=point.public_key,
            token=token.code,
        )
    with pytest.raises(ValidationFailed):
        services.submit_rating(
            actor=None, data=services.RatingInput(level=9), point_key=point.public_key, token=token.code
        )
    with pytest.raises(ValidationFailed):
        services.submit_rating(
            actor=None,
            data=services.RatingInput(level=3, scores={"nonsense": 3}),
            point_key=point.public_key,
            token=token.code,
        )
    with pytest.raises(NotFound):
        services.submit_rating(
            actor=None, data=services.RatingInput(level=3), point_key="nope", token=token.code
        )
    assert not Rating.objects.exists()
    assert VisitToken.objects.get(pk=token.pk).used_at is None


def test_units_issue_tokens_only_for_their_own_windows(cast: Any) -> None:
    point = make_point(cast)
    with pytest.raises(NotAllowed):
        services.issue_visit_token(actor=cast.coop, point=point)


def test_every_bad_rating_opens_a_case_for_the_owning_unit(cast: Any) -> None:
    assert not hasattr(make_rating(cast, level=3), "case") or not BadRatingCase.objects.exists()
    case = make_case(cast)
    assert case.unit == cast.lead_unit and case.status == "verifying"
    assert case.due_date >= timezone.localdate()
    assert [e.action for e in timeline(case)] == ["open"]


def test_case_runs_verify_rectify_feed_back_follow_up(cast: Any) -> None:
    case = make_case(cast)
    with pytest.raises(NotAllowed):
        services.verify_case(actor=cast.coop, case=case, note="x", complexity="simple")
    services.verify_case(actor=cast.lead, case=case, note="属实，已约谈当事人", complexity="complex")
    assert case.due_date > case.opened_at.date() + timedelta(days=14)  # 15 working days
    services.rectify_case(actor=cast.lead, case=case, text="开展服务礼仪培训")
    services.feed_back_case(actor=cast.lead, case=case, text="已整改，感谢监督")
    services.follow_up_case(case=case, level=4, text="有改进")
    case.refresh_from_db()
    assert case.status == "closed" and case.follow_up_level == 4 and not case.rectified_late
    actions = [e.action for e in timeline(case)]
    assert actions == ["open", "verify", "rectify", "feed_back", "follow_up"]
    assert timeline(case).get(action="follow_up").actor is None  # units never learn who rated
    with pytest.raises(Conflict):
        services.follow_up_case(case=case, level=5)


def test_upheld_appeal_excludes_the_rating_but_keeps_it(cast: Any) -> None:
    make_rating(cast, level=5)
    case = make_case(cast)
    before = {r.key: r for r in statistics.figures(Rating.objects.all())}[cast.lead_unit.pk]
    assert (before.ratings, before.bad, before.cases) == (2, 1, 1)
    appeal = services.appeal_rating(
        actor=cast.lead, case=case, reason="同一号码恶意差评", evidence="监控录像显示未办理业务"
    )
    with pytest.raises(NotAllowed):
        services.decide_rating_appeal(actor=cast.lead, appeal=appeal, uphold=True, reason="x")
    services.decide_rating_appeal(
        actor=cast.office, appeal=appeal, uphold=True, reason="经核查，评价人当日未到窗口办事"
    )
    case.refresh_from_db()
    assert case.status == "voided"
    assert RatingAppeal.objects.get().status == "upheld"
    assert Rating.objects.filter(pk=case.rating_id, excluded=True).exists()
    after = {r.key: r for r in statistics.figures(Rating.objects.all())}[cast.lead_unit.pk]
    assert (after.ratings, after.bad, after.cases, after.good_rate) == (1, 0, 0, 1.0)


def test_rejected_appeal_sends_the_case_back_to_verification(cast: Any) -> None:
    case = make_case(cast)
    appeal = services.appeal_rating(actor=cast.lead, case=case, reason="恶意", evidence="无")
    services.decide_rating_appeal(actor=cast.office, appeal=appeal, uphold=False, reason="证据不足")
    case.refresh_from_db()
    assert case.status == "verifying"
    assert not Rating.objects.get(pk=case.rating_id).excluded


def test_overdue_case_turns_red_and_escalates_once(cast: Any) -> None:
    case = make_case(cast)
    later = timezone.make_aware(
        datetime.combine(case.due_date + timedelta(days=7), datetime.min.time())
    ) + timedelta(hours=10)
    first = services.sweep_cases(now=later)
    case.refresh_from_db()
    assert first["escalate"] == 1 and case.colour == "red" and case.escalated_at is not None
    BadRatingCase.objects.filter(pk=case.pk).update(next_alert_at=later)
    assert services.sweep_cases(now=later + timedelta(hours=1))["escalate"] == 0
    assert cast.lead_boss.notifications.filter(kind="reviews_escalate").count() == 1


def test_suspicious_bursts_are_flagged_not_dropped(cast: Any) -> None:
    point = make_point(cast)
    ratings = []
    for _ in range(6):
        token = services.issue_visit_token(actor=cast.office, point=point)
        ratings.append(
            services.submit_rating(
                actor=None,
                data=services.RatingInput(level=5),
                point_key=point.public_key,
                token=token.code,
                network="10.0.0.8",
            )
        )
    assert Rating.objects.count() == 6
    assert "burst_network" not in ratings[0].flags
    assert "burst_network" in ratings[-1].flags


def test_rating_outside_opening_hours_is_flagged(cast: Any) -> None:
    point = make_point(cast)
    token = services.issue_visit_token(actor=cast.office, point=point)
    night = timezone.make_aware(datetime(2025, 3, 4, 23, 30))  # a Tuesday
    rating = services.submit_rating(
        actor=None,
        data=services.RatingInput(level=5),
        point_key=point.public_key,
        token=token.code,
        now=night,
    )
    assert rating.flags == ["outside_hours"]


def test_assessment_component_scores_units(cast: Any) -> None:
    make_rating(cast, level=5)
    make_rating(cast, level=4)
    today = timezone.localdate()
    result = statistics.assessment_component(
        [cast.lead_unit.pk, cast.coop_unit.pk], date(today.year, 1, 1), today
    )
    assert result[cast.lead_unit.pk][0] == 1.0
    assert result[cast.coop_unit.pk][0] is None
