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


# The menu is grouped by system (the app that owns the page), so forty entries read as ten.
GROUPS: dict[str, str] = {
    "ledger": "督查督办",
    "appeals": "企业诉求",
    "indicators": "评价指标",
    "dashboard": "数据监控",
    "assessment": "考核评价",
    "reviews": "好差评",
    "policies": "惠企政策",
    "inspections": "双随机",
    "arrears": "清欠与诚信",
    "outreach": "政企联系",
    "core": "名录与设置",
}


def menu_groups(user: User) -> list[dict[str, object]]:
    """The user's menu as groups: {"label", "items", "single"}; a group of one entry shows as a link.

    The home page (我的待办) stands alone first; the others go to their app's group, groups in the order
    of their first entry.
    """
    groups: dict[str, tuple[str, list[dict[str, str]]]] = {}
    for item in menu_for(user):
        app = item["name"].split(":", 1)[0]
        if item["name"] == "core:home":
            groups["home"] = (item["label"], [item])
            continue
        groups.setdefault(app, (GROUPS.get(app, item["label"]), []))[1].append(item)
    return [{"label": label, "items": items, "single": len(items) == 1} for label, items in groups.values()]


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
