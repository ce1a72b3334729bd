"""Forms never choose for the operator: no unit, no callback answer is preselected when nothing suggests one."""

from __future__ import annotations

import re
from typing import Any

from tests.appeals.makers import make_appeal
from yingshang.appeals.models import Appeal


def _selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no <select name={name}>"
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select.group(1))


def test_dispatch_preselects_no_unit_when_nothing_is_suggested(cast: Any) -> None:
    a = make_appeal(cast, title="咨询", description="你好，请问一下。")
    page = cast.client("office").get(f"/appeals/{a.pk}/").content.decode()
    assert "建议主办单位" not in page
    assert _selected(page, "lead_unit") == [""]


def test_dispatch_preselects_the_top_suggestion(cast: Any) -> None:
    a = make_appeal(cast)
    page = cast.client("office").get(f"/appeals/{a.pk}/").content.decode()
    assert "建议主办单位" in page
    chosen = _selected(page, "lead_unit")
    assert len(chosen) == 1 and chosen[0] != ""


def test_callback_form_preselects_nothing_and_refuses_an_unchosen_answer(cast: Any) -> None:
    a = make_appeal(cast)
    office, lead, ent = cast.client("office"), cast.client("lead"), cast.client("enterprise_user")
    office.post(f"/appeals/{a.pk}/act/dispatch/", {"lead_unit": cast.lead_unit.pk})
    lead.post(f"/appeals/{a.pk}/act/acknowledge/")
    lead.post(f"/appeals/{a.pk}/act/reply/", {"text": "已办结"})
    page = ent.get(f"/appeals/{a.pk}/").content.decode()
    assert _selected(page, "solved") == [""] and _selected(page, "satisfaction") == [""]

    response = ent.post(f"/appeals/{a.pk}/act/callback/", {"satisfaction": "4"}, follow=True)
    assert "请选择问题是否解决" in response.content.decode()
    a.refresh_from_db()
    # Not a silent "unsolved" that would have sent the appeal back to 重办.
    assert a.status == Appeal.Status.REPLIED and a.reopen_count == 0
