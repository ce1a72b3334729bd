"""The anonymous intake's limit holds: counted atomically on the database, per real client address, and
only for filings that are stored."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from tests.appeals.makers import ensure_services
from tests.appeals.test_views import public_data, solve
from yingshang.appeals.models import Appeal
from yingshang.appeals.selectors import forget_services

OPEN311 = "/open311/v2/requests.json"
FILING = {"service_code": "consult", "description": "咨询", "phone": "13900000000"}


def test_a_forged_real_ip_does_not_escape_the_limit(cast: Any) -> None:
    codes = [
        Client(REMOTE_ADDR="198.51.100.20").post(OPEN311, FILING, HTTP_X_REAL_IP=f"10.7.0.{i}").status_code
        for i in range(6)
    ]
    assert codes == [201] * 5 + [429]
    assert Appeal.objects.count() == 5


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(cast: Any, settings: Any) -> None:
    settings.YINGSHANG_TRUSTED_PROXIES = ["192.0.2.1/32"]
    proxy = Client(REMOTE_ADDR="192.0.2.1")
    first = [proxy.post(OPEN311, FILING, HTTP_X_REAL_IP="198.51.100.21").status_code for _ in range(6)]
    second = proxy.post(OPEN311, FILING, HTTP_X_FORWARDED_FOR="198.51.100.22").status_code
    assert first == [201] * 5 + [429] and second == 201


def test_refused_filings_do_not_use_up_the_limit(cast: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.23")
    for _ in range(5):
        bad = client.post(OPEN311, {**FILING, "description": ""})
        assert bad.status_code == 400
    codes = [client.post(OPEN311, FILING).status_code for _ in range(6)]
    assert codes == [201] * 5 + [429]


def test_a_refused_attachment_on_the_public_form_does_not_count(cast: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.24")
    for _ in range(5):
        upload = SimpleUploadedFile("x.exe", b"MZ\x90", content_type="application/octet-stream")
        r = client.post("/appeals/public/", public_data(cast, answer=solve(client), attachments=upload))
        assert r.status_code == 422 and "类型不支持" in r.content.decode()
    codes = [
        client.post("/appeals/public/", public_data(cast, answer=solve(client))).status_code for _ in range(6)
    ]
    assert codes == [200] * 5 + [429]
    assert Appeal.objects.count() == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_filings_store_exactly_five(cast: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent connections")
    # An earlier transactional test may have flushed the migration's catalogue (and this process's copy).
    ensure_services()
    forget_services()
    n = 30
    barrier = threading.Barrier(n)
    codes: list[int] = [0] * n

    def file(i: int) -> None:
        try:
            client = Client(REMOTE_ADDR="198.51.100.25")
            body = json.dumps({**FILING, "description": f"并发{i}"})
            barrier.wait()
            codes[i] = client.post(OPEN311, body, content_type="application/json").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=file, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(codes) == [201] * 5 + [429] * 25
    assert Appeal.objects.count() == 5
