"""Duplicate suggestions weigh the caller (phone, enterprise) with the text; merge by tracking code."""

from __future__ import annotations

from typing import Any

from tests.appeals.makers import ensure_services, make_appeal
from yingshang.appeals import selectors, services
from yingshang.appeals.models import Appeal, Service


def anonymous(cast: Any, description: str, phone: str) -> Appeal:
    ensure_services()
    return services.file_appeal(
        actor=None,
        service=Service.objects.get(code="complaint"),
        description=description,
        region=cast.county,
        contact_name="来电人",
        contact_phone=phone,
    )


def test_text_similarity_sees_a_reworded_chinese_repeat() -> None:
    a = "我公司的营业执照变更登记提交半个月了一直没有办理结果"
    b = "营业执照变更已经半个月没有结果，请尽快办理"
    assert selectors.text_similarity(a, b) >= 40
    assert selectors.text_similarity(a, "园区路灯不亮，夜间出行不安全") < 20


def test_a_reworded_repeat_from_the_same_phone_is_suggested(cast: Any) -> None:
    first = anonymous(cast, "我公司的营业执照变更登记提交半个月了一直没有办理结果", "139-0475-0001")
    again = anonymous(cast, "营业执照变更已经半个月没有结果，请尽快办理", "13904750001")
    stranger = anonymous(cast, "营业执照变更已经半个月没有结果，请尽快办理", "13800000000")
    dups = {d["appeal"].pk: d for d in selectors.suggest_duplicates(first)}
    assert again.pk in dups and dups[again.pk]["same_phone"]
    # The same words from another phone are less alike than the bar for strangers.
    assert dups[again.pk]["similarity"] < selectors.DUPLICATE_TEXT_THRESHOLD
    assert stranger.pk not in dups


def test_one_enterprises_unrelated_appeals_do_not_flood_the_list(cast: Any) -> None:
    base = make_appeal(cast, description="园区供水水压不足，生产线经常停机。", title="供水水压不足")
    for text in ["出口退税迟迟没有到账", "申请专精特新认定需要哪些材料", "厂区门口道路破损需要维修"]:
        make_appeal(cast, description=text, title=text[:8])
    repeat = make_appeal(cast, description="园区供水压力不够，生产线又停机了。", title="水压不足再次反映")
    assert [d["appeal"].pk for d in selectors.suggest_duplicates(base)] == [repeat.pk]


def test_merge_by_tracking_code_from_the_page(cast: Any) -> None:
    parent = make_appeal(cast)
    other = anonymous(cast, "厂区门口道路破损需要维修", "13900000009")
    office = cast.client("office")
    page = office.get(f"/appeals/{parent.pk}/").content.decode()
    assert 'name="codes"' in page
    response = office.post(f"/appeals/{parent.pk}/act/merge/", {"codes": "NOSUCHCODE1"}, follow=True)
    assert "查询码不存在或无权操作：NOSUCHCODE1" in response.content.decode()
    other.refresh_from_db()
    assert other.status == Appeal.Status.SUBMITTED
    office.post(f"/appeals/{parent.pk}/act/merge/", {"codes": f" {other.tracking_code.lower()}，"})
    other.refresh_from_db()
    assert other.status == Appeal.Status.MERGED and other.parent_id == parent.pk


def test_merge_by_tracking_code_through_the_api(cast: Any) -> None:
    parent, other = make_appeal(cast), make_appeal(cast, description="另一件事")
    office = cast.client("office")
    url = f"/api/v1/appeals/{parent.pk}/merge"
    r = office.post(url, {"codes": ["ZZZZ"]}, content_type="application/json")
    assert r.status_code == 422 and r.json()["fields"] == {"codes": "无效"}
    r = office.post(url, {"codes": [other.tracking_code]}, content_type="application/json")
    assert r.status_code == 200
    other.refresh_from_db()
    assert other.parent_id == parent.pk
