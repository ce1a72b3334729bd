"""A contact cadre turns a problem raised on their own visit into the enterprise's appeal — on the page
and in the API, by one rule (outreach.access); ledger tasks stay the office's."""

from __future__ import annotations

from typing import Any

import pytest

from tests.outreach.makers import assign, make_problem, make_service
from yingshang.appeals.models import Appeal
from yingshang.core.errors import NotAllowed
from yingshang.core.events import timeline
from yingshang.outreach import services
from yingshang.outreach.models import Assignment, Problem


def test_the_cadre_who_logged_the_visit_files_the_enterprises_appeal(cast: Any) -> None:
    problem = make_problem(cast)
    appeal = services.problem_to_appeal(actor=cast.lead, problem=problem, service=make_service())
    problem.refresh_from_db()
    assert problem.status == Problem.Status.APPEAL and problem.appeal == appeal
    assert appeal.enterprise == cast.enterprise and appeal.channel == Appeal.Channel.VISIT
    assert appeal.filed_by == cast.lead and appeal.status == Appeal.Status.SUBMITTED
    assert [(e.action, e.actor) for e in timeline(problem)][-1] == ("to_appeal", cast.lead)
    # the enterprise follows it as its own appeal; the office dispatches it as any other
    assert cast.client("enterprise_user").get(f"/appeals/{appeal.pk}/").status_code == 200
    assert appeal.tracking_code in cast.client("office").get("/appeals/").content.decode()


def test_the_cadre_may_not_make_a_ledger_task_nor_dismiss(cast: Any) -> None:
    problem = make_problem(cast)
    with pytest.raises(NotAllowed):
        services.problem_to_task(actor=cast.lead, problem=problem, lead_unit=cast.lead_unit)
    with pytest.raises(NotAllowed):
        services.dismiss_problem(actor=cast.lead, problem=problem, reason="已解决")
    problem.refresh_from_db()
    assert problem.status == Problem.Status.OPEN


@pytest.mark.parametrize("who", ["coop", "lead_boss", "outsider", "enterprise_user", "supervisor"])
def test_nobody_else_but_the_office_converts_it(cast: Any, who: str) -> None:
    problem = make_problem(cast)
    assign(cast, cadre=cast.coop)  # another contact cadre of the same enterprise
    with pytest.raises(NotAllowed):
        services.problem_to_appeal(actor=getattr(cast, who), problem=problem, service=make_service())
    assert not Appeal.objects.exists()


def test_a_cadre_no_longer_assigned_may_not_convert(cast: Any) -> None:
    problem = make_problem(cast)
    Assignment.objects.filter(cadre=cast.lead).delete()
    with pytest.raises(NotAllowed):
        services.problem_to_appeal(actor=cast.lead, problem=problem, service=make_service())
    body = cast.client("lead").get(f"/outreach/problems/{problem.pk}/").content.decode()
    assert 'data-testid="triage-form"' not in body


def test_the_cadres_page_offers_the_appeal_only_and_says_why(cast: Any) -> None:
    problem = make_problem(cast)
    service = make_service()
    client = cast.client("lead")
    url = f"/outreach/problems/{problem.pk}/"
    body = client.get(url).content.decode()
    form = body.split('data-testid="triage-form"')[1].split("</form>")[0]
    assert 'value="appeal"' in form and 'value="task"' not in form and 'value="dismiss"' not in form
    assert "转为督办任务或不予处理由营商办决定" in body
    refused = client.post(url, {"action": "task", "lead_unit": cast.lead_unit.pk})
    assert refused.status_code == 200 and not problem.__class__.objects.filter(task__isnull=False).exists()
    done = client.post(url, {"action": "appeal", "service": service.pk})
    assert done.status_code == 302
    problem.refresh_from_db()
    assert problem.appeal is not None and problem.appeal.enterprise == cast.enterprise
    assert problem.appeal.tracking_code in client.get(url).content.decode()


def test_the_office_still_converts_with_all_three_choices(cast: Any) -> None:
    problem = make_problem(cast)
    client = cast.client("office")
    body = client.get(f"/outreach/problems/{problem.pk}/").content.decode()
    assert 'value="task"' in body and "appeal-only-note" not in body
    done = client.post(
        f"/outreach/problems/{problem.pk}/", {"action": "task", "lead_unit": cast.lead_unit.pk}
    )
    assert done.status_code == 302
    problem.refresh_from_db()
    assert problem.status == Problem.Status.TASK


@pytest.mark.parametrize(
    ("who", "status"), [("lead", 200), ("office", 200), ("coop", 404), ("enterprise_user", 403)]
)
def test_api_applies_the_same_rule(cast: Any, who: str, status: int) -> None:
    problem = make_problem(cast)
    assign(cast, cadre=cast.coop)
    response = cast.client(who).post(
        f"/api/v1/outreach/problems/{problem.pk}/appeal",
        {"service_code": make_service().code},
        content_type="application/json",
    )
    assert response.status_code == status, response.content
    problem.refresh_from_db()
    if status == 200:
        assert response.json()["appeal_id"] == problem.appeal_id is not None
    else:
        assert problem.status == Problem.Status.OPEN and set(response.json()) >= {"message", "code"}


def test_api_unknown_category_is_a_422(cast: Any) -> None:
    problem = make_problem(cast)
    response = cast.client("lead").post(
        f"/api/v1/outreach/problems/{problem.pk}/appeal",
        {"service_code": "nope"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["fields"] == {"service_code": "未知类别"}


def test_the_enterprise_page_links_the_appeal_only_for_those_who_may_open_it(cast: Any) -> None:
    problem = make_problem(cast)
    appeal = services.problem_to_appeal(actor=cast.lead, problem=problem, service=make_service())
    link = f'href="/appeals/{appeal.pk}/"'
    page = f"/outreach/enterprises/{cast.enterprise.pk}/"
    cadre_page = cast.client("lead").get(page).content.decode()
    # the cadre sees what became of the problem, by its tracking code, without a link that would 404
    assert appeal.tracking_code in cadre_page and link not in cadre_page
    assert cast.client("lead").get(f"/appeals/{appeal.pk}/").status_code == 404
    assert link in cast.client("office").get(page).content.decode()
    assert link in cast.client("enterprise_user").get(page).content.decode()
