"""Writes of the knowledge base: draft, edit (a new version), publish, retire, review, and answers given
from an entry. Keyword-only, ``actor=`` required, validated before they write, every change an event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from yingshang.appeals.knowledge.access import require_maintainer
from yingshang.appeals.knowledge.models import KnowledgeEntry, KnowledgeUse
from yingshang.appeals.knowledge.workflow import TABLE
from yingshang.appeals.models import Appeal
from yingshang.core.access import require_role, require_write
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Unit, User
from yingshang.core.services import notify
from yingshang.core.text import forbidden_character

Role = User.Role
S = KnowledgeEntry.Status

# field → (label, max length, required)
TEXT_FIELDS: dict[str, tuple[str, int, bool]] = {
    "question": ("问题", 200, True),
    "answer": ("答复口径", 5000, True),
    "keywords": ("关键词", 200, False),
    "policy_title": ("政策依据", 200, False),
    "policy_number": ("文号", 100, False),
    "policy_url": ("政策链接", 300, False),
}
EDITABLE = (*TEXT_FIELDS, "valid_until", "review_date", "owner_unit")
MAX_ANSWER = 5000


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in TEXT_FIELDS:
            label, max_len, required = TEXT_FIELDS[name]
            text = str(value or "").strip()
            if required and not text:
                raise ValidationFailed(f"{label}不能为空。", fields={name: "必填"})
            if len(text) > max_len:
                raise ValidationFailed(f"{label}不能超过{max_len}字。", fields={name: f"超过{max_len}字"})
            problem = forbidden_character(text)
            if problem:
                raise ValidationFailed(f"{label}含有不允许的字符。", fields={name: problem})
            if name == "policy_url" and text and not text.startswith(("http://", "https://")):
                raise ValidationFailed("政策链接须以 http:// 或 https:// 开头。", fields={name: "链接无效"})
            out[name] = text
        elif name in ("valid_until", "review_date"):
            if value is not None and not isinstance(value, date):
                raise ValidationFailed("日期格式不正确。", fields={name: "日期无效"})
            out[name] = value
        elif name == "owner_unit":
            if not isinstance(value, Unit):
                raise ValidationFailed("请选择责任单位。", fields={name: "必填"})
            out[name] = value
        else:
            raise ValidationFailed(f"不能修改字段 {name}。", fields={name: "不可修改"})
    if out.get("review_date", 1) is None:
        raise ValidationFailed("请填写复核日期。", fields={"review_date": "必填"})
    valid_until, review = out.get("valid_until"), out.get("review_date")
    if valid_until and review and review > valid_until:
        raise ValidationFailed("复核日期不能晚于有效期。", fields={"review_date": "晚于有效期"})
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Unit):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    return value


@transaction.atomic
def create_entry(
    *,
    actor: User,
    owner_unit: Unit,
    question: str,
    answer: str,
    review_date: date,
    keywords: str = "",
    policy_title: str = "",
    policy_number: str = "",
    policy_url: str = "",
    valid_until: date | None = None,
) -> KnowledgeEntry:
    """A new entry, as a draft of version 1, owned by ``owner_unit`` (the actor's own unit for unit staff)."""
    require_maintainer(actor, unit_id=owner_unit.pk)
    values = _clean(
        {
            "owner_unit": owner_unit,
            "question": question,
            "answer": answer,
            "review_date": review_date,
            "keywords": keywords,
            "policy_title": policy_title,
            "policy_number": policy_number,
            "policy_url": policy_url,
            "valid_until": valid_until,
        }
    )
    entry = KnowledgeEntry.objects.create(created_by=actor, **values)
    record_event(entry, actor=actor, action="create", to_status=entry.status, note={"version": 1})
    return entry


@transaction.atomic
def update_entry(*, actor: User, entry: KnowledgeEntry, **changes: Any) -> KnowledgeEntry:
    """Edit an entry: a new version, the event keeping each changed field's old and new value."""
    require_maintainer(actor, entry)
    values = _clean(changes)
    if "owner_unit" in values:
        require_maintainer(actor, unit_id=values["owner_unit"].pk)
    entry = KnowledgeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == S.RETIRED:
        raise Conflict("已停用的条目不能修改，请先恢复为草稿。", code="retired")
    merged = {"valid_until": entry.valid_until, "review_date": entry.review_date, **values}
    _clean({"valid_until": merged["valid_until"], "review_date": merged["review_date"]})
    diff = {
        name: [_plain(getattr(entry, name)), _plain(value)]
        for name, value in values.items()
        if getattr(entry, name) != value
    }
    if not diff:
        return entry
    for name, value in values.items():
        setattr(entry, name, value)
    entry.version += 1
    entry.save()
    record_event(entry, actor=actor, action="update", note={"changes": diff, "version": entry.version})
    return entry


def _move(actor: User, entry: KnowledgeEntry, action: str, **fields: Any) -> KnowledgeEntry:
    require_maintainer(actor, entry)
    TABLE.apply(entry, action, actor=actor, note={"version": entry.version}, fields=fields or None)
    return entry


@transaction.atomic
def publish_entry(*, actor: User, entry: KnowledgeEntry) -> KnowledgeEntry:
    if entry.valid_until and entry.valid_until < timezone.localdate():
        raise ValidationFailed("有效期已过，不能发布；请先修改有效期。", fields={"valid_until": "已过期"})
    return _move(actor, entry, "publish")


@transaction.atomic
def retire_entry(*, actor: User, entry: KnowledgeEntry) -> KnowledgeEntry:
    return _move(actor, entry, "retire")


@transaction.atomic
def restore_entry(*, actor: User, entry: KnowledgeEntry) -> KnowledgeEntry:
    return _move(actor, entry, "restore")


@transaction.atomic
def review_entry(*, actor: User, entry: KnowledgeEntry, next_review: date) -> KnowledgeEntry:
    """复核: the owner unit confirms the answer still holds and sets the next review date."""
    require_maintainer(actor, entry)
    if next_review <= timezone.localdate():
        raise ValidationFailed("下次复核日期须晚于今天。", fields={"next_review": "须晚于今天"})
    if entry.valid_until and next_review > entry.valid_until:
        raise ValidationFailed("复核日期不能晚于有效期。", fields={"next_review": "晚于有效期"})
    old = entry.review_date
    KnowledgeEntry.objects.filter(pk=entry.pk).update(review_date=next_review, updated_at=timezone.now())
    entry.review_date = next_review
    record_event(
        entry,
        actor=actor,
        action="review",
        note={"changes": {"review_date": [old.isoformat(), next_review.isoformat()]}},
    )
    return entry


@transaction.atomic
def answer_from_entry(*, actor: User, appeal: Appeal, entry: KnowledgeEntry, text: str = "") -> KnowledgeUse:
    """Record that the answer given to this appeal came from ``entry`` (the office, or the appeal's lead
    unit). ``text`` is what was said; the entry's answer when left empty."""
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF)
    if (
        actor.is_unit_user
        and not appeal.appeal_units.filter(unit_id=actor.unit_id, role="lead", is_active=True).exists()
    ):
        raise NotAllowed("只有主办单位可以引用知识库答复。", code="not_lead")
    if entry.status != S.PUBLISHED:
        raise ValidationFailed("只能引用已发布的知识条目。", fields={"entry_id": "未发布"})
    if entry.valid_until and entry.valid_until < timezone.localdate():
        raise ValidationFailed("该知识条目已过有效期。", fields={"entry_id": "已过期"})
    body = (text or "").strip() or entry.answer
    if len(body) > MAX_ANSWER:
        raise ValidationFailed(f"答复内容不能超过{MAX_ANSWER}字。", fields={"text": f"超过{MAX_ANSWER}字"})
    problem = forbidden_character(body)
    if problem:
        raise ValidationFailed("答复内容含有不允许的字符。", fields={"text": problem})
    use = KnowledgeUse.objects.create(
        appeal=appeal, entry=entry, entry_version=entry.version, text=body, actor=actor
    )
    record_event(
        appeal,
        actor=actor,
        action="answer_from_knowledge",
        note={"text": body[:500], "entry": entry.pk, "version": entry.version},
    )
    return use


def flag_due_reviews(today: date | None = None) -> int:
    """Tell each owner unit, once per review date, about its published entries past their review date."""
    today = today or timezone.localdate()
    due = KnowledgeEntry.objects.filter(status=S.PUBLISHED, review_date__lt=today).exclude(
        review_flagged_for=F("review_date")
    )
    flagged = 0
    for entry in due.select_related("owner_unit")[:1000]:
        with transaction.atomic():
            # Claim the entry first: two sweeps running at once tell the unit once.
            if (
                not KnowledgeEntry.objects.filter(pk=entry.pk, review_date=entry.review_date)
                .exclude(review_flagged_for=entry.review_date)
                .update(review_flagged_for=entry.review_date)
            ):
                continue
            recipients = list(User.objects.filter(unit_id=entry.owner_unit_id, is_active=True))
            notify(
                recipients=recipients,
                title=f"知识条目待复核：{entry.question[:60]}",
                body=f"复核日期为{entry.review_date:%Y年%m月%d日}，请确认答复口径是否仍然有效。",
                url=reverse("appeals:knowledge_detail", args=[entry.pk]),
                kind="knowledge_review",
            )
            record_event(entry, actor=None, action="review_due", note={"due": entry.review_date.isoformat()})
            flagged += 1
    return flagged
