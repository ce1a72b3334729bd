"""Security headers: CSP and Permissions-Policy everywhere, HSTS over HTTPS when configured (production
default), Referrer-Policy; the production default of HSTS is read in a fresh interpreter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client

from tests.test_settings import GOOD_KEY, run


def test_pages_api_and_errors_carry_the_policies(cast: Any) -> None:
    for response in (
        Client().get("/login/"),
        cast.client("office").get("/"),
        cast.client("office").get("/api/v1/me"),
        Client().get("/no-such-page/"),
    ):
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self';" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert "camera=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_signed_in_answers_are_never_stored_by_a_browser_or_proxy(cast: Any) -> None:
    office = cast.client("office")
    for response in (office.get("/"), office.get("/api/v1/me")):
        assert response["Cache-Control"] == "private, no-store"
    created = office.post("/api/v1/tokens", {"name": "脚本"}, content_type="application/json").json()
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {created['key']}"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_hsts_is_sent_over_https_only(settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert Client().get("/login/", HTTP_X_FORWARDED_PROTO="https")["Strict-Transport-Security"] == (
        "max-age=31536000"
    )
    assert "Strict-Transport-Security" not in Client().get("/login/")


def test_hsts_is_off_by_default_in_development(db: None) -> None:
    response = Client().get("/login/", HTTP_X_FORWARDED_PROTO="https", secure=True)
    assert "Strict-Transport-Security" not in response


def test_production_turns_hsts_on_unless_set_to_zero(tmp_path: Path) -> None:
    show = (
        "import django; django.setup(); from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS)"
    )
    env = {"YINGSHANG_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x.example"}
    assert run(env, show, tmp_path).stdout.strip() == "31536000"
    assert run({**env, "SECURE_HSTS_SECONDS": "0"}, show, tmp_path).stdout.strip() == "0"
