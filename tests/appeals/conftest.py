"""Fixtures of the appeals tests: a clean rate-limit cache, uploads in a temp dir, and appeal makers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clean_cache_and_media(settings: Any, tmp_path: Any) -> Iterator[None]:
    from yingshang.appeals.selectors import forget_services

    cache.clear()
    # A rollback sends no post_save, so the per-process catalogue copy is dropped on both sides of a
    # test: edits made here must not reach tests of other apps run later in the same process.
    forget_services()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield
    forget_services()


@pytest.fixture
def service(db: None) -> Any:
    from tests.appeals.makers import ensure_services
    from yingshang.appeals.models import Service

    ensure_services()
    return Service.objects.get(code="complaint")


@pytest.fixture
def filed(cast: Any, service: Any) -> Any:
    from tests.appeals.makers import make_appeal

    return make_appeal(cast, service=service)


@pytest.fixture
def dispatched(cast: Any, filed: Any) -> Any:
    from yingshang.appeals import services

    return services.dispatch_appeal(
        actor=cast.office, appeal=filed, lead_unit=cast.lead_unit, cooperating_units=[cast.coop_unit]
    )


@pytest.fixture
def acknowledged(cast: Any, dispatched: Any) -> Any:
    from yingshang.appeals import services

    return services.acknowledge_appeal(actor=cast.lead, appeal=dispatched)


@pytest.fixture
def replied(cast: Any, acknowledged: Any) -> Any:
    from yingshang.appeals import services

    services.reply_appeal(actor=cast.lead, appeal=acknowledged, text="已协调解决，答复如下。")
    acknowledged.refresh_from_db()
    return acknowledged
