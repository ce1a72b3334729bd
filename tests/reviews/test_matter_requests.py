"""一事一评 for appeals, and the rule that the 回访 and the rating never ask the same person twice."""

from __future__ import annotations

from typing import Any

import pytest

from tests.appeals.makers import make_appeal
from yingshang.appeals import services as appeals
from yingshang.core.errors import Conflict
from yingshang.reviews import services
from yingshang.reviews.models import Rating, RatingRequest

pytestmark = pytest.mark.django_db


def _replied(cast: Any) -> Any:
    appeal = make_appeal(cast)
    appeals.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    appeals.acknowledge_appeal(actor=cast.lead, appeal=appeal)
    appeals.reply_appeal(actor=cast.lead, appeal=appeal, text="已为企业办理变更登记。")
    return appeal


def test_callback_satisfaction_is_the_matters_rating(cast: Any) -> None:
    appeal = _replied(cast)
    assert services.issue_matter_requests() == {"asked": 0, "from_callback": 0}  # not closed yet
    appeals.record_callback(actor=cast.enterprise_user, appeal=appeal, solved=True, satisfaction=2)
    appeals.close_appeal(actor=cast.office, appeal=appeal)
    assert services.issue_matter_requests() == {"asked": 0, "from_callback": 1}
    request = RatingRequest.objects.get(appeal_id=appeal.pk)
    assert request.status == "from_callback"
    rating = Rating.objects.get(request=request)
    assert (rating.source, rating.level, rating.unit) == ("callback", 2, cast.lead_unit)
    assert rating.case.unit == cast.lead_unit  # 不满意 opens a case
    assert not cast.enterprise_user.notifications.filter(kind="reviews_request").exists()
    with pytest.raises(Conflict):  # the enterprise cannot be asked (or rate) a second time
        services.submit_rating(
            actor=cast.enterprise_user, data=services.RatingInput(level=5), request_code=request.code
        )
    assert services.issue_matter_requests() == {"asked": 0, "from_callback": 0}


def test_closed_without_callback_asks_the_enterprise_once(cast: Any) -> None:
    appeal = _replied(cast)
    appeals.close_appeal(actor=cast.office, appeal=appeal)
    assert services.issue_matter_requests()["asked"] == 1
    request = RatingRequest.objects.get(appeal_id=appeal.pk)
    assert cast.enterprise_user.notifications.filter(kind="reviews_request").count() == 1
    rating = services.submit_rating(
        actor=cast.enterprise_user,
        data=services.RatingInput(level=5, scores={"efficiency": 4, "usability": 5}),
        request_code=request.code,
    )
    assert rating.channel == "online" and rating.questionnaire.channel == "online"
    with pytest.raises(Conflict):
        services.submit_rating(actor=None, data=services.RatingInput(level=1), request_code=request.code)
    assert Rating.objects.count() == 1
