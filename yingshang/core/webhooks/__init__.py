"""Group robots (企业微信, 钉钉, 飞书): a notification channel beside the inbox and email.

Apps call `announce` where they notify a unit or the office; the worker posts the message.
Messages are short and name an item by its number and title, never a complainant's name or phone:
the group is read by more people than the item's own page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from yingshang.core.models import Region

# Mobile numbers and dialled landlines, in case a title carries one: a group chat is no place for them.
PHONE_RE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")


def scrub(text: str) -> str:
    return PHONE_RE.sub("***", text)


def absolute(path: str) -> str:
    """A link people can open from the group: the site's address before a path of this site."""
    base = settings.YINGSHANG.get("SITE_URL", "")
    return f"{base}{path}" if path.startswith("/") else path


def announce(
    *,
    event: str,
    text: str,
    link: str = "",
    unit_ids: Iterable[int | None] = (),
    office_region: Region | None = None,
) -> int:
    """Queue `text` for the robots of these units (and of the offices over `office_region`)."""
    from yingshang.core.webhooks import services

    return services.announce(
        event=event, text=scrub(text), link=absolute(link), unit_ids=unit_ids, office_region=office_region
    )
