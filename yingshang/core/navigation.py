"""The menu by role. Apps add their entries with `register_menu_item` in their AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from yingshang.core.models import User

Role = User.Role


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    order: int = 50


_ITEMS: list[MenuItem] = [
    MenuItem("我的待办", "core:home", tuple(r for r in Role.values if r != Role.LEADER), 0),
    MenuItem(
        "单位名录", "core:unit_list", (Role.OFFICE_ADMIN, Role.LEADER, Role.UNIT_LEADER, Role.UNIT_STAFF), 80
    ),
    MenuItem(
        "市场主体",
        "core:enterprise_list",
        (Role.OFFICE_ADMIN, Role.LEADER, Role.UNIT_LEADER, Role.UNIT_STAFF, Role.ENTERPRISE),
        85,
    ),
    MenuItem("工作日历", "core:calendar", (Role.OFFICE_ADMIN,), 90),
    MenuItem("导出记录", "core:export_log", (Role.OFFICE_ADMIN,), 95),
    MenuItem("群机器人", "core:webhook_list", (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF), 95),
    MenuItem("登录锁定", "core:login_locks", (Role.OFFICE_ADMIN,), 96),
]


def register_menu_item(item: MenuItem) -> None:
    if item not in _ITEMS:
        _ITEMS.append(item)


def menu_for(user: User) -> list[dict[str, str]]:
    out = []
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if user.role not in item.roles:
            continue
        try:
            out.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name})
        except NoReverseMatch:
            continue
    return out
