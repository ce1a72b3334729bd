"""Claims: filings that name an enterprise without its login (public form, anonymous Open311, supervisors).

Anyone can type a credit code, so such a filing is recorded with ``claimed_enterprise`` and stays out of
the enterprise's account. The office may decide that the enterprise should see it (the filer asked on
the company's behalf, say): `link_enterprise` links it, with an event. The filer's name and contact stay
hidden from the enterprise's users either way (appeals.selectors.contact_for).
"""

from __future__ import annotations

from django.db import transaction

from yingshang.appeals.models import Appeal
from yingshang.core.access import region_q, require_role, require_write
from yingshang.core.errors import Conflict, NotFound
from yingshang.core.events import record_event
from yingshang.core.models import User


@transaction.atomic
def link_enterprise(*, actor: User, appeal: Appeal) -> Appeal:
    """关联企业: the office makes a claim the named enterprise's appeal (its users then see it)."""
    require_write(actor)
    require_role(actor, User.Role.OFFICE_ADMIN)
    if not Appeal.objects.filter(region_q(actor), pk=appeal.pk).exists():
        raise NotFound("未找到该对象，或您无权查看。")
    if appeal.claimed_enterprise_id is None:
        raise Conflict("该诉求没有声称所属企业，无需关联。", code="no_claim")
    changed = Appeal.objects.filter(
        pk=appeal.pk, enterprise__isnull=True, claimed_enterprise_id=appeal.claimed_enterprise_id
    ).update(enterprise_id=appeal.claimed_enterprise_id)
    if changed != 1:
        raise Conflict("该诉求已关联企业。", code="already_linked")
    appeal.enterprise_id = appeal.claimed_enterprise_id
    claimed = appeal.claimed_enterprise
    record_event(
        appeal,
        actor=actor,
        action="link_enterprise",
        note={"enterprise": claimed.name if claimed else ""},
    )
    return appeal
