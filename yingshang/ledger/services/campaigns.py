"""专项行动: named campaigns that group documents and tasks, and moving documents between them."""

from __future__ import annotations

from django.db import transaction

from yingshang.core.errors import Conflict, NotFound
from yingshang.core.events import record_event
from yingshang.core.models import Region, User
from yingshang.ledger.models import (
    Campaign,
    Document,
    Task,
)
from yingshang.ledger.services.common import _check_in_scope, _clean, require_office


def _check_campaign_name(region_id: int, name: str) -> None:
    if Campaign.objects.filter(region_id=region_id, name=name).exists():
        raise Conflict("已有同名专项行动。", code="duplicate", fields={"name": "重名"})


def _lock_campaign(campaign: Campaign) -> bool:
    """Row lock that orders assigning a document to a campaign and deleting that campaign.
    False when the campaign is gone (deleted meanwhile)."""
    return bool(list(Campaign.objects.select_for_update().filter(pk=campaign.pk).values_list("pk")))


@transaction.atomic
def create_campaign(*, actor: User, region: Region, name: str) -> Campaign:
    require_office(actor)
    _check_in_scope(actor, region)
    name = _clean(name, "name", "专项行动名称", limit=100)
    _check_campaign_name(region.pk, name)
    campaign = Campaign.objects.create(region=region, name=name)
    record_event(campaign, actor=actor, action="create", note={"name": name, "text": f"新建专项行动：{name}"})
    return campaign


@transaction.atomic
def rename_campaign(*, actor: User, campaign: Campaign, name: str) -> Campaign:
    require_office(actor)
    _check_in_scope(actor, campaign.region)
    name = _clean(name, "name", "专项行动名称", limit=100)
    if name == campaign.name:
        return campaign
    _check_campaign_name(campaign.region_id, name)
    old = campaign.name
    Campaign.objects.filter(pk=campaign.pk).update(name=name)
    campaign.name = name
    record_event(
        campaign,
        actor=actor,
        action="rename",
        note={"from": old, "to": name, "text": f"更名：{old} → {name}"},
    )
    return campaign


@transaction.atomic
def delete_campaign(*, actor: User, campaign: Campaign) -> None:
    """Delete an empty campaign. One that still holds documents or tasks is refused: take them out first
    (on each document's page), so no task silently leaves its campaign."""
    require_office(actor)
    _check_in_scope(actor, campaign.region)
    if not _lock_campaign(campaign):  # an assignment racing this delete waits, then is counted below
        return
    documents = Document.objects.filter(campaign=campaign).count()
    tasks = Task.objects.filter(campaign=campaign).count()
    if documents or tasks:
        raise Conflict(
            f"专项行动「{campaign.name}」下还有 {documents} 份文件、{tasks} 项任务，请先在文件页面移出。",
            code="not_empty",
        )
    record_event(
        campaign,
        actor=actor,
        action="delete",
        note={"name": campaign.name, "text": f"删除专项行动：{campaign.name}"},
    )
    Campaign.objects.filter(pk=campaign.pk).delete()


@transaction.atomic
def assign_campaign(*, actor: User, document: Document, campaign: Campaign | None) -> Document:
    """Put a document and all its tasks in a campaign (None takes them out)."""
    require_office(actor)
    _check_in_scope(actor, document.region)
    if campaign is not None:
        _check_in_scope(actor, campaign.region)
        if not _lock_campaign(campaign):
            raise NotFound("专项行动不存在(可能刚被删除)。")
    old = document.campaign_id
    new = campaign.pk if campaign else None
    if old == new:
        return document
    Document.objects.filter(pk=document.pk).update(campaign_id=new)
    document.campaign = campaign
    moved = Task.objects.filter(document=document).update(campaign_id=new)
    text = f"归入专项行动：{campaign.name}" if campaign else "移出专项行动"
    record_event(
        document,
        actor=actor,
        action="assign_campaign",
        note={"from": old, "to": new, "tasks": moved, "text": f"{text}（{moved} 项任务）"},
    )
    return document
