"""The appeal and task pages show the outreach problem they were made from, with a link — only to a
viewer who may open that problem (``selectors.visible_problems``: the office of its region and the
one who raised it; never an enterprise, so a supervisor's finding about a unit never reaches one)."""

from __future__ import annotations

from django.db.models import Model
from django.urls import reverse

from yingshang.appeals.models import Appeal
from yingshang.core.models import User
from yingshang.core.origins import Origin
from yingshang.ledger.models import Task
from yingshang.outreach import selectors


def problem_origins(user: User, obj: Model) -> list[Origin]:
    if isinstance(obj, Appeal):
        problems = selectors.visible_problems(user).filter(appeal=obj)
    elif isinstance(obj, Task):
        problems = selectors.visible_problems(user).filter(task=obj)
    else:
        return []
    return [
        Origin(kind=p.get_channel_display(), text=p.text, url=reverse("outreach:problem", args=[p.pk]))
        for p in problems
    ]
