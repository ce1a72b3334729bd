"""The log of exports that carry personal data: written with each such export, read by the office."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet

from yingshang.core.access import region_q, require_role
from yingshang.core.models import PersonalDataExport, User


@transaction.atomic
def log_personal_export(
    *, actor: User, kind: str, rows: Sequence[str], query: str = ""
) -> PersonalDataExport:
    """Record that ``actor`` exported personal data of ``rows`` (their identifiers). Only the office
    exports personal data at all; the caller checks that before building the file."""
    require_role(actor, User.Role.OFFICE_ADMIN)
    if kind not in PersonalDataExport.Kind.values:
        raise ValueError(f"unknown export kind: {kind}")
    return PersonalDataExport.objects.create(
        actor=actor, kind=kind, query=query[:500], row_count=len(rows), rows=list(rows)
    )


def export_log(user: User) -> QuerySet[PersonalDataExport]:
    """The log as the office reads it: its own region's exporters (all, for an office without a region)."""
    require_role(user, User.Role.OFFICE_ADMIN)
    qs = PersonalDataExport.objects.select_related("actor")
    if user.region_id:
        qs = qs.filter(region_q(user, field="actor__region"))
    return qs
