"""一企一档: the enterprise page is a list of sections, each contributed by the app that owns the data.

An app registers its section in its AppConfig.ready()::

    register_enterprise_section("appeals", "诉求", 20, loader, "appeals/_enterprise_section.html")

``loader(enterprise, viewer)`` reads through that app's own selectors and returns the template context,
or None when the viewer may not see this section (or it has nothing to say); the page then leaves it
out. An app that is not installed registers nothing, so its section is simply absent. Each loader runs
a fixed number of queries whatever the history's length (lists are cut to their newest rows and a count).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Window

from yingshang.core.models import Enterprise, User

Loader = Callable[[Enterprise, User], "dict[str, Any] | None"]


@dataclass(frozen=True)
class EnterpriseSection:
    code: str
    title: str
    order: int
    loader: Loader
    template: str


@dataclass(frozen=True)
class RenderedSection:
    code: str
    title: str
    template: str
    context: dict[str, Any]


_SECTIONS: dict[str, EnterpriseSection] = {}


def register_enterprise_section(code: str, title: str, order: int, loader: Loader, template: str) -> None:
    """Add (or replace, by ``code``) one section of the enterprise page."""
    _SECTIONS[code] = EnterpriseSection(code, title, order, loader, template)


def unregister_enterprise_section(code: str) -> None:
    _SECTIONS.pop(code, None)


def registered_sections() -> list[EnterpriseSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.code))


def newest(qs: QuerySet[Any], n: int = 20) -> dict[str, Any]:
    """A section's list: the newest ``n`` rows of an ordered queryset and the total, in one query (the
    total is a window count over the whole filtered set, taken before the limit)."""
    rows = list(qs.annotate(section_total=Window(Count("pk")))[:n])
    total = rows[0].section_total if rows else 0
    return {"rows": rows, "total": total, "more": total > n}


def sections_for(enterprise: Enterprise, viewer: User) -> list[RenderedSection]:
    out = []
    for section in registered_sections():
        context = section.loader(enterprise, viewer)
        if context is not None:
            out.append(RenderedSection(section.code, section.title, section.template, context))
    return out


def register_core_sections() -> None:
    """The sections of the apps that exist today; apps added later register their own."""
    from yingshang.outreach import profile_sections as p

    register_enterprise_section("profile", "基本信息", 0, p.profile_section, "outreach/sections/profile.html")
    register_enterprise_section("appeals", "诉求", 20, p.appeals_section, "outreach/sections/appeals.html")
    register_enterprise_section("tasks", "督办任务", 30, p.tasks_section, "outreach/sections/tasks.html")
    register_enterprise_section("visits", "走访记录", 40, p.visits_section, "outreach/sections/visits.html")
    register_enterprise_section(
        "problems", "反映的问题", 50, p.problems_section, "outreach/sections/problems.html"
    )
