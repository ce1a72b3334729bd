"""In a real browser: rating at phone width from a window's QR link, a bad rating through 核实 → 整改 →
反馈 → 追评, an upheld 申诉复核 and its effect on the public figures, and the kiosk resetting itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import login, logout
from tests.reviews.conftest import _fresh_questionnaire_copy  # noqa: F401  (autouse fixture)
from tests.reviews.helpers import make_point, make_rating
from yingshang.reviews import cards, services
from yingshang.reviews.models import BadRatingCase, Rating

CSP_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => { window.__csp.push(e.violatedDirective); });
"""


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _rate_on_phone(phone: Any, link: str, *, level: str, text: str) -> str:
    phone.goto(link)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    phone.locator(f"input[name=level][value='{level}']").check()
    phone.locator("input[name=score_attitude][value='1']").check()
    phone.fill("textarea[name=text]", text)
    phone.click("[data-testid=rate-submit]")
    phone.wait_for_selector("[data-testid=receipt]")
    assert phone.evaluate("window.__csp") == []
    return str(phone.url)


@pytest.mark.django_db(transaction=True)
def test_phone_rating_from_the_qr_link(
    phone: Any, page: Any, cast: Any, live_server: Any, settings: Any
) -> None:
    settings.YINGSHANG = {**settings.YINGSHANG, "SITE_URL": live_server.url}
    point = make_point(cast)
    login(page, cast.office)
    page.goto("/reviews/points/")
    qr = page.request.get(page.get_attribute("[data-testid=qr-png]", "href"))
    link = f"{live_server.url}/reviews/r/{point.public_key}/"
    assert qr.body() == cards.qr_png(link)  # the printed code opens exactly this page
    page.click("[data-testid=issue-token]")
    token = page.inner_text("[data-testid=token-code]")

    _rate_on_phone(phone, f"{link}?t={token}", level="4", text="<b>很好</b>")
    assert phone.inner_text("[data-testid=receipt-level]") == "满意"
    assert "<b>很好</b>" in phone.inner_text("[data-testid=receipt]")  # shown as text, not markup
    # The same ticket cannot rate twice.
    phone.goto(f"{link}?t={token}")
    phone.locator("input[name=level][value='5']").check()
    phone.click("[data-testid=rate-submit]")
    assert "已使用" in phone.inner_text("[data-testid=rate-error]")
    assert Rating.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_bad_rating_verified_rectified_fed_back_and_followed_up(phone: Any, page: Any, cast: Any) -> None:
    point = make_point(cast)
    token = services.issue_visit_token(actor=cast.lead, point=point)
    receipt = _rate_on_phone(
        phone,
        f"/reviews/r/{point.public_key}/?t={token.code}",
        level="1",
        text="窗口中午无人，等了一个半小时",
    )
    assert phone.inner_text("[data-testid=receipt-status]") == "待核实"

    login(page, cast.lead)
    page.goto("/reviews/")
    page.click("[data-testid=case-row] a")
    assert "窗口中午无人" in page.inner_text("[data-testid=case-text]")
    page.fill("[data-testid=verify-form] textarea", "经核实属实，午间未安排值守")
    page.select_option("[data-testid=verify-form] select", "complex")
    page.click("[data-testid=verify-form] button")
    assert page.inner_text("[data-testid=case-status]") == "整改中"
    page.fill("[data-testid=rectify-form] textarea", "已调整午间轮岗，确保窗口不断档")
    page.click("[data-testid=rectify-form] button")
    page.fill("[data-testid=feedback-form] textarea", "感谢监督，午间已安排专人值守")
    page.click("[data-testid=feedback-form] button")
    assert page.inner_text("[data-testid=case-status]") == "已反馈待追评"

    phone.goto(receipt)
    assert "午间已安排专人值守" in phone.inner_text("[data-testid=receipt-feedback]")
    phone.locator("[data-testid=follow-up-form] input[name=level][value='4']").check()
    phone.click("[data-testid=follow-up-submit]")
    phone.wait_for_selector("[data-testid=receipt-follow-up]")
    assert phone.inner_text("[data-testid=receipt-status]") == "已办结"

    page.reload()
    assert page.inner_text("[data-testid=case-status]") == "已办结"
    assert page.inner_text("[data-testid=case-follow-up]") == "满意"
    actions = page.eval_on_selector_all("[data-testid=event]", "els => els.map(e => e.dataset.action)")
    assert actions == ["open", "verify", "rectify", "feed_back", "follow_up"]


@pytest.mark.django_db(transaction=True)
def test_upheld_rating_appeal_leaves_the_statistics(page: Any, cast: Any) -> None:
    make_rating(cast, level=5)
    case = make_rating(cast, level=1, text="恶意差评").case
    page.goto("/reviews/public/")
    row = page.locator("[data-testid=stats-row]").first.inner_text()
    assert "市场监督管理局" in row and "50.0%" in row

    login(page, cast.lead)
    page.goto(f"/reviews/cases/{case.pk}/")
    page.click("[data-testid=case-actions] summary")
    page.fill("[data-testid=appeal-form] textarea[name=text]", "评价人当日未在本窗口办理业务")
    page.fill("[data-testid=appeal-form] textarea[name=evidence]", "叫号系统记录与监控录像")
    page.click("[data-testid=appeal-form] button")
    assert page.inner_text("[data-testid=case-status]") == "申诉复核中"
    logout(page)  # waits for the login page: logout clears the caches first, then posts

    login(page, cast.office)
    page.goto("/reviews/")
    page.click("[data-testid=pending-appeals] a")
    page.check("[data-testid=decide-form] input[value=uphold]")
    page.fill("[data-testid=decide-form] textarea", "经调取叫号记录，评价人当日未办理业务")
    page.click("[data-testid=decide-form] button")
    assert page.inner_text("[data-testid=appeal-status]") == "申诉成立"
    assert "不计入统计" in page.inner_text("[data-testid=case-excluded]")

    page.goto("/reviews/public/")
    cells = page.locator("[data-testid=stats-row]").first.locator("td").all_inner_texts()
    assert cells[:5] == ["市场监督管理局", "1", "1", "0", "100.0%"]
    assert Rating.objects.count() == 2  # kept, only out of the figures
    assert BadRatingCase.objects.get().status == "voided"


@pytest.mark.django_db(transaction=True)
def test_kiosk_rates_and_resets(browser: Any, live_server: Any, cast: Any) -> None:
    point = make_point(cast)
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1024, "height": 768}
    )
    context.add_init_script(CSP_WATCH)
    kiosk = context.new_page()
    kiosk.goto(f"/reviews/kiosk/{point.kiosk_key}/")
    kiosk.click("button[data-level='5']")
    kiosk.wait_for_selector("#kiosk[data-state=done]")
    assert kiosk.inner_text("[data-testid=kiosk-message]") == "感谢您的评价！"
    kiosk.wait_for_selector("#kiosk:not([data-state])", state="attached")
    assert kiosk.is_enabled("button[data-level='1']")
    assert kiosk.evaluate("window.__csp") == []
    context.close()
    rating = Rating.objects.get()
    assert (rating.source, rating.level, rating.point_id) == ("kiosk", 5, point.pk)
