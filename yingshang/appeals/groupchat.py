"""What appeals post to group robots. An appeal is named by its number and category only: its title
and text are the enterprise's own words and may carry a person's name or phone, and a work group is
read by more people than the appeal's page (only the office sees complainants' details)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from yingshang.appeals.models import Appeal
from yingshang.core.access import region_by_id
from yingshang.core.webhooks import announce


def _name(appeal: Appeal) -> str:
    return f"诉求#{appeal.pk}（{appeal.service.name}）"


def dispatched(appeal: Appeal, lead_unit_id: int, cooperating_ids: Iterable[int]) -> None:
    link = reverse("appeals:detail", args=[appeal.pk])
    announce(
        event="appeal_dispatch",
        text=f"【诉求分办】{_name(appeal)}已分办至贵单位主办，请在时限内签收办理。",
        link=link,
        unit_ids=[lead_unit_id],
    )
    coop = list(cooperating_ids)
    if coop:
        announce(
            event="appeal_dispatch",
            text=f"【诉求协办】{_name(appeal)}请贵单位协办。",
            link=link,
            unit_ids=coop,
        )


def overdue(appeal: Appeal, clock_label: str, unit_ids: list[int]) -> None:
    link = reverse("appeals:detail", args=[appeal.pk])
    text = f"【诉求超期】{_name(appeal)}已超过{clock_label}时限，请尽快办理。"
    announce(event="appeal_overdue", text=text, link=link, unit_ids=unit_ids)
    announce(
        event="appeal_overdue",
        text=f"【诉求超期】{_name(appeal)}已超过{clock_label}时限，营商办请督办。",
        link=link,
        office_region=region_by_id(appeal.region_id),
    )
