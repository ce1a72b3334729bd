"""Where an item came from: an appeal or a ledger task made from something another app collected (a
problem raised in a visit, a 座谈会, a supervisor's finding, a 回访 answer) shows that origin with a
link. Apps register a provider in AppConfig.ready(); the provider applies its own visibility rule and
answers only with origins the viewer may open. Templates: ``{% item_origins obj %}``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model

from yingshang.core.models import User


@dataclass(frozen=True)
class Origin:
    kind: str  # shown as a tag: 走访, 座谈会, 社会监督员, 回访
    text: str
    url: str


OriginProvider = Callable[[User, Model], list[Origin]]
_PROVIDERS: list[OriginProvider] = []


def register_origin_provider(provider: OriginProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def origins_for(user: User, obj: Model) -> list[Origin]:
    if not user.is_authenticated:
        return []
    return [origin for provider in _PROVIDERS for origin in provider(user, obj)]
