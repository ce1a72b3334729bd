"""The replica router (yingshang/core/dbrouter.py) with two real database aliases: the test database as the
primary and a SQLite file as the replica, holding a row the primary does not have, so each test sees which
database a read really went to."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.db.utils import load_backend
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from yingshang.core import dbrouter
from yingshang.core.dbrouter import PRIMARY, REPLICA, WROTE_COOKIE, ReplicaReadMiddleware, ReplicaRouter

ROOT = Path(__file__).resolve().parents[2]
MARKER = "replica_only"


def _add_alias(config: dict[str, Any]) -> None:
    """A second connection, made the way Django makes one from DATABASES (settings.DATABASES itself is
    read once per process, so the alias is added to the connection handler directly)."""
    configured = connections.configure_settings({PRIMARY: connections.settings[PRIMARY], REPLICA: config})
    connections[REPLICA] = load_backend(configured[REPLICA]["ENGINE"]).DatabaseWrapper(
        configured[REPLICA], REPLICA
    )


def _remove_alias() -> None:
    with contextlib.suppress(AttributeError):
        connections[REPLICA].close()
        del connections[REPLICA]


@pytest.fixture
def routed(db: None, settings: Any) -> Iterator[None]:
    settings.DATABASE_ROUTERS = ["yingshang.core.dbrouter.ReplicaRouter"]
    settings.DATABASE_REPLICA_URL = "sqlite:///replica.sqlite3"
    settings.YINGSHANG_REPLICA_STICKY_SECONDS = 10
    settings.YINGSHANG_REPLICA_RETRY_SECONDS = 30
    dbrouter.reset_replica_state()
    yield
    dbrouter.reset_replica_state()
    _remove_alias()


@pytest.fixture
def replica(routed: None, tmp_path: Path) -> None:
    """A reachable replica: a SQLite file with the content-types table and one row of its own."""
    _add_alias({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "replica.sqlite3")})
    with connections[REPLICA].schema_editor() as editor:
        editor.create_model(ContentType)
    ContentType.objects.using(REPLICA).create(app_label=MARKER, model="row")


@pytest.fixture
def dead_replica(routed: None, tmp_path: Path) -> None:
    """A replica that cannot be reached: its file is in a directory that does not exist."""
    _add_alias({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "gone" / "replica.sqlite3")})


def _read_source(request: HttpRequest) -> str:
    """Runs `request` through the middleware; the view reads content types and says where they came from."""
    seen: list[str] = []

    def view(req: HttpRequest) -> HttpResponse:
        rows = ContentType.objects.filter(app_label=MARKER).exists()
        seen.append(REPLICA if rows else PRIMARY)
        return HttpResponse("ok")

    ReplicaReadMiddleware(view)(request)
    return seen[0]


rf = RequestFactory()


@pytest.mark.django_db
def test_dashboard_statistics_and_exports_read_from_the_replica(replica: None) -> None:
    assert _read_source(rf.get("/dashboard/")) == REPLICA
    assert _read_source(rf.get("/api/v1/dashboard/attainment")) == REPLICA
    assert _read_source(rf.get("/appeals/stats/")) == REPLICA
    assert _read_source(rf.get("/ledger/overview/", {"format": "xlsx"})) == REPLICA


@pytest.mark.django_db
def test_other_pages_and_writes_use_the_primary(replica: None) -> None:
    assert _read_source(rf.get("/appeals/")) == PRIMARY
    assert _read_source(rf.get("/ledger/overview/")) == PRIMARY
    assert _read_source(rf.post("/dashboard/")) == PRIMARY
    assert router.db_for_write(ContentType) == PRIMARY


@pytest.mark.django_db
def test_a_write_sends_that_browsers_reads_to_the_primary_for_the_sticky_window(replica: None) -> None:
    response = ReplicaReadMiddleware(lambda req: HttpResponse("ok"))(rf.post("/appeals/new/"))
    cookie = response.cookies[WROTE_COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"]
    wrote_at = float(cookie.value)
    assert abs(wrote_at - time.time()) < 5

    after_write = rf.get("/dashboard/")
    after_write.COOKIES[WROTE_COOKIE] = cookie.value
    assert _read_source(after_write) == PRIMARY
    assert dbrouter.wants_replica(after_write, now=wrote_at + 9.5) is False
    assert dbrouter.wants_replica(after_write, now=wrote_at + 10.5) is True
    # A value that is not a time, or one in the future, is ignored.
    for bad in ("soon", f"{time.time() + 3600:.0f}"):
        forged = rf.get("/dashboard/")
        forged.COOKIES[WROTE_COOKIE] = bad
        assert _read_source(forged) == REPLICA


@pytest.mark.django_db
def test_unreachable_replica_falls_back_to_the_primary_and_is_not_retried_at_once(dead_replica: None) -> None:
    assert _read_source(rf.get("/dashboard/")) == PRIMARY
    assert dbrouter._replica_down_until > time.monotonic() + 25
    assert dbrouter.replica_available() is False  # inside the pause: no new connection attempt


@pytest.mark.django_db
def _failing_view(fail: Any) -> Any:
    """A view that reads content types after `fail(request)` (which may raise), answering as the site does
    when the database is gone (DatabaseUnavailableMiddleware), and notes where each attempt read from."""
    from django.db import OperationalError

    from yingshang.core.dbunavailable import DatabaseUnavailableMiddleware

    seen: list[str] = []

    def view(req: HttpRequest) -> HttpResponse:
        try:
            fail(req)
            rows = ContentType.objects.filter(app_label=MARKER).exists()
        except OperationalError as exc:
            seen.append("failed")
            answer = DatabaseUnavailableMiddleware(lambda r: HttpResponse()).process_exception(req, exc)
            assert answer is not None
            return answer
        seen.append(REPLICA if rows else PRIMARY)
        return HttpResponse("ok")

    view.seen = seen  # type: ignore[attr-defined]
    return view


@pytest.mark.django_db
def test_a_read_that_loses_the_replica_midway_is_read_again_from_the_primary(
    replica: None, tmp_path: Path
) -> None:
    from django.db import OperationalError

    def replica_stops(req: HttpRequest) -> None:
        if router.db_for_read(ContentType) == REPLICA:
            # The replica goes away while the request runs (pg_ctl stop, failover): its connection breaks
            # and it cannot be reached again.
            connections[REPLICA].close()
            connections[REPLICA].settings_dict["NAME"] = str(tmp_path / "gone" / "replica.sqlite3")
            raise OperationalError("terminating connection due to administrator command")

    view = _failing_view(replica_stops)
    response = ReplicaReadMiddleware(view)(rf.get("/api/v1/appeals/stats"))
    assert response.status_code == 200 and view.seen == ["failed", PRIMARY]
    assert dbrouter._replica_down_until > time.monotonic() + 25  # paused, as after a failed connection


@pytest.mark.django_db
def test_a_read_that_loses_the_primary_is_not_repeated(replica: None) -> None:
    from django.db import OperationalError

    def primary_gone(req: HttpRequest) -> None:
        raise OperationalError("connection to the primary lost")

    view = _failing_view(primary_gone)
    response = ReplicaReadMiddleware(view)(rf.get("/api/v1/appeals/stats"))
    assert response.status_code == 503 and view.seen == ["failed"]
    assert dbrouter.replica_available() is True  # the replica answered: it is not paused


@pytest.mark.django_db
def test_sessions_cache_and_queue_stay_on_the_primary_inside_replica_reads(replica: None) -> None:
    with dbrouter.replica_reads():
        assert router.db_for_read(ContentType) == REPLICA
        assert router.db_for_read(Session) == PRIMARY
    assert router.db_for_read(ContentType) == PRIMARY


def test_migrations_run_on_the_primary_only() -> None:
    r = ReplicaRouter()
    assert r.allow_migrate(PRIMARY, "appeals") is True
    assert r.allow_migrate(REPLICA, "appeals") is False


def _settings_in_subprocess(extra_env: dict[str, str]) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    env.update(extra_env)
    code = (
        "import json, yingshang.settings as s; print(json.dumps({'aliases': sorted(s.DATABASES), "
        "'routers': getattr(s, 'DATABASE_ROUTERS', []), "
        "'middleware': [m for m in s.MIDDLEWARE if 'dbrouter' in m]}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_the_replica_is_switched_on_only_by_its_variable() -> None:
    assert _settings_in_subprocess({}) == {"aliases": ["default"], "routers": [], "middleware": []}
    on = _settings_in_subprocess({"DATABASE_REPLICA_URL": "postgres://u:p@10.231.0.32:5432/yingshang"})
    assert on == {
        "aliases": ["default", "replica"],
        "routers": ["yingshang.core.dbrouter.ReplicaRouter"],
        "middleware": ["yingshang.core.dbrouter.ReplicaReadMiddleware"],
    }
