"""`yingshang serve` is one process tree: stopping the server stops its worker and scheduler too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(p) for p in path.read_text().split()} if path.exists() else set()


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


def _wait_until(check, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


EXE = [sys.executable, "-m", "yingshang.cli"]


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """A migrated SQLite database of its own (the server runs in other processes)."""
    db = tmp_path_factory.mktemp("serve") / "serve.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "YINGSHANG_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "yingshang.settings",
    }
    subprocess.run([*EXE, "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=300)
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_stopping_serve_stops_its_worker_and_scheduler(env, how) -> None:
    exe = EXE
    port = _free_port()
    server = subprocess.Popen(
        [*exe, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        assert _wait_until(lambda: len(_children(server.pid)) >= 2, 60), "worker and scheduler did not start"
        kids = _children(server.pid)
        assert _wait_until(lambda: _can_connect(port), 60), "web server did not start"
        server.send_signal(how)
        server.wait(timeout=30)
        assert _wait_until(lambda: not any(_alive(k) for k in kids), 20), "children outlived the server"
    finally:
        if server.poll() is None:
            server.kill()
        for k in _children(server.pid) if server.poll() is None else ():
            os.kill(k, signal.SIGKILL)


def _can_connect(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
