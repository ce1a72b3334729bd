"""Core services: enterprises, units, events, notifications, passwords and API tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.makers import PASSWORD, make_user
from yingshang.core import services
from yingshang.core.creditcode import make_credit_code
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.events import timeline
from yingshang.core.models import ApiToken, Enterprise, Notification, Unit, User

# -- enterprises and units ---------------------------------------------------------------------


def test_bad_credit_code_is_rejected_with_a_clear_message(cast):
    with pytest.raises(ValidationFailed) as exc:
        services.create_enterprise(
            actor=cast.office, name="某某有限公司", credit_code="91350100M000100Y40", region=cast.county
        )
    assert exc.value.code == "credit_code"
    assert "校验" in exc.value.fields["credit_code"]
    assert exc.value.message == exc.value.fields["credit_code"]
    assert not Enterprise.objects.filter(name="某某有限公司").exists()


def test_credit_code_is_normalised_and_unique(cast):
    code = make_credit_code(4242)
    e = services.create_enterprise(
        actor=cast.office, name="甲公司", credit_code=f" {code.lower()} ", region=cast.county
    )
    assert e.credit_code == code
    with pytest.raises(Conflict) as exc:
        services.create_enterprise(actor=cast.office, name="乙公司", credit_code=code, region=cast.county)
    assert exc.value.fields == {"credit_code": "重复"}


def test_creating_an_enterprise_records_an_event(cast):
    e = services.create_enterprise(
        actor=cast.office, name="丙公司", credit_code=make_credit_code(4243), region=cast.county
    )
    [event] = timeline(e)
    assert (event.action, event.actor) == ("create", cast.office)


def test_creating_a_unit_records_an_event(cast):
    unit = services.create_unit(
        actor=cast.office, name="  税务局 ", region=cast.county, aliases=["税务", " "]
    )
    assert (unit.name, unit.aliases) == ("税务局", ["税务"])
    [event] = timeline(unit)
    assert (event.action, event.to_status, event.actor) == ("create", "active", cast.office)


def test_duplicate_unit_name_in_a_region_is_a_conflict(cast):
    with pytest.raises(Conflict):
        services.create_unit(actor=cast.office, name="市场监督管理局", region=cast.county)
    # The same name in another region is another unit.
    assert Unit.objects.filter(name="市场监督管理局").count() == 2


def test_unit_writes_are_refused_to_the_read_only_leader_and_to_units(cast):
    with pytest.raises(NotAllowed) as exc:
        services.create_unit(actor=cast.leader, name="新单位", region=cast.county)
    assert exc.value.code == "read_only"
    with pytest.raises(NotAllowed):
        services.create_unit(actor=cast.lead, name="新单位", region=cast.county)
    with pytest.raises(NotAllowed):
        services.create_enterprise(
            actor=cast.leader, name="丁公司", credit_code=make_credit_code(4244), region=cast.county
        )


def test_update_unit_records_what_changed(cast):
    services.update_unit(actor=cast.office, unit=cast.coop_unit, short_name="发改")
    event = timeline(cast.coop_unit).last()
    assert event.action == "update"
    assert event.note == {"before": {"short_name": "发改委"}}


def test_update_unit_to_a_taken_name_is_a_conflict(cast):
    with pytest.raises(Conflict):
        services.update_unit(actor=cast.office, unit=cast.coop_unit, name="市场监督管理局")


# -- notifications -----------------------------------------------------------------------------


def test_notify_fills_inboxes_and_emails_each_recipient(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        count = services.notify(
            recipients=[cast.lead, cast.coop, None], title="请报送九月进展", body="截止10月8日", url="/x/"
        )
    assert count == 2
    rows = Notification.objects.filter(title="请报送九月进展")
    assert {n.recipient for n in rows} == {cast.lead, cast.coop}
    assert all(n.emailed_at is not None and n.read_at is None for n in rows)
    assert sorted(m.to[0] for m in mail.outbox) == ["coop@example.org", "lead@example.org"]
    assert mail.outbox[0].subject == "请报送九月进展"
    assert "截止10月8日" in mail.outbox[0].body and "/x/" in mail.outbox[0].body


def test_notify_skips_email_for_users_without_address(cast, django_capture_on_commit_callbacks):
    User.objects.filter(pk=cast.lead.pk).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[User.objects.get(pk=cast.lead.pk)], title="无邮箱")
    assert mail.outbox == []
    assert Notification.objects.get(title="无邮箱").emailed_at is None


def test_mark_read_touches_only_the_actors_rows(cast):
    services.notify(recipients=[cast.lead, cast.coop], title="甲")
    services.notify(recipients=[cast.lead], title="乙")
    mine = list(cast.lead.notifications.order_by("id"))
    other = cast.coop.notifications.get()
    assert services.mark_notifications_read(actor=cast.lead, ids=[mine[0].pk, other.pk]) == 1
    assert services.mark_notifications_read(actor=cast.lead) == 1
    assert cast.lead.notifications.filter(read_at__isnull=True).count() == 0
    other.refresh_from_db()
    assert other.read_at is None


# -- passwords and tokens ----------------------------------------------------------------------


def test_change_password_checks_the_old_one(cast):
    with pytest.raises(ValidationFailed) as exc:
        services.change_password(actor=cast.lead, old_password="wrong", new_password="Kx93!mvq-2026")
    assert exc.value.fields == {"old_password": "不正确"}


def test_change_password_applies_the_validators(cast):
    with pytest.raises(ValidationFailed) as exc:
        services.change_password(actor=cast.lead, old_password=PASSWORD, new_password="12345678")
    assert "new_password" in exc.value.fields


def test_change_password(cast):
    services.change_password(actor=cast.lead, old_password=PASSWORD, new_password="Kx93!mvq-2026")
    cast.lead.refresh_from_db()
    assert cast.lead.check_password("Kx93!mvq-2026")
    assert timeline(cast.lead).last().action == "change_password"


def test_token_is_found_by_key_until_revoked(cast):
    token, key = services.create_api_token(actor=cast.lead, name="报表脚本")
    assert key.startswith("ys_") and token.prefix == key[3:9]
    assert key not in token.digest
    assert services.user_for_token(key) == cast.lead
    token.refresh_from_db()
    assert token.last_used_at is not None
    with pytest.raises(NotAllowed):
        services.revoke_api_token(actor=cast.coop, token=token)
    services.revoke_api_token(actor=cast.lead, token=token)
    assert services.user_for_token(key) is None
    assert services.user_for_token("ys_not-a-key") is None


def test_token_use_is_recorded_again_after_a_minute(cast, settings):
    settings.YINGSHANG = {**settings.YINGSHANG, "TOKEN_CACHE_SECONDS": 0}
    token, key = services.create_api_token(actor=cast.lead, name="")
    recent = timezone.now() - timedelta(seconds=20)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    assert services.user_for_token(key) == cast.lead
    token.refresh_from_db()
    assert token.last_used_at == recent  # within the minute: not rewritten
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent - timedelta(minutes=2))
    user = services.user_for_token(key)
    token.refresh_from_db()
    assert token.last_used_at > recent
    assert (user.role, user.unit_id, user.region_id) == (
        cast.lead.role,
        cast.lead.unit_id,
        cast.lead.region_id,
    )


def test_a_live_token_is_kept_for_a_few_seconds(cast, django_assert_num_queries, monkeypatch):
    token, key = services.create_api_token(actor=cast.lead, name="")
    assert services.user_for_token(key) == cast.lead
    with django_assert_num_queries(0):
        kept = services.user_for_token(key)
    assert kept == cast.lead and kept.role == cast.lead.role
    kept.role = User.Role.OFFICE_ADMIN  # a caller changing its copy does not change the kept one
    assert services.user_for_token(key).role == cast.lead.role
    # Another server deactivates the account (no signal here): seen once the copy has expired.
    User.objects.filter(pk=cast.lead.pk).update(is_active=False)
    assert services.user_for_token(key) == cast.lead
    later = services.time.monotonic() + 6
    monkeypatch.setattr(services.time, "monotonic", lambda: later)
    assert services.user_for_token(key) is None


def test_revoking_or_saving_the_user_takes_effect_at_once(cast):
    token, key = services.create_api_token(actor=cast.lead, name="")
    assert services.user_for_token(key) == cast.lead
    services.revoke_api_token(actor=cast.lead, token=token)
    assert services.user_for_token(key) is None
    _, key = services.create_api_token(actor=cast.lead, name="")
    assert services.user_for_token(key) == cast.lead
    cast.lead.is_active = False
    cast.lead.save()
    assert services.user_for_token(key) is None


def test_token_of_a_deactivated_user_does_not_work(cast):
    _, key = services.create_api_token(actor=cast.lead, name="")
    User.objects.filter(pk=cast.lead.pk).update(is_active=False)
    assert services.user_for_token(key) is None


def test_at_most_ten_live_tokens(cast):
    user = make_user("many", User.Role.OFFICE_ADMIN, region=cast.city)
    for i in range(10):
        services.create_api_token(actor=user, name=str(i))
    with pytest.raises(Conflict):
        services.create_api_token(actor=user, name="11")
