"""``{% load origins %}{% item_origins obj %}``: the origins of an appeal or a task the viewer may see."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from yingshang.core.origins import origins_for

register = template.Library()


@register.inclusion_tag("core/_origins.html", takes_context=True)
def item_origins(context: dict[str, Any], obj: Model) -> dict[str, Any]:
    return {"origins": origins_for(context["request"].user, obj)}
