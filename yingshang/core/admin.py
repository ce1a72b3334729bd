"""What Django admin may do to the product's records. Admin is a technical back door for support staff,
not a work surface: states, clocks, contacts, values and scores change only through the services, which
check the rules and write events. So admin shows audited records read-only, never deletes them, and
where it still edits a field (catalogue wording, switches) it writes an event with the old and new value
in the same transaction, as the services do."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest

from yingshang.core.events import record_event


def _plain(value: Any) -> Any:
    """A field value as JSON can hold it, the way the services write it into events."""
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Every field is read-only unless named in `editable_fields` (so a field added later is read-only
    until someone decides otherwise); nothing is added or deleted here; a change writes one event
    `change_action` with `{"changes": {field: [old, new]}, "via": "admin"}`. With no editable field
    the admin is view-only: a change form posted anyway answers 403."""

    editable_fields: tuple[str, ...] = ()
    change_action = "admin_change"

    def _audited_fields(self) -> list[str]:
        opts = self.model._meta
        editable = [f.name for f in opts.concrete_fields if f.name in self.editable_fields]
        # Many-to-many fields are saved after save_model, out of sight of its old/new record: read-only.
        names = [f.name for f in opts.concrete_fields if not f.primary_key]
        names += [f.name for f in opts.many_to_many]
        return [n for n in names if n not in editable]

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> list[str]:
        declared = list(super().get_readonly_fields(request, obj))
        return declared + [n for n in self._audited_fields() if n not in declared]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return bool(self.editable_fields) and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        # The form carries only the editable fields (Django leaves read-only ones out of it); every field
        # it changed is recorded, compared with the row as stored.
        with transaction.atomic():
            before = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            changes = {}
            for name in form.changed_data:
                old, new = getattr(before, name), getattr(obj, name)
                if old != new:
                    changes[name] = [_plain(old), _plain(new)]
            super().save_model(request, obj, form, change)
            if changes:
                record_event(
                    obj,
                    actor=request.user,
                    action=self.change_action,
                    note={"changes": changes, "via": "admin"},
                )


class AuditedInline(admin.TabularInline):  # type: ignore[type-arg]
    """An inline of an audited record: shown, never edited, added or deleted from admin."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False
