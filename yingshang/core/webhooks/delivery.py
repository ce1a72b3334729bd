"""The worker's side: post one delivery, record the attempt, schedule a retry or give up.

A delivery moves pending → sent, or pending → retrying (→ retrying …) → sent | failed, through the
DELIVERY table; each attempt adds an entry to its attempt_log and updates the robot's health
(last_status, consecutive failures) for the office's list.
"""

from __future__ import annotations

import http.client
import logging
import socket
import time
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from yingshang.core.models import Webhook, WebhookDelivery
from yingshang.core.transitions import TransitionTable
from yingshang.core.webhooks import platforms, transport

log = logging.getLogger(__name__)
S = WebhookDelivery.Status

DELIVERY = TransitionTable(
    [
        ("deliver", (S.PENDING, S.RETRYING), S.SENT, "送达"),
        ("retry", (S.PENDING, S.RETRYING), S.RETRYING, "等待重试"),
        ("give_up", (S.PENDING, S.RETRYING), S.FAILED, "放弃发送"),
        ("resend", (S.FAILED,), S.PENDING, "重新发送"),
    ],
    labels=dict(S.choices),
)

# Seconds to wait before the 2nd, 3rd and 4th attempt; after the 4th a delivery has failed.
BACKOFF_SECONDS = (60, 300, 1800)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
# How long an attempt holds its delivery before the sweep may try it again.
LEASE_SECONDS = 120
EXCERPT_CHARS = 300


def _network_error(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "连接超时"
    if isinstance(exc, ConnectionRefusedError):
        return "连接被拒绝"
    if isinstance(exc, http.client.HTTPException):
        return "对方返回的不是有效的HTTP响应"
    return "网络连接失败"


def _claim(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    """Take the delivery for this attempt, or None if it is done or another worker holds it."""
    row = (
        WebhookDelivery.objects.select_related("webhook")
        .filter(pk=delivery_id, status__in=(S.PENDING, S.RETRYING))
        .first()
    )
    if row is None:
        return None
    if row.next_attempt_at is not None and row.next_attempt_at > now:
        return None  # a retry not due yet, or another worker's attempt in progress
    taken = WebhookDelivery.objects.filter(
        pk=row.pk, status=row.status, attempts=row.attempts, next_attempt_at=row.next_attempt_at
    ).update(next_attempt_at=now + timedelta(seconds=LEASE_SECONDS))
    return row if taken == 1 else None


def attempt(delivery_id: int, *, now: datetime | None = None) -> str:
    """One attempt at one delivery; returns the status it ends in ('' when there was nothing to do)."""
    now = now or timezone.now()
    row = _claim(delivery_id, now)
    if row is None:
        return ""
    hook: Webhook = row.webhook
    code: int | None = None
    final = False
    if not hook.is_active:
        ok, excerpt, final = False, "机器人已停用", True
    else:
        out = platforms.build(
            hook.platform, url=hook.url, secret=hook.secret, text=row.text, link=row.link, now=time.time()
        )
        try:
            resp = transport.post(out.url, out.body, out.headers)
        except transport.UnsafeUrl as exc:
            ok, excerpt, final = False, exc.message, True
        except (OSError, http.client.HTTPException) as exc:
            ok, excerpt = False, _network_error(exc)
        else:
            code = resp.status
            ok = platforms.accepted(hook.platform, resp.status, resp.body)
            excerpt = resp.body.decode("utf-8", errors="replace")[:EXCERPT_CHARS]
    attempts = row.attempts + 1
    log_entry: dict[str, Any] = {"at": now.isoformat(), "code": code, "ok": ok, "excerpt": excerpt[:120]}
    fields: dict[str, Any] = {
        "attempts": attempts,
        "response_code": code,
        "response_excerpt": excerpt[:EXCERPT_CHARS],
        "attempt_log": [*row.attempt_log, log_entry],
        "last_attempt_at": now,
    }
    note = {"attempt": attempts, "code": code}
    if ok:
        DELIVERY.apply(row, "deliver", actor=None, note=note, fields={**fields, "next_attempt_at": None})
        Webhook.objects.filter(pk=hook.pk).update(last_status="ok", last_attempt_at=now, failures=0)
    else:
        if final or attempts >= MAX_ATTEMPTS:
            DELIVERY.apply(row, "give_up", actor=None, note=note, fields={**fields, "next_attempt_at": None})
        else:
            retry_at = now + timedelta(seconds=BACKOFF_SECONDS[attempts - 1])
            DELIVERY.apply(
                row, "retry", actor=None, note=note, fields={**fields, "next_attempt_at": retry_at}
            )
        Webhook.objects.filter(pk=hook.pk).update(
            last_status="error", last_attempt_at=now, failures=F("failures") + 1
        )
        log.warning("webhook %s delivery %s failed (attempt %s): %s", hook.pk, row.pk, attempts, excerpt[:80])
    return row.status


def due_deliveries(now: datetime, limit: int = 50) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(status__in=(S.PENDING, S.RETRYING), next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
