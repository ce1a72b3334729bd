"""A real HTTP receiver on 127.0.0.1 that plays the three group-robot platforms.

Each platform's path checks what that platform checks: the JSON shape, the key or token in the URL,
and the signature (钉钉: query `timestamp` in ms + `sign`; 飞书: body `timestamp` in s + `sign`),
computed here independently of the product's code from the platforms' documented recipes. A message
that passes is kept in `received`; one that fails gets the platform's own error answer (HTTP 200 with a
non-zero errcode/code), as the real services do.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest

WECOM_KEY = "wecom-key-0001"
DINGTALK_TOKEN = "ding-token-0001"
DINGTALK_SECRET = "SECa1b2c3d4e5f60718293a4b5c6d7e8f9"
FEISHU_HOOK = "5e3d587e-d78e-4a07-bd07-265f269f86fd"
FEISHU_SECRET = "nIMtb7r3N9pkXyXdtAbx6e"
SITE = "https://ys.example.gov.cn"


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    received: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    fail_next: int = 0  # answer this many requests with HTTP 502 before accepting again

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, platform: str) -> str:
        return {
            "wecom": f"{self.base}/cgi-bin/webhook/send?key={WECOM_KEY}",
            "dingtalk": f"{self.base}/robot/send?access_token={DINGTALK_TOKEN}",
            "feishu": f"{self.base}/open-apis/bot/v2/hook/{FEISHU_HOOK}",
        }[platform]

    def texts(self) -> list[str]:
        return [m["text"] for m in self.received]


def _check_wecom(query: dict[str, list[str]], body: dict[str, Any]) -> str:
    if query.get("key") != [WECOM_KEY]:
        return "invalid webhook url"
    if body.get("msgtype") == "markdown" and isinstance(body.get("markdown", {}).get("content"), str):
        if len(body["markdown"]["content"].encode()) > 4096:
            return "content exceed max length"
        return ""
    if body.get("msgtype") == "text" and isinstance(body.get("text", {}).get("content"), str):
        return ""
    return "invalid message type"


def _check_dingtalk(query: dict[str, list[str]], body: dict[str, Any], raw_query: str) -> str:
    if query.get("access_token") != [DINGTALK_TOKEN]:
        return "token is not exist"
    ts = (query.get("timestamp") or [""])[0]
    # The sign travels urlencoded; parse_qs decodes it once, so compare with the base64 form.
    sign = (query.get("sign") or [""])[0]
    if not ts.isdigit() or abs(int(ts) - time.time() * 1000) > 3600_000:
        return "invalid timestamp"
    expected = base64.b64encode(
        hmac.new(DINGTALK_SECRET.encode(), f"{ts}\n{DINGTALK_SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    raw_sign = next((p.split("=", 1)[1] for p in raw_query.split("&") if p.startswith("sign=")), "")
    if sign != expected or unquote_plus(raw_sign) != expected or "+" in raw_sign or "/" in raw_sign:
        return "sign not match"
    kind = body.get("msgtype")
    if kind == "markdown" and {"title", "text"} <= set(body.get("markdown", {})):
        return ""
    if kind == "text" and "content" in body.get("text", {}):
        return ""
    return "param error"


def _check_feishu(path: str, body: dict[str, Any]) -> str:
    if not path.endswith(f"/hook/{FEISHU_HOOK}"):
        return "bot not found"
    ts = body.get("timestamp")
    if not isinstance(ts, str) or not ts.isdigit() or abs(int(ts) - time.time()) > 3600:
        return "sign match fail or timestamp is not within one hour from current time"
    expected = base64.b64encode(
        hmac.new(f"{ts}\n{FEISHU_SECRET}".encode(), b"", hashlib.sha256).digest()
    ).decode()
    if body.get("sign") != expected:
        return "sign match fail or timestamp is not within one hour from current time"
    if body.get("msg_type") != "text" or not isinstance(body.get("content", {}).get("text"), str):
        return "Bad Request"
    return ""


def _text_of(platform: str, body: dict[str, Any]) -> str:
    if platform == "wecom":
        return body.get("markdown", body.get("text", {})).get("content", "")
    if platform == "dingtalk":
        return body.get("markdown", {}).get("text", "") or body.get("text", {}).get("content", "")
    return body["content"]["text"]


def start() -> Receiver:
    holder: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def _answer(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            rec = holder["r"]
            parts = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if rec.fail_next > 0:
                rec.fail_next -= 1
                self._answer(502, {"message": "bad gateway"})
                return
            try:
                body = json.loads(raw)
            except ValueError:
                self._answer(400, {"errcode": 40001, "errmsg": "invalid json"})
                return
            query = parse_qs(parts.query)
            if parts.path.startswith("/cgi-bin/webhook/send"):
                platform, error = "wecom", _check_wecom(query, body)
            elif parts.path.startswith("/robot/send"):
                platform, error = "dingtalk", _check_dingtalk(query, body, parts.query)
            elif parts.path.startswith("/open-apis/bot/v2/hook/"):
                platform, error = "feishu", _check_feishu(parts.path, body)
            else:
                self._answer(404, {"message": "not found"})
                return
            if error:
                rec.refused.append(f"{platform}: {error}")
                if platform == "feishu":
                    self._answer(200, {"code": 19021, "msg": error, "data": {}})
                else:
                    self._answer(200, {"errcode": 310000, "errmsg": error})
                return
            rec.received.append({"platform": platform, "text": _text_of(platform, body), "body": body})
            if platform == "feishu":
                self._answer(200, {"code": 0, "msg": "success", "data": {}})
            else:
                self._answer(200, {"errcode": 0, "errmsg": "ok"})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder["r"] = Receiver(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return holder["r"]


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.YINGSHANG = {**settings.YINGSHANG, "WEBHOOK_ALLOW_LOOPBACK": True, "SITE_URL": SITE}
    rec = start()
    yield rec
    rec.server.shutdown()
    rec.server.server_close()


@pytest.fixture
def sent(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what an action queued for after its commit (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
