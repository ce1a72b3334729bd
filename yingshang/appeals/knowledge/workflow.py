"""The transition table of knowledge entries: drafted, published, retired (and taken back as a draft)."""

from __future__ import annotations

from yingshang.appeals.knowledge.models import KnowledgeEntry
from yingshang.core.transitions import TransitionTable

S = KnowledgeEntry.Status

TABLE = TransitionTable(
    [
        ("publish", [S.DRAFT], S.PUBLISHED, "发布"),
        ("retire", [S.DRAFT, S.PUBLISHED], S.RETIRED, "停用"),
        ("restore", [S.RETIRED], S.DRAFT, "恢复为草稿"),
    ],
    labels=dict(S.choices),
)
