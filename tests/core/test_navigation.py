"""The menu by role, grouped by system: a group of one entry is a plain link, 我的待办 stands first."""

from __future__ import annotations

from typing import Any

from django.test import Client

from yingshang.core.navigation import menu_groups


def test_office_menu_is_grouped_by_system(cast: Any) -> None:
    groups = menu_groups(cast.office)
    assert groups[0]["single"] and groups[0]["items"][0]["name"] == "core:home"  # type: ignore[index]
    labels = [g["label"] for g in groups]
    assert len(labels) == len(set(labels))
    ledger = next(g for g in groups if g["label"] == "督查督办")
    names = {i["name"] for i in ledger["items"]}  # type: ignore[attr-defined]
    assert names and all(n.startswith("ledger:") for n in names)


def test_every_entry_of_the_flat_menu_is_in_one_group(cast: Any) -> None:
    from yingshang.core.navigation import menu_for

    for user in (cast.office, cast.lead, cast.enterprise_user):
        flat = [i["url"] for i in menu_for(user)]
        grouped = [i["url"] for g in menu_groups(user) for i in g["items"]]  # type: ignore[attr-defined]
        assert sorted(flat) == sorted(grouped)


def test_page_shows_groups_as_menus_and_single_entries_as_links(cast: Any) -> None:
    html = cast.client("office").get("/").content.decode()
    assert 'class="navmenu-label" aria-haspopup="true">督查督办</button>' in html
    assert Client().get("/login/").status_code == 200
