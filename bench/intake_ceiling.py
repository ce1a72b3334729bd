"""The intake ceiling: bare Django filing an appeal — no middleware, no authentication, no validation,
no response schema — to measure what the product's own intake is compared with (bench/appeals_load.py
--ratio). Settings module, URL conf and WSGI application in one file:

    DJANGO_SETTINGS_MODULE=bench.intake_ceiling gunicorn -w 2 bench.intake_ceiling:application

``POST /ceiling/`` with the API's JSON body inserts one appeal and its ``file`` event in one transaction
through the ORM, into the same tables (with the same indexes) on the same database, and answers 201.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from yingshang.settings import *  # noqa: F403

MIDDLEWARE: list[str] = []
# Django's default: no health check per request (the product's settings turn it on).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405
ROOT_URLCONF = "bench.intake_ceiling"

_app: Any = None


def file_view(request: Any) -> Any:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.http import HttpResponse

    from yingshang.appeals.models import Appeal
    from yingshang.core.models import Event

    if request.method == "GET":  # the bench's readiness probe
        return HttpResponse("ok")
    body = json.loads(request.body)
    service = _service(body["service_code"])
    with transaction.atomic():
        appeal = Appeal.objects.create(
            tracking_code=secrets.token_hex(6).upper(),
            channel=Appeal.Channel.API,
            service=service,
            region_id=body["region_id"],
            contact_name=body["contact_name"],
            contact_phone=body["contact_phone"],
            title=body["description"][:30],
            description=body["description"],
        )
        Event.objects.create(
            content_type=ContentType.objects.get_for_model(Appeal),
            object_id=appeal.pk,
            action="file",
            to_status="submitted",
            note={"channel": "api"},
        )
    return HttpResponse(json.dumps({"id": appeal.pk}), status=201, content_type="application/json")


_services: dict[str, Any] = {}


def _service(code: str) -> Any:
    from yingshang.appeals.models import Service

    if code not in _services:
        _services[code] = Service.objects.get(code=code)
    return _services[code]


def _urlpatterns() -> list[Any]:
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    return [path("ceiling/", csrf_exempt(file_view))]


def __getattr__(name: str) -> Any:
    # Django reads `urlpatterns` from ROOT_URLCONF after settings are loaded; built lazily so importing
    # this module as the settings does not import the URL machinery first.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def application(environ: dict[str, Any], start_response: Any) -> Any:
    global _app
    if _app is None:
        from django.core.wsgi import get_wsgi_application

        _app = get_wsgi_application()
    return _app(environ, start_response)
