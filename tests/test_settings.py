"""Production settings refuse unsafe values at start-up; a well-configured production process starts.

Each case imports the settings in a fresh interpreter, since settings are read once per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-random-enough-for-tests-2026"
SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, ','.join(s.ALLOWED_HOSTS), s.SESSION_COOKIE_SECURE, s.EMAIL_BACKEND, sep='|')"
)


def run(
    env: dict[str, str], code: str = SHOW, tmp_path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "YINGSHANG_ENV", "DATABASE_URL", "EMAIL_BACKEND"}
    }
    base |= {"DJANGO_SETTINGS_MODULE": "yingshang.settings", "PYTHONPATH": str(ROOT)}
    if tmp_path is not None:
        base["YINGSHANG_VAR_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "-c", code], env=base | env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "env,message",
    [
        ({}, "Production needs SECRET_KEY set to a random value of 32+ characters"),
        ({"SECRET_KEY": "dev-insecure-yingshang-secret-key-change-me"}, "Production needs SECRET_KEY"),
        ({"SECRET_KEY": "short-key"}, "Production needs SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY, "DEBUG": "1"}, "Production must not run with DEBUG on"),
        ({"SECRET_KEY": GOOD_KEY, "DEBUG": "true"}, "Production must not run with DEBUG on"),
        ({"SECRET_KEY": GOOD_KEY, "DEBUG": "maybe"}, "DEBUG must be a boolean"),
    ],
    ids=["no-key", "default-key", "short-key", "debug-1", "debug-true", "debug-garbage"],
)
def test_production_refuses_unsafe_settings(tmp_path: Path, env: dict[str, str], message: str) -> None:
    result = run({"YINGSHANG_ENV": "production", **env}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_unknown_environment_is_refused(tmp_path: Path) -> None:
    result = run({"YINGSHANG_ENV": "staging"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "YINGSHANG_ENV must be development, production or test" in result.stderr


def test_production_starts_with_a_good_key_debug_off_and_hosts(tmp_path: Path) -> None:
    result = run(
        {
            "YINGSHANG_ENV": "production",
            "SECRET_KEY": GOOD_KEY,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "yingshang.example.gov.cn, 10.0.0.5",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    debug, hosts, secure_cookie, email = result.stdout.strip().split("|")
    assert debug == "False"
    assert hosts == "yingshang.example.gov.cn,10.0.0.5"
    assert secure_cookie == "True"
    assert email == "django.core.mail.backends.smtp.EmailBackend"


def test_production_defaults_debug_off_and_no_hosts(tmp_path: Path) -> None:
    result = run({"YINGSHANG_ENV": "production", "SECRET_KEY": GOOD_KEY}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    debug, hosts, _, _ = result.stdout.strip().split("|")
    assert (debug, hosts) == ("False", "")


def test_development_runs_without_any_settings(tmp_path: Path) -> None:
    result = run({}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True|127.0.0.1,localhost,testserver|")
