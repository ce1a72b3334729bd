"""一企一档: who may open the page, what each viewer reads, the section registry, and a fixed number of
queries however long the history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.appeals.makers import make_appeal
from tests.makers import make_user
from tests.outreach.makers import assign, make_finding, make_service, make_visit
from yingshang.appeals import services as appeal_services
from yingshang.appeals.models import Appeal, AppealReply
from yingshang.core.models import User
from yingshang.outreach import sections, services
from yingshang.outreach.models import Problem, Visit


def _page(c: Any, who: str, enterprise: Any = None) -> Any:
    return c.client(who).get(f"/outreach/enterprises/{(enterprise or c.enterprise).pk}/")


def test_sections_of_the_existing_apps_in_order(cast: Any) -> None:
    assign(cast)
    body = _page(cast, "office").content.decode()
    positions = [
        body.index(f'data-section="{code}"') for code in ("profile", "appeals", "tasks", "visits", "problems")
    ]
    assert positions == sorted(positions)


def test_a_registered_section_appears_and_a_missing_app_is_simply_absent(cast: Any) -> None:
    def loader(enterprise: Any, viewer: User) -> dict[str, Any] | None:
        return {"n": 1} if viewer.is_office else None

    sections.register_enterprise_section(
        "later_app", "以后的应用", 99, loader, "outreach/sections/visits.html"
    )
    try:
        assign(cast)
        assert 'data-section="later_app"' in _page(cast, "office").content.decode()
        # the loader says None for the enterprise: the section is left out
        assert 'data-section="later_app"' not in _page(cast, "enterprise_user").content.decode()
    finally:
        sections.unregister_enterprise_section("later_app")
    assert 'data-section="later_app"' not in _page(cast, "office").content.decode()


def test_only_the_enterprise_its_office_and_its_cadres(cast: Any) -> None:
    assign(cast)
    assert _page(cast, "enterprise_user").status_code == 200
    assert _page(cast, "enterprise_user", cast.other_enterprise).status_code == 404
    assert _page(cast, "lead").status_code == 200
    assert _page(cast, "lead", cast.other_enterprise).status_code == 404
    # same unit, not assigned
    assert _page(cast, "lead_boss").status_code == 404
    county_office = make_user("office2", User.Role.OFFICE_ADMIN, region=cast.other_county)
    cast.office2 = county_office
    assert _page(cast, "office2").status_code == 404
    assert _page(cast, "office2", cast.other_enterprise).status_code == 200


def test_contacts_are_masked_for_cadres_and_shown_to_the_enterprise_and_office(cast: Any) -> None:
    cast.enterprise.contact_name = "王小明"
    cast.enterprise.save()
    assign(cast)
    assert "13900001234" in _page(cast, "office").content.decode()
    assert "王小明" in _page(cast, "enterprise_user").content.decode()
    body = _page(cast, "lead").content.decode()
    assert "13900001234" not in body and "王小明" not in body
    assert "139****1234" in body and "王**" in body


def test_appeals_show_replies_never_internal_notes(cast: Any) -> None:
    assign(cast)
    appeal = make_appeal(cast)
    appeal_services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    appeal_services.acknowledge_appeal(actor=cast.lead, appeal=appeal)
    appeal_services.handle_appeal(actor=cast.lead, appeal=appeal, text="内部办理意见：先拖一拖")
    appeal_services.reply_appeal(actor=cast.lead, appeal=appeal, text="已为您办结变更登记。")
    assert AppealReply.objects.filter(kind=AppealReply.Kind.NOTE).exists()
    for who in ("enterprise_user", "office", "lead"):
        body = _page(cast, who).content.decode()
        assert "已为您办结变更登记。" in body, who
        assert "先拖一拖" not in body, who


def test_a_cadre_sees_only_appeals_their_unit_may_see(cast: Any) -> None:
    assign(cast, cadre=cast.coop)
    make_appeal(cast, title="只派给市场监管局的诉求")
    appeal = Appeal.objects.get()
    appeal_services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    assert "只派给市场监管局的诉求" not in _page(cast, "coop").content.decode()
    assert "只派给市场监管局的诉求" in _page(cast, "office").content.decode()


def test_the_enterprise_never_sees_a_supervisor_finding_about_it_nor_task_links(cast: Any) -> None:
    assign(cast)
    finding = make_finding(cast)
    Problem.objects.filter(pk=finding.pk).update(enterprise=cast.enterprise)
    problem = make_visit(cast).problems.get()
    services.problem_to_task(actor=cast.office, problem=problem, lead_unit=cast.lead_unit)
    own = _page(cast, "enterprise_user").content.decode()
    assert "午休时间无人值守" not in own
    assert "/ledger/tasks/" not in own and 'data-section="tasks"' not in own
    office = _page(cast, "office").content.decode()
    assert "午休时间无人值守" in office and "/ledger/tasks/" in office


def _history(c: Any, n: int) -> None:
    """n appeals (with replies), n visits and n problems for the cast's enterprise, written in bulk."""
    appeal = make_appeal(c)
    appeal_services.dispatch_appeal(actor=c.office, appeal=appeal, lead_unit=c.lead_unit)
    appeal_services.acknowledge_appeal(actor=c.lead, appeal=appeal)
    appeal_services.reply_appeal(actor=c.lead, appeal=appeal, text="答复")
    fields = {
        f.attname: getattr(appeal, f.attname) for f in Appeal._meta.concrete_fields if f.attname != "id"
    }
    copies = [Appeal(**{**fields, "tracking_code": f"T{n:04d}{i:06d}"}) for i in range(n - 1)]
    Appeal.objects.bulk_create(copies)
    AppealReply.objects.bulk_create(
        [AppealReply(appeal=a, kind=AppealReply.Kind.REPLY, text=f"答复{i}") for i, a in enumerate(copies)]
    )
    today = timezone.localdate()
    visits = Visit.objects.bulk_create(
        [
            Visit(
                enterprise=c.enterprise,
                cadre=c.lead,
                unit=c.lead_unit,
                visited_on=today - timedelta(days=i % 300),
                method=Visit.Method.PHONE,
                discussed=f"第{i}次",
            )
            for i in range(n)
        ]
    )
    Problem.objects.bulk_create(
        [
            Problem(
                channel=Problem.Channel.VISIT,
                region=c.county,
                enterprise=c.enterprise,
                visit=v,
                raised_by=c.lead,
                unit=c.lead_unit,
                text=f"问题{i}",
            )
            for i, v in enumerate(visits)
        ]
    )


@pytest.mark.parametrize("who", ["office", "lead", "enterprise_user"])
def test_query_count_does_not_grow_with_history(cast: Any, who: str) -> None:
    assign(cast)
    make_service()
    client = cast.client(who)
    url = f"/outreach/enterprises/{cast.enterprise.pk}/"
    client.get(url)  # warm per-process copies (regions, content types)
    _history(cast, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _history(cast, 990)
    assert Visit.objects.count() >= 1000
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    # the five core sections plus one query per list of the reviews/policies/arrears/inspections sections
    assert len(small) <= 24
