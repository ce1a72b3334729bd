"""Permission matrix of the ledger pages and API (see tests/permissions.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ledger.helpers import SMALL_TEXT, pdf
from tests.permissions import ROLES, Route, call_route, route

LOGIN = {"anon": 302}
OFFICE_VIEW = {"office": 200, "leader": 200, **LOGIN}
UNITS = {"lead": 200, "lead_boss": 200, "coop": 200, "outsider": 200}
# A task of 市场监督管理局 (lead) with 发展和改革委员会 (coop): another county's unit gets 404.
ON_TASK = {"office": 200, "leader": 200, "lead": 200, "lead_boss": 200, "coop": 200, "outsider": 404, **LOGIN}
API = {"anon": 401}
# Group tasks have no units of their own, so every unit gets 404 on them.
ON_GROUP = {"office": 200, "leader": 200, **{r: 404 for r in UNITS}}


def _import_job(c: Any) -> str:
    from yingshang.ledger import import_jobs

    return import_jobs.start_import_job(actor=c.office, region=c.county, raw=b"", total=0)


def _scanned_page(c: Any) -> str:
    """A page image of c.doc as the read job keeps it (c.doc made a scanned document)."""
    from pathlib import Path

    from django.conf import settings
    from PIL import Image

    folder = Path(settings.MEDIA_ROOT) / "ledger_scans" / f"perm{c.doc.pk}"
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (10, 14), "white").save(folder / "page-1.png")
    c.doc.review["scan"] = {"folder": f"ledger_scans/perm{c.doc.pk}", "pages": 1}
    c.doc.save(update_fields=["review"])
    return f"/ledger/documents/{c.doc.pk}/pages/1/"


PAGES = [
    route("ledger:document_page", "GET", _scanned_page, OFFICE_VIEW),
    route("ledger:overview", "GET", lambda c: "/ledger/", OFFICE_VIEW),
    route("ledger:report_queue", "GET", lambda c: "/ledger/reports/pending/", OFFICE_VIEW),
    route("ledger:my_tasks", "GET", lambda c: "/ledger/mine/", {**UNITS, **LOGIN}),
    route("ledger:document_list", "GET", lambda c: "/ledger/documents/", OFFICE_VIEW),
    route("ledger:document_import", "GET", lambda c: "/ledger/documents/import/", {"office": 200, **LOGIN}),
    route("ledger:document_review", "GET", lambda c: f"/ledger/documents/{c.doc.pk}/", OFFICE_VIEW),
    route(
        "ledger:document_publish",
        "POST",
        lambda c: f"/ledger/documents/{c.draft.pk}/publish/",
        {"office": 302, **LOGIN},
    ),
    route(
        "ledger:document_discard",
        "POST",
        lambda c: f"/ledger/documents/{c.draft.pk}/discard/",
        {"office": 302, **LOGIN},
        data=lambda c: {"reason": "误导入"},
    ),
    route(
        "ledger:document_revise",
        "POST",
        lambda c: f"/ledger/documents/{c.doc.pk}/revise/",
        {"office": 302, **LOGIN},
        data=lambda c: {"text": SMALL_TEXT},
    ),
    route("ledger:task_create", "GET", lambda c: "/ledger/tasks/new/", {"office": 200, **LOGIN}),
    route("ledger:task_detail", "GET", lambda c: f"/ledger/tasks/{c.task.pk}/", ON_TASK),
    route(
        "ledger:report_submit",
        "POST",
        lambda c: f"/ledger/tasks/{c.task.pk}/report/",
        {"lead": 302, "lead_boss": 302, "coop": 302, "outsider": 404, **LOGIN},
        data=lambda c: {"period": "2025-04", "percent": 40, "progress_text": "继续推进"},
    ),
    route(
        "ledger:task_closure",
        "POST",
        lambda c: f"/ledger/tasks/{c.closing.pk}/closure/",
        {"office": 302, "outsider": 404, **LOGIN},
        data=lambda c: {"action": "verify"},
    ),
    route(
        "ledger:task_edit",
        "POST",
        lambda c: f"/ledger/tasks/{c.task.pk}/edit/",
        {"office": 302, **LOGIN},
        data=lambda c: {"reason": "按上级要求改期", "due_date": "2099-12-31"},
    ),
    route(
        "ledger:task_bulk",
        "POST",
        lambda c: "/ledger/tasks/bulk/",
        {"office": 302, **LOGIN},
        data=lambda c: {"action": "urge", "tasks": [c.task.pk]},
    ),
    route(
        "ledger:notice_issue",
        "POST",
        lambda c: f"/ledger/tasks/{c.task.pk}/notices/",
        {"office": 302, **LOGIN},
        data=lambda c: {
            "unit": c.lead_unit.pk,
            "reason": "督办",
            "demanded_date": "2099-01-01",
            "colour": "red",
        },
    ),
    route(
        "ledger:report_decide",
        "POST",
        lambda c: f"/ledger/reports/{c.report.pk}/decide/",
        {"office": 302, **LOGIN},
        data=lambda c: {"action": "accept"},
    ),
    route(
        "ledger:notice_answer",
        "POST",
        lambda c: f"/ledger/notices/{c.notice.pk}/",
        {"lead": 302, "lead_boss": 302, "coop": 404, "outsider": 404, **LOGIN},
        data=lambda c: {"answer": "已答复"},
    ),
    route(
        "ledger:notice_print",
        "GET",
        lambda c: f"/ledger/notices/{c.notice.pk}/print/",
        {"office": 200, "leader": 200, "lead": 200, "lead_boss": 200, "coop": 404, "outsider": 404, **LOGIN},
    ),
    route("ledger:evidence_download", "GET", lambda c: f"/ledger/evidence/{c.evidence.pk}/", ON_TASK),
    route("ledger:ledger_import", "GET", lambda c: "/ledger/import/", {"office": 200, **LOGIN}),
    route(
        "ledger:import_job",
        "GET",
        lambda c: f"/ledger/import/jobs/{_import_job(c)}/",
        {"office": 200, **LOGIN},
    ),
    route(
        "ledger:task_weights",
        "GET",
        lambda c: f"/ledger/tasks/{c.group.pk}/weights/",
        {"office": 200, **LOGIN},
    ),
    route("ledger:campaign_list", "GET", lambda c: "/ledger/campaigns/", OFFICE_VIEW),
    route(
        "ledger:campaign_rename",
        "POST",
        lambda c: f"/ledger/campaigns/{c.campaign.pk}/rename/",
        {"office": 302, **LOGIN},
        data=lambda c: {"name": "2023 攻坚突破年(更名)"},
    ),
    route(
        "ledger:campaign_delete",
        "POST",
        lambda c: f"/ledger/campaigns/{c.campaign.pk}/delete/",
        {"office": 302, **LOGIN},
    ),
    route(
        "ledger:document_campaign",
        "POST",
        lambda c: f"/ledger/documents/{c.doc.pk}/campaign/",
        {"office": 302, **LOGIN},
        data=lambda c: {"campaign": c.campaign.pk},
    ),
]

API_ROUTES = [
    route(
        "GET /api/v1/ledger/documents",
        "GET",
        lambda c: "/api/v1/ledger/documents",
        {"office": 200, "leader": 200, **API},
    ),
    route(
        "POST /api/v1/ledger/documents",
        "POST",
        lambda c: "/api/v1/ledger/documents",
        {"office": 201, **API},
        data=lambda c: {"text": SMALL_TEXT},
        json=True,
    ),
    route(
        "GET /api/v1/ledger/documents/{document_id}",
        "GET",
        lambda c: f"/api/v1/ledger/documents/{c.doc.pk}",
        {"office": 200, "leader": 200, **API},
    ),
    route(
        "PATCH /api/v1/ledger/documents/{document_id}/review",
        "PATCH",
        lambda c: f"/api/v1/ledger/documents/{c.draft.pk}/review",
        {"office": 200, **API},
        data=lambda c: {"measures": {"一/(一)": {"due": "2026-12-31"}}},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/documents/{document_id}/revisions",
        "POST",
        lambda c: f"/api/v1/ledger/documents/{c.doc.pk}/revisions",
        {"office": 201, **API},
        data=lambda c: {"text": SMALL_TEXT},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/documents/{document_id}/discard",
        "POST",
        lambda c: f"/api/v1/ledger/documents/{c.draft.pk}/discard",
        {"office": 200, **API},
        data=lambda c: {"reason": "误导入"},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/documents/{document_id}/publish",
        "POST",
        lambda c: f"/api/v1/ledger/documents/{c.draft.pk}/publish",
        {"office": 200, **API},
        data=lambda c: {},
        json=True,
    ),
    route(
        "GET /api/v1/ledger/tasks",
        "GET",
        lambda c: "/api/v1/ledger/tasks",
        {**{r: 200 for r in UNITS}, "office": 200, "leader": 200, **API},
    ),
    route(
        "POST /api/v1/ledger/tasks",
        "POST",
        lambda c: "/api/v1/ledger/tasks",
        {"office": 201, **API},
        data=lambda c: {"title": "手工任务", "lead_unit_id": c.lead_unit.pk, "due_date": "2099-01-01"},
        json=True,
    ),
    route(
        "GET /api/v1/ledger/tasks/{task_id}",
        "GET",
        lambda c: f"/api/v1/ledger/tasks/{c.task.pk}",
        {**ON_TASK, **API},
    ),
    route(
        "GET /api/v1/ledger/tasks/{task_id}/reports",
        "GET",
        lambda c: f"/api/v1/ledger/tasks/{c.task.pk}/reports",
        {**ON_TASK, **API},
    ),
    route(
        "POST /api/v1/ledger/tasks/{task_id}/reports",
        "POST",
        lambda c: f"/api/v1/ledger/tasks/{c.task.pk}/reports",
        {"lead": 201, "lead_boss": 201, "coop": 201, "outsider": 404, **API},
        data=lambda c: {"period": "2025-04", "progress_text": "推进", "percent": 40},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/tasks/{task_id}/reports/upload",
        "POST",
        lambda c: f"/api/v1/ledger/tasks/{c.task.pk}/reports/upload",
        {"lead": 201, "lead_boss": 201, "coop": 201, "outsider": 404, **API},
        data=lambda c: {"period": "2025-04", "progress_text": "推进", "percent": "40", "files": pdf()},
    ),
    route(
        "POST /api/v1/ledger/reports/{report_id}/accept",
        "POST",
        lambda c: f"/api/v1/ledger/reports/{c.report.pk}/accept",
        {"office": 200, "outsider": 404, **API},
        data=lambda c: {},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/reports/{report_id}/return",
        "POST",
        lambda c: f"/api/v1/ledger/reports/{c.report.pk}/return",
        {"office": 200, "outsider": 404, **API},
        data=lambda c: {"reason": "请补充"},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/tasks/{task_id}/evidence",
        "POST",
        lambda c: f"/api/v1/ledger/tasks/{c.task.pk}/evidence",
        {"lead": 201, "lead_boss": 201, "coop": 201, "outsider": 404, **API},
        data=lambda c: {"files": pdf()},
    ),
    route(
        "POST /api/v1/ledger/tasks/{task_id}/closure/request",
        "POST",
        lambda c: f"/api/v1/ledger/tasks/{c.task.pk}/closure/request",
        {"lead": 200, "lead_boss": 200, "outsider": 404, **API},
        data=lambda c: {"summary": "已完成"},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/tasks/{task_id}/closure/verify",
        "POST",
        lambda c: f"/api/v1/ledger/tasks/{c.closing.pk}/closure/verify",
        {"office": 200, "outsider": 404, **API},
        data=lambda c: {},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/tasks/{task_id}/closure/reject",
        "POST",
        lambda c: f"/api/v1/ledger/tasks/{c.closing.pk}/closure/reject",
        {"office": 200, "outsider": 404, **API},
        data=lambda c: {"reason": "材料不全"},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/tasks/{task_id}/reopen",
        "POST",
        lambda c: f"/api/v1/ledger/tasks/{c.closed.pk}/reopen",
        {"office": 200, "outsider": 404, **API},
        data=lambda c: {"reason": "复查"},
        json=True,
    ),
    route(
        "PATCH /api/v1/ledger/tasks/{task_id}",
        "PATCH",
        lambda c: f"/api/v1/ledger/tasks/{c.task.pk}",
        {"office": 200, "outsider": 404, **API},
        data=lambda c: {"reason": "按上级要求改期", "due_date": "2099-12-31"},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/tasks/bulk",
        "POST",
        lambda c: "/api/v1/ledger/tasks/bulk",
        {"office": 200, **API},
        data=lambda c: {"action": "urge", "task_ids": [c.task.pk]},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/tasks/{task_id}/cancel",
        "POST",
        lambda c: f"/api/v1/ledger/tasks/{c.task.pk}/cancel",
        {"office": 200, "outsider": 404, **API},
        data=lambda c: {"reason": "重复任务"},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/tasks/{task_id}/restore",
        "POST",
        lambda c: f"/api/v1/ledger/tasks/{c.cancelled.pk}/restore",
        {"office": 200, "coop": 404, "outsider": 404, **API},
        data=lambda c: {"reason": "误撤销"},
        json=True,
    ),
    route(
        "GET /api/v1/ledger/tasks/{task_id}/weights",
        "GET",
        lambda c: f"/api/v1/ledger/tasks/{c.group.pk}/weights",
        {**ON_GROUP, **API},
    ),
    route(
        "PUT /api/v1/ledger/tasks/{task_id}/weights",
        "PUT",
        lambda c: f"/api/v1/ledger/tasks/{c.group.pk}/weights",
        {**ON_GROUP, "leader": 403, **API},
        data=lambda c: {"weights": [{"task_id": c.task.pk, "weight": 2}]},
        json=True,
    ),
    route(
        "GET /api/v1/ledger/campaigns",
        "GET",
        lambda c: "/api/v1/ledger/campaigns",
        {"office": 200, "leader": 200, **API},
    ),
    route(
        "POST /api/v1/ledger/campaigns",
        "POST",
        lambda c: "/api/v1/ledger/campaigns",
        {"office": 201, **API},
        data=lambda c: {"name": "2024 营商环境提升年"},
        json=True,
    ),
    route(
        "PATCH /api/v1/ledger/campaigns/{campaign_id}",
        "PATCH",
        lambda c: f"/api/v1/ledger/campaigns/{c.campaign.pk}",
        {"office": 200, **API},
        data=lambda c: {"name": "2023 攻坚突破年(更名)"},
        json=True,
    ),
    route(
        "DELETE /api/v1/ledger/campaigns/{campaign_id}",
        "DELETE",
        lambda c: f"/api/v1/ledger/campaigns/{c.campaign.pk}",
        {"office": 204, **API},
    ),
    route(
        "PUT /api/v1/ledger/documents/{document_id}/campaign",
        "PUT",
        lambda c: f"/api/v1/ledger/documents/{c.doc.pk}/campaign",
        {"office": 200, **API},
        data=lambda c: {"campaign_id": c.campaign.pk},
        json=True,
    ),
    route(
        "GET /api/v1/ledger/notices",
        "GET",
        lambda c: "/api/v1/ledger/notices",
        {**{r: 200 for r in UNITS}, "office": 200, "leader": 200, **API},
    ),
    route(
        "POST /api/v1/ledger/tasks/{task_id}/notices",
        "POST",
        lambda c: f"/api/v1/ledger/tasks/{c.task.pk}/notices",
        {"office": 201, "outsider": 404, **API},
        data=lambda c: {"unit_id": c.lead_unit.pk, "reason": "督办", "demanded_date": "2099-01-01"},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/notices/{notice_id}/answer",
        "POST",
        lambda c: f"/api/v1/ledger/notices/{c.notice.pk}/answer",
        {"lead": 200, "lead_boss": 200, "coop": 404, "outsider": 404, **API},
        data=lambda c: {"answer": "已推进"},
        json=True,
    ),
    route(
        "POST /api/v1/ledger/notices/{notice_id}/close",
        "POST",
        lambda c: f"/api/v1/ledger/notices/{c.answered.pk}/close",
        {"office": 200, "coop": 404, "outsider": 404, **API},
        data=lambda c: {},
        json=True,
    ),
]


@pytest.mark.parametrize("r", PAGES + API_ROUTES, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(lcast: object, role: str, r: Route) -> None:
    assert call_route(lcast, role, r) == r.expected(role), f"{role} {r.method} {r.path(lcast)}"
