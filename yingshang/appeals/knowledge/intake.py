"""The knowledge answer chosen on the staff entry form: read from the POST, recorded with the filing."""

from __future__ import annotations

from django.http import QueryDict

from yingshang.appeals.knowledge.access import visible_entries
from yingshang.appeals.knowledge.models import KnowledgeEntry
from yingshang.appeals.knowledge.services import answer_from_entry
from yingshang.appeals.models import Appeal
from yingshang.core.errors import ValidationFailed
from yingshang.core.models import User

FIELD_ENTRY = "knowledge_entry"
FIELD_ANSWER = "knowledge_answer"


def chosen_entry(data: QueryDict, user: User) -> KnowledgeEntry | None:
    raw = (data.get(FIELD_ENTRY) or "").strip()
    if not raw:
        return None
    entry = visible_entries(user).filter(pk=int(raw)).first() if raw.isdigit() else None
    if entry is None:
        raise ValidationFailed("所选知识条目不存在或不可用。", fields={FIELD_ENTRY: "无效"})
    return entry


def record_answer(data: QueryDict, *, actor: User, appeal: Appeal) -> None:
    """Call inside the filing's transaction: a bad choice undoes the filing and shows the form again."""
    entry = chosen_entry(data, actor)
    if entry is not None:
        answer_from_entry(actor=actor, appeal=appeal, entry=entry, text=data.get(FIELD_ANSWER) or "")
