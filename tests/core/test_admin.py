"""Django admin cannot rewrite or delete audited records: the change form of an observation or an appeal
is refused, deletes answer 403, and the few catalogue fields admin still edits leave an event with the
old and new value."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client, RequestFactory

from tests.appeals.makers import make_appeal
from tests.indicators.helpers import setup_indicator
from tests.makers import make_user
from yingshang.appeals.models import Appeal, Service
from yingshang.core.events import timeline
from yingshang.core.models import Event, User
from yingshang.indicators.models import Observation
from yingshang.indicators.services import record_observation

# Field names that carry a state, a clock, a contact, a rating, a value or a score: never editable in admin.
AUDITED = {
    "status",
    "colour",
    "is_late",
    "acknowledged_late",
    "replied_late",
    "solved",
    "satisfaction",
    "contact_name",
    "contact_phone",
    "contact_email",
    "value",
    "result",
    "target_value",
    "warning_value",
    "due_date",
    "explanation",
    "fix_plan",
    "workdays",
    "extension_workdays",
    "close_workdays",
    "acknowledge_hours",
    "first_contact_workdays",
    "text",
    "file",
}


@pytest.fixture
def root(cast: Any) -> Client:
    user = make_user("root", User.Role.OFFICE_ADMIN, region=cast.city, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def _product_admins() -> list[tuple[type, admin.ModelAdmin]]:  # type: ignore[type-arg]
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("yingshang.")
    ]


def test_every_product_admin_refuses_deletes_and_keeps_audited_fields_read_only(cast: Any) -> None:
    request = RequestFactory().get("/admin/")
    request.user = make_user("root", User.Role.OFFICE_ADMIN, is_staff=True, is_superuser=True)
    admins = _product_admins()
    assert {m._meta.label for m, _ in admins} >= {
        "appeals.Appeal",
        "appeals.AppealExtension",
        "appeals.AppealAttachment",
        "indicators.Observation",
        "indicators.IndicatorWarning",
    }
    for model, model_admin in admins:
        assert not model_admin.has_delete_permission(request), model
        assert not model_admin.has_add_permission(request), model
        assert "delete_selected" not in model_admin.get_actions(request), model
        fields = {f.name for f in model._meta.get_fields()}
        readonly = set(model_admin.get_readonly_fields(request))
        assert fields & AUDITED <= readonly, model
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_change_permission(request), inline
            assert not inline.has_delete_permission(request), inline


def test_observation_value_cannot_be_changed_in_admin(cast: Any, root: Client) -> None:
    indicator = setup_indicator(cast)
    obs = record_observation(
        actor=cast.office, indicator=indicator, region=cast.county, period="2026-03", value="3"
    )
    events = Event.objects.count()
    url = f"/admin/indicators/observation/{obs.pk}/change/"
    assert root.get(url).status_code == 200  # the record is still readable
    data = {
        "indicator": indicator.pk,
        "region": cast.county.pk,
        "period": "2026-03",
        "period_start": "2026-03-01",
        "period_end": "2026-03-31",
        "value": "1003",
        "result": "met",
        "source": "manual",
        "_save": "保存",
    }
    assert root.post(url, data).status_code == 403
    obs.refresh_from_db()
    assert obs.value == Decimal("3")
    assert Event.objects.count() == events
    assert root.post(f"/admin/indicators/observation/{obs.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Observation.objects.filter(pk=obs.pk).exists()


def test_appeal_cannot_be_edited_or_deleted_in_admin(cast: Any, root: Client) -> None:
    appeal = make_appeal(cast)
    url = f"/admin/appeals/appeal/{appeal.pk}/"
    assert root.get(url + "change/").status_code == 200
    changed = {"satisfaction": "5", "solved": "2", "is_late": "", "colour": "green", "_save": "保存"}
    assert root.post(url + "change/", changed).status_code == 403
    assert root.post(url + "delete/", {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [appeal.pk], "post": "yes"}
    root.post("/admin/appeals/appeal/", bulk)
    appeal.refresh_from_db()
    assert appeal.satisfaction is None and appeal.solved is None


def test_indicator_wording_edit_writes_the_event_and_leaves_thresholds(cast: Any, root: Client) -> None:
    indicator = setup_indicator(cast)
    data = {
        "name": "开办企业时间",
        "unit_of_measure": indicator.unit_of_measure,
        "keywords": json.dumps(indicator.keywords, ensure_ascii=False),
        "is_active": "on",
        "order": indicator.order,
        "target_value": "999",  # not a field of the admin form: ignored
        "_save": "保存",
    }
    response = root.post(f"/admin/indicators/indicator/{indicator.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    old_name = indicator.name
    indicator.refresh_from_db()
    assert indicator.name == "开办企业时间"
    assert indicator.target_value == Decimal("1")
    event = list(timeline(indicator))[-1]
    assert event.action == "update_indicator"
    assert event.actor is not None and event.actor.username == "root"
    assert event.note == {"changes": {"name": [old_name, "开办企业时间"]}, "via": "admin"}


def test_service_switch_in_admin_writes_old_and_new(cast: Any, root: Client) -> None:
    make_appeal(cast)  # seeds the catalogue
    service = Service.objects.get(code="complaint")
    data = {
        "name": service.name,
        "group": service.group,
        "description": service.description,
        "default_unit_name": service.default_unit_name,
        "order": service.order,
        "close_workdays": "0",  # read-only here: ignored
        "_save": "保存",
    }  # is_active left out: unticked
    assert root.post(f"/admin/appeals/service/{service.pk}/change/", data).status_code == 302
    service.refresh_from_db()
    assert service.is_active is False and service.close_workdays != 0
    event = list(timeline(service))[-1]
    assert event.action == "update"
    assert event.note["changes"] == {"is_active": [True, False]}


def test_admin_pages_of_product_models_render(cast: Any, root: Client) -> None:
    make_appeal(cast)
    for model, _ in _product_admins():
        opts = model._meta
        assert root.get(f"/admin/{opts.app_label}/{opts.model_name}/").status_code == 200, model
    appeal = Appeal.objects.get()
    assert root.get(f"/admin/appeals/appeal/{appeal.pk}/change/").status_code == 200
    assert apps.get_app_config("core")
