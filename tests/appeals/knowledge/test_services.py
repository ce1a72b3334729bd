"""Knowledge base services: versions as events, who maintains what, matching, answers, review flags."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.appeals.knowledge.makers import make_entry
from tests.appeals.makers import make_appeal
from yingshang.appeals.knowledge import selectors, services
from yingshang.appeals.knowledge.access import visible_entries
from yingshang.appeals.knowledge.models import KnowledgeEntry
from yingshang.core.errors import NotAllowed, ValidationFailed
from yingshang.core.events import timeline
from yingshang.core.models import Notification

pytestmark = pytest.mark.django_db


def test_edit_makes_a_new_version_with_old_and_new_values(cast: Any) -> None:
    entry = make_entry(cast)
    services.update_entry(actor=cast.lead, entry=entry, answer="新的答复口径")
    entry.refresh_from_db()
    assert entry.version == 2
    last = list(timeline(entry))[-1]
    assert last.action == "update"
    assert last.note["changes"]["answer"][1] == "新的答复口径"
    assert last.note["version"] == 2


def test_unit_maintains_only_its_own_entries_and_leader_only_reads(cast: Any) -> None:
    entry = make_entry(cast)
    with pytest.raises(NotAllowed):
        services.update_entry(actor=cast.coop, entry=entry, answer="改")
    with pytest.raises(NotAllowed):
        services.create_entry(
            actor=cast.coop,
            owner_unit=cast.lead_unit,
            question="问",
            answer="答",
            review_date=timezone.localdate(),
        )
    with pytest.raises(NotAllowed):
        services.retire_entry(actor=cast.leader, entry=entry)
    assert visible_entries(cast.leader).filter(pk=entry.pk).exists()


def test_drafts_are_seen_by_their_unit_not_by_others(cast: Any) -> None:
    draft = make_entry(cast, publish=False)
    assert visible_entries(cast.lead).filter(pk=draft.pk).exists()
    assert not visible_entries(cast.coop).filter(pk=draft.pk).exists()
    services.publish_entry(actor=cast.lead, entry=draft)
    assert visible_entries(cast.coop).filter(pk=draft.pk).exists()
    assert not visible_entries(cast.enterprise_user).exists()


def test_review_date_after_validity_is_refused(cast: Any) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationFailed):
        make_entry(cast, valid_until=today + timedelta(days=10), review_date=today + timedelta(days=20))


def test_matching_finds_the_entry_for_a_reworded_question(cast: Any) -> None:
    tax = make_entry(cast)
    make_entry(
        cast, question="企业厂房不动产登记需要多长时间？", keywords="不动产登记", answer="5个工作日内办结。"
    )
    make_entry(
        cast,
        question="新招员工社保怎么参保登记？",
        keywords="社保 参保",
        answer="30日内办理。",
        publish=False,
    )
    found = selectors.matches_for(cast.office, "我们是小规模纳税人，想问增值税减免怎么申报")
    assert [m.entry for m in found][:1] == [tax]
    assert selectors.matches_for(cast.office, "社保参保登记怎么办") == []  # a draft is not offered
    assert selectors.matches_for(cast.office, "路灯坏了") == []


def test_answer_from_entry_links_the_appeal_and_tracker_reads_it(cast: Any, service: Any) -> None:
    entry = make_entry(cast)
    appeal = make_appeal(
        cast, actor=cast.office, region=cast.county, contact_name="来电人", contact_phone="13900000001"
    )
    use = services.answer_from_entry(actor=cast.office, appeal=appeal, entry=entry, text="")
    assert use.text == entry.answer and use.entry_version == 1
    event = list(timeline(appeal))[-1]
    assert event.action == "answer_from_knowledge" and event.note["entry"] == entry.pk
    from yingshang.core.visibility import Audience, can_read

    assert can_read(Audience.TRACKER, "appeals.appeal", "answer_from_knowledge")


def test_retired_entry_cannot_be_used(cast: Any, service: Any) -> None:
    entry = make_entry(cast)
    services.retire_entry(actor=cast.lead, entry=entry)
    appeal = make_appeal(cast)
    with pytest.raises(ValidationFailed):
        services.answer_from_entry(actor=cast.office, appeal=appeal, entry=entry)


def test_overdue_review_is_flagged_once_per_review_date(cast: Any) -> None:
    entry = make_entry(cast)
    KnowledgeEntry.objects.filter(pk=entry.pk).update(review_date=timezone.localdate() - timedelta(days=1))
    assert services.flag_due_reviews() == 1
    assert services.flag_due_reviews() == 0
    notes = Notification.objects.filter(kind="knowledge_review", recipient=cast.lead)
    assert notes.count() == 1
    assert not Notification.objects.filter(kind="knowledge_review", recipient=cast.coop).exists()
    # Reviewed, then overdue again at the new date: told again.
    KnowledgeEntry.objects.filter(pk=entry.pk).update(review_date=timezone.localdate() - timedelta(days=2))
    assert services.flag_due_reviews() == 1
    assert list(timeline(entry))[-1].action == "review_due"
    overdue = selectors.filter_entries(visible_entries(cast.lead), {"review": "overdue"})
    assert list(overdue) == [entry]


def test_every_knowledge_move_has_a_label() -> None:
    from yingshang.appeals.knowledge.workflow import TABLE
    from yingshang.core.event_kinds import KINDS

    assert set(TABLE.moves) <= set(KINDS["appeals.knowledgeentry"])
