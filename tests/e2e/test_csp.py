"""The Content-Security-Policy holds in a real browser: the main pages of every role load, run their
scripts (charts drawn, htmx polling, confirmations) and report no CSP violation and no console error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import login, logout

# Registered before any page script runs; collects every violation the browser reports.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(page: Any) -> Iterator[tuple[Any, list[str]]]:
    errors: list[str] = []
    page.add_init_script(WATCH)

    def on_console(message: Any) -> None:
        url = message.location.get("url", "")
        # The browser asks for /favicon.ico on its own; the product has none, which is no policy matter.
        if message.type == "error" and not url.endswith("/favicon.ico"):
            errors.append(f"{message.type}: {message.text} {url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    yield page, errors


def visit(page: Any, errors: list[str], path: str, *, ready: str | None = None) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    assert "script-src 'self'" in response.headers["content-security-policy"]
    if ready:
        # A function, not an expression: Playwright evals an expression in the page, which the CSP refuses.
        page.wait_for_function(ready)
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__csp")
    assert violations == [], (path, violations)
    assert errors == [], (path, errors)


def hover_charts(page: Any) -> None:
    # ECharts tooltips are built on hover: they must not bring inline styles in.
    for canvas in page.locator("canvas").all()[:3]:
        box = canvas.bounding_box()
        if box:
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_timeout(200)


@pytest.mark.django_db(transaction=True)
def test_office_pages_pass_the_policy(watched: tuple[Any, list[str]], cast: Any) -> None:
    from tests.appeals.makers import make_appeal
    from tests.assessment.helpers import observations
    from tests.ledger.helpers import SMALL_TEXT
    from yingshang.dashboard.summary import refresh_summary
    from yingshang.ledger import services as ledger_services

    page, errors = watched
    appeal = make_appeal(cast)
    draft = ledger_services.import_document(actor=cast.office, region=cast.county, text=SMALL_TEXT)
    observations(cast)
    refresh_summary()
    cast.office.is_staff = cast.office.is_superuser = True
    cast.office.save(update_fields=["is_staff", "is_superuser"])

    login(page, cast.office)
    visit(page, errors, "/")
    visit(
        page,
        errors,
        "/dashboard/?period=2025-03",
        ready="() => document.querySelector('#chart-indicator canvas')",
    )
    hover_charts(page)
    assert page.evaluate("window.__csp") == [] and errors == []
    visit(page, errors, "/appeals/")
    visit(page, errors, f"/appeals/{appeal.pk}/")
    visit(page, errors, "/appeals/stats/", ready="() => document.querySelector('#chart-month canvas')")
    hover_charts(page)
    assert page.evaluate("window.__csp") == [] and errors == []
    visit(page, errors, "/ledger/")
    visit(page, errors, f"/ledger/documents/{draft.pk}/")
    first = page.locator(".measure").first
    first.hover()
    assert page.locator("#source mark.span").count() == 1  # the moved review script runs
    visit(page, errors, "/ledger/campaigns/")
    visit(page, errors, "/indicators/")
    visit(page, errors, "/assessment/")
    visit(page, errors, "/login-locks/")
    visit(page, errors, "/calendar/")
    visit(page, errors, "/tokens/")
    visit(page, errors, "/admin/")
    visit(page, errors, "/admin/appeals/appeal/")
    visit(page, errors, f"/admin/appeals/appeal/{appeal.pk}/change/")
    visit(page, errors, "/admin/axes/accessattempt/")
    visit(page, errors, "/api/v1/docs", ready="() => document.querySelector('.swagger-ui .info')")


@pytest.mark.django_db(transaction=True)
def test_other_roles_pages_pass_the_policy(watched: tuple[Any, list[str]], cast: Any) -> None:
    from tests.appeals.makers import make_appeal

    page, errors = watched
    appeal = make_appeal(cast)
    for who, paths in (
        ("lead", ["/", "/appeals/", "/ledger/mine/"]),
        ("enterprise_user", ["/", "/appeals/", "/appeals/new/"]),
        ("leader", ["/", "/dashboard/", "/appeals/stats/"]),
        ("supervisor", ["/", "/appeals/new/"]),
    ):
        login(page, getattr(cast, who))
        for path in paths:
            visit(page, errors, path)
        logout(page)
    for path in (
        "/login/",
        "/appeals/public/",
        f"/appeals/track/?code={appeal.tracking_code}",
        "/assessment/public/",
    ):
        visit(page, errors, path)


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_still_guards_a_deletion(watched: tuple[Any, list[str]], cast: Any) -> None:
    from yingshang.ledger.models import Campaign

    page, errors = watched
    Campaign.objects.create(name="一季度专项", region=cast.city)
    login(page, cast.office)
    visit(page, errors, "/ledger/campaigns/")
    page.once("dialog", lambda d: d.dismiss())
    page.click("form[data-confirm] button")
    assert Campaign.objects.filter(name="一季度专项").exists()
    page.once("dialog", lambda d: d.accept())
    page.click("form[data-confirm] button")
    page.wait_for_load_state("networkidle")
    assert not Campaign.objects.filter(name="一季度专项").exists()
    assert page.evaluate("window.__csp") == [] and errors == []
