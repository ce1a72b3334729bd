"""A request that finds the database gone (restart, failover, network) gets a clear 503 with Retry-After,
in the API's error shape under /api/ and as a short Chinese page elsewhere, instead of a bare 500.

Only connection-level errors count (OperationalError, InterfaceError: could not connect, connection lost);
a bad query or a constraint stays a 500 (a bug) or the view's own answer. The client may retry: a
request that failed this way was not committed, unless the connection broke during the COMMIT itself,
which PostgreSQL cannot tell the client about either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
MESSAGE = "数据库暂时无法连接，请稍后重试。"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
        response: HttpResponse
        if request.path.startswith("/api/"):
            body = {"message": MESSAGE, "code": "database_unavailable", "fields": {}}
            response = JsonResponse(body, status=503, json_dumps_params={"ensure_ascii": False})
        else:
            page = (
                f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>503</title><p>{MESSAGE}</p>'
            )
            response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # For the replica middleware: a read that lost the replica midway is read again from the primary.
        response.database_unavailable = True  # type: ignore[attr-defined]
        return response
