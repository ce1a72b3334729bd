"""The office's catalogue of appeal categories and their time limits."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction

from yingshang.appeals.models import (
    Service,
)
from yingshang.appeals.services.common import _clean_text, _require_office
from yingshang.core.errors import ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import User

# -- office edits of the catalogue -----------------------------------------------------------------

SERVICE_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
LIMIT_FIELDS = {
    "acknowledge_hours": "签收时限",
    "first_contact_workdays": "首次联系时限",
    "close_workdays": "办结时限",
}


def _check_limits(values: dict[str, Any]) -> None:
    for key, label in LIMIT_FIELDS.items():
        if key in values and not 1 <= int(values[key]) <= 60:
            raise ValidationFailed(f"{label}应在1—60之间。", fields={key: "超出范围"})


@transaction.atomic
def create_service(
    *,
    actor: User,
    code: str,
    name: str,
    group: str = "",
    description: str = "",
    default_unit_name: str = "",
    acknowledge_hours: int = 2,
    first_contact_workdays: int = 1,
    close_workdays: int = 5,
) -> Service:
    """A new catalogue entry. The code is what Open311 clients and the API send, so it never changes."""
    _require_office(actor)
    code = (code or "").strip().lower()
    if not SERVICE_CODE_RE.match(code):
        raise ValidationFailed(
            "编码应为2—32位小写字母、数字或下划线，以字母开头。", fields={"code": "格式不正确"}
        )
    if Service.objects.filter(code=code).exists():
        raise ValidationFailed(f"编码“{code}”已存在。", code="duplicate", fields={"code": "已存在"})
    name = _clean_text(name, field="name", label="名称", max_len=50)
    if len(group) > 50 or len(description) > 300 or len(default_unit_name) > 100:
        raise ValidationFailed("分组、说明或默认承办单位过长。", fields={"description": "过长"})
    limits = {
        "acknowledge_hours": acknowledge_hours,
        "first_contact_workdays": first_contact_workdays,
        "close_workdays": close_workdays,
    }
    _check_limits(limits)
    try:
        with transaction.atomic():
            service = Service.objects.create(
                code=code,
                name=name,
                group=group.strip(),
                description=description.strip(),
                default_unit_name=default_unit_name.strip(),
                order=(Service.objects.order_by("-order").values_list("order", flat=True).first() or 0) + 10,
                **{k: int(v) for k, v in limits.items()},
            )
    except IntegrityError:  # two offices adding the same code at once
        raise ValidationFailed(f"编码“{code}”已存在。", code="duplicate", fields={"code": "已存在"}) from None
    record_event(service, actor=actor, action="create", note={"code": code, "name": name})
    return service


@transaction.atomic
def update_service(*, actor: User, service: Service, **changes: Any) -> Service:
    _require_office(actor)
    allowed = {
        "name",
        "group",
        "description",
        "default_unit_name",
        "acknowledge_hours",
        "first_contact_workdays",
        "close_workdays",
        "is_active",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(f"不能修改字段：{', '.join(sorted(unknown))}")
    if "name" in changes and not str(changes["name"]).strip():
        raise ValidationFailed("名称不能为空。", fields={"name": "必填"})
    _check_limits(changes)
    before = {k: getattr(service, k) for k in changes}
    for key, value in changes.items():
        setattr(service, key, value)
    service.save()
    record_event(service, actor=actor, action="update", note={"before": before})
    return service
