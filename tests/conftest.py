"""The fixed cast every Django test shares (built in tests/makers.py).

Region tree: 示范市 → 奈曼旗 (county) and 东河区 (other county).
- office: 营商办 admin for the whole city
- lead: staff of the lead unit (奈曼旗 市场监督管理局); lead_boss: its leader
- coop: staff of a cooperating unit (奈曼旗 发展和改革委员会)
- outsider: staff of a unit in another county (东河区 市场监督管理局)
- enterprise_user: tied to one enterprise; leader: read-only city leader; supervisor: 社会监督员

Django is imported lazily so the pure-library tests (tests/policyparse) also run without it.
"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def cast(db: None) -> Any:
    from tests.makers import build_cast

    return build_cast()


@pytest.fixture(autouse=True)
def _test_settings(request: pytest.FixtureRequest) -> None:
    """Background tasks run inline in Django tests (tests/core/test_worker.py runs the real database worker);
    a fast password hasher keeps building the cast cheap; a per-process cache keeps rate-limit counts from
    leaking between tests (production shares a database cache between servers)."""
    if "settings" not in request.fixturenames and not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# Reference rows that migrations seed and a transactional test's flush removes: put back before every
# transactional test (pytest-django runs those last, so each one may follow another's flush).
SEEDED_BY_MIGRATIONS = (
    ("yingshang.appeals.migrations.0002_seed_services", "seed"),  # the appeal service catalogue
    ("yingshang.arrears.migrations.0001_initial", "seed_rules"),  # the dated payment-term rules
)


@pytest.fixture(autouse=True)
def _reference_rows_after_a_flush(request: pytest.FixtureRequest) -> None:
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    for module, function in SEEDED_BY_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
