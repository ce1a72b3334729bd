"""Login throttling on top of django-axes, with the product's own limits, messages and office unlock.

Two counters over axes' failure rows in the shared database (every app server sees the same):
- an account is locked after `AXES_FAILURE_LIMIT` failures (whatever addresses they came from);
- an address is locked after `YINGSHANG_LOGIN_ADDRESS_LIMIT` failures (whatever accounts they named),
  higher because many staff may sit behind one office NAT.
Failures older than `AXES_COOLOFF_TIME` (counted from the last failure of a row) are forgotten; the
office can lift a lock at once (page 「登录锁定」 or `yingshang unlock_login`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from yingshang.core.errors import DomainError


class LockedOut(DomainError):
    status = 429
    code = "locked_out"


def account_limit() -> int:
    return int(settings.AXES_FAILURE_LIMIT)


def address_limit() -> int:
    return int(getattr(settings, "YINGSHANG_LOGIN_ADDRESS_LIMIT", 30))


def cool_off() -> timedelta:
    value = settings.AXES_COOLOFF_TIME
    return value if isinstance(value, timedelta) else timedelta(minutes=30)


def lockout_message() -> str:
    minutes = int(cool_off().total_seconds() // 60)
    return (
        f"登录失败次数过多，已暂时锁定。请在{minutes}分钟后再试（锁定期间再次尝试会重新计时）；"
        "如需立即解锁，请联系营商办。"
    )


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with one limit per account and another per address.

    Axes compares one number with one limit, so `get_failures` reports the account's failures or the
    address's failures shifted by the difference of the two limits, whichever is nearer its limit:
    `max(account, address - (address_limit - account_limit)) >= account_limit` holds exactly when
    the account or the address has reached its own limit.
    """

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        by_account, by_address = (
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for qs in self.get_user_attempts(request, credentials)
        )
        return max(by_account, by_address - (address_limit() - account_limit()))

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # On a successful login forget only this account's own failures from this address: deleting
        # everything that matches the address would let anyone with an account clear the counts an
        # attacker built up against other accounts from the same address.
        username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
        deleted, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return deleted


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses authentication while the account or the address is locked.

    Every login over HTTP passes its request (the site's form, the admin's form); without a request
    (a shell, `Client.login` in tests) there is no address to count, and nothing to throttle.
    """

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kw: Any
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kw)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What a locked-out login answers: 429 with the login form and the reason, or the API's JSON."""
    retry_after = str(int(cool_off().total_seconds()))
    response: HttpResponse
    if request.path.startswith("/api/"):
        body = {"message": lockout_message(), "code": LockedOut.code, "fields": {}}
        response = JsonResponse(body, status=429, json_dumps_params={"ensure_ascii": False})
    else:
        username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or ""
        context = {
            "locked_message": lockout_message(),
            "username": username,
            "next": request.POST.get("next", ""),
        }
        response = render(request, "core/login.html", context, status=429)
    response["Retry-After"] = retry_after
    return response


def refuse_if_locked(request: HttpRequest, *, username: str) -> None:
    """Raise LockedOut while the account or the caller's address is locked (e.g. before minting a token)."""
    if not settings.AXES_ENABLED:
        return
    if AxesProxyHandler.is_locked(request, {settings.AXES_USERNAME_FORM_FIELD: username}):
        raise LockedOut(lockout_message())


# -- the office's view of current locks ----------------------------------------------------------


@dataclass(frozen=True)
class Lock:
    kind: str  # "account" or "address"
    value: str
    failures: int
    last_failure: datetime
    until: datetime


def _recent() -> QuerySet[AccessAttempt]:
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off())


def current_locks() -> list[Lock]:
    """Accounts and addresses locked now, most recent first."""
    out: list[Lock] = []
    for kind, field, limit in (
        ("account", "username", account_limit()),
        ("address", "ip_address", address_limit()),
    ):
        rows = (
            _recent()
            .exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(n__gte=limit)
        )
        out += [Lock(kind, str(r[field]), r["n"], r["last"], r["last"] + cool_off()) for r in rows]
    return sorted(out, key=lambda lock: lock.last_failure, reverse=True)


# -- API-token creation ----------------------------------------------------------------------------

TOKEN_WINDOW_SECONDS = 3600
TOKENS_PER_ACCOUNT = 10
TOKENS_PER_ADDRESS = 30


class TooManyRequests(DomainError):
    status = 429
    code = "rate_limited"


def count_token_creation(request: HttpRequest, *, username: str, user_id: int) -> None:
    """Refuse a new API token while the account or address is locked, or past the hourly limits.

    Call it inside the transaction that creates the token, so a refused creation does not count.
    """
    from yingshang.core import ratelimit
    from yingshang.core.clientip import client_ip

    refuse_if_locked(request, username=username)
    by_account = ratelimit.hit("tokens:account", str(user_id), window=TOKEN_WINDOW_SECONDS)
    by_address = ratelimit.hit("tokens:address", client_ip(request), window=TOKEN_WINDOW_SECONDS)
    if by_account > TOKENS_PER_ACCOUNT or by_address > TOKENS_PER_ADDRESS:
        raise TooManyRequests("创建令牌过于频繁，请一小时后再试。")
