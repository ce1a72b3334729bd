"""The API's protocol answers: anonymous writes 401, unknown paths 404, each in the one JSON error shape;
the published OpenAPI document names each schema once, so every `$ref` is the schema its operation reads."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from ninja import Schema

from yingshang.api import api

WRITE_METHODS = ("post", "put", "patch", "delete")


def _error_shape(response: Any) -> dict[str, Any]:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"message", "code", "fields"}
    return body


def test_every_anonymous_api_write_answers_401_not_a_csrf_403(db: None) -> None:
    schema = api.get_openapi_schema()
    client = Client(enforce_csrf_checks=True)  # as a real browser or script: CSRF is checked
    seen = 0
    public = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in WRITE_METHODS:
                continue
            concrete = re.sub(r"\{[^}]+\}", "1", path)
            response = client.generic(method.upper(), concrete, "{}", content_type="application/json")
            if not operation.get("security"):
                # Open by design (documented without security): never a CSRF 403, bad input is a 422.
                assert response.status_code == 422, f"{method.upper()} {concrete}: {response.status_code}"
                assert _error_shape(response)["code"] == "validation"
                public.append(f"{method.upper()} {path}")
                continue
            assert response.status_code == 401, f"{method.upper()} {concrete}: {response.status_code}"
            assert _error_shape(response)["code"] == "unauthenticated"
            seen += 1
    assert seen > 40
    # The one anonymous write: a rating from a window's QR code or kiosk (好差评).
    assert public == ["POST /api/v1/reviews/ratings"]


def test_a_session_still_needs_its_csrf_token_and_a_bad_token_is_401(cast: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.office)
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403 and _error_shape(response)["code"] == "csrf"
    bearer = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION="Bearer ys_unknown")
    response = bearer.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/nope"),
        ("get", "/api/v1/ledger/nope/1"),
        ("post", "/api/v1/nope"),
        ("get", "/api/v2/"),
    ],
)
def test_unknown_api_paths_answer_json_404(cast: Any, method: str, path: str) -> None:
    response = getattr(cast.client("office"), method)(path)
    assert response.status_code == 404
    assert _error_shape(response)["code"] == "not_found"


def test_pages_keep_their_html_404(cast: Any) -> None:
    response = cast.client("office").get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def _schema_classes() -> list[type]:
    def walk(cls: type) -> list[type]:
        out = []
        for sub in cls.__subclasses__():
            out += [sub, *walk(sub)]
        return out

    return [c for c in walk(Schema) if c.__module__.startswith("yingshang.")]


def test_schema_class_names_are_unique(db: None) -> None:
    api.get_openapi_schema()  # every router imported
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _schema_classes():
        by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: where for name, where in by_name.items() if len(where) > 1} == {}


def test_every_request_body_ref_is_the_schema_the_operation_reads(db: None) -> None:
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    published = {
        op["operationId"]: op
        for item in schema["paths"].values()
        for op in item.values()
        if "operationId" in op
    }
    checked = 0
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for op in view.operations:
                bodies = [m for m in op.models if m.__ninja_param_source__ == "body"]
                if not bodies:
                    continue
                (field,) = bodies[0].model_fields.values()
                cls = field.annotation
                operation_id = op.operation_id or api.get_openapi_operation_id(op)
                content = published[operation_id]["requestBody"]["content"]["application/json"]
                ref = content["schema"]["$ref"].rsplit("/", 1)[-1]
                assert ref == cls.__name__, operation_id
                expected = set(cls.model_json_schema(by_alias=True)["properties"])
                assert set(components[ref]["properties"]) == expected, operation_id
                checked += 1
    assert checked > 30
