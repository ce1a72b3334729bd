"""The SMS interface: a backend is any class with ``send(phone, text)`` that raises when the gateway
refuses. ``YINGSHANG_SMS_BACKEND`` names it; the default logs the message and sends nothing."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("yingshang.sms")


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class SmsError(Exception):
    """The gateway refused or could not be reached."""


class LoggingSmsBackend:
    """Writes each message to the log (the worker's output); the outbox table keeps it for the office."""

    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone, text)


def backend_path() -> str:
    return str(settings.YINGSHANG_SMS_BACKEND)


def get_backend() -> SmsBackend:
    return import_string(backend_path())()  # type: ignore[no-any-return]
