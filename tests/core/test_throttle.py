"""Login throttling (django-axes, database handler): per account and per address, the site's login form,
/admin/login/ and API-token creation; the office unlock (page and command) with its event."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.makers import PASSWORD
from yingshang.core.models import Event

LOCKED = "登录失败次数过多"


def attempt(client: Client, username: str, password: str, path: str = "/login/") -> Any:
    return client.post(path, {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_is_refused(cast: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    codes = [attempt(client, "lead", f"guess-{i}").status_code for i in range(30)]
    assert codes[:4] == [200] * 4  # the form again, "用户名或密码不正确"
    assert set(codes[4:]) == {429}  # the 5th failure locks the account
    right = attempt(client, "lead", PASSWORD)
    assert right.status_code == 429
    assert LOCKED in right.content.decode() and "联系营商办" in right.content.decode()
    assert right["Retry-After"] == str(30 * 60)
    assert not logged_in(client)
    assert client.get("/").status_code == 302


def test_the_lock_is_the_accounts_whatever_the_address(cast: Any) -> None:
    for i in range(5):
        attempt(Client(REMOTE_ADDR=f"198.51.100.{i + 1}"), "lead", "wrong-password")
    elsewhere = Client(REMOTE_ADDR="198.51.100.200")
    assert attempt(elsewhere, "lead", PASSWORD).status_code == 429
    assert not logged_in(elsewhere)


def test_another_account_from_the_same_address_still_logs_in(cast: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(5):
        attempt(client, "lead", "wrong-password")
    assert attempt(client, "lead", PASSWORD).status_code == 429
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert attempt(other, "coop", PASSWORD).status_code == 302 and logged_in(other)


def test_an_address_is_locked_after_thirty_failures_on_any_accounts(cast: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    codes = [attempt(client, f"user{i}", "wrong-password").status_code for i in range(30)]
    assert codes[:29] == [200] * 29 and codes[29] == 429
    same = Client(REMOTE_ADDR="203.0.113.9")
    assert attempt(same, "office", PASSWORD).status_code == 429 and not logged_in(same)
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert attempt(other, "office", PASSWORD).status_code == 302 and logged_in(other)


def test_a_forged_forwarded_address_does_not_escape_the_address_lock(cast: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.11")
    for i in range(30):
        client.post(
            "/login/",
            {"username": f"user{i}", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"10.9.{i}.1",
            HTTP_X_REAL_IP=f"10.8.{i}.1",
        )
    assert attempt(Client(REMOTE_ADDR="203.0.113.11"), "office", PASSWORD).status_code == 429


def test_admin_login_is_throttled_too(cast: Any) -> None:
    cast.office.is_staff = True
    cast.office.save(update_fields=["is_staff"])
    client = Client(REMOTE_ADDR="203.0.113.12")
    codes = [attempt(client, "office", "wrong-password", "/admin/login/").status_code for _ in range(5)]
    assert codes == [200] * 4 + [429]
    assert LOCKED in attempt(client, "office", PASSWORD, "/admin/login/").content.decode()
    assert not logged_in(client)
    # The same account is locked on the site's form as well: one count per account.
    assert attempt(Client(REMOTE_ADDR="203.0.113.13"), "office", PASSWORD).status_code == 429


def test_a_success_forgets_only_the_accounts_own_failures(cast: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.14")
    for _ in range(4):
        attempt(client, "lead", "wrong-password")
        attempt(client, "coop", "wrong-password")
    assert attempt(client, "lead", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="lead").exists()
    # coop's failures from this address still count: one more locks it.
    assert attempt(Client(REMOTE_ADDR="203.0.113.14"), "coop", "wrong-password").status_code == 429


def test_the_lock_ends_after_the_cool_off(cast: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.15")
    for _ in range(5):
        attempt(client, "lead", "wrong-password")
    assert attempt(client, "lead", PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert attempt(Client(REMOTE_ADDR="203.0.113.15"), "lead", PASSWORD).status_code == 302


def test_the_office_unlocks_an_account_on_its_page_with_an_event(cast: Any) -> None:
    for _ in range(5):
        attempt(Client(REMOTE_ADDR="203.0.113.16"), "lead", "wrong-password")
    office = cast.client("office")
    page = office.get("/login-locks/").content.decode()
    assert ">lead<" in page and "203.0.113.16" not in page  # 5 failures lock the account, not the address
    r = office.post("/login-locks/", {"kind": "account", "value": "lead"})
    assert r.status_code == 302
    assert "已解锁：lead" in office.get("/login-locks/").content.decode()
    event = Event.objects.get(action="unlock_login")
    assert event.object_id == cast.lead.pk and event.actor == cast.office
    assert event.note == {"username": "lead", "ip_address": "", "failures_cleared": 5}
    client = Client(REMOTE_ADDR="203.0.113.16")
    assert attempt(client, "lead", PASSWORD).status_code == 302 and logged_in(client)


def test_only_the_office_may_unlock(cast: Any) -> None:
    for _ in range(5):
        attempt(Client(REMOTE_ADDR="203.0.113.17"), "lead", "wrong-password")
    assert (
        cast.client("lead_boss").post("/login-locks/", {"kind": "account", "value": "lead"}).status_code
        == 403
    )
    assert AccessAttempt.objects.filter(username="lead").exists()


def test_the_unlock_command_lifts_an_address_lock(cast: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.18")
    for i in range(30):
        attempt(client, f"user{i}", "wrong-password")
    call_command("unlock_login", ip="203.0.113.18", by="office")
    assert attempt(Client(REMOTE_ADDR="203.0.113.18"), "office", PASSWORD).status_code == 302
    event = Event.objects.get(action="unlock_login")
    assert event.actor == cast.office and event.note["ip_address"] == "203.0.113.18"
    assert event.note["failures_cleared"] == 30


def test_the_unlock_command_needs_an_office_account(cast: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("unlock_login", username="lead", by="lead_boss")


# -- API tokens -------------------------------------------------------------------------------------


def test_a_locked_account_cannot_mint_an_api_token(cast: Any) -> None:
    session = cast.client("lead")  # logged in before the attack
    for _ in range(5):
        attempt(Client(REMOTE_ADDR="203.0.113.19"), "lead", "wrong-password")
    r = session.post("/api/v1/tokens", {"name": "脚本"}, content_type="application/json")
    assert r.status_code == 429
    body = r.json()
    assert body["code"] == "locked_out" and LOCKED in body["message"] and body["fields"] == {}
    page = session.post("/tokens/", {"name": "脚本"})
    assert LOCKED in page.content.decode() and not page.context["new_key"]
    assert not cast.lead.api_tokens.exists()


def test_api_token_creation_is_limited_per_account(cast: Any) -> None:
    client = cast.client("lead")
    for i in range(10):
        r = client.post("/api/v1/tokens", {"name": f"t{i}"}, content_type="application/json")
        assert r.status_code == 201
        assert client.delete(f"/api/v1/tokens/{r.json()['id']}").status_code == 204
    r = client.post("/api/v1/tokens", {"name": "t10"}, content_type="application/json")
    assert r.status_code == 429 and r.json()["code"] == "rate_limited"
    # The limit is the account's: another account at the same address still creates one.
    assert (
        cast.client("coop").post("/api/v1/tokens", {"name": "c"}, content_type="application/json").status_code
        == 201
    )


def test_a_lockout_on_an_api_path_answers_the_json_error_shape() -> None:
    from django.test import RequestFactory

    from yingshang.core.throttle import lockout_response

    response = lockout_response(RequestFactory().post("/api/v1/anything"), None, {"username": "lead"})
    assert response.status_code == 429 and response["Retry-After"] == "1800"
    body = json.loads(response.content)
    assert body["code"] == "locked_out" and body["fields"] == {} and LOCKED in body["message"]
