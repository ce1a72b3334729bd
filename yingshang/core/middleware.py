from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yingshang.core.errors import DomainError, NotFound


class DomainErrorMiddleware:
    """Pages: a DomainError that escapes a view becomes its error page with the right status, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        template = {403: "403.html", 404: "404.html"}.get(exception.status, "error.html")
        message = "页面不存在，或您无权查看。" if isinstance(exception, NotFound) else exception.message
        return render(request, template, {"message": message}, status=exception.status)
