from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's own refusals of a request: its size limits answer 413 like ours, anything else 400."""
    from yingshang.core.middleware import payload_too_large, too_large_response

    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if isinstance(exception, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return payload_too_large(request, f"提交的字段过多（上限 {limit} 个）。", {"max_fields": str(limit)})
    if isinstance(exception, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return payload_too_large(request, f"提交的文件过多（上限 {limit} 个）。", {"max_files": str(limit)})
    message = "请求无效，请刷新页面后重试。"
    if request.path.startswith("/api/"):
        body = {"message": message, "code": "bad_request", "fields": {}}
        return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    return render(request, "error.html", {"message": message}, status=400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"message": "您无权访问此页面。"}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"message": "页面不存在，或您无权查看。"}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Usually a form left open past the session's lifetime; Django's own page is English and technical.
    return render(
        request, "403.html", {"message": "页面已过期或请求来源无效，请刷新页面后重试。"}, status=403
    )
