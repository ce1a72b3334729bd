"""The review screen keeps the clerk's work: publishing saves what is on the screen first, measures
without a lead unit are named and left out only on purpose, and a draft imported by mistake can be
discarded."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.ledger.helpers import SMALL_TEXT
from yingshang.core.events import timeline
from yingshang.ledger import services
from yingshang.ledger.models import Document, Task

NO_LEAD = SMALL_TEXT + "（二）加强政策宣传。2025年9月底前开展政策宣讲。\n"


def draft(cast: Any, text: str = SMALL_TEXT) -> Document:
    doc = services.import_document(
        actor=cast.office, region=cast.county, text=text, issued_on=date(2025, 3, 1)
    )
    names = {
        k: "ignore" for k, v in doc.review["names"].items() if v["unit_id"] is None and v["choice"] is None
    }
    return services.update_review(actor=cast.office, document=doc, names=names) if names else doc


def form_fields(doc: Document) -> dict[str, str]:
    """What the review form posts when the clerk changes nothing but one deadline."""
    data: dict[str, str] = {}
    for m in doc.review["measures"]:
        if m.get("is_leaf"):
            data[f"due:{m['path']}"] = m.get("due") or ""
            if m.get("include"):
                data[f"inc:{m['path']}"] = "1"
    return data


def test_publish_saves_the_unsaved_choices_on_the_screen_first(cast: Any) -> None:
    doc = draft(cast)
    data = form_fields(doc)
    data["due:一/(一)"] = "2025-05-31"  # typed, never saved with 保存审核
    response = cast.client("office").post(f"/ledger/documents/{doc.pk}/publish/", data)
    assert response.status_code == 302
    task = Task.objects.get(document=doc, path="一/(一)")
    assert task.due_date == date(2025, 5, 31)


def test_measures_without_a_lead_are_named_and_left_out_only_on_purpose(cast: Any) -> None:
    doc = draft(cast, NO_LEAD)
    office = cast.client("office")
    page = office.get(f"/ledger/documents/{doc.pk}/").content.decode()
    assert (
        'data-testid="no-lead"' in page
        and "加强政策宣传" in page.split('data-testid="no-lead-list"')[1][:300]
    )
    response = office.post(f"/ledger/documents/{doc.pk}/publish/", form_fields(doc), follow=True)
    assert "加强政策宣传" in response.content.decode()
    doc.refresh_from_db()
    assert doc.status == Document.Status.DRAFT
    office.post(f"/ledger/documents/{doc.pk}/publish/", {**form_fields(doc), "without_lead": "1"})
    doc.refresh_from_db()
    assert doc.status == Document.Status.PUBLISHED
    assert not Task.objects.filter(document=doc, title__contains="加强政策宣传").exists()
    publish = [e for e in timeline(doc) if e.action == "publish"][0]
    assert publish.note["left_out_without_lead"] == ["二/(二)"]


def test_a_draft_imported_by_mistake_is_discarded_with_a_reason(cast: Any) -> None:
    doc = draft(cast)
    office = cast.client("office")
    response = office.post(f"/ledger/documents/{doc.pk}/discard/", {"reason": ""}, follow=True)
    doc.refresh_from_db()
    assert doc.status == Document.Status.DRAFT and "作废原因" in response.content.decode()
    office.post(f"/ledger/documents/{doc.pk}/discard/", {"reason": "导入了错误的文件"})
    doc.refresh_from_db()
    assert doc.status == Document.Status.DISCARDED
    assert office.post(f"/ledger/documents/{doc.pk}/publish/").status_code == 302
    doc.refresh_from_db()
    assert doc.status == Document.Status.DISCARDED and not Task.objects.filter(document=doc).exists()


HEADED = """关于优化营商环境的若干措施
示政发〔2025〕9号

一、提升政务服务效能（旗政务服务局牵头）
（一）压缩企业开办时间。2025年6月底前企业开办时间压减至1个工作日以内。（旗市场监管局牵头）
（二）推进项目审批改革。2025年12月底前审批时间减为20个工作日。（旗发改委牵头）
"""


def test_a_group_task_shows_the_lead_its_heading_names(cast: Any) -> None:
    from tests.makers import make_unit

    make_unit("政务服务局", cast.county)
    doc = draft(cast, HEADED)
    services.publish_document(actor=cast.office, document=doc)
    group = Task.objects.get(document=doc, path="一")
    assert group.is_group and group.lead_unit is not None and group.lead_unit.name == "政务服务局"
