"""Passwords people set are at least 12 characters (ASVS 2.1.1) and not common or all digits."""

from __future__ import annotations

from typing import Any

import pytest

from tests.makers import PASSWORD
from yingshang.core import services
from yingshang.core.errors import ValidationFailed


@pytest.mark.parametrize("weak", ["Kx93!mvq-20", "123456789012", "password1234"])
def test_short_numeric_or_common_passwords_are_refused(cast: Any, weak: str) -> None:
    with pytest.raises(ValidationFailed):
        services.change_password(actor=cast.lead, old_password=PASSWORD, new_password=weak)
    assert cast.lead.check_password(PASSWORD)


def test_a_long_password_is_taken(cast: Any) -> None:
    services.change_password(actor=cast.lead, old_password=PASSWORD, new_password="青山绿水-Kx93!mvq")
    assert cast.lead.check_password("青山绿水-Kx93!mvq")
