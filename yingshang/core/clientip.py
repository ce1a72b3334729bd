"""The caller's address, the one place that decides it: rate limits, login throttling and logs all ask here.

A forwarded address (X-Forwarded-For, X-Real-IP) is believed only when the socket peer is one of the
configured proxies (`YINGSHANG_TRUSTED_PROXIES`, CIDRs); anyone else could write those headers.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.cache
def _networks(cidrs: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(c, strict=False) for c in cidrs)
    except ValueError as exc:
        raise ImproperlyConfigured(f"YINGSHANG_TRUSTED_PROXIES: {exc}") from exc


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "YINGSHANG_TRUSTED_PROXIES", ())))


def _parse(raw: str) -> Address | None:
    try:
        return ipaddress.ip_address(raw.strip())
    except ValueError:
        return None


def _is_trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address in n for n in networks)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the socket peer, or what a trusted proxy says the client was.

    X-Forwarded-For is read right to left (each proxy appends the address it saw), skipping our own
    proxies; the first address that is not one of them is the client. Without that header a trusted
    proxy's X-Real-IP is used. Anything unparsable falls back to the socket address.
    """
    remote_raw = request.META.get("REMOTE_ADDR") or ""
    remote = _parse(remote_raw)
    if remote is None:
        return None
    networks = trusted_proxies()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        for hop in reversed(forwarded.split(",")[-20:]):
            address = _parse(hop)
            if address is None:
                return str(remote)
            if not _is_trusted(address, networks):
                return str(address)
    real = _parse(request.META.get("HTTP_X_REAL_IP", ""))
    return str(real) if real is not None else str(remote)


def client_ip(request: HttpRequest) -> str:
    """`client_address`, or a fixed "unknown" for a request without a socket address (built in code)."""
    return client_address(request) or "unknown"
