"""Shared pieces of the appeals' services: limits, who may act, whom to tell."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingshang.appeals.models import (
    Appeal,
    AppealUnit,
)
from yingshang.core import workdays
from yingshang.core.access import require_role, require_write
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.models import Region, Unit, User

Role = User.Role
S = Appeal.Status
APPEAL = "appeals.appeal"  # the subject label of the visibility rule

MAX_DESCRIPTION = 5000
MAX_REPLY = 5000
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
REPEAT_WINDOW_DAYS = 30
# After a reply, the office has this many workdays to reach the enterprise before the appeal closes itself.
AUTO_CLOSE_WORKDAYS = 5
MAX_EXTENSION_WORKDAYS = 30
DAY_END = time(17, 30)
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read over the phone
PHONE_RE = re.compile(r"^[0-9+\-() ]{6,20}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# extension → (content types accepted, magic prefixes; an empty tuple means "any text")
ALLOWED_FILES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".png": ("image/png", (b"\x89PNG",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    ".txt": ("text/plain", ()),
}
SATISFACTION_LABELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


# -- small helpers ---------------------------------------------------------------------------------


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))


def _day_end(d: Any) -> datetime:
    return timezone.make_aware(datetime.combine(d, DAY_END), workdays.SHANGHAI)


def _clean_text(value: str, *, field: str, label: str, max_len: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(f"{label}不能为空。", fields={field: "必填"})
    if len(text) > max_len:
        raise ValidationFailed(
            f"{label}不能超过{max_len}字，当前{len(text)}字。", fields={field: f"超过{max_len}字"}
        )
    return text


def _require_office(actor: User) -> None:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)


def _active_link(appeal: Appeal, unit_id: int | None) -> AppealUnit | None:
    if unit_id is None:
        return None
    return AppealUnit.objects.filter(appeal=appeal, unit_id=unit_id, is_active=True).first()


def _require_lead(actor: User, appeal: Appeal) -> AppealUnit:
    require_write(actor)
    link = _active_link(appeal, actor.unit_id) if actor.is_unit_user else None
    if link is None or link.role != AppealUnit.Role.LEAD:
        raise NotAllowed("只有主办单位可以执行此操作。", code="not_lead")
    return link


def lead_unit_of(appeal: Appeal) -> Unit | None:
    link = (
        AppealUnit.objects.filter(appeal=appeal, role=AppealUnit.Role.LEAD, is_active=True)
        .select_related("unit")
        .first()
    )
    return link.unit if link else None


def _unit_users(unit_ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(unit_id__in=list(unit_ids), is_active=True))


def _office_users(appeal: Appeal) -> list[User]:
    path = Region.objects.values_list("tree_path", flat=True).get(pk=appeal.region_id)
    ancestors = [int(p) for p in path.strip("/").split("/") if p]
    return list(
        User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True).filter(region_id__in=ancestors)
    ) + list(User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True, region__isnull=True))


def _filer_users(appeal: Appeal) -> list[User]:
    users: list[User] = []
    if appeal.enterprise_id:
        users += list(User.objects.filter(enterprise_id=appeal.enterprise_id, is_active=True))
    if appeal.filed_by_id and appeal.filed_by_id not in {u.pk for u in users}:
        filer = User.objects.filter(
            pk=appeal.filed_by_id, role__in=[Role.ENTERPRISE, Role.SUPERVISOR]
        ).first()
        if filer:
            users.append(filer)
    return users


def _url(appeal: Appeal) -> str:
    return reverse("appeals:detail", args=[appeal.pk])
