"""The permission matrix: every page and API route × every role of the cast (and own/other unit objects).

Each app's test module contributes rows with `route(...)`; tests/test_routes_covered.py fails when a URL
pattern or an API operation of the project has no row, so a new route cannot ship without its permissions.
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anon", "office", "lead", "lead_boss", "coop", "outsider", "enterprise_user", "leader", "supervisor")


@dataclass(frozen=True)
class Route:
    name: str  # URL name ("core:unit_list") or API operation ("GET /api/v1/units")
    method: str
    path: Callable[[Any], str]  # cast -> concrete path
    expect: dict[str, int]  # role -> status; roles not listed expect `default`
    default: int = 403
    data: Callable[[Any], dict[str, Any]] | None = None
    json: bool = False
    ok_statuses: tuple[int, ...] = field(default=(200, 201, 204, 302))

    def expected(self, role: str) -> int:
        return self.expect.get(role, self.default)


REGISTRY: list[Route] = []


def route(*args: Any, **kwargs: Any) -> Route:
    r = Route(*args, **kwargs)
    REGISTRY.append(r)
    return r


def call_route(cast: Any, role: str, r: Route) -> int:
    """Call one route as one role of the cast (anon: not logged in) and return the HTTP status."""
    from django.test import Client

    client = Client() if role == "anon" else cast.client(role)
    path = r.path(cast)
    if r.method == "GET":
        return client.get(path).status_code
    data = r.data(cast) if r.data else {}
    if r.json:
        return client.generic(
            r.method, path, jsonlib.dumps(data), content_type="application/json"
        ).status_code
    if r.method == "POST":
        return client.post(path, data).status_code
    return client.generic(r.method, path, data=data).status_code
