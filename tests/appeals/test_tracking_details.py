"""The tracking page (and the filer's own page) shows the deadline in force, the answering unit and the
reply's materials — downloadable with the code — and never the filer's own materials; the office
corrects an appeal's evaluation indicator on the page and through the API, recorded as an event."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.appeals.makers import make_appeal
from tests.appeals.test_api import A, client_for
from yingshang.appeals import services
from yingshang.appeals.models import Appeal, AppealAttachment
from yingshang.core.models import Event


def pdf(name: str, body: bytes = b"%PDF-1.4 x") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, "application/pdf")


def _replied_with_files(cast: Any) -> Appeal:
    appeal = services.file_appeal(
        actor=None,
        service=make_appeal(cast).service,
        description="园区供水水压不足，生产线经常停机。",
        region=cast.county,
        contact_name="赵六",
        contact_phone="13900000001",
        attachments=[pdf("我的身份证.pdf")],
    )
    services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=appeal)
    ext = services.request_extension(actor=cast.lead, appeal=appeal, workdays_n=3, reason="需现场核查")
    services.decide_extension(actor=cast.office, extension=ext, approve=True)
    appeal.refresh_from_db()
    services.reply_appeal(
        actor=cast.lead, appeal=appeal, text="已协调水务公司加压。", attachments=[pdf("整改报告.pdf")]
    )
    appeal.refresh_from_db()
    return appeal


def test_tracking_page_shows_deadline_unit_and_reply_files_only(cast: Any) -> None:
    appeal = _replied_with_files(cast)
    html = Client().get("/appeals/track/", {"code": appeal.tracking_code}).content.decode()
    due = appeal.reply_due_at
    assert due is not None
    from django.utils import timezone

    assert timezone.localtime(due).strftime("%Y-%m-%d %H:%M") in html and "含延期3个工作日" in html
    assert "市场监督管理局" in html
    assert "整改报告.pdf" in html and "我的身份证.pdf" not in html
    reply_file = appeal.attachments.get(kind=AppealAttachment.Kind.REPLY)
    filing_file = appeal.attachments.get(kind=AppealAttachment.Kind.FILING)
    anonymous = Client()
    r = anonymous.get(f"/appeals/track/files/{reply_file.pk}/", {"code": appeal.tracking_code})
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    # The filer's own material, another appeal's code, or no code: nothing.
    assert (
        anonymous.get(f"/appeals/track/files/{filing_file.pk}/", {"code": appeal.tracking_code}).status_code
        == 404
    )
    other = make_appeal(cast, description="另一件：用电报装迟迟未办。")
    assert (
        anonymous.get(f"/appeals/track/files/{reply_file.pk}/", {"code": other.tracking_code}).status_code
        == 404
    )
    assert anonymous.get(f"/appeals/track/files/{reply_file.pk}/").status_code == 404


def test_merged_appeal_tracks_its_parents_deadline_and_reply_files(cast: Any) -> None:
    parent = make_appeal(cast)
    child = make_appeal(cast, description="同一问题再次反映：营业执照变更未办。")
    services.merge_appeals(actor=cast.office, parent=parent, children=[child])
    services.dispatch_appeal(actor=cast.office, appeal=parent, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=parent)
    services.reply_appeal(actor=cast.lead, appeal=parent, text="统一答复", attachments=[pdf("统一答复.pdf")])
    html = Client().get("/appeals/track/", {"code": child.tracking_code}).content.decode()
    assert "统一答复.pdf" in html and "分办后确定" not in html
    f = parent.attachments.get()
    assert Client().get(f"/appeals/track/files/{f.pk}/", {"code": child.tracking_code}).status_code == 200


def test_before_dispatch_the_deadline_is_not_yet_set(cast: Any) -> None:
    appeal = make_appeal(cast)
    html = Client().get("/appeals/track/", {"code": appeal.tracking_code}).content.decode()
    assert "分办后确定" in html


def test_filers_own_page_shows_deadline_and_reply_files_in_the_reply(cast: Any) -> None:
    appeal = make_appeal(cast)
    services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=appeal)
    services.reply_appeal(actor=cast.lead, appeal=appeal, text="已办结", attachments=[pdf("批复.pdf")])
    html = cast.client("enterprise_user").get(f"/appeals/{appeal.pk}/").content.decode()
    reply_section = html.split("<h2>答复</h2>", 1)[1].split("</section>", 1)[0]
    assert "批复.pdf" in reply_section
    assert 'data-testid="reply-due"' in html and "—</dd>" not in html.split('data-testid="reply-due"')[1][:40]


def test_office_corrects_the_indicator_on_the_page_and_by_api(cast: Any) -> None:
    appeal = make_appeal(cast)
    office = cast.client("office")
    page = office.get(f"/appeals/{appeal.pk}/").content.decode()
    assert 'data-testid="indicator-form"' in page
    assert (
        'data-testid="indicator-form"'
        not in cast.client("lead").get(f"/appeals/{appeal.pk}/").content.decode()
    )
    office.post(f"/appeals/{appeal.pk}/act/correct_indicator/", {"indicator": "纳税", "reason": "涉及退税"})
    appeal.refresh_from_db()
    assert appeal.suggested_indicator == "纳税"
    event = Event.objects.filter(object_id=appeal.pk, action="correct_indicator").get()
    assert event.note["changes"]["suggested_indicator"][1] == "纳税"
    api = client_for(cast.office)
    r = api.post(
        f"{A}/{appeal.pk}/indicator",
        {"indicator": "获得电力", "reason": "实为用电问题"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["suggested_indicator"] == "获得电力"
    labels = [e["label"] for e in r.json()["events"]]
    assert labels.count("更正评价指标") == 2
    bad = api.post(
        f"{A}/{appeal.pk}/indicator",
        {"indicator": "不存在的指标", "reason": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["fields"] == {"indicator": "无效"}
    same = api.post(
        f"{A}/{appeal.pk}/indicator",
        {"indicator": "获得电力", "reason": "x"},
        content_type="application/json",
    )
    assert same.status_code == 422
    assert api.get(f"{A}/stats").json()["by_indicator"] == [{"name": "获得电力", "n": 1}]
    # The filer does not see the office's reclassification among the steps.
    filer = cast.client("enterprise_user").get(f"/appeals/{appeal.pk}/").content.decode()
    assert "更正评价指标" not in filer
