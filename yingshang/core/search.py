"""The search box in the top bar: each app registers a provider in its AppConfig.ready().

A provider answers with the hits the user may see (its own visibility rule) and, for an exact item
number such as 任务编号 RW000129, the one URL to go to straight away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from yingshang.core.models import User

MAX_QUERY = 100
PER_KIND = 20


@dataclass(frozen=True)
class SearchHit:
    kind: str  # shown as a tag: 任务, 政策文件, 诉求
    code: str  # the item's number as users quote it
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    exact_url: str = ""  # an item number that matched exactly one item


SearchProvider = Callable[[User, str], SearchResult]
_PROVIDERS: list[SearchProvider] = []


def register_search_provider(provider: SearchProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def search(user: User, text: str) -> SearchResult:
    text = " ".join(text.split())[:MAX_QUERY]
    if not text:
        return SearchResult(hits=[])
    hits: list[SearchHit] = []
    exact = []
    for provider in _PROVIDERS:
        result = provider(user, text)
        hits.extend(result.hits)
        if result.exact_url:
            exact.append(result.exact_url)
    return SearchResult(hits=hits, exact_url=exact[0] if len(exact) == 1 else "")
