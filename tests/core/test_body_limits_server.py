"""The body size limit against a real gunicorn: a declared length is refused before the body is sent, and
a chunked body (which gunicorn un-chunks) is read up to the limit, filed when under it and refused over it.

Runs gunicorn on its own migrated SQLite database in a temporary directory (port 8103).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PORT = 8103
LIMIT = 100_000
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "YINGSHANG_ENV": "development",
        "DEBUG": "0",
        "YINGSHANG_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "CACHE_BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "YINGSHANG_MAX_BODY_BYTES": str(LIMIT),
        "DJANGO_SETTINGS_MODULE": "yingshang.settings",
    }
    subprocess.run([BIN / "yingshang", "migrate", "--noinput"], env=env, check=True, capture_output=True)
    make_city = (
        "from yingshang.core.services import create_region; "
        "create_region(actor=None, name='示范市', level='city')"
    )
    subprocess.run([BIN / "yingshang", "shell", "-c", make_city], env=env, check=True, capture_output=True)
    proc = subprocess.Popen(
        [BIN / "gunicorn", "yingshang.wsgi", "-w", "1", "-b", f"127.0.0.1:{PORT}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60  # a loaded machine starts gunicorn slowly
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        yield f"127.0.0.1:{PORT}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_declared_length_is_answered_before_the_body_is_sent(server: str) -> None:
    host, port = server.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /open311/v2/requests.json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000000\r\n\r\n"
        )
        # Not one byte of the 60 MB is sent: the answer comes anyway.
        head = sock.recv(4096).decode("utf-8", "replace")
    assert head.startswith("HTTP/1.1 413"), head[:200]


def _chunked_post(server: str, body: bytes) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(server, timeout=20)
    chunks = (body[i : i + 8192] for i in range(0, len(body), 8192))
    conn.request(
        "POST",
        "/open311/v2/requests.json",
        body=chunks,
        headers={"Content-Type": "application/json"},
        encode_chunked=True,
    )
    response = conn.getresponse()
    return response.status, response.read()


def test_chunked_body_under_the_limit_is_filed(server: str) -> None:
    body = json.dumps({"service_code": "consult", "description": "分块传输的诉求", "phone": "13900000000"})
    status, content = _chunked_post(server, body.encode())
    assert status == 201, content
    assert json.loads(content)[0]["service_request_id"]


def test_chunked_body_over_the_limit_is_refused(server: str) -> None:
    body = json.dumps({"service_code": "consult", "description": "长" * LIMIT, "phone": "13900000000"})
    status, content = _chunked_post(server, body.encode())
    assert status == 413
    assert json.loads(content)[0]["code"] == 413
