"""The service worker is served from /outreach/ (not /static/) so that it may control the visit-log and
finding pages; its body is a static file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

SW_FILE = Path(__file__).resolve().parent.parent / "static" / "outreach" / "sw.js"


@cache
def _body() -> bytes:
    return SW_FILE.read_bytes()


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_body(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
