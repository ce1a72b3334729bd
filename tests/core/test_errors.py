"""Error pages are Chinese and a DomainError escaping a page becomes its own status, never a 500."""

from __future__ import annotations

import pytest
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from yingshang import urls as project_urls
from yingshang.core.errors import Conflict, DomainError, NotAllowed, NotFound, ValidationFailed
from yingshang.core.errorviews import server_error

ERRORS: dict[str, DomainError] = {
    "conflict": Conflict("该事项已被他人处理，请刷新后重试。"),
    "forbidden": NotAllowed("只读账号不能修改数据。"),
    "missing": NotFound("内部说明不应外泄"),
    "invalid": ValidationFailed("日期超出范围。"),
}


def boom(request: HttpRequest, kind: str) -> HttpResponse:
    if kind == "data":
        raise DataError("value too long for type character varying(100)")
    if kind == "overflow":
        raise OverflowError("Python int too large to convert to SQLite INTEGER")
    raise ERRORS[kind]


# This module doubles as the URL conf of the tests marked below: the project's routes plus one that raises.
urlpatterns = [path("boom/<str:kind>/", boom), *project_urls.urlpatterns]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "kind,status,text",
    [
        ("conflict", 409, "该事项已被他人处理"),
        ("forbidden", 403, "只读账号不能修改数据。"),
        ("missing", 404, "页面不存在，或您无权查看。"),
        ("invalid", 422, "日期超出范围。"),
        ("data", 400, "请求参数超出允许范围。"),
        ("overflow", 400, "请求参数超出允许范围。"),
    ],
)
def test_domain_error_in_a_page_answers_its_status(cast, kind: str, status: int, text: str) -> None:
    r = cast.client("office").get(f"/boom/{kind}/")
    assert r.status_code == status
    html = r.content.decode()
    assert text in html
    assert "内部说明" not in html


def test_404_page_is_chinese(db) -> None:
    r = Client().get("/no-such-page/")
    assert r.status_code == 404
    assert "页面不存在，或您无权查看。" in r.content.decode()
    assert 'lang="zh-CN"' in r.content.decode()


def test_other_units_object_is_a_chinese_404(cast) -> None:
    r = cast.client("coop").get(f"/units/{cast.lead_unit.pk}/")
    assert r.status_code == 404
    assert "页面不存在，或您无权查看。" in r.content.decode()


def test_403_page_is_chinese(cast) -> None:
    r = cast.client("enterprise_user").get("/units/")
    assert r.status_code == 403
    assert "您的角色无权访问此页面。" in r.content.decode()


def test_csrf_failure_is_a_chinese_403(cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.office)
    r = client.post("/calendar/", {"date": "2026-12-31", "is_workday": "1"})
    assert r.status_code == 403
    assert "页面已过期或请求来源无效，请刷新页面后重试。" in r.content.decode()


def test_500_page_is_chinese_and_needs_no_database(rf) -> None:
    r = server_error(rf.get("/"))
    assert r.status_code == 500
    assert "服务器出现错误" in r.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "path",
    ["/units/?q=a%00b", "/enterprises/?q=a%00b", "/api/v1/units?q=a%00b", "/api/v1/enterprises?q=a%00b"],
)
def test_nul_byte_in_a_search_is_never_a_500(cast, path: str) -> None:
    # PostgreSQL refuses NUL in text (DataError → 400); SQLite simply finds nothing.
    r = cast.client("office").get(path)
    assert r.status_code in (200, 400)
