"""{% knowledge_uses appeal %}: the answers an appeal was given from the 热线知识库, on its page."""

from __future__ import annotations

from typing import Any

from django import template

from yingshang.core.access import STAFF_ROLES

register = template.Library()


@register.inclusion_tag("appeals/knowledge/_appeal_uses.html", takes_context=True)
def knowledge_uses(context: Any, appeal: Any) -> dict[str, Any]:
    user = context["request"].user
    uses = list(appeal.knowledge_uses.select_related("entry"))
    return {"uses": uses, "staff": getattr(user, "role", None) in STAFF_ROLES}
