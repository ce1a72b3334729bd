from __future__ import annotations

import tempfile
from collections.abc import Callable

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.db import DataError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from yingshang.core.errors import DomainError, NotFound
from yingshang.core.textforms import CheckedQueryDict

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CHUNK = 64 * 1024


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size / 1024:g} KB"


def too_large_response(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    """413 for a body over `limit` bytes (default `MAX_BODY_BYTES`)."""
    limit = settings.MAX_BODY_BYTES if limit is None else limit
    message = f"提交的内容过大，超过 {_size_text(limit)} 的上限，请减少或压缩附件后分批提交。"
    return payload_too_large(request, message, {"max_bytes": str(limit)})


def payload_too_large(request: HttpRequest, message: str, fields: dict[str, str]) -> HttpResponse:
    """413 in the API's error shape under /api/, in Open311's under /open311/, a Chinese page otherwise."""
    if request.path.startswith("/api/"):
        body = {"message": message, "code": "too_large", "fields": fields}
        return JsonResponse(body, status=413, json_dumps_params={"ensure_ascii": False})
    if request.path.startswith("/open311/"):  # GeoReport v2's own error shape
        errors = [{"code": 413, "description": message}]
        return JsonResponse(errors, status=413, safe=False, json_dumps_params={"ensure_ascii": False})
    return render(request, "error.html", {"message": message}, status=413)


class BodySizeLimitMiddleware:
    """Refuse a request body over `MAX_BODY_BYTES` before anything reads it, whatever the proxy does.

    A declared Content-Length over the limit is answered at once, unread. A body sent without a length
    (chunked) is read here up to the limit and handed on; one byte more and the answer is 413.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.MAX_BODY_BYTES
        meta = request.META
        try:
            declared = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return too_large_response(request)
        source = meta.get("wsgi.input")  # under ASGI the server has already read the body
        chunked = "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower()
        if source is not None and chunked and not meta.get("CONTENT_LENGTH"):
            # Without a length Django would read nothing; gunicorn's input un-chunks the body for us.
            spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
            size = 0
            while chunk := source.read(min(CHUNK, limit + 1 - size)):
                size += len(chunk)
                if size > limit:
                    spool.close()
                    return too_large_response(request)
                spool.write(chunk)
            spool.seek(0)
            meta["CONTENT_LENGTH"] = str(size)
            request._stream = LimitedStream(spool, size)  # type: ignore[attr-defined]
        return self.get_response(request)


class TextBoundaryMiddleware:
    """POST fields of pages are read through `CheckedQueryDict` (see `yingshang.core.textforms`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: object) -> None:
        # The API checks its input in its schemas (`core.schemas.InSchema`), Open311 field by field.
        if request.method in UNSAFE_METHODS and not request.path.startswith(("/api/", "/open311/")):
            request.POST = CheckedQueryDict.wrap(request.POST)  # type: ignore[misc]


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


class ApiErrorShapeMiddleware:
    """Errors Django answers before the API sees the request keep the API's one error shape:
    an unknown `/api/…` path (404), a wrong HTTP method (405)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        if response.status_code == 404:
            body = {"message": "接口不存在，请核对路径(见 /api/v1/docs)。", "code": "not_found", "fields": {}}
            return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
        if response.status_code == 405:
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
