"""Protection of the anonymous intake (public form and Open311): a per-IP rate limit and a sum to solve."""

from __future__ import annotations

import secrets
import time

from django.core.cache import cache
from django.http import HttpRequest

from yingshang.core.errors import DomainError

PUBLIC_LIMIT = 5
PUBLIC_WINDOW_SECONDS = 600
CHALLENGE_KEY = "appeals_challenge"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"


def client_ip(request: HttpRequest) -> str:
    # Behind the reverse proxy REMOTE_ADDR is the proxy; the deployment sets X-Real-IP from nginx only.
    return (request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or "unknown")[:64]


def check_rate(
    request: HttpRequest,
    *,
    scope: str = "public",
    limit: int = PUBLIC_LIMIT,
    window: int = PUBLIC_WINDOW_SECONDS,
) -> None:
    """Count one submission for the caller's IP; raise RateLimited past ``limit`` per fixed window."""
    bucket = int(time.time() // window)
    key = f"appeals:rl:{scope}:{client_ip(request)}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 5)
            count = 1
    if count > limit:
        minutes = window // 60
        raise RateLimited(f"提交过于频繁：同一网络{minutes}分钟内最多提交{limit}次，请稍后再试。")


def new_challenge(request: HttpRequest) -> str:
    """A small sum kept in the session; bots posting straight to the URL have no session answer."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    request.session[CHALLENGE_KEY] = a + b
    return f"{a} + {b} = ?"


def check_challenge(request: HttpRequest, answer: str) -> bool:
    expected = request.session.pop(CHALLENGE_KEY, None)
    try:
        return expected is not None and int(str(answer).strip()) == expected
    except ValueError:
        return False
