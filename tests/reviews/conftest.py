from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fresh_questionnaire_copy() -> Iterator[None]:
    """Each process keeps the current questionnaire a few seconds; a test's rolled-back rows must not
    outlive the test in that copy (in production a questionnaire row is never deleted)."""
    from yingshang.reviews.services.catalogue import forget_questionnaires

    forget_questionnaires()
    yield
    forget_questionnaires()
