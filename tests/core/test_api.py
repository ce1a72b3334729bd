"""Core API: the error shape, Bearer tokens, unit name resolution and the read-only rule."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.makers import make_unit
from yingshang.core import services
from yingshang.core.models import Enterprise


def post_json(client: Client, path: str, data: object, **headers: str):
    return client.post(path, json.dumps(data), content_type="application/json", headers=headers)


def test_bad_credit_code_is_422_with_the_field(cast):
    r = post_json(
        cast.client("office"),
        "/api/v1/enterprises",
        {"name": "某某有限公司", "credit_code": "91350100M000100Y40", "region_id": cast.county.pk},
    )
    assert r.status_code == 422
    body = r.json()
    assert set(body) == {"message", "code", "fields"}
    assert body["code"] == "credit_code"
    assert "校验位" in body["fields"]["credit_code"]
    assert not Enterprise.objects.filter(name="某某有限公司").exists()


def test_schema_validation_errors_have_the_same_shape(cast):
    r = post_json(cast.client("office"), "/api/v1/units", {"name": "", "region_id": "x"})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation"
    assert {"name", "region_id"} <= set(body["fields"])


def test_other_regions_region_is_404(cast):
    cast.office.region = cast.county
    cast.office.save()
    r = post_json(
        cast.client("office"), "/api/v1/units", {"name": "新单位", "region_id": cast.other_county.pk}
    )
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"


def test_create_enterprise_answers_201_with_the_row(cast):
    r = post_json(
        cast.client("office"),
        "/api/v1/enterprises",
        {"name": "新登记企业", "credit_code": "91350100m000100y43", "region_id": cast.county.pk},
    )
    assert r.status_code == 201
    assert r.json()["credit_code"] == "91350100M000100Y43"
    assert r.json()["contact_phone"] == ""


def test_contacts_are_masked_for_units(cast):
    r = cast.client("lead").get(f"/api/v1/enterprises/{cast.enterprise.pk}")
    assert r.json()["contact_phone"] == "139****1234"
    assert r.json()["contact_name"] == ""
    r = cast.client("office").get(f"/api/v1/enterprises/{cast.enterprise.pk}")
    assert r.json()["contact_phone"] == "13900001234"


def test_pagination_is_limit_offset(cast):
    client = cast.client("office")
    body = client.get("/api/v1/units?limit=2&offset=1").json()
    assert body["count"] == 3
    assert len(body["items"]) == 2
    assert client.get("/api/v1/units?offset=-1").status_code == 422
    assert client.get("/api/v1/units?limit=100000").status_code == 422
    assert client.get("/api/v1/units?offset=117019611463318077440").status_code == 422


def test_offset_paged_lists_refuse_deep_offsets_with_a_way_out(cast):
    client = cast.client("office")
    assert client.get("/api/v1/enterprises?offset=10000").status_code == 200
    r = client.get("/api/v1/enterprises?offset=10001")
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "offset_too_deep" and "导出" in body["message"] and "offset" in body["fields"]


def test_mark_read_by_ids(cast):
    services.notify(recipients=[cast.lead], title="甲")
    services.notify(recipients=[cast.lead], title="乙")
    first = cast.lead.notifications.get(title="甲")
    client = cast.client("lead")
    assert post_json(client, "/api/v1/notifications/read", {"ids": [first.pk]}).json() == {"count": 1}
    unread = client.get("/api/v1/notifications", {"unread": "true"}).json()
    assert [n["title"] for n in unread["items"]] == ["乙"]
    assert client.get("/api/v1/me").json()["unread_notifications"] == 1
    assert post_json(client, "/api/v1/notifications/read", {}).json() == {"count": 1}


@pytest.mark.parametrize("ids", [[0], [2**70], list(range(1, 1002))])
def test_mark_read_ids_are_bounded(cast, ids):
    r = post_json(cast.client("lead"), "/api/v1/notifications/read", {"ids": ids})
    assert r.status_code == 422
    assert r.json()["code"] == "validation"


# -- tokens ------------------------------------------------------------------------------------


def test_token_create_use_revoke(cast):
    session = cast.client("lead")
    r = post_json(session, "/api/v1/tokens", {"name": "报表脚本"})
    assert r.status_code == 201
    created = r.json()
    key = created["key"]
    assert created["prefix"] == key[3:9]

    bearer = Client()
    me = bearer.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert me.status_code == 200
    assert me.json()["username"] == "lead"
    # The key is shown once: the listing never repeats it.
    listed = session.get("/api/v1/tokens").json()
    assert "key" not in listed[0] and listed[0]["last_used_at"] is not None

    assert (
        bearer.delete(
            f"/api/v1/tokens/{created['id']}", headers={"Authorization": f"Bearer {key}"}
        ).status_code
        == 204
    )
    r = bearer.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 401
    assert r.json() == {"message": "未登录或令牌无效。", "code": "unauthenticated", "fields": {}}


def test_another_users_token_cannot_be_revoked(cast):
    token, _ = services.create_api_token(actor=cast.lead, name="x")
    assert cast.client("coop").delete(f"/api/v1/tokens/{token.pk}").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_no_credentials_is_401(db):
    assert Client().get("/api/v1/me").status_code == 401
    assert Client().get("/api/v1/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


# -- read-only leader --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,data",
    [
        ("/api/v1/units", {"name": "新设单位", "region_id": 0}),
        ("/api/v1/enterprises", {"name": "新企业", "credit_code": "91350100M000100Y43", "region_id": 0}),
    ],
)
def test_read_only_leader_post_is_403(cast, path, data):
    data = {**data, "region_id": cast.county.pk}
    r = post_json(cast.client("leader"), path, data)
    assert r.status_code == 403
    assert r.json()["code"] == "read_only"


def test_read_only_leader_with_a_token_is_still_read_only(cast):
    _, key = services.create_api_token(actor=cast.leader, name="大屏")
    r = post_json(
        Client(),
        "/api/v1/units",
        {"name": "新设单位", "region_id": cast.county.pk},
        Authorization=f"Bearer {key}",
    )
    assert r.status_code == 403


# -- unit name resolution ----------------------------------------------------------------------


@pytest.fixture
def resolve(cast):
    make_unit("行政审批和政务服务局", cast.county)
    client = cast.client("office")

    def call(name: str, **params: str) -> dict:
        r = client.get("/api/v1/units/resolve", {"name": name, **params})
        assert r.status_code == 200, r.content
        return r.json()

    return call


def test_resolve_exact(resolve, cast):
    body = resolve("发展和改革委员会")
    assert (body["status"], body["unit_id"]) == ("exact", cast.coop_unit.pk)


def test_resolve_alias(resolve, cast):
    body = resolve("发改委")
    assert (body["status"], body["unit_id"]) == ("alias", cast.coop_unit.pk)


def test_resolve_prefix(resolve, cast):
    body = resolve("奈曼旗发改委")
    assert (body["status"], body["unit_id"]) == ("prefix", cast.coop_unit.pk)


def test_resolve_fuzzy(resolve, cast):
    body = resolve("行政审批和政务服局")
    assert body["status"] == "fuzzy"
    assert body["unit_id"] is not None


def test_resolve_ambiguous_lists_candidates(resolve, cast):
    body = resolve("市场监督管理局")
    assert body["status"] == "ambiguous"
    assert body["unit_id"] is None
    assert {c["id"] for c in body["candidates"]} == {cast.lead_unit.pk, cast.other_unit.pk}


def test_resolve_unresolved(resolve):
    body = resolve("国网奈曼供电公司")
    assert (body["status"], body["unit_id"]) == ("unresolved", None)


def test_resolve_sees_only_the_users_region(cast):
    # The lead unit's staff live in 奈曼旗: 市场监督管理局 is theirs alone, not ambiguous.
    body = cast.client("lead").get("/api/v1/units/resolve", {"name": "市场监督管理局"}).json()
    assert (body["status"], body["unit_id"]) == ("exact", cast.lead_unit.pk)


def test_resolve_rejects_blank_names(cast):
    r = cast.client("office").get("/api/v1/units/resolve", {"name": "  "})
    assert r.status_code == 422
    assert r.json()["fields"] == {"name": "无效"}
