"""惠企政策 on the enterprise page (一企一档) and in the 回访 campaign's list: stored matches and the
enterprise's redemptions, for the enterprise, the office and its contact cadres; a fixed query count."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.makers import make_user
from tests.outreach.makers import assign
from tests.policies.helpers import make_policy
from yingshang.core.models import User
from yingshang.outreach.campaign_sources import campaign_sources
from yingshang.policies.models import Clause, Match, Policy, Redemption


def _page(c: Any, who: str) -> Any:
    return c.client(who).get(f"/outreach/enterprises/{c.enterprise.pk}/")


def _redeem(c: Any, clause: Clause, *, status: str = "submitted", on: date | None = None) -> Redemption:
    on = on or timezone.localdate()
    return Redemption.objects.create(
        clause=clause,
        enterprise=c.enterprise,
        origin=Redemption.Origin.APPLICATION,
        status=status,
        submitted_on=on,
        review_due=on,
    )


def _match(c: Any, clause: Clause) -> Match:
    match, _ = Match.objects.update_or_create(
        clause=clause,
        enterprise=c.enterprise,
        defaults={"status": Match.Status.ELIGIBLE, "computed_at": timezone.now()},
    )
    return match


@pytest.fixture
def policy(cast: Any) -> Policy:
    assign(cast)
    return make_policy(cast, publish=True)


@pytest.mark.parametrize("who", ["enterprise_user", "office", "lead"])
def test_matches_and_redemptions_for_the_enterprise_office_and_cadre(
    cast: Any, policy: Policy, who: str
) -> None:
    clause = policy.clauses.get()
    _match(cast, clause)
    redemption = _redeem(cast, clause)
    response = _page(cast, who)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-section="policies"' in body
    assert f"/policies/{policy.pk}/" in body
    assert f"/policies/redemptions/{redemption.pk}/" in body
    assert ("/apply/" in body) == (who == "enterprise_user")


def test_a_cadre_of_another_unit_sees_the_section_but_not_redemptions_it_may_not_read(
    cast: Any, policy: Policy
) -> None:
    assign(cast, cadre=cast.coop)
    redemption = _redeem(cast, policy.clauses.get())
    body = _page(cast, "coop").content.decode()
    assert 'data-section="policies"' in body
    assert f"/policies/redemptions/{redemption.pk}/" not in body


def test_a_withdrawn_or_unpublished_policy_match_is_not_listed(cast: Any) -> None:
    assign(cast)
    draft = make_policy(cast, title="尚未发布的政策")
    _match(cast, draft.clauses.get())
    assert "尚未发布的政策" not in _page(cast, "enterprise_user").content.decode()


def test_no_section_for_a_stranger_page(cast: Any, policy: Policy) -> None:
    stranger = make_user("stranger", User.Role.UNIT_STAFF, unit=cast.coop_unit, region=cast.county)
    cast.stranger = stranger
    assert _page(cast, "stranger").status_code == 404


def test_campaign_source_lists_enterprises_with_redemptions_in_the_year(cast: Any, policy: Policy) -> None:
    clause = policy.clauses.get()
    year = timezone.localdate().year
    _redeem(cast, clause, on=date(year, 3, 1))
    source = {s.code: s for s in campaign_sources()}["policies"]
    assert list(source.loader(cast.city, year)) == [(cast.enterprise.pk, cast.lead_unit.pk)]
    assert list(source.loader(cast.city, year - 1)) == []
    assert list(source.loader(cast.other_county, year)) == []


def _many(c: Any, policy: Policy, n: int) -> None:
    clause = policy.clauses.get()
    fields = {
        f.attname: getattr(clause, f.attname) for f in Clause._meta.concrete_fields if f.attname != "id"
    }
    clauses = Clause.objects.bulk_create([Clause(**{**fields, "number": 100 + i}) for i in range(n)])
    now = timezone.now()
    today = timezone.localdate()
    Match.objects.bulk_create(
        [
            Match(clause=k, enterprise=c.enterprise, status=Match.Status.UNDETERMINED, computed_at=now)
            for k in clauses
        ]
    )
    Redemption.objects.bulk_create(
        [
            Redemption(
                clause=k,
                enterprise=c.enterprise,
                origin=Redemption.Origin.APPLICATION,
                status=Redemption.Status.REFUSED,
                submitted_on=today,
                review_due=today,
            )
            for k in clauses
        ]
    )


@pytest.mark.parametrize("who", ["enterprise_user", "office", "lead"])
def test_query_count_is_the_same_with_one_or_many(cast: Any, policy: Policy, who: str) -> None:
    clause = policy.clauses.get()
    _match(cast, clause)
    _redeem(cast, clause)
    client = cast.client(who)
    url = f"/outreach/enterprises/{cast.enterprise.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _many(cast, policy, 40)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert "共 41 项" in body and "共 41 笔" in body
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
