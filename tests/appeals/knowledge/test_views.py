"""Knowledge base pages and the staff entry form's knowledge panel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.appeals.knowledge.makers import make_entry
from yingshang.appeals.models import Appeal, KnowledgeEntry, KnowledgeUse, Service

pytestmark = pytest.mark.django_db


def _filing(cast: Any, **extra: str) -> dict[str, Any]:
    return {
        "service": Service.objects.get(code="consult").pk,
        "description": "来电咨询：我们是小规模纳税人，增值税减免怎么申报？",
        "region": cast.county.pk,
        "contact_name": "孙八",
        "contact_phone": "13900000008",
        "channel": "hotline",
        **extra,
    }


def test_staff_form_fetches_matches_as_the_description_is_typed(cast: Any, service: Any) -> None:
    office = cast.client("office")
    form = office.get("/appeals/new/").content.decode()
    assert 'hx-get="/appeals/knowledge/match/"' in form and "from:#id_description" in form
    entry = make_entry(cast)
    page = office.get("/appeals/knowledge/match/", {"description": "小规模纳税人增值税减免如何申报"})
    assert entry.question in page.content.decode()
    assert f"/appeals/knowledge/{entry.pk}/pick/" in page.content.decode()
    picked = office.get(f"/appeals/knowledge/{entry.pk}/pick/").content.decode()
    assert f'name="knowledge_entry" value="{entry.pk}"' in picked and entry.answer in picked


def test_filing_with_a_chosen_entry_links_the_appeal_and_its_page_shows_it(cast: Any, service: Any) -> None:
    entry = make_entry(cast)
    office = cast.client("office")
    response = office.post(
        "/appeals/new/", _filing(cast, knowledge_entry=str(entry.pk), knowledge_answer="按政策可免征增值税。")
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get(contact_phone="13900000008")
    use = KnowledgeUse.objects.get(appeal=appeal)
    assert use.entry == entry and use.text == "按政策可免征增值税。"
    detail = office.get(f"/appeals/{appeal.pk}/").content.decode()
    assert f'href="/appeals/knowledge/{entry.pk}/"' in detail and "按政策可免征增值税。" in detail
    from django.test import Client

    tracked = Client().get("/appeals/track/", {"code": appeal.tracking_code}).content.decode()
    assert "引用知识库答复" in tracked  # the caller's tracking page shows the step


def test_an_unknown_entry_refuses_the_whole_filing(cast: Any, service: Any) -> None:
    response = cast.client("office").post("/appeals/new/", _filing(cast, knowledge_entry="999999"))
    assert response.status_code == 200
    assert "所选知识条目不存在或不可用" in response.content.decode()
    assert not Appeal.objects.filter(contact_phone="13900000008").exists()


def test_list_flags_entries_past_review_and_filters_them(cast: Any) -> None:
    due = make_entry(cast, question="企业简易注销需要什么条件？")
    fresh = make_entry(cast)
    KnowledgeEntry.objects.filter(pk=due.pk).update(review_date=timezone.localdate() - timedelta(days=3))
    lead = cast.client("lead")
    page = lead.get("/appeals/knowledge/").content.decode()
    assert "待复核" in page and "有 1 条已发布条目超过复核日期" in page
    only = lead.get("/appeals/knowledge/", {"review": "overdue"}).content.decode()
    assert due.question in only and fresh.question not in only


def test_unit_edits_its_entry_into_a_new_version_shown_in_history(cast: Any) -> None:
    entry = make_entry(cast)
    lead = cast.client("lead")
    data = {
        "owner_unit": cast.lead_unit.pk,
        "question": entry.question,
        "answer": "自2024年起，月销售额10万元以下免征增值税。",
        "review_date": (timezone.localdate() + timedelta(days=60)).isoformat(),
    }
    assert lead.post(f"/appeals/knowledge/{entry.pk}/edit/", data).status_code == 302
    entry.refresh_from_db()
    assert entry.version == 2
    page = lead.get(f"/appeals/knowledge/{entry.pk}/").content.decode()
    assert "修改知识条目" in page and "第2版" in page
    assert cast.client("coop").get(f"/appeals/knowledge/{entry.pk}/edit/").status_code == 403
