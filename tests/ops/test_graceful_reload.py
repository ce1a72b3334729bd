"""Graceful reload: gunicorn's HUP replaces every worker while requests keep being answered.

Starts gunicorn (2 sync workers) on a free loopback port against a throwaway SQLite file, sends requests
from four threads without pause, and reloads it three times with SIGHUP. Every request must succeed and
the workers must have been replaced. A request that arrives while the new workers load the application
waits in the listening socket's queue (seconds on a busy machine) and is answered: the client's timeout
is long enough for that, a refused or reset connection fails at once. Bounded: about 10 s of traffic,
about two minutes at most in all.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.reload

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=45)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def workers(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(p) for p in children.read_text().split()} if children.exists() else set()


def test_hup_reload_drops_no_request(tmp_path: Path) -> None:
    if not GUNICORN.exists():
        pytest.skip("gunicorn is not installed in this environment")
    if not Path("/proc/self/task").exists():
        pytest.skip("needs /proc to see the workers")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("runs once, in the SQLite pass: the reload does not depend on the database")
    port = free_port()
    env = {
        **os.environ,
        "YINGSHANG_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "YINGSHANG_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "yingshang.settings",
    }
    server = subprocess.Popen(
        [str(GUNICORN), "yingshang.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--graceful-timeout", "20"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/healthz") == 200 and len(workers(server.pid)) == 2:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not start within 60 s"
            time.sleep(0.2)
        before = workers(server.pid)

        stop = threading.Event()
        results: list[int | str] = []
        lock = threading.Lock()

        def hammer() -> None:
            while not stop.is_set():
                for path in ("/healthz", "/login/"):
                    try:
                        status: int | str = get(port, path)
                    except OSError as exc:
                        status = f"{path}: {exc!r}"
                    with lock:
                        results.append(status)

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(1)
        for _ in range(3):
            server.send_signal(signal.SIGHUP)
            time.sleep(3)
        stop.set()
        for t in threads:
            t.join(15)

        after = workers(server.pid)
        failures = [r for r in results if r != 200]
        assert len(results) >= 20, f"too few requests to judge: {len(results)}"
        assert failures == [], f"{len(failures)} of {len(results)} requests failed: {failures[:5]}"
        assert len(after) == 2 and not (after & before), (before, after)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
