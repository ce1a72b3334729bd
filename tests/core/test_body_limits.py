"""Request bodies over the configured size are refused early: 413, JSON under /api/ and /open311/, a page
otherwise; with or without a Content-Length; Django's own DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 too."""

from __future__ import annotations

import io
import json
from typing import Any

from django.test import Client

from yingshang.core.models import ApiToken


def test_declared_length_over_the_limit_is_refused_before_the_body_is_read(cast: Any, settings: Any) -> None:
    settings.MAX_BODY_BYTES = 60 * 1024 * 1024
    client = cast.client("office")
    # The test client's payload would fail loudly if anything tried to read the 60 MB it does not hold.
    big = {"CONTENT_LENGTH": str(60 * 1024 * 1024 + 1)}
    r = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json", **big)
    assert r.status_code == 413
    body = r.json()
    assert body["code"] == "too_large" and body["fields"] == {"max_bytes": str(60 * 1024 * 1024)}
    assert "60 MB" in body["message"]
    r = Client(REMOTE_ADDR="10.8.0.1").post("/open311/v2/requests.json", {"description": "x"}, **big)
    assert r.status_code == 413 and r.json()[0]["code"] == 413
    r = Client().post("/appeals/public/", {"description": "x"}, **big)
    assert r.status_code == 413 and "提交的内容过大" in r.content.decode()
    assert r["Content-Type"].startswith("text/html")
    assert not ApiToken.objects.exists()


def test_default_limit_refuses_sixty_megabytes_and_fits_five_attachments(settings: Any) -> None:
    assert 5 * 10 * 1024 * 1024 < settings.MAX_BODY_BYTES < 60 * 1000 * 1000


def _chunked(client: Client, path: str, body: bytes) -> Any:
    return client.generic(
        "POST",
        path,
        content_type="application/json",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(body)},
    )


def test_body_without_a_length_is_read_up_to_the_limit(cast: Any, settings: Any) -> None:
    settings.MAX_BODY_BYTES = 2000
    client = cast.client("office")
    r = _chunked(client, "/api/v1/tokens", json.dumps({"name": "分块"}).encode())
    assert r.status_code == 201, r.content
    assert ApiToken.objects.filter(name="分块").exists()
    r = _chunked(client, "/api/v1/tokens", json.dumps({"name": "x" * 3000}).encode())
    assert r.status_code == 413 and r.json()["code"] == "too_large"


def test_djangos_own_body_limit_answers_413_in_the_right_shape(cast: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = cast.client("office")
    r = client.post("/api/v1/tokens", json.dumps({"name": "x" * 2000}), content_type="application/json")
    assert r.status_code == 413
    assert r.json()["code"] == "too_large" and r.json()["fields"]["max_bytes"] == "1000"
    r = client.post("/units/new/", {"name": "x" * 2000, "kind": "department"})
    assert r.status_code == 413 and "提交的内容过大" in r.content.decode()


def test_too_many_fields_or_files_is_a_413_too(cast: Any, settings: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    client = cast.client("office")
    r = client.post("/units/new/", {f"f{i}": "x" for i in range(10)})
    assert r.status_code == 413 and "提交的字段过多（上限 5 个）" in r.content.decode()
    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4") for i in range(3)]
    r = client.post("/units/import/", {"file": files})
    assert r.status_code == 413 and "提交的文件过多（上限 2 个）" in r.content.decode()


def test_a_file_over_its_own_limit_is_a_413_naming_the_field(cast: Any, settings: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.ledger.helpers import publish_small
    from yingshang.ledger.models import Task

    settings.UPLOAD_MAX_BYTES = 50
    publish_small(cast)
    task = Task.objects.filter(is_group=False, lead_unit=cast.lead_unit).first()
    big = SimpleUploadedFile("佐证.pdf", b"%PDF-1.4\n" + b"0" * 100, content_type="application/pdf")
    r = cast.client("lead").post(f"/api/v1/ledger/tasks/{task.pk}/evidence", {"files": big})
    assert r.status_code == 413
    assert r.json()["code"] == "too_large" and r.json()["fields"] == {"files": "佐证.pdf"}
