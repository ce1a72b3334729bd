"""Search-box hits of the ledger: tasks by number, title words or unit; documents by title or 文号."""

from __future__ import annotations

from django.db.models import Q

from yingshang.core.models import User
from yingshang.core.search import PER_KIND, SearchHit, SearchResult
from yingshang.ledger.selectors import search_q, task_code_pk, visible_documents, visible_tasks


def ledger_search(user: User, text: str) -> SearchResult:
    tasks = list(
        visible_tasks(user)
        .filter(search_q(text))
        .select_related("lead_unit", "lead_unit__region")
        .order_by("is_group", "due_date", "id")[:PER_KIND]
    )
    hits = [
        SearchHit(
            kind="任务",
            code=t.code,
            title=t.title,
            url=f"/ledger/tasks/{t.pk}/",
            detail=f"{t.lead_unit.region.name} {t.lead_unit.name}" if t.lead_unit else "",
        )
        for t in tasks
    ]
    exact = hits[0].url if task_code_pk(text) is not None and len(hits) == 1 else ""
    if task_code_pk(text) is None:
        docs = visible_documents(user).filter(Q(title__icontains=text) | Q(doc_number__icontains=text))
        hits += [
            SearchHit(kind="政策文件", code=d.doc_number, title=d.title, url=f"/ledger/documents/{d.pk}/")
            for d in docs.only("id", "title", "doc_number")[:PER_KIND]
        ]
    return SearchResult(hits=hits, exact_url=exact)
