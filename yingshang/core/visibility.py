"""Who may see what: one rule for event texts, complainants' names and contacts.

Pages, the API, Open311, Excel exports, notifications and the tracking page all ask here, so a text
or a name reaches the same people whichever way it leaves the system:

- an event is shown to ``KINDS[subject][action].sees`` and its text to ``.reads`` (core.event_kinds);
- a complainant's personal name and contact are shown in full to the office, to the filer itself, and
  to the unit that must call the complainant (``contact_visible``); everyone else, and every export
  that does not explicitly carry personal data, gets them masked (王五 → 王*, 138****0002).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from yingshang.core.event_kinds import (
    DETAIL_LABELS,
    KINDS,
    STAFF_ONLY_DETAILS,
    TEXT_KEYS,
    UNKNOWN,
    Audience,
    EventKind,
)
from yingshang.core.models import Event, User

Role = User.Role
STAFF_AUDIENCES = frozenset({Audience.OFFICE, Audience.LEAD, Audience.COOPERATING, Audience.LEADER})
# Event actors whose names are personal data of a filer, not a member of staff.
FILER_ROLES = (Role.ENTERPRISE, Role.SUPERVISOR)
CLOCK_NAMES = {"acknowledge": "签收", "first_contact": "首次联系", "reply": "答复"}

__all__ = [
    "Audience",
    "EventKind",
    "TimelineEntry",
    "audience_for",
    "can_read",
    "can_see",
    "contact_visible",
    "format_number",
    "kind_of",
    "label_of",
    "mask_name",
    "mask_phone",
    "present",
    "subject_label",
    "text_for",
    "timeline_for",
]


# -- the event rule --------------------------------------------------------------------------------


def subject_label(subject: models.Model | type[models.Model]) -> str:
    return subject._meta.label_lower


def kind_of(subject: str, action: str) -> EventKind:
    return KINDS.get(subject, {}).get(action, UNKNOWN)


def label_of(subject: str, action: str) -> str:
    return kind_of(subject, action).label


def can_see(audience: Audience, subject: str, action: str) -> bool:
    return audience in kind_of(subject, action).sees


def can_read(audience: Audience, subject: str, action: str) -> bool:
    return audience in kind_of(subject, action).reads


def text_for(audience: Audience, subject: str, action: str, text: str) -> str:
    """``text`` if ``audience`` may read the text of this kind of event, else an empty string.
    Notifications and the Open311 status notes pass their texts through here."""
    return text if can_read(audience, subject, action) else ""


def audience_for(user: User | None, *, relation: str = "") -> Audience:
    """The audience a user belongs to for one item. ``relation`` is the unit's role on the item
    ("lead" or anything else for a cooperating or former unit), or "filer" for the filer's own item."""
    if user is None or not user.is_authenticated:
        return Audience.TRACKER if relation == "tracker" else Audience.PUBLIC
    if user.role == Role.OFFICE_ADMIN:
        return Audience.OFFICE
    if user.role == Role.LEADER:
        return Audience.LEADER
    if user.is_unit_user:
        return Audience.LEAD if relation in ("lead", "") else Audience.COOPERATING
    if relation == "filer":
        return Audience.FILER
    return Audience.PUBLIC


# -- numbers and names -----------------------------------------------------------------------------


def format_number(value: Any) -> str:
    """0.5000 → 0.5, 3.00 → 3, 1E+1 → 10; anything that is not a number is returned as text."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def mask_name(name: str) -> str:
    """A person's name with all but its first character hidden: 王五 → 王*, 欧阳娜娜 → 欧***."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[:1] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str) -> str:
    phone = phone or ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def contact_visible(audience: Audience, *, handling: bool = False) -> bool:
    """Whether a complainant's name and contact are shown in full. The office sees them; the filer sees
    its own; the lead unit only where it handles the item (the detail of an open appeal: it must call
    the complainant, and the first-contact clock runs). Lists, exports and everyone else: masked."""
    if audience in (Audience.OFFICE, Audience.FILER):
        return True
    return audience == Audience.LEAD and handling


# -- timelines -------------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    """One event as a given audience may see it."""

    created_at: datetime
    actor: str
    action: str
    label: str
    from_status: str
    to_status: str
    from_label: str
    to_label: str
    details: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""
    reason: str = ""
    # The note's keys this audience may read (the API returns it as ``note``).
    note: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "label": self.label,
            "from_status": self.from_status,
            "to_status": self.to_status,
            "note": self.note,
            "from_label": self.from_label,
            "to_label": self.to_label,
            "actor": self.actor,
            "details": [{"name": k, "value": v} for k, v in self.details],
            "text": self.text,
            "reason": self.reason,
            "created_at": self.created_at,
        }


def _status_labels(model: type[models.Model] | None) -> dict[str, str]:
    if model is None:
        return {}
    try:
        status = model._meta.get_field("status")
    except Exception:
        return {}
    return {str(k): str(v) for k, v in (getattr(status, "choices", None) or [])}


def _field_name(model: type[models.Model] | None, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:  # a key that is not a field (e.g. "regions")
        return name


def _changes(model: type[models.Model] | None, changes: dict[str, Any]) -> str:
    """{"target_value": ["0.5000", "0.6"]} → "创优目标值 0.5 → 0.6"."""
    parts = []
    for name, pair in changes.items():
        if isinstance(pair, (list, tuple)) and len(pair) == 2 and not isinstance(pair[0], (list, dict)):
            old, new = (format_number(v) if v not in (None, "") else "—" for v in pair)
            parts.append(f"{_field_name(model, name)} {old} → {new}")
        else:
            parts.append(_field_name(model, name))
    return "；".join(parts)


def _detail_value(key: str, value: Any) -> str:
    if key == "clock":
        return CLOCK_NAMES.get(str(value), str(value))
    if isinstance(value, (list, tuple)):
        return "、".join(_detail_value(key, v) for v in value)
    if value is None or value == "":
        return "—"
    return format_number(value)


def _actor_name(event: Event, audience: Audience) -> str:
    actor = event.actor
    if actor is None:
        return "诉求人" if event.action == "file" else "系统"
    if audience in (Audience.FILER, Audience.TRACKER, Audience.PUBLIC):
        # Staff act for their office, not in their own name, towards filers.
        return str(actor) if actor.role in FILER_ROLES and audience == Audience.FILER else "工作人员"
    if actor.role in FILER_ROLES and audience != Audience.OFFICE:
        return mask_name(str(actor))
    return str(actor)


# Facts shown only when true: "超期：否" on every reply would be noise.
ONLY_WHEN_TRUE = ("late", "contacted")


def _details(note: dict[str, Any], model: type[models.Model] | None, staff: bool) -> list[tuple[str, str]]:
    out = []
    for key, name in DETAIL_LABELS.items():
        if key not in note or (key in ONLY_WHEN_TRUE and note[key] is not True):
            continue
        if key in STAFF_ONLY_DETAILS and not staff:
            continue
        raw = note[key]
        value = _changes(model, raw) if isinstance(raw, dict) else _detail_value(key, raw)
        if value not in ("", "—"):
            out.append((name, value))
    return out


def _visible_note(note: dict[str, Any], audience: Audience, readable: bool) -> dict[str, Any]:
    """Staff get the whole note but unreadable texts; filers the listed facts; trackers texts only."""
    out: dict[str, Any] = {}
    for key, value in note.items():
        if key in TEXT_KEYS:
            keep = readable
        elif audience in STAFF_AUDIENCES:
            keep = True
        else:
            keep = audience == Audience.FILER and key in DETAIL_LABELS and key not in STAFF_ONLY_DETAILS
        if keep:
            out[key] = value
    return out


def present(events: Iterable[Event], audience: Audience) -> list[TimelineEntry]:
    """The events ``audience`` may see, each with its Chinese label, the statuses it moved between,
    the facts of its note and — only where the rule allows — its text."""
    out: list[TimelineEntry] = []
    labels_cache: dict[int, tuple[str, dict[str, str], type[models.Model] | None]] = {}
    for e in events:
        cached = labels_cache.get(e.content_type_id)
        if cached is None:
            model = ContentType.objects.get_for_id(e.content_type_id).model_class()
            cached = (model._meta.label_lower if model else "", _status_labels(model), model)
            labels_cache[e.content_type_id] = cached
        subj, statuses, model = cached
        kind = kind_of(subj, e.action)
        if audience not in kind.sees:
            continue
        note = e.note if isinstance(e.note, dict) else {}
        # The tracker reads labels and replies only, not who handles the item.
        facts = audience not in (Audience.TRACKER, Audience.PUBLIC)
        readable = audience in kind.reads
        out.append(
            TimelineEntry(
                created_at=e.created_at,
                actor=_actor_name(e, audience),
                action=e.action,
                label=kind.label,
                from_status=e.from_status,
                to_status=e.to_status,
                from_label=statuses.get(e.from_status, e.from_status) if e.from_status else "",
                to_label=statuses.get(e.to_status, e.to_status) if e.to_status else "",
                details=_details(note, model, audience in STAFF_AUDIENCES) if facts else [],
                text=str(note.get(TEXT_KEYS[0]) or "") if readable else "",
                reason=str(note.get(TEXT_KEYS[1]) or "") if readable else "",
                note=_visible_note(note, audience, readable),
            )
        )
    return out


def timeline_for(subject: models.Model, audience: Audience) -> list[TimelineEntry]:
    """The timeline of one item as ``audience`` may see it (one query, actors joined)."""
    from yingshang.core.events import timeline

    return present(timeline(subject), audience)
