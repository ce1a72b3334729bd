"""Open311 GeoReport v2: services, filing (form and JSON), reading by id, filters, status mapping, limits."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from yingshang.appeals import services
from yingshang.appeals.models import Appeal
from yingshang.core.services import create_api_token

BASE = "/open311/v2"


def test_services_json_lists_the_catalogue(cast: Any) -> None:
    rows = Client().get(f"{BASE}/services.json").json()
    assert rows[0] == {
        "service_code": "consult",
        "service_name": "政策咨询",
        "description": rows[0]["description"],
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": "咨询",
    }
    assert len(rows) == 10


def test_post_form_encoded_then_read_back(cast: Any) -> None:
    r = Client().post(
        f"{BASE}/requests.json",
        {
            "service_code": "factors",
            "description": "新厂房用电报装一个月未装变压器",
            "first_name": "明",
            "last_name": "王",
            "phone": "13904751234",
            "address_string": "工业园区3号路",
            "jurisdiction_id": cast.county.pk,
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    code = body[0]["service_request_id"]
    assert "查询码" in body[0]["service_notice"]
    a = Appeal.objects.get(tracking_code=code)
    assert a.channel == "api" and a.contact_name == "王明" and a.region == cast.county
    got = Client().get(f"{BASE}/requests/{code}.json").json()[0]
    assert got["status"] == "open" and got["service_code"] == "factors"
    assert "description" not in got  # anonymous readers see status and answers only
    staff = cast.client("office").get(f"{BASE}/requests/{code}.json").json()[0]
    assert staff["description"].startswith("新厂房") and staff["address"] == "工业园区3号路"


def test_post_json_and_status_maps_to_closed_after_reply(cast: Any) -> None:
    r = Client().post(
        f"{BASE}/requests.json",
        json.dumps(
            {
                "service_code": "consult",
                "description": "咨询留抵退税",
                "phone": "13904750000",
                "email": "a@b.cn",
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 201
    a = Appeal.objects.get()
    services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=a)
    services.reply_appeal(actor=cast.lead, appeal=a, text="请登录电子税务局申请")
    got = Client().get(f"{BASE}/requests.json?service_request_id={a.tracking_code}").json()
    assert got[0]["status"] == "closed" and got[0]["status_notes"] == "请登录电子税务局申请"


def test_bad_posts_are_open311_errors(cast: Any) -> None:
    client = Client(REMOTE_ADDR="10.1.1.1")
    cases = [
        ({"service_code": "nope", "description": "x", "phone": "13900000000"}, 400),
        ({"service_code": "consult", "description": "", "phone": "13900000000"}, 400),
        ({"service_code": "consult", "description": "x"}, 400),
    ]
    for data, status in cases:
        r = client.post(f"{BASE}/requests.json", data)
        assert r.status_code == status
        assert r.json()[0]["code"] == status and r.json()[0]["description"]
    r = client.post(f"{BASE}/requests.json", "{not json", content_type="application/json")
    assert r.status_code == 400
    assert not Appeal.objects.exists()


def test_anonymous_posts_are_rate_limited(cast: Any) -> None:
    client = Client(REMOTE_ADDR="10.2.2.2")
    data = {"service_code": "consult", "description": "咨询", "phone": "13900000000"}
    codes = [client.post(f"{BASE}/requests.json", data).status_code for _ in range(6)]
    assert codes == [201] * 5 + [429]
    # A staff token is not limited.
    _, key = create_api_token(actor=cast.office, name="t")
    staff = Client(REMOTE_ADDR="10.2.2.2", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert staff.post(f"{BASE}/requests.json", {**data, "jurisdiction_id": cast.county.pk}).status_code == 201


def test_list_filters_for_staff(cast: Any) -> None:
    client = Client(REMOTE_ADDR="10.3.3.3")
    for code in ("consult", "help"):
        client.post(
            f"{BASE}/requests.json", {"service_code": code, "description": "x", "phone": "13900000000"}
        )
    office = cast.client("office")
    assert len(office.get(f"{BASE}/requests.json").json()) == 2
    assert len(office.get(f"{BASE}/requests.json?service_code=help").json()) == 1
    assert len(office.get(f"{BASE}/requests.json?status=closed").json()) == 0
    assert (
        len(office.get(f"{BASE}/requests.json?start_date=2000-01-01T00:00:00Z&end_date=2100-01-01").json())
        == 2
    )
    assert office.get(f"{BASE}/requests.json?start_date=yesterday").status_code == 400
    assert office.get(f"{BASE}/requests.json?status=maybe").status_code == 400
    assert Client().get(f"{BASE}/requests/NOPE.json").status_code == 404
