"""`make_*` helpers for appeals (the shared cast lives in tests/makers.py)."""

from __future__ import annotations

from typing import Any

from yingshang.appeals import services
from yingshang.appeals.catalogue import seed_services
from yingshang.appeals.models import Appeal, Service


def ensure_services() -> None:
    """Transactional tests flush the tables, the migration's catalogue rows included."""
    seed_services(Service)


def make_appeal(cast: Any, *, service: Service | None = None, actor: Any = None, **kw: Any) -> Appeal:
    """An appeal filed by the cast's enterprise user (or ``actor``), still waiting for dispatch."""
    ensure_services()
    defaults: dict[str, Any] = {
        "description": "我公司申请的营业执照变更登记已经提交半个月，一直没有结果。",
        "title": "营业执照变更迟迟未办",
    }
    defaults.update(kw)
    return services.file_appeal(
        actor=actor or cast.enterprise_user,
        service=service or Service.objects.get(code="complaint"),
        **defaults,
    )
