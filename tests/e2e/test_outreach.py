"""In a real browser at phone width (375 px): the pages enterprises, cadres and supervisors use fit the
screen; a cadre's visit problem becomes an appeal the enterprise page then shows answered; a supervisor's
finding is triaged into a task; a finding typed offline is kept as a draft and sent when back online."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.appeals.makers import ensure_services, make_appeal
from tests.e2e.conftest import login
from tests.outreach.makers import appoint, assign, make_event, make_finding, make_target, make_visit
from yingshang.appeals import services as appeal_services
from yingshang.appeals.models import Appeal, Service
from yingshang.ledger.models import Task
from yingshang.outreach.models import Problem

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Callable[[Any], Any]]:
    """phone(user) → a logged-in page in its own 375 px context."""
    contexts: list[Any] = []

    def open_as(user: Any) -> Any:
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        login(page, user)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _overflow(page: Any, path: str) -> int:
    """How many pixels the page is wider than the screen (0 when nothing scrolls sideways)."""
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    # Against the screen's width, not window.innerWidth: a mobile browser zooms out to fit a wide page,
    # which makes innerWidth grow with the content.
    return (
        int(page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"))
        - PHONE["width"]
    )


@pytest.mark.django_db(transaction=True)
def test_phone_pages_do_not_scroll_sideways(phone: Callable[[Any], Any], cast: Any) -> None:
    ensure_services()
    assign(cast)
    appeal = make_appeal(cast, title="营业执照变更登记迟迟未办理完成，请相关部门尽快处理")
    appeal_services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    make_appeal(cast)
    finding = make_finding(cast)
    make_event(cast)
    target = make_target(cast)
    e = cast.enterprise.pk
    pages = {
        cast.enterprise_user: [
            "/appeals/",
            f"/appeals/{appeal.pk}/",
            "/appeals/new/",
            f"/outreach/enterprises/{e}/",
            "/",
        ],
        cast.lead: [
            "/outreach/contacts/",
            f"/outreach/enterprises/{e}/",
            f"/outreach/enterprises/{e}/visit/",
            "/outreach/calls/",
            f"/outreach/calls/{target.pk}/",
            "/outreach/events/",
            "/appeals/",
            "/",
        ],
        cast.supervisor: [
            "/outreach/findings/",
            "/outreach/findings/new/",
            f"/outreach/problems/{finding.pk}/",
            "/",
        ],
    }
    wide = {}
    for user, paths in pages.items():
        page = phone(user)
        for path in paths:
            over = _overflow(page, path)
            if over > 0:
                wide[f"{user.username} {path}"] = over
    assert wide == {}


@pytest.mark.django_db(transaction=True)
def test_header_menu_opens_from_a_button_on_the_phone(phone: Callable[[Any], Any], cast: Any) -> None:
    page = phone(cast.enterprise_user)
    page.goto("/appeals/")
    assert not page.locator("[data-testid=logout]").is_visible()
    page.click("[data-testid=menu-toggle]")
    assert page.locator("[data-testid=logout]").is_visible()
    assert page.get_by_role("link", name="企业档案").is_visible()


@pytest.mark.django_db(transaction=True)
def test_visit_problem_becomes_an_appeal_answered_on_the_enterprise_page(
    phone: Callable[[Any], Any], cast: Any
) -> None:
    ensure_services()
    assign(cast)
    cadre = phone(cast.lead)
    cadre.goto(f"/outreach/enterprises/{cast.enterprise.pk}/")
    cadre.click("[data-testid=log-visit]")
    cadre.select_option("select[name=method]", "on_site")
    cadre.fill("textarea[name=discussed]", "了解企业扩产用电需求")
    cadre.fill("textarea[name=problems]", "新厂区变压器增容报装两个月未批复")
    cadre.click("[data-testid=visit-form] button[type=submit]")
    cadre.wait_for_url(f"**/outreach/enterprises/{cast.enterprise.pk}/")
    assert "新厂区变压器增容报装两个月未批复" in cadre.inner_text("[data-testid=section-problems]")
    problem = Problem.objects.get()

    office = phone(cast.office)
    office.goto("/outreach/problems/")
    office.click(f"a[href='/outreach/problems/{problem.pk}/']")
    office.check("input[name=action][value=appeal]")
    office.select_option("select[name=service]", str(Service.objects.get(code="complaint").pk))
    office.click("[data-testid=triage-form] button[type=submit]")
    office.wait_for_url(f"**/outreach/problems/{problem.pk}/")
    assert "已转诉求" in office.inner_text("[data-testid=problem-outcome]")

    appeal = Appeal.objects.get()
    assert appeal.enterprise == cast.enterprise
    appeal_services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    appeal_services.acknowledge_appeal(actor=cast.lead, appeal=appeal)
    appeal_services.reply_appeal(actor=cast.lead, appeal=appeal, text="已协调供电公司，本周内完成增容。")

    own = phone(cast.enterprise_user)
    own.goto("/outreach/mine/")
    appeals = own.inner_text("[data-testid=section-appeals]")
    assert "已协调供电公司，本周内完成增容。" in appeals and "已答复" in appeals
    assert appeal.tracking_code in own.inner_text("[data-testid=section-problems]")
    assert int(own.evaluate("document.documentElement.scrollWidth")) <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
def test_the_cadre_turns_their_own_visit_problem_into_an_appeal(
    phone: Callable[[Any], Any], cast: Any
) -> None:
    ensure_services()
    problem = make_visit(cast, problems=("园区道路破损，货车进出困难",)).problems.get()
    cadre = phone(cast.lead)
    cadre.goto(f"/outreach/enterprises/{cast.enterprise.pk}/")
    cadre.click("[data-testid=section-problems] [data-testid=problem-act]")
    cadre.wait_for_url(f"**/outreach/problems/{problem.pk}/")
    assert "由营商办决定" in cadre.inner_text("[data-testid=appeal-only-note]")
    assert cadre.locator("input[name=action][value=task]").count() == 0
    cadre.select_option("select[name=service]", str(Service.objects.get(code="complaint").pk))
    cadre.click("[data-testid=triage-form] button[type=submit]")
    cadre.wait_for_url(f"**/outreach/problems/{problem.pk}/")
    assert "已转诉求" in cadre.inner_text("[data-testid=problem-outcome]")
    appeal = Appeal.objects.get()
    assert appeal.enterprise == cast.enterprise and appeal.filed_by == cast.lead
    assert int(cadre.evaluate("document.documentElement.scrollWidth")) <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
def test_supervisor_finding_triaged_into_a_task(phone: Callable[[Any], Any], cast: Any) -> None:
    appoint(cast)
    sup = phone(cast.supervisor)
    sup.goto("/outreach/findings/")
    sup.click("[data-testid=new-finding]")
    sup.fill("textarea[name=text]", "不动产登记窗口要求企业提供清单外证明")
    sup.fill("input[name=location]", "政务服务中心二楼")
    sup.select_option("select[name=unit]", str(cast.lead_unit.pk))
    sup.fill("textarea[name=evidence]", "窗口告知单照片1张")
    sup.click("[data-testid=finding-form] button[type=submit]")
    sup.wait_for_url("**/outreach/findings/")
    assert "待处理" in sup.inner_text("[data-testid=finding-list]")
    finding = Problem.objects.get()

    office = phone(cast.office)
    office.goto(f"/outreach/problems/{finding.pk}/")
    office.check("input[name=action][value=task]")
    office.select_option("select[name=lead_unit]", str(cast.lead_unit.pk))
    office.fill("input[name=due_date]", "2026-12-31")
    office.click("[data-testid=triage-form] button[type=submit]")
    office.wait_for_url(f"**/outreach/problems/{finding.pk}/")
    task = Task.objects.get()
    assert task.lead_unit == cast.lead_unit and task.outreach_problems.get() == finding

    sup.goto("/outreach/findings/")
    assert "已转任务" in sup.inner_text("[data-testid=finding-list]")
    sup.goto(f"/outreach/problems/{finding.pk}/")
    assert task.title in sup.inner_text("[data-testid=problem-outcome]")


@pytest.mark.django_db(transaction=True)
def test_a_finding_typed_offline_is_kept_and_sent_when_back_online(
    phone: Callable[[Any], Any], cast: Any
) -> None:
    appoint(cast)
    sup = phone(cast.supervisor)
    sup.goto("/outreach/findings/new/")
    sup.context.set_offline(True)
    sup.fill("textarea[name=text]", "乡镇便民服务中心上班时间无人")
    sup.fill("input[name=location]", "八仙筒镇便民服务中心")
    sup.click("[data-testid=finding-form] button[type=submit]")
    sup.wait_for_selector("[data-testid=draft-count]:not([hidden])")
    assert "1 条草稿" in sup.inner_text("[data-testid=draft-count]")
    assert not Problem.objects.exists()
    sup.context.set_offline(False)
    sup.wait_for_selector("[data-testid=draft-count][hidden]", state="attached")
    assert Problem.objects.get().text == "乡镇便民服务中心上班时间无人"


@pytest.mark.django_db(transaction=True)
def test_logout_leaves_no_page_cache_nor_draft_for_the_next_user(
    phone: Callable[[Any], Any], cast: Any
) -> None:
    appoint(cast)
    sup = phone(cast.supervisor)
    sup.goto("/outreach/findings/new/")
    sup.evaluate("navigator.serviceWorker.ready.then(() => true)")
    sup.reload()  # now controlled by the service worker
    sup.goto("/outreach/findings/")
    sup.wait_for_function(
        "caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys()))))"
        ".then(ls => ls.flat().length > 0)"
    )
    cached = sup.evaluate(
        """async () => { const out = [];
        for (const name of await caches.keys()) {
          for (const req of await (await caches.open(name)).keys()) out.push(new URL(req.url).pathname);
        } return out; }"""
    )
    assert all(path.startswith("/static/") for path in cached), cached
    # A draft left on the phone by this user, then logging out.
    user_key = f"yingshang-outreach-drafts:{cast.supervisor.pk}"
    sup.evaluate(
        "key => localStorage.setItem(key, JSON.stringify([{url: '/outreach/findings/new/', fields: []}]))",
        user_key,
    )
    sup.click("[data-testid=menu-toggle]")
    sup.click("[data-testid=logout]")
    sup.wait_for_url("**/login/**")
    assert sup.evaluate("caches.keys()") == []
    assert sup.evaluate("Object.keys(localStorage).filter(k => k.startsWith('yingshang-outreach'))") == []
    assert not Problem.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_draft_is_sent_only_under_the_login_that_typed_it(phone: Callable[[Any], Any], cast: Any) -> None:
    appoint(cast)
    sup = phone(cast.supervisor)
    sup.goto("/outreach/findings/new/")
    # Another user's draft left on this phone, and one stored before drafts were kept per user.
    sup.evaluate(
        """() => { const d = JSON.stringify([{url: '/outreach/findings/new/',
            fields: [['text', '别人的草稿'], ['location', '某处']]}]);
          localStorage.setItem('yingshang-outreach-drafts:999999', d);
          localStorage.setItem('yingshang-outreach-drafts', d); }"""
    )
    sup.reload()
    sup.wait_for_load_state("networkidle")
    assert not Problem.objects.exists()
    assert sup.evaluate("localStorage.getItem('yingshang-outreach-drafts')") is None
    assert sup.evaluate("JSON.parse(localStorage.getItem('yingshang-outreach-drafts:999999')).length") == 1
