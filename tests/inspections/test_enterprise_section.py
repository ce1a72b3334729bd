"""双随机 on the enterprise page (一企一档) and in the 回访 campaign's list: only published (公示) results,
never a target drawn but not yet inspected; a fixed query count with one or many results."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.inspections.helpers import plan, today
from tests.outreach.makers import assign
from yingshang.inspections import services
from yingshang.inspections.models import Draw, DrawnTarget, Outcome, Plan
from yingshang.outreach.campaign_sources import campaign_sources


def _page(c: Any, who: str) -> str:
    response = c.client(who).get(f"/outreach/enterprises/{c.enterprise.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _drawn(c: Any) -> tuple[Plan, DrawnTarget]:
    """A published draw with the cast's enterprise among its targets (inspected by the lead's team)."""
    p = plan(c, stage="publish", title="食品经营抽查计划")
    target = DrawnTarget.objects.filter(draw=p.draw, inspectors__user=c.lead).first()
    assert target is not None
    DrawnTarget.objects.filter(draw=p.draw, enterprise=c.enterprise).exclude(pk=target.pk).delete()
    DrawnTarget.objects.filter(pk=target.pk).update(enterprise=c.enterprise)
    target.refresh_from_db()
    return p, target


def _inspect(c: Any, target: DrawnTarget, *, publish: bool) -> None:
    services.record_result(
        actor=c.lead, target=target, outcome=Outcome.NO_PROBLEM, findings="经营规范", inspected_on=today()
    )
    if publish:
        services.publish_result(actor=c.office, target=target)


@pytest.mark.parametrize("who", ["enterprise_user", "office", "lead"])
def test_a_drawn_target_not_yet_inspected_is_never_shown(cast: Any, who: str) -> None:
    assign(cast)
    p, _ = _drawn(cast)
    body = _page(cast, who)
    assert 'data-section="inspections"' in body
    assert "食品经营抽查计划" not in body and f"/inspections/public/{p.pk}/" not in body


def test_a_recorded_result_is_shown_only_once_published(cast: Any) -> None:
    assign(cast)
    p, target = _drawn(cast)
    _inspect(cast, target, publish=False)
    assert "食品经营抽查计划" not in _page(cast, "office")
    services.publish_result(actor=cast.office, target=target)
    for who in ("enterprise_user", "office", "lead"):
        body = _page(cast, who)
        assert f"/inspections/public/{p.pk}/" in body and "未发现问题" in body, who


def test_campaign_source_lists_enterprises_inspected_in_the_year(cast: Any) -> None:
    _, target = _drawn(cast)
    source = {s.code: s for s in campaign_sources()}["inspections"]
    year = today().year
    assert list(source.loader(cast.city, year)) == []  # drawn, not inspected
    _inspect(cast, target, publish=False)
    assert list(source.loader(cast.city, year)) == [(cast.enterprise.pk, cast.lead_unit.pk)]
    assert list(source.loader(cast.city, year - 1)) == []
    assert list(source.loader(cast.other_county, year)) == []


def _fields(obj: Any) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields if f.attname != "id"}


def _copies(p: Plan, target: DrawnTarget, n: int) -> None:
    """n earlier plans, each with a published draw whose one published result is the same enterprise."""
    target.refresh_from_db()
    plans = Plan.objects.bulk_create([Plan(**{**_fields(p), "title": f"往年抽查{i}"}) for i in range(n)])
    draws = Draw.objects.bulk_create([Draw(**{**_fields(p.draw), "plan_id": q.pk}) for q in plans])
    DrawnTarget.objects.bulk_create([DrawnTarget(**{**_fields(target), "draw_id": d.pk}) for d in draws])


@pytest.mark.parametrize("who", ["enterprise_user", "office", "lead"])
def test_query_count_is_the_same_with_one_or_many_results(cast: Any, who: str) -> None:
    assign(cast)
    p, target = _drawn(cast)
    _inspect(cast, target, publish=True)
    client = cast.client(who)
    url = f"/outreach/enterprises/{cast.enterprise.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _copies(p, target, 14)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert "共 15 次" in body
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
