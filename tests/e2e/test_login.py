"""Each role logs in through the real form, sees its home page (a leader: the dashboard) and its own
menu, and logs out."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import login, logout

ROLES = ["office", "lead_boss", "lead", "enterprise_user", "supervisor", "leader"]


@pytest.mark.django_db(transaction=True)
def test_each_role_logs_in_sees_home_and_logs_out(page: Any, cast: Any) -> None:
    for who in ROLES:
        user = getattr(cast, who)
        login(page, user)
        home = "营商环境数据监控" if who == "leader" else "我的待办"
        assert page.locator("h1").first.inner_text() == home
        assert user.get_role_display() in page.locator("[data-testid=whoami]").inner_text()
        logout(page)
        page.goto("/")
        assert "/login/" in page.url


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_chinese_error(page: Any, cast: Any) -> None:
    login_page = page
    login_page.goto("/login/")
    login_page.fill("input[name=username]", cast.office.username)
    login_page.fill("input[name=password]", "wrong-password")
    login_page.click("button[type=submit]")
    assert "用户名或密码不正确" in login_page.locator("[role=alert]").inner_text()
