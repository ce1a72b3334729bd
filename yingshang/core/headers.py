"""Content-Security-Policy and Permissions-Policy on every response (HSTS, Referrer-Policy, nosniff and
X-Frame-Options come from Django's SecurityMiddleware and settings), and `Cache-Control: private,
no-store` on whatever answers a signed-in person or an API token, so no browser, phone or proxy keeps a
copy of a page with names, phones or internal notes for the next person at that device.

The policy allows no inline script and no inline style: every page's script is a file under an app's
static/ folder, and data reaches it through `json_script` blocks or data- attributes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        csp = getattr(settings, "YINGSHANG_CSP", "")
        if csp and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = csp
        permissions = getattr(settings, "YINGSHANG_PERMISSIONS_POLICY", "")
        if permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions
        if "Cache-Control" not in response and _personal(request):
            response["Cache-Control"] = "private, no-store"
        return response


def _personal(request: HttpRequest) -> bool:
    """The answer was made for someone: a signed-in session or an API token."""
    if request.headers.get("Authorization"):
        return True
    user = getattr(request, "user", None)  # absent on static files, which are answered before auth
    return bool(user is not None and user.is_authenticated)
