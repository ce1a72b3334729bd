"""好差评 on the enterprise page (一企一档) and in the 回访 campaign's list: the enterprise and the office
only, never a unit's cadre; a fixed number of queries however many ratings."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.outreach.makers import assign
from tests.reviews.helpers import make_point
from yingshang.outreach.campaign_sources import campaign_sources
from yingshang.reviews import services
from yingshang.reviews.models import BadRatingCase, Rating


def _rate(c: Any, level: int, text: str) -> Rating:
    point = make_point(c, name=f"窗口{Rating.objects.count()}")
    token = services.issue_visit_token(actor=c.office, point=point)
    return services.submit_rating(
        actor=c.enterprise_user,
        data=services.RatingInput(level=level, text=text),
        point_key=point.public_key,
        token=token.code,
    )


def _page(c: Any, who: str) -> str:
    response = c.client(who).get(f"/outreach/enterprises/{c.enterprise.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_enterprise_and_the_office_see_its_ratings_and_bad_rating_cases(cast: Any) -> None:
    assign(cast)
    bad = _rate(cast, 1, "窗口人员态度生硬")
    case = BadRatingCase.objects.get(rating=bad)
    own = _page(cast, "enterprise_user")
    assert 'data-section="reviews"' in own
    assert f"/reviews/receipt/{bad.receipt_code}/" in own
    office = _page(cast, "office")
    assert 'data-section="reviews"' in office
    assert f"/reviews/cases/{case.pk}/" in office


def test_a_units_cadre_never_learns_who_rated_a_unit(cast: Any) -> None:
    assign(cast)
    bad = _rate(cast, 1, "窗口人员态度生硬")
    body = _page(cast, "lead")
    assert 'data-section="reviews"' not in body
    assert bad.receipt_code not in body and "/reviews/cases/" not in body


def test_other_enterprises_ratings_are_not_listed(cast: Any) -> None:
    point = make_point(cast)
    token = services.issue_visit_token(actor=cast.office, point=point)
    anonymous = services.submit_rating(
        actor=None,
        data=services.RatingInput(level=1, text="匿名差评"),
        point_key=point.public_key,
        token=token.code,
    )
    assert anonymous.receipt_code not in _page(cast, "office")


def test_campaign_source_lists_enterprises_that_rated_in_the_year(cast: Any) -> None:
    rating = _rate(cast, 5, "")
    source = {s.code: s for s in campaign_sources()}["reviews"]
    year = timezone.localdate().year
    assert list(source.loader(cast.city, year)) == [(cast.enterprise.pk, rating.unit_id)]
    assert list(source.loader(cast.city, year - 1)) == []
    assert list(source.loader(cast.other_county, year)) == []


def _more(c: Any, n: int) -> None:
    rating = Rating.objects.filter(rater_user=c.enterprise_user).first()
    assert rating is not None
    fields = {
        f.attname: getattr(rating, f.attname) for f in Rating._meta.concrete_fields if f.attname != "id"
    }
    base = Rating.objects.count()
    copies = Rating.objects.bulk_create(
        [
            Rating(**{**fields, "receipt_code": f"R{base + i:09d}", "visit_token_id": None, "level": 1})
            for i in range(n)
        ]
    )
    case = BadRatingCase.objects.first()
    assert case is not None
    cf = {
        f.attname: getattr(case, f.attname) for f in BadRatingCase._meta.concrete_fields if f.attname != "id"
    }
    BadRatingCase.objects.bulk_create([BadRatingCase(**{**cf, "rating_id": r.pk}) for r in copies])


@pytest.mark.parametrize("who", ["office", "enterprise_user"])
def test_query_count_is_the_same_with_one_or_many_ratings(cast: Any, who: str) -> None:
    assign(cast)
    _rate(cast, 1, "差")
    client = cast.client(who)
    url = f"/outreach/enterprises/{cast.enterprise.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _more(cast, 60)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert "共 61 条" in body and "共 61 件" in body
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
