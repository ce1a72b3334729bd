"""The public rating page, the kiosk, the public API and its refusals, the receipt and the QR card."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.reviews.helpers import make_case, make_point, make_rating
from yingshang.reviews import services
from yingshang.reviews.models import Rating

pytestmark = pytest.mark.django_db
API = "/api/v1/reviews/ratings"


def _post(client: Client, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(API, json.dumps(body), content_type="application/json", **extra)


def test_qr_page_rates_once_per_token(cast: Any) -> None:
    point = make_point(cast)
    token = services.issue_visit_token(actor=cast.lead, point=point)
    client = Client()
    page = client.get(f"/reviews/r/{point.public_key}/?t={token.code}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "服务态度" in html and token.code in html and "<script" not in html.split("</main>")[0]
    form = {"token": token.code, "level": "2", "score_attitude": "1", "text": "<script>alert(1)</script>"}
    done = client.post(f"/reviews/r/{point.public_key}/", form)
    assert done.status_code == 302
    receipt = client.get(done["Location"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in receipt.content.decode()
    assert "<script>alert(1)" not in receipt.content.decode()
    again = client.post(f"/reviews/r/{point.public_key}/", form)
    assert again.status_code == 409 and "已使用" in again.content.decode()
    rating = Rating.objects.get()
    assert rating.scores == {"overall": 2, "attitude": 1} and rating.case.status == "verifying"


def test_api_refusals_store_nothing_twice(cast: Any) -> None:
    point = make_point(cast)
    other = make_point(cast, name="2号窗口")
    token = services.issue_visit_token(actor=cast.office, point=point)
    client = Client()
    body = {"point_key": point.public_key, "token": token.code, "level": 5}
    too_long = _post(client, {**body, "text": "长" * 10_000})
    assert too_long.status_code == 422 and too_long.json()["fields"] == {"text": "过长"}
    assert _post(client, {**body, "point_key": other.public_key}).json()["code"] == "wrong_point"
    assert _post(client, {**body, "point_key": "unknown"}).status_code == 404
    assert _post(client, {**body, "level": 7}).status_code == 422
    assert _post(client, body).status_code == 201
    replay = _post(client, body)
    assert replay.status_code == 409 and replay.json()["code"] == "token_used"
    assert Rating.objects.count() == 1


def test_rate_limit_per_network(cast: Any, settings: Any) -> None:
    settings.YINGSHANG = {**settings.YINGSHANG, "REVIEWS_RATE_LIMIT": 3}
    point = make_point(cast)
    client = Client()
    answers = [_post(client, {"kiosk_key": point.kiosk_key, "level": 4}).status_code for _ in range(5)]
    assert answers == [201, 201, 201, 429, 429]
    assert Rating.objects.count() == 3


def test_kiosk_page_has_no_inline_script_and_posts_by_key(cast: Any) -> None:
    point = make_point(cast)
    page = Client().get(f"/reviews/kiosk/{point.kiosk_key}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "reviews/kiosk.js" in html and "<script>" not in html and "style=" not in html
    assert (
        "script-src" in page["Content-Security-Policy"]
        and "unsafe-inline" not in page["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
    assert Client().get("/reviews/kiosk/not-a-key/").status_code == 404


def test_units_never_see_the_rater(cast: Any) -> None:
    point = make_point(cast)
    token = services.issue_visit_token(actor=cast.office, point=point)
    rating = services.submit_rating(
        actor=cast.enterprise_user,
        data=services.RatingInput(
            level=1, text="办事等了三小时", rater_name="王五", rater_phone="13800000002"
        ),
        point_key=point.public_key,
        token=token.code,
    )
    url = f"/reviews/cases/{rating.case.pk}/"
    unit_page = cast.client("lead").get(url).content.decode()
    assert "办事等了三小时" in unit_page
    assert "王五" not in unit_page and "13800000002" not in unit_page and "(ent)" not in unit_page
    office_page = cast.client("office").get(url).content.decode()
    assert "王五" in office_page and "13800000002" in office_page
    api_unit = cast.client("lead").get(f"/api/v1/reviews/cases/{rating.case.pk}").json()
    assert api_unit["rater_phone"] is None
    assert (
        cast.client("office").get(f"/api/v1/reviews/cases/{rating.case.pk}").json()["rater_phone"]
        == "13800000002"
    )
    assert cast.client("outsider").get(url).status_code == 404


def test_receipt_shows_feedback_and_takes_follow_up(cast: Any) -> None:
    case = make_case(cast)
    services.verify_case(actor=cast.lead, case=case, note="属实", complexity="simple")
    services.rectify_case(actor=cast.lead, case=case, text="已培训")
    services.feed_back_case(actor=cast.lead, case=case, text="已整改，欢迎再次监督")
    client = Client()
    url = f"/reviews/receipt/{case.rating.receipt_code}/"
    assert "已整改，欢迎再次监督" in client.get(url).content.decode()
    assert client.post(url, {"level": "4"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.follow_up_level == 4


def test_qr_png_encodes_the_rating_url(cast: Any) -> None:
    point = make_point(cast)
    png = cast.client("lead").get(f"/reviews/points/{point.pk}/qr.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert cast.client("coop").get(f"/reviews/points/{point.pk}/qr.png").status_code == 404


def test_stats_page_export_and_public_figures(cast: Any) -> None:
    make_rating(cast, level=5)
    make_case(cast)
    public = Client().get("/reviews/public/")
    assert (
        public.status_code == 200
        and "市场监督管理局" in public.content.decode()
        and "50.0%" in public.content.decode()
    )
    export = cast.client("office").get("/reviews/stats.xlsx?by=channel")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:4] == ["渠道", "评价数", "好评数", "差评数"]
    assert [c.value for c in sheet[2]][:4] == ["现场服务", 2, 1, 1]
    rows = Client().get("/api/v1/reviews/public/stats?by=month").json()
    assert rows[0]["ratings"] == 2 and rows[0]["good_rate"] == 0.5
