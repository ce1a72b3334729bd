"""Request-level API failures keep the one error shape, in Chinese."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_wrong_method_answers_json_405_with_allow(cast: Any) -> None:
    response = cast.client("office").delete("/api/v1/me")
    assert response.status_code == 405
    body = response.json()
    assert body["code"] == "method_not_allowed"
    assert "GET" in response["Allow"] and "GET" in body["fields"]["allow"]


def test_session_write_without_csrf_token_is_a_chinese_403(cast: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.office)
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf"


def test_unparseable_body_is_a_400_in_the_error_shape(cast: Any) -> None:
    response = cast.client("office").post("/api/v1/tokens", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert set(response.json()) == {"message", "code", "fields"}


def test_token_use_is_recorded_at_most_once_a_minute(
    cast: Any, django_assert_num_queries: Any, settings: Any
) -> None:
    from yingshang.core import services

    settings.YINGSHANG = {**settings.YINGSHANG, "TOKEN_CACHE_SECONDS": 0}
    _, key = services.create_api_token(actor=cast.office, name="t")
    assert services.user_for_token(key) == cast.office  # first use: lookup + update
    with django_assert_num_queries(1):  # within the minute: the lookup only
        assert services.user_for_token(key) == cast.office
