"""The API records a result with its evidence, lists and serves the evidence, and closes a rectification,
with the page's rules on who may do each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.inspections.helpers import plan, today
from yingshang.inspections import services
from yingshang.inspections.models import (
    DrawnTarget,
    Outcome,
    Rectification,
    RectificationStatus,
    ResultStatus,
)
from yingshang.inspections.services.results import MAX_EVIDENCE_BYTES


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _target(cast: Any, *, joint: bool = True) -> DrawnTarget:
    p = plan(cast, stage="publish", joint=joint)
    target = DrawnTarget.objects.filter(draw=p.draw).order_by("position").first()
    assert target is not None
    return target


def _upload(client: Client, target: DrawnTarget, evidence: Any = None, **fields: Any) -> Any:
    data = {"outcome": Outcome.RECTIFY, "findings": "健康证明过期2份", "inspected_on": str(today())}
    data |= fields
    if evidence is not None:
        data["evidence"] = evidence
    return client.post(f"/api/v1/inspections/targets/{target.pk}/result/upload", data)


def test_inspector_records_a_problem_with_evidence_and_gets_it_back(cast: Any) -> None:
    target = _target(cast)
    photo = SimpleUploadedFile("现场照片.jpg", b"\xff\xd8\xff\xe0photo-bytes", content_type="image/jpeg")
    response = _upload(_client(cast.lead), target, photo)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == ResultStatus.RECORDED
    assert body["outcome"] == Outcome.RECTIFY
    assert body["rectification_due"] is not None
    assert [e["name"] for e in body["evidence"]] == ["现场照片.jpg"]
    assert Rectification.objects.filter(target=target, status=RectificationStatus.OPEN).exists()

    listed = _client(cast.coop).get(f"/api/v1/inspections/targets/{target.pk}/evidence").json()
    assert listed == body["evidence"]
    download = _client(cast.office).get(listed[0]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"\xff\xd8\xff\xe0photo-bytes"  # type: ignore[attr-defined]


def test_a_problem_without_evidence_is_refused_in_chinese(cast: Any) -> None:
    target = _target(cast)
    response = _upload(_client(cast.lead), target)
    assert response.status_code == 422
    assert response.json()["message"] == "发现问题时须上传佐证材料。"
    assert response.json()["fields"] == {"evidence": "必填"}


def test_an_empty_file_is_refused_and_nothing_is_recorded(cast: Any) -> None:
    target = _target(cast)
    response = _upload(_client(cast.lead), target, SimpleUploadedFile("空.pdf", b""))
    assert response.status_code == 422
    assert response.json() == {
        "message": "佐证材料是空文件，请重新选择。",
        "code": "empty_file",
        "fields": {"evidence": "空文件"},
    }
    target.refresh_from_db()
    assert target.status == ResultStatus.PENDING
    assert not target.evidence
    assert not Rectification.objects.filter(target=target).exists()


def test_a_file_over_the_limit_is_refused(cast: Any) -> None:
    target = _target(cast)
    big = SimpleUploadedFile("大文件.pdf", b"%PDF" + b"0" * MAX_EVIDENCE_BYTES)
    response = _upload(_client(cast.lead), target, big)
    assert response.status_code == 413
    assert response.json()["message"] == "佐证材料不能超过20MB。"
    target.refresh_from_db()
    assert target.status == ResultStatus.PENDING


def test_an_unknown_outcome_is_a_422_not_a_500(cast: Any) -> None:
    target = _target(cast)
    photo = SimpleUploadedFile("照片.jpg", b"\xff\xd8photo")
    response = _upload(_client(cast.lead), target, photo, outcome="burn_it")
    assert response.status_code == 422
    assert response.json()["message"] == "检查结果无效。"


def test_an_inspector_of_another_department_is_refused(cast: Any) -> None:
    # A 市场监管-only plan: 发改's inspectors are never drawn, so its staff neither see nor record the result.
    target = _target(cast, joint=False)
    photo = SimpleUploadedFile("照片.jpg", b"\xff\xd8photo")
    assert _upload(_client(cast.coop), target, photo).status_code == 404
    assert _client(cast.coop).get(f"/api/v1/inspections/targets/{target.pk}/evidence").status_code == 404
    assert _upload(_client(cast.leader), target, photo).status_code == 403
    target.refresh_from_db()
    assert target.status == ResultStatus.PENDING


def test_evidence_is_hidden_from_whoever_does_not_see_the_result(cast: Any) -> None:
    target = _target(cast, joint=False)
    services.record_result(
        actor=cast.lead,
        target=target,
        outcome=Outcome.TRANSFER,
        findings="无证经营，移送处理",
        inspected_on=today(),
        evidence=SimpleUploadedFile("笔录.pdf", b"%PDF-1.4 record"),
    )
    assert _client(cast.coop).get(f"/inspections/targets/{target.pk}/evidence/").status_code == 404
    assert _client(cast.enterprise_user).get(f"/inspections/targets/{target.pk}/evidence/").status_code == 403
    assert Client().get(f"/inspections/targets/{target.pk}/evidence/").status_code == 302
    page = _client(cast.leader).get(f"/inspections/targets/{target.pk}/").content.decode()
    assert f"/inspections/targets/{target.pk}/evidence/" in page


def test_no_evidence_lists_empty_and_the_download_is_404(cast: Any) -> None:
    target = _target(cast)
    client = _client(cast.lead)
    response = client.post(
        f"/api/v1/inspections/targets/{target.pk}/result/upload",
        {"outcome": Outcome.NO_PROBLEM, "inspected_on": str(today())},
    )
    assert response.status_code == 200, response.content
    assert response.json()["evidence"] == []
    assert client.get(f"/api/v1/inspections/targets/{target.pk}/evidence").json() == []
    assert client.get(f"/inspections/targets/{target.pk}/evidence/").status_code == 404


def _open_rectification(cast: Any) -> Rectification:
    target = _target(cast)
    services.record_result(
        actor=cast.office,
        target=target,
        outcome=Outcome.RECTIFY,
        findings="台账不全",
        inspected_on=today(),
        evidence=SimpleUploadedFile("照片.jpg", b"\xff\xd8photo"),
    )
    return Rectification.objects.get(target=target)


def test_the_owner_closes_a_rectification_through_the_api(cast: Any) -> None:
    rect = _open_rectification(cast)
    url = f"/api/v1/inspections/rectifications/{rect.pk}/close"
    response = _client(cast.coop).post(url, {"note": "已补齐台账"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == RectificationStatus.CLOSED
    assert response.json()["closing_note"] == "已补齐台账"
    again = _client(cast.coop).post(url, {"note": "再次销号"}, content_type="application/json")
    assert again.status_code == 409


def test_a_department_that_does_not_own_the_rectification_may_not_close_it(cast: Any) -> None:
    rect = _open_rectification(cast)
    url = f"/api/v1/inspections/rectifications/{rect.pk}/close"
    assert _client(cast.lead).post(url, {"note": "x"}, content_type="application/json").status_code == 403
    assert _client(cast.outsider).post(url, {"note": "x"}, content_type="application/json").status_code == 404
    empty = _client(cast.coop).post(url, {"note": ""}, content_type="application/json")
    assert empty.status_code == 422
    rect.refresh_from_db()
    assert rect.status == RectificationStatus.OPEN
