"""The three group robots' message formats and signatures (see docs/operations.md, 群机器人).

- 企业微信 group robot: POST JSON {"msgtype": "markdown", "markdown": {"content": …}} to the robot's URL
  (…/cgi-bin/webhook/send?key=…); no signature, the key in the URL is the credential. Markdown content
  is at most 4096 bytes.
- 钉钉 custom robot with 加签: POST JSON {"msgtype": "markdown", "markdown": {"title", "text"}} to the
  URL (…/robot/send?access_token=…) plus the query parameters ``timestamp`` (milliseconds) and ``sign`` =
  urlencode(base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}"))).
- 飞书 custom bot with 签名校验: POST JSON {"timestamp": "<seconds>", "sign": …, "msg_type": "text",
  "content": {"text": …}} where sign = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b"")).

Every platform answers HTTP 200 even when it refuses a message; the body says: ``errcode`` 0 (企业微信,
钉钉) or ``code`` 0 (飞书) means delivered.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import quote_plus

WECOM_MAX_BYTES = 4096
DINGTALK_TITLE = "营商环境工作提醒"
# Every message ends with it, so a robot secured by 自定义关键词 can use the keyword 「营商环境」.
FOOTER = "（来自优化营商环境平台）"


@dataclass(frozen=True)
class Outgoing:
    url: str
    body: bytes
    headers: dict[str, str]


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _truncate_bytes(text: str, limit: int) -> str:
    raw = text.encode()
    if len(raw) <= limit:
        return text
    return raw[: limit - 3].decode(errors="ignore") + "…"


def _markdown(text: str, link: str) -> str:
    return f"{text}\n\n[查看详情]({link}) {FOOTER}" if link else f"{text}\n\n{FOOTER}"


def _plain(text: str, link: str) -> str:
    return f"{text}\n查看详情：{link}\n{FOOTER}" if link else f"{text}\n{FOOTER}"


def build(platform: str, *, url: str, secret: str, text: str, link: str, now: float) -> Outgoing:
    """The request for one message; `now` is the Unix time the signature is made at."""
    headers = {"Content-Type": "application/json; charset=utf-8"}
    payload: dict[str, object]
    if platform == "wecom":
        payload = {
            "msgtype": "markdown",
            # Cut the text, not the link and footer after it.
            "markdown": {"content": _markdown(_truncate_bytes(text, WECOM_MAX_BYTES - 600), link)},
        }
    elif platform == "dingtalk":
        payload = {
            "msgtype": "markdown",
            "markdown": {"title": DINGTALK_TITLE, "text": _markdown(text, link)},
        }
        if secret:
            ts = int(now * 1000)
            url = f"{url}{'&' if '?' in url else '?'}timestamp={ts}&sign={dingtalk_sign(secret, ts)}"
    elif platform == "feishu":
        payload = {"msg_type": "text", "content": {"text": _plain(text, link)}}
        if secret:
            ts = int(now)
            payload = {"timestamp": str(ts), "sign": feishu_sign(secret, ts), **payload}
    else:
        raise ValueError(f"unknown platform {platform!r}")
    return Outgoing(url=url, body=json.dumps(payload, ensure_ascii=False).encode(), headers=headers)


def accepted(platform: str, status: int, body: bytes) -> bool:
    """True when the platform says it took the message (HTTP 200 and a zero error code in the body)."""
    if status != 200:
        return False
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    key = "code" if platform == "feishu" else "errcode"
    # 飞书 also answered with StatusCode in older versions of its API.
    value = data.get(key, data.get("StatusCode")) if platform == "feishu" else data.get(key)
    return value == 0
