"""``{{ unit|unit_label }}``: a unit's name, qualified by its region where the name is shared
(see yingshang.core.unit_labels). Loaded for every template (settings.TEMPLATES builtins)."""

from __future__ import annotations

from django import template

from yingshang.core import unit_labels
from yingshang.core.models import Unit

register = template.Library()


@register.filter
def unit_label(unit: Unit | None) -> str:
    return unit_labels.unit_label(unit)


@register.filter
def unit_option(unit: Unit) -> str:
    """A picker option: always with the region."""
    return unit_labels.qualified_label(unit)


@register.simple_tag
def unit_name_label(name: str, region_id: int | None) -> str:
    return unit_labels.label(name, region_id)
