"""An appeal or a task made from an outreach problem shows where it came from, with a link, only to
those who may open the problem (the office of its region and whoever raised it) — never to the
enterprise, so a supervisor's finding never reaches it."""

from __future__ import annotations

from typing import Any

from tests.outreach.makers import appoint, make_finding, make_problem, make_service
from yingshang.outreach import services
from yingshang.outreach.models import Problem


def _page(cast: Any, who: str, url: str) -> str:
    response = cast.client(who).get(url)
    assert response.status_code == 200, (who, url)
    return response.content.decode()


def test_appeal_from_a_visit_shows_its_origin_to_the_office_not_the_enterprise(cast: Any) -> None:
    problem = make_problem(cast)
    appeal = services.problem_to_appeal(actor=cast.office, problem=problem, service=make_service())
    link = f"/outreach/problems/{problem.pk}/"
    office = _page(cast, "office", f"/appeals/{appeal.pk}/")
    assert 'data-testid="origins"' in office and link in office and "走访" in office
    enterprise = _page(cast, "enterprise_user", f"/appeals/{appeal.pk}/")
    assert link not in enterprise and 'data-testid="origins"' not in enterprise


def test_appeal_from_a_supervisors_finding_never_shows_it_to_the_enterprise(cast: Any) -> None:
    appoint(cast)
    finding = services.file_finding(
        actor=cast.supervisor,
        text="窗口推诿",
        location="政务大厅",
        unit=cast.lead_unit,
        enterprise=cast.enterprise,
    )
    appeal = services.problem_to_appeal(actor=cast.office, problem=finding, service=make_service())
    response = cast.client("enterprise_user").get(f"/appeals/{appeal.pk}/")
    assert response.status_code in (200, 404)
    enterprise = response.content.decode()
    assert f"/outreach/problems/{finding.pk}/" not in enterprise and "社会监督员" not in enterprise
    office = _page(cast, "office", f"/appeals/{appeal.pk}/")
    assert f"/outreach/problems/{finding.pk}/" in office and "社会监督员" in office


def test_task_from_a_finding_shows_its_origin_to_the_office_only(cast: Any) -> None:
    finding = make_finding(cast)
    task = services.problem_to_task(actor=cast.office, problem=finding, lead_unit=cast.lead_unit)
    assert Problem.objects.get(pk=finding.pk).task_id == task.pk
    link = f"/outreach/problems/{finding.pk}/"
    assert link in _page(cast, "office", f"/ledger/tasks/{task.pk}/")
    # The unit doing the task did not raise the finding: no origin, and the problem page stays closed.
    unit_page = _page(cast, "lead", f"/ledger/tasks/{task.pk}/")
    assert link not in unit_page and 'data-testid="origins"' not in unit_page
    assert cast.client("lead").get(link).status_code == 404


def test_task_from_a_visit_shows_its_origin_to_the_cadre_who_raised_it(cast: Any) -> None:
    problem = make_problem(cast)  # raised by cast.lead on a visit
    task = services.problem_to_task(actor=cast.office, problem=problem, lead_unit=cast.lead_unit)
    page = _page(cast, "lead", f"/ledger/tasks/{task.pk}/")
    assert f"/outreach/problems/{problem.pk}/" in page
