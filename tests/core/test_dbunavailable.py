"""A request that loses the database answers 503 with Retry-After, not a bare 500: through Django's real
request handling (the test client), with the view raising what psycopg raises when the server is gone."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from ninja import NinjaAPI

api = NinjaAPI(urls_namespace="dbunavailable-test")


@api.get("/probe")
def api_probe(request: HttpRequest) -> dict[str, str]:
    raise OperationalError("connection to server at 10.231.0.31, port 5432 failed: Connection refused")


def page_probe(request: HttpRequest) -> HttpResponse:
    raise OperationalError("server closed the connection unexpectedly")


def bug_probe(request: HttpRequest) -> HttpResponse:
    raise IntegrityError("duplicate key value")


urlpatterns = [path("api/probe-api/", api.urls), path("probe/", page_probe), path("bug/", bug_probe)]


@pytest.fixture
def client(settings) -> Client:
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_api_request_gets_503_in_the_error_shape(client: Client) -> None:
    response = client.get("/api/probe-api/probe")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "message": "数据库暂时无法连接，请稍后重试。",
        "code": "database_unavailable",
        "fields": {},
    }


@pytest.mark.django_db
def test_page_gets_a_chinese_503(client: Client) -> None:
    response = client.get("/probe/")
    assert response.status_code == 503
    assert "数据库暂时无法连接" in response.content.decode()


@pytest.mark.django_db
def test_other_database_errors_stay_500(client: Client) -> None:
    assert client.get("/bug/").status_code == 500
