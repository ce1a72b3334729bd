"""client_ip: a forwarded address is believed only from a configured proxy; otherwise the socket's."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from yingshang.core.clientip import client_ip


def ip(remote: str, **headers: str) -> str:
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


@pytest.fixture(autouse=True)
def _proxies(settings: Any) -> None:
    settings.YINGSHANG_TRUSTED_PROXIES = ["10.0.0.0/24", "::1/128"]


def test_a_direct_client_cannot_name_its_own_address() -> None:
    assert ip("198.51.100.7", HTTP_X_REAL_IP="1.2.3.4", HTTP_X_FORWARDED_FOR="5.6.7.8") == "198.51.100.7"


def test_a_trusted_proxy_is_believed() -> None:
    assert ip("10.0.0.5", HTTP_X_REAL_IP="198.51.100.7") == "198.51.100.7"
    assert ip("::1", HTTP_X_FORWARDED_FOR="198.51.100.8") == "198.51.100.8"


def test_forwarded_for_is_read_from_the_right_past_our_own_proxies() -> None:
    # The client wrote "1.2.3.4" itself; our proxies appended what they saw.
    chain = "1.2.3.4, 198.51.100.9, 10.0.0.7"
    assert ip("10.0.0.5", HTTP_X_FORWARDED_FOR=chain, HTTP_X_REAL_IP="10.0.0.7") == "198.51.100.9"


def test_garbage_falls_back_to_the_socket_address() -> None:
    assert ip("10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, not-an-ip") == "10.0.0.5"
    assert ip("10.0.0.5", HTTP_X_REAL_IP="<script>") == "10.0.0.5"
    assert ip("10.0.0.5") == "10.0.0.5"


def test_no_trusted_proxies_means_the_socket_address(settings: Any) -> None:
    settings.YINGSHANG_TRUSTED_PROXIES = []
    assert ip("127.0.0.1", HTTP_X_REAL_IP="198.51.100.7") == "127.0.0.1"


def test_a_bad_cidr_is_a_configuration_error(settings: Any) -> None:
    settings.YINGSHANG_TRUSTED_PROXIES = ["10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured):
        ip("10.0.0.5")
