from __future__ import annotations

from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from yingshang.core.errors import DomainError, NotFound


class DomainErrorMiddleware:
    """Pages: a DomainError that escapes a view becomes its error page with the right status, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DataError | OverflowError):
            # Input no form bounded (a NUL byte PostgreSQL refuses, a number past 64 bits in a query
            # string) is the client's mistake, not a fault of the server.
            return render(request, "error.html", {"message": "请求参数超出允许范围。"}, status=400)
        if not isinstance(exception, DomainError):
            return None
        template = {403: "403.html", 404: "404.html"}.get(exception.status, "error.html")
        message = "页面不存在，或您无权查看。" if isinstance(exception, NotFound) else exception.message
        return render(request, template, {"message": message}, status=exception.status)


class ApiMethodNotAllowedMiddleware:
    """The API answers a wrong HTTP method in its one error shape, like every other API error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and request.path.startswith("/api/"):
            allowed = response.get("Allow", "")
            body = {
                "message": f"不支持该请求方法：{request.method}。",
                "code": "method_not_allowed",
                "fields": {"allow": allowed},
            }
            json_response = JsonResponse(body, status=405, json_dumps_params={"ensure_ascii": False})
            if allowed:
                json_response["Allow"] = allowed
            return json_response
        return response
