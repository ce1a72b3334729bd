"""Every API schema has its own name: the OpenAPI document keys schemas by class name, so two apps'
classes of one name would silently share one definition and one of them would be documented wrongly."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

import yingshang.urls  # noqa: F401  (registers every app's router, importing its schemas)


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_subclasses(sub))
    return out


def test_no_two_api_schemas_share_a_name() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("yingshang."):
            by_name[cls.__name__].add(cls.__module__)
    clashes = {name: sorted(modules) for name, modules in by_name.items() if len(modules) > 1}
    assert clashes == {}
