"""What one public rating costs the database, and the rules that the cheaper path must still keep:
one use per visit token, the token at its own window, the matter's unit, the burst flags."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.reviews.helpers import make_point
from yingshang.core.errors import Conflict, NotFound, ValidationFailed
from yingshang.reviews import services
from yingshang.reviews.models import BadRatingCase, Questionnaire, Rating, VisitToken
from yingshang.reviews.services.ratings import BURST_WINDOW

pytestmark = pytest.mark.django_db
API = "/api/v1/reviews/ratings"
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")
# A Tuesday morning inside the default opening hours, so only the flags under test appear.
MORNING = timezone.make_aware(datetime(2025, 3, 4, 10, 0))


def _statements(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)]


def _post(client: Client, point: Any, token: VisitToken, level: int) -> Any:
    body = {"point_key": point.public_key, "token": token.code, "level": level, "device": "phone-1"}
    return client.post(
        API, json.dumps(body), content_type="application/json", HTTP_X_FORWARDED_FOR="10.1.2.3"
    )


def test_one_public_rating_is_four_statements_and_a_bad_one_six(cast: Any) -> None:
    """Rate counter, token with its window and the burst checks, the token's use, the rating; a bad
    rating adds its case and the case's event. Nothing else: no savepoint inside, no extra reads."""
    point = make_point(cast)
    first, top, bad = (services.issue_visit_token(actor=cast.office, point=point) for _ in range(3))
    client = Client(REMOTE_ADDR="127.0.0.1")
    services.current_questionnaire("onsite")
    # The first rating of a process reads the questionnaire (kept a few seconds) and the event's
    # content type (kept for good).
    assert _post(client, point, first, 1).status_code == 201
    with CaptureQueriesContext(connection) as captured:
        assert _post(client, point, top, 5).status_code == 201
    sql = _statements(captured)
    assert len(sql) == 4, "\n".join(s[:90] for s in sql)
    assert sql[0].startswith("INSERT") and "ratecount" in sql[0]
    assert sql[1].startswith("SELECT") and "reviews_visittoken" in sql[1] and "EXISTS" in sql[1]
    assert sql[2].startswith("UPDATE") and sql[3].startswith("INSERT")
    assert len(captured.captured_queries) <= 6  # and at most the test's savepoint around it
    with CaptureQueriesContext(connection) as captured:
        assert _post(client, point, bad, 2).status_code == 201
    assert len(_statements(captured)) == 6, _statements(captured)
    assert Rating.objects.count() == 3 and BadRatingCase.objects.count() == 2


def _rate(point: Any, office: Any, level: int, *, now: datetime, kiosk: bool = False, **kw: Any) -> Rating:
    if kiosk:
        door = {"kiosk_key": point.kiosk_key}
    else:
        door = {
            "point_key": point.public_key,
            "token": services.issue_visit_token(actor=office, point=point).code,
        }
    return services.submit_rating(actor=None, data=services.RatingInput(level=level), now=now, **door, **kw)


@pytest.mark.parametrize("kiosk", [False, True], ids=["qr", "kiosk"])
@pytest.mark.parametrize("source", ["network", "device"])
def test_the_fifth_top_rating_in_ten_minutes_is_flagged(cast: Any, kiosk: bool, source: str) -> None:
    point = make_point(cast)
    flag = f"burst_{source}"
    same = {source: "10.0.0.8" if source == "network" else "cookie-1"}
    old = _rate(point, cast.office, 5, now=MORNING - BURST_WINDOW - timedelta(seconds=1), kiosk=kiosk, **same)
    first = [
        _rate(point, cast.office, 5, now=MORNING + timedelta(minutes=i), kiosk=kiosk, **same)
        for i in range(4)
    ]
    not_top = _rate(point, cast.office, 4, now=MORNING + timedelta(minutes=5), kiosk=kiosk, **same)
    elsewhere = _rate(point, cast.office, 5, now=MORNING + timedelta(minutes=6), kiosk=kiosk)
    # The rating older than the window does not count: the fourth in the window is not yet a burst.
    assert [flag in r.flags for r in [old, *first, not_top, elsewhere]] == [False] * 7
    fifth = _rate(point, cast.office, 5, now=MORNING + timedelta(minutes=7), kiosk=kiosk, **same)
    assert fifth.flags == [flag]
    assert Rating.objects.get(pk=fifth.pk).flags == [flag]
    # The window slides: ten minutes after the fifth, the earlier ones no longer count.
    later = _rate(point, cast.office, 5, now=MORNING + timedelta(minutes=17, seconds=30), kiosk=kiosk, **same)
    assert flag not in later.flags
    assert Rating.objects.count() == 9  # flagged, never dropped


def test_a_replayed_or_misplaced_token_is_still_refused(cast: Any) -> None:
    point = make_point(cast)
    other = make_point(cast, name="2号窗口")
    token = services.issue_visit_token(actor=cast.office, point=point)
    data = services.RatingInput(level=5)
    services.submit_rating(actor=None, data=data, point_key=point.public_key, token=token.code, network="n")
    with pytest.raises(Conflict) as replay:
        services.submit_rating(
            actor=None, data=data, point_key=point.public_key, token=token.code, network="n"
        )
    assert replay.value.code == "token_used"
    # A used token at another window: the window is named first, as before.
    with pytest.raises(ValidationFailed) as wrong:
        services.submit_rating(actor=None, data=data, point_key=other.public_key, token=token.code)
    assert wrong.value.code == "wrong_point"
    unused = services.issue_visit_token(actor=cast.office, point=point)
    with pytest.raises(ValidationFailed):
        services.submit_rating(actor=None, data=data, point_key=other.public_key, token=unused.code)
    assert VisitToken.objects.get(pk=unused.pk).used_at is None  # the refusal rolled its use back
    point.is_active = False
    point.save(update_fields=["is_active"])
    with pytest.raises(NotFound):
        services.submit_rating(actor=None, data=data, point_key=point.public_key, token=unused.code)
    assert VisitToken.objects.get(pk=unused.pk).used_at is None
    assert Rating.objects.count() == 1


def test_a_token_for_a_matter_rates_the_unit_that_owns_the_matter(cast: Any) -> None:
    point = make_point(cast)  # a window of the lead unit
    matter = services.create_matter(actor=cast.office, unit=cast.coop_unit, code="SJ-9", name="项目备案")
    token = services.issue_visit_token(actor=cast.office, point=point, matter=matter)
    rating = services.submit_rating(
        actor=None, data=services.RatingInput(level=1), point_key=point.public_key, token=token.code
    )
    stored = Rating.objects.get(pk=rating.pk)
    assert (stored.unit_id, stored.matter_id, stored.point_id) == (cast.coop_unit.pk, matter.pk, point.pk)
    assert stored.region_id == point.region_id and stored.case.unit_id == cast.coop_unit.pk


@pytest.mark.parametrize("kiosk", [False, True], ids=["qr", "kiosk"])
def test_a_version_published_by_another_server_is_used_at_once(cast: Any, kiosk: bool) -> None:
    """The process keeps the versions it used, but reads which one is current with each rating: a
    version published elsewhere (no call into this process) applies to the very next rating."""
    point = make_point(cast)
    services.current_questionnaire("onsite")  # version 1 exists before the first rating, as in use
    first = _rate(point, cast.office, 4, now=MORNING, kiosk=kiosk)
    assert first.questionnaire.version == 1
    Questionnaire.objects.filter(channel="onsite", is_current=True).update(is_current=False)
    items = [{"code": "overall", "label": "整体满意度"}, {"code": "item1", "label": "环境设施"}]
    new = Questionnaire.objects.create(channel="onsite", version=2, items=items)
    door = {"kiosk_key": point.kiosk_key} if kiosk else {"point_key": point.public_key}
    if not kiosk:
        door["token"] = services.issue_visit_token(actor=cast.office, point=point).code
    later = services.submit_rating(
        actor=None, data=services.RatingInput(level=4, scores={"item1": 5}), now=MORNING, **door
    )
    assert later.questionnaire_id == new.pk
    assert Rating.objects.get(pk=later.pk).scores == {"item1": 5, "overall": 4}
    assert Rating.objects.get(pk=first.pk).questionnaire.version == 1
