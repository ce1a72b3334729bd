"""The one API at /api/v1/: session or token auth; every error is {"message", "code", "fields"}."""

from __future__ import annotations

from typing import Any

from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from yingshang.core.errors import DomainError
from yingshang.core.services import user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ys_…` with a per-user token made on the 「API令牌」 page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The logged-in browser's session. The CSRF check guards a session, so it runs only when there is
    one: an anonymous write answers 401 like an anonymous read, not a CSRF 403."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


api = NinjaAPI(
    title="营商环境平台 API",
    version="1",
    description="优化营商环境平台的接口。认证：会话(浏览器登录)或 `Authorization: Bearer <令牌>`。"
    "错误统一返回 `{message, code, fields}`。",
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSessionAuth()],
)


def error(
    request: HttpRequest, status: int, message: str, code: str, fields: dict[str, str] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"message": message, "code": code, "fields": fields or {}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error(request, exc.status, exc.message, exc.code, exc.fields)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for item in exc.errors:
        loc = [str(p) for p in item.get("loc", []) if p not in ("body", "query", "path", "form", "payload")]
        fields[".".join(loc) or "request"] = str(item.get("msg", "invalid"))
    return error(request, 422, "请求参数有误。", "validation", fields)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "未登录或令牌无效。", "unauthenticated")


# django-ninja raises HttpError with English texts for a few request-level failures.
_HTTP_ERRORS = {
    "CSRF check Failed": ("安全校验失败(CSRF)，请刷新页面后重试，或使用API令牌。", "csrf"),
    "Cannot parse request body": ("请求体无法解析，请发送合法的JSON。", "bad_body"),
}


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    text = str(exc)
    for prefix, (message, code) in _HTTP_ERRORS.items():
        if text.startswith(prefix):
            return error(request, exc.status_code, message, code)
    return error(request, exc.status_code, text or "请求无法处理。", "http_error")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "未找到该对象，或您无权查看。", "not_found")


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    # Out-of-range numbers and over-long strings that slipped past the schema are bad input, not a fault.
    return error(request, 400, "参数超出允许范围。", "out_of_range")


def register_routers() -> None:
    from yingshang.appeals.api import router as appeals_router
    from yingshang.appeals.knowledge.api import router as knowledge_router
    from yingshang.arrears.api import router as arrears_router
    from yingshang.assessment.api import router as assessment_router
    from yingshang.core.api import router as core_router
    from yingshang.core.webhooks.api import router as webhooks_router
    from yingshang.dashboard.api import router as dashboard_router
    from yingshang.indicators.api import router as indicators_router
    from yingshang.inspections.api import router as inspections_router
    from yingshang.ledger.api import router as ledger_router
    from yingshang.outreach.api import router as outreach_router
    from yingshang.policies.api import router as policies_router
    from yingshang.reviews.api import router as reviews_router

    api.add_router("/", core_router)
    api.add_router("/", webhooks_router)
    api.add_router("/ledger", ledger_router)
    api.add_router("/appeals/knowledge", knowledge_router)
    api.add_router("/appeals", appeals_router)
    api.add_router("/indicators", indicators_router)
    api.add_router("/dashboard", dashboard_router)
    api.add_router("/assessment", assessment_router)
    api.add_router("/reviews", reviews_router)
    api.add_router("/policies", policies_router)
    api.add_router("/arrears", arrears_router)
    api.add_router("/inspections", inspections_router)
    api.add_router("/outreach", outreach_router)


register_routers()
