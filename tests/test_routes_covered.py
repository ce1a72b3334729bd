"""Every URL pattern and API operation must have a row in the permission matrix (tests/permissions.py)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

import tests
from tests.permissions import REGISTRY

# Routes that belong to third-party apps or are the API's own machinery, not the product's.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_NAMES = {"api:openapi-json", "api:openapi-view"}


def _load_all_matrices() -> None:
    for mod in pkgutil.walk_packages(tests.__path__, "tests."):
        if mod.name.rsplit(".", 1)[-1] == "test_permissions":
            importlib.import_module(mod.name)


def _named_urls(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in EXEMPT_NAMESPACES:
                continue
            names |= _named_urls(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


@pytest.mark.django_db
def test_every_page_has_a_matrix_row() -> None:
    _load_all_matrices()
    pages = {n for n in _named_urls(get_resolver()) if not n.startswith("api:") and n not in EXEMPT_NAMES}
    covered = {r.name for r in REGISTRY}
    assert sorted(pages - covered) == []


@pytest.mark.django_db
def test_every_api_operation_has_a_matrix_row() -> None:
    from yingshang.api import api

    _load_all_matrices()
    schema = api.get_openapi_schema()
    ops = {
        f"{method.upper()} {path}".rstrip("/") for path, item in schema["paths"].items() for method in item
    }
    covered = {r.name for r in REGISTRY}
    assert sorted(ops - covered) == []
