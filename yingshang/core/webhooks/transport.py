"""Posting to a robot without becoming a way into the office's own network (SSRF).

A robot's URL must be https and its host must resolve only to public addresses. The check runs when
the URL is saved and again on every send, and the connection goes to the very address that was
checked (the host name is kept for TLS and the Host header), so a DNS answer that changes between
check and connect cannot point the request inward. Redirects are not followed.

Tests run a receiver on 127.0.0.1 over plain http: YINGSHANG_WEBHOOK_ALLOW_LOOPBACK permits exactly
that (loopback addresses, and http only for them); production leaves it off.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from yingshang.core.errors import ValidationFailed

TIMEOUT_SECONDS = 10
MAX_RESPONSE_BYTES = 4096


class UnsafeUrl(ValidationFailed):
    code = "unsafe_url"


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query
    address: str  # the checked IP to connect to


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes


def _loopback_allowed() -> bool:
    return bool(settings.YINGSHANG.get("WEBHOOK_ALLOW_LOOPBACK", False))


def _address_ok(text: str) -> bool:
    ip = ipaddress.ip_address(text.split("%", 1)[0])
    if ip.is_loopback:
        return _loopback_allowed()
    return ip.is_global and not ip.is_multicast


def _fail(message: str) -> UnsafeUrl:
    return UnsafeUrl(message, fields={"url": message})


def check_url(url: str, *, resolve: bool = True) -> Target:
    """The URL's target if it is safe to post to; UnsafeUrl (a ValidationFailed) otherwise."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise _fail("机器人地址格式不正确。") from None
    host = parts.hostname or ""
    if not host or parts.username or parts.password:
        raise _fail("机器人地址格式不正确。")
    loopback_name = host in ("localhost", "127.0.0.1", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback_name and _loopback_allowed()):
        raise _fail("机器人地址必须以 https:// 开头。")
    port = port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if not resolve:
        return Target(parts.scheme, host, port, path, "")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise _fail(f"无法解析机器人地址的主机名：{host}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses or not all(_address_ok(a) for a in addresses):
        raise _fail("机器人地址指向内网或本机地址，不允许使用。")
    return Target(parts.scheme, host, port, path, addresses[0])


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target) -> None:
        super().__init__(
            target.host, target.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target) -> None:
        super().__init__(target.host, target.port, timeout=TIMEOUT_SECONDS)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def post(url: str, body: bytes, headers: dict[str, str]) -> Response:
    """POST once. Raises UnsafeUrl for a refused target and OSError for network failures."""
    target = check_url(url)
    conn: http.client.HTTPConnection = (
        _PinnedHTTPSConnection(target) if target.scheme == "https" else _PinnedHTTPConnection(target)
    )
    try:
        conn.request("POST", target.path, body=body, headers=headers)
        resp = conn.getresponse()
        return Response(status=resp.status, body=resp.read(MAX_RESPONSE_BYTES))
    finally:
        conn.close()
