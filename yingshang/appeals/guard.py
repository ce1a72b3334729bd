"""Protection of the anonymous intake (public form and Open311): a per-address rate limit and a sum to solve."""

from __future__ import annotations

import secrets

from django.http import HttpRequest

from yingshang.core import ratelimit
from yingshang.core.clientip import client_ip
from yingshang.core.errors import DomainError

PUBLIC_LIMIT = 5
PUBLIC_WINDOW_SECONDS = 600
CHALLENGE_KEY = "appeals_challenge"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"


def _refuse(limit: int, window: int) -> RateLimited:
    return RateLimited(f"提交过于频繁：同一网络{window // 60}分钟内最多提交{limit}次，请稍后再试。")


def refuse_if_full(
    request: HttpRequest,
    *,
    scope: str = "public",
    limit: int = PUBLIC_LIMIT,
    window: int = PUBLIC_WINDOW_SECONDS,
) -> None:
    """An early, read-only look: a caller whose window is already full is refused before any work."""
    if ratelimit.peek(f"appeals:{scope}", client_ip(request), window=window) >= limit:
        raise _refuse(limit, window)


def check_rate(
    request: HttpRequest,
    *,
    scope: str = "public",
    limit: int = PUBLIC_LIMIT,
    window: int = PUBLIC_WINDOW_SECONDS,
) -> None:
    """Count one submission for the caller's address; raise RateLimited past ``limit`` per fixed window.

    Call it inside the transaction that stores the submission: the count is undone with a refused
    filing (a bad attachment, a refusal past the limit), and concurrent callers from one address wait
    on the counter's row, so exactly ``limit`` filings are stored per window.
    """
    if ratelimit.hit(f"appeals:{scope}", client_ip(request), window=window) > limit:
        raise _refuse(limit, window)


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
