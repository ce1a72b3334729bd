"""Core pages: forms, the header, 我的待办, the calendar, tokens and the read-only rule."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client

from tests.makers import PASSWORD
from yingshang.core import services, todo, workdays
from yingshang.core.models import ApiToken, CalendarDay, Enterprise, Notification, Unit
from yingshang.core.todo import TodoItem


@pytest.fixture
def fresh_calendar():
    """The calendar is cached per process; start and end each test with it unloaded."""
    workdays.invalidate_calendar()
    yield
    workdays.invalidate_calendar()


# -- enterprises -------------------------------------------------------------------------------


def enterprise_form(cast, **overrides):
    return {
        "name": "某某有限公司",
        "credit_code": "91350100M000100Y43",
        "size_class": "small",
        "region": cast.county.pk,
        "credit_tier": "B",
        **overrides,
    }


def test_enterprise_form_shows_the_credit_code_error_on_its_field(cast):
    r = cast.client("office").post(
        "/enterprises/new/", enterprise_form(cast, credit_code="91350100M000100Y40")
    )
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert "校验位" in errors["credit_code"][0]
    assert "校验位" in r.content.decode()
    assert not Enterprise.objects.filter(name="某某有限公司").exists()


def test_enterprise_form_creates_and_redirects(cast):
    r = cast.client("office").post("/enterprises/new/", enterprise_form(cast))
    e = Enterprise.objects.get(name="某某有限公司")
    assert r.status_code == 302 and r["Location"] == f"/enterprises/{e.pk}/"


def test_enterprise_list_search_by_credit_code(cast):
    r = cast.client("office").get("/enterprises/", {"q": cast.other_enterprise.credit_code.lower()})
    assert [e.pk for e, _ in r.context["rows"]] == [cast.other_enterprise.pk]


def test_unit_create_page(cast):
    r = cast.client("office").post(
        "/units/new/",
        {"name": "税务局", "kind": "department", "region": cast.county.pk, "aliases": "税务、国税"},
    )
    unit = Unit.objects.get(name="税务局")
    assert r.status_code == 302
    assert unit.aliases == ["税务", "国税"]


def test_unit_create_page_shows_a_duplicate(cast):
    r = cast.client("office").post(
        "/units/new/", {"name": "市场监督管理局", "kind": "department", "region": cast.county.pk}
    )
    assert r.status_code == 200
    assert "已有名为" in r.content.decode()


# -- read-only leader on pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path,data",
    [
        ("/units/new/", {"name": "新单位", "kind": "department"}),
        ("/enterprises/new/", {"name": "新企业", "credit_code": "91350100M000100Y43"}),
        ("/calendar/", {"date": "2026-12-31", "is_workday": "1"}),
        ("/units/import/", {}),
    ],
)
def test_read_only_leader_post_is_403(cast, path, data):
    r = cast.client("leader").post(path, data)
    assert r.status_code == 403
    assert "无权" in r.content.decode() or "只读" in r.content.decode()
    assert not Unit.objects.filter(name="新单位").exists()
    assert not Enterprise.objects.filter(name="新企业").exists()
    assert not CalendarDay.objects.exists()


# -- header, notifications ---------------------------------------------------------------------


def test_header_shows_the_unread_count(cast):
    services.notify(recipients=[cast.lead], title="甲")
    services.notify(recipients=[cast.lead], title="乙")
    html = cast.client("lead").get("/").content.decode()
    assert 'data-testid="unread">2<' in html
    assert 'data-testid="unread"' not in cast.client("coop").get("/").content.decode()


def test_mark_one_read_then_all(cast):
    services.notify(recipients=[cast.lead], title="甲")
    services.notify(recipients=[cast.lead], title="乙")
    client = cast.client("lead")
    first = Notification.objects.get(title="甲")
    r = client.post("/notifications/read/", {"id": [first.pk]})
    assert r.status_code == 302 and r["Location"] == "/notifications/"
    assert list(cast.lead.notifications.filter(read_at__isnull=True).values_list("title", flat=True)) == [
        "乙"
    ]
    client.post("/notifications/read/", {"next": "/"})
    assert 'data-testid="unread"' not in client.get("/").content.decode()


@pytest.mark.parametrize("bad", ["abc", "9" * 30])
def test_mark_read_with_a_bogus_id_marks_nothing(cast, bad):
    services.notify(recipients=[cast.lead], title="甲")
    r = cast.client("lead").post("/notifications/read/", {"id": [bad]})
    assert r.status_code == 302
    assert cast.lead.notifications.get().read_at is None


def test_mark_read_never_redirects_off_site(cast):
    r = cast.client("lead").post("/notifications/read/", {"next": "https://evil.example/"})
    assert r["Location"] == "/notifications/"


def test_notification_page_lists_the_inbox(cast):
    services.notify(recipients=[cast.lead], title="请报送九月进展", url="/ledger/")
    html = cast.client("lead").get("/notifications/").content.decode()
    assert "请报送九月进展" in html and 'href="/ledger/"' in html


# -- password ----------------------------------------------------------------------------------


def test_password_change_wrong_old_password(cast):
    r = cast.client("lead").post(
        "/password/",
        {"old_password": "wrong", "new_password": "Kx93!mvq-2026", "new_password2": "Kx93!mvq-2026"},
    )
    assert r.status_code == 200
    assert r.context["form"].errors["old_password"] == ["不正确"]


def test_password_change_mismatch(cast):
    r = cast.client("lead").post(
        "/password/",
        {"old_password": PASSWORD, "new_password": "Kx93!mvq-2026", "new_password2": "other-2026"},
    )
    assert "两次输入的新密码不一致。" in r.context["form"].errors["new_password2"]


def test_password_change_keeps_the_session(cast):
    client = Client()
    assert client.login(username="lead", password=PASSWORD)
    r = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password": "Kx93!mvq-2026", "new_password2": "Kx93!mvq-2026"},
    )
    assert r.status_code == 302 and r["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "密码已修改。" in home.content.decode()
    assert Client().login(username="lead", password="Kx93!mvq-2026")


# -- tokens page -------------------------------------------------------------------------------


def test_token_page_shows_the_key_once_and_revokes(cast):
    client = cast.client("lead")
    r = client.post("/tokens/", {"name": "报表脚本"})
    key = r.context["new_key"]
    assert key and key in r.content.decode()
    assert key not in client.get("/tokens/").content.decode()
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    token = ApiToken.objects.get(user=cast.lead)
    client.post("/tokens/", {"revoke": token.pk})
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_token_page_cannot_revoke_another_users_token(cast):
    token, _ = services.create_api_token(actor=cast.coop, name="x")
    r = cast.client("lead").post("/tokens/", {"revoke": token.pk})
    assert "未找到该对象" in r.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


# -- calendar ----------------------------------------------------------------------------------


def test_calendar_override_changes_workdays(cast, fresh_calendar, django_capture_on_commit_callbacks):
    saturday = date(2026, 12, 26)
    assert not workdays.get_calendar().is_workday(saturday)
    with django_capture_on_commit_callbacks(execute=True):
        r = cast.client("office").post(
            "/calendar/", {"date": saturday.isoformat(), "is_workday": "1", "note": "调休上班"}
        )
    assert r.status_code == 302
    assert workdays.get_calendar().is_workday(saturday)

    with django_capture_on_commit_callbacks(execute=True):
        cast.client("office").post("/calendar/", {"delete": saturday.isoformat()})
    assert not CalendarDay.objects.exists()
    assert not workdays.get_calendar().is_workday(saturday)


def test_calendar_bad_delete_date_is_a_message_not_a_500(cast, fresh_calendar):
    r = cast.client("office").post("/calendar/", {"delete": "not-a-date"})
    assert r.status_code == 200
    assert "日期格式无效。" in r.content.decode()


@time_machine.travel(date(2027, 3, 1), tick=False)
def test_calendar_page_flags_2027_as_estimated(cast, fresh_calendar):
    html = cast.client("office").get("/calendar/").content.decode()
    assert "估算" in html
    r = cast.client("office").get("/api/v1/workdays/day", {"day": "2027-03-02"})
    assert r.json()["estimated"] is True


def test_calendar_page_for_a_known_year_is_not_estimated(cast, fresh_calendar):
    with time_machine.travel(date(2025, 3, 3), tick=False):
        html = cast.client("office").get("/calendar/").content.decode()
    assert "估算" not in html.split("未来30天")[1]


# -- 我的待办 -----------------------------------------------------------------------------------


def test_home_lists_items_of_registered_providers(cast, monkeypatch):
    monkeypatch.setattr(todo, "_PROVIDERS", [])

    def provider(user):
        if user.unit_id != cast.lead_unit.pk:
            return []
        return [
            TodoItem("任务", "报送九月进展", "/ledger/1/", date(2026, 10, 8), "green"),
            TodoItem("诉求", "答复企业诉求", "/appeals/2/", date(2026, 9, 30), "red", "已超期"),
        ]

    todo.register_todo_provider(provider)
    html = cast.client("lead").get("/").content.decode()
    assert html.index("答复企业诉求") < html.index("报送九月进展")  # red first
    assert 'href="/appeals/2/"' in html and "已超期" in html
    assert 'data-testid="todo-empty"' in cast.client("coop").get("/").content.decode()


# -- health ------------------------------------------------------------------------------------


def test_healthz(db):
    r = Client().get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}
