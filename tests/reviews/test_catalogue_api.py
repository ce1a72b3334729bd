"""The API for what is rated: service matters (list, create, Excel import with dry run) and the versioned
questionnaires. Same rule as the pages: the office manages, staff read the matters in their scope."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.reviews.helpers import make_point, make_rating, matter_sheet
from yingshang.core.events import timeline
from yingshang.core.models import Event
from yingshang.reviews import services
from yingshang.reviews.models import Questionnaire, Rating, ServiceMatter
from yingshang.reviews.questionnaires import NATIONAL_ITEMS

pytestmark = pytest.mark.django_db
MATTERS = "/api/v1/reviews/matters"
IMPORT = "/api/v1/reviews/matters/import"
QUESTIONNAIRES = "/api/v1/reviews/questionnaires"
LEAD_UNIT = "奈曼旗市场监督管理局"  # the short name alone is ambiguous across the counties
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _post_json(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def _upload(client: Client, sheet: io.BytesIO | bytes, *, dry_run: bool, name: str = "事项.xlsx") -> Any:
    data = sheet if isinstance(sheet, bytes) else sheet.getvalue()
    return client.post(
        IMPORT,
        {
            "file": SimpleUploadedFile(name, data, content_type=XLSX),
            "dry_run": "true" if dry_run else "false",
        },
    )


# -- matters: create and list ----------------------------------------------------------------------


def test_office_creates_a_matter_and_staff_list_their_scope(cast: Any) -> None:
    office = cast.client("office")
    made = _post_json(
        office, MATTERS, {"unit_id": cast.lead_unit.pk, "code": "SJ-001", "name": "企业设立登记"}
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["code"] == "SJ-001" and body["unit"] == cast.lead_unit.name and body["is_active"] is True
    matter = ServiceMatter.objects.get(pk=body["id"])
    assert [e.action for e in timeline(matter)] == ["create"]
    services.create_matter(actor=cast.office, unit=cast.coop_unit, code="SJ-002", name="项目备案")

    listed = office.get(MATTERS).json()
    assert listed["count"] == 2 and [m["code"] for m in listed["items"]] == ["SJ-001", "SJ-002"]
    assert [m["code"] for m in office.get(MATTERS, {"q": "备案"}).json()["items"]] == ["SJ-002"]
    # A unit reads its own matters only; a unit of another county none.
    assert [m["code"] for m in cast.client("lead").get(MATTERS).json()["items"]] == ["SJ-001"]
    assert cast.client("outsider").get(MATTERS).json()["count"] == 0


def test_matter_create_refusals_are_clear_and_store_nothing(cast: Any) -> None:
    body = {"unit_id": cast.lead_unit.pk, "code": "SJ-001", "name": "企业设立登记"}
    lead = _post_json(cast.client("lead"), MATTERS, body)
    assert lead.status_code == 403 and lead.json()["code"] == "role" and "营商办" in lead.json()["message"]
    leader = _post_json(cast.client("leader"), MATTERS, body)
    assert leader.status_code == 403 and leader.json()["code"] == "read_only"
    office = cast.client("office")
    unknown = _post_json(office, MATTERS, {**body, "unit_id": 999_999})
    assert unknown.status_code == 422 and unknown.json()["fields"] == {"unit_id": "不存在"}
    assert "实施单位" in unknown.json()["message"]
    blank = _post_json(office, MATTERS, {**body, "name": "  "})
    assert blank.status_code == 422 and blank.json() == {
        "message": "请填写事项名称。",
        "code": "validation",
        "fields": {"name": "必填"},
    }
    long = _post_json(office, MATTERS, {**body, "code": "S" * 41})
    assert long.status_code == 422 and long.json()["fields"] == {"code": "过长"}
    assert not ServiceMatter.objects.exists()
    assert _post_json(office, MATTERS, body).status_code == 201
    again = _post_json(office, MATTERS, body)
    assert again.status_code == 422 and "已存在" in again.json()["message"]
    assert ServiceMatter.objects.count() == 1


# -- matters: Excel import -------------------------------------------------------------------------


def test_import_dry_run_then_apply_then_update(cast: Any) -> None:
    office = cast.client("office")
    sheet = matter_sheet([["SJ-001", "企业设立登记", LEAD_UNIT], ["SJ-002", "项目备案", "发改委"]])
    preview = _upload(office, sheet, dry_run=True)
    assert preview.status_code == 200, preview.content
    assert preview.json() == {
        "dry_run": True,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rows": [
            {
                "row": 2,
                "action": "create",
                "code": "SJ-001",
                "name": "企业设立登记",
                "unit_id": cast.lead_unit.pk,
                "unit": cast.lead_unit.name,
            },
            {
                "row": 3,
                "action": "create",
                "code": "SJ-002",
                "name": "项目备案",
                "unit_id": cast.coop_unit.pk,
                "unit": cast.coop_unit.name,
            },
        ],
    }
    assert not ServiceMatter.objects.exists() and not Event.objects.filter(action="import_create").exists()

    applied = _upload(office, sheet, dry_run=False)
    assert (
        applied.status_code == 200 and applied.json()["dry_run"] is False and applied.json()["created"] == 2
    )
    assert sorted(ServiceMatter.objects.values_list("code", "unit_id")) == [
        ("SJ-001", cast.lead_unit.pk),
        ("SJ-002", cast.coop_unit.pk),
    ]
    changed = matter_sheet(
        [["SJ-001", "企业设立登记(含分支机构)", LEAD_UNIT], ["SJ-002", "项目备案", "发改委"]]
    )
    again = _upload(office, changed, dry_run=False).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 1, 1)
    assert again["rows"][0]["action"] == "update"
    assert ServiceMatter.objects.get(code="SJ-001").name == "企业设立登记(含分支机构)"


def test_import_with_bad_rows_is_refused_whole_naming_each_row(cast: Any) -> None:
    sheet = matter_sheet(
        [
            ["SJ-001", "企业设立登记", LEAD_UNIT],  # a good row: not imported either
            ["", "缺编码", "发改委"],
            ["SJ-009", "某事项", "不存在的局"],
        ]
    )
    for dry_run in (True, False):
        resp = _upload(cast.client("office"), sheet, dry_run=dry_run)
        assert resp.status_code == 422
        body = resp.json()
        assert body["code"] == "import_errors"
        assert body["message"].startswith("导入文件有2行错误，未导入任何服务事项；请修改后重新上传。第3行：")
        assert body["fields"] == {
            "row_3": "事项编码、事项名称、实施单位均为必填。",
            "row_4": "无法确定实施单位“不存在的局”，请写单位全称。",
        }
    assert not ServiceMatter.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "code", "words"),
    [
        (b"\xd0\xcf\x11\xe0 not a workbook", "事项.xlsx", "bad_file", "无法读取这个Excel文件"),
        (b"code,name\nSJ-001,x\n", "事项.csv", "bad_file", ".xlsx"),
        (
            matter_sheet([["SJ-001", "x"]], headers=("事项编码", "事项名称")).getvalue(),
            "事项.xlsx",
            "bad_header",
            "实施单位",
        ),
        (b"", "事项.xlsx", "bad_file", "无法读取"),
    ],
    ids=["broken", "csv", "missing-column", "empty"],
)
def test_import_of_a_bad_file_is_a_clear_422(
    cast: Any, content: bytes, name: str, code: str, words: str
) -> None:
    resp = _upload(cast.client("office"), content, dry_run=False, name=name)
    assert resp.status_code == 422, resp.content
    assert resp.json()["code"] == code and words in resp.json()["message"]
    assert not ServiceMatter.objects.exists()


def test_import_without_a_file_or_by_another_role_is_refused(cast: Any) -> None:
    missing = cast.client("office").post(IMPORT, {"dry_run": "true"})
    assert missing.status_code == 422 and missing.json() == {
        "message": "请上传Excel文件(.xlsx)。",
        "code": "validation",
        "fields": {"file": "必填"},
    }
    sheet = matter_sheet([["SJ-001", "企业设立登记", LEAD_UNIT]])
    for role in ("lead", "lead_boss", "leader", "enterprise_user"):
        resp = _upload(cast.client(role), sheet, dry_run=False)
        assert resp.status_code == 403, role
        assert resp.json()["code"] in ("role", "read_only")
    assert _upload(Client(), sheet, dry_run=False).status_code == 401
    assert not ServiceMatter.objects.exists()


def test_a_preview_gone_stale_is_a_conflict_not_a_500(cast: Any) -> None:
    """A code registered between the preview and the import (the page keeps its preview in the session)."""
    plan = services.plan_matter_import(
        matter_sheet([["SJ-000", "先导入", LEAD_UNIT], ["SJ-001", "企业设立登记", LEAD_UNIT]]),
        actor=cast.office,
    )
    services.create_matter(actor=cast.office, unit=cast.lead_unit, code="SJ-001", name="企业设立登记")
    from yingshang.core.errors import Conflict

    with pytest.raises(Conflict, match="SJ-001"):
        services.apply_matter_import(actor=cast.office, plan=plan)
    assert list(ServiceMatter.objects.values_list("code", flat=True)) == ["SJ-001"]


# -- questionnaires --------------------------------------------------------------------------------


def test_questionnaires_read_the_current_version_per_channel(cast: Any) -> None:
    resp = cast.client("office").get(QUESTIONNAIRES)
    assert resp.status_code == 200
    by_channel = {q["channel"]: q for q in resp.json()}
    assert set(by_channel) == {"onsite", "online"}
    assert by_channel["onsite"]["version"] == 1 and by_channel["onsite"]["channel_label"] == "现场服务"
    assert by_channel["onsite"]["items"] == NATIONAL_ITEMS["onsite"]
    assert [i["label"] for i in by_channel["online"]["items"]] == [
        "整体满意度",
        "办事效率",
        "办事指南精确度",
        "办事便捷度",
        "平台操作性",
    ]
    for role in ("lead", "lead_boss", "coop", "enterprise_user", "supervisor"):
        assert cast.client(role).get(QUESTIONNAIRES).status_code == 403, role


def test_editing_a_questionnaire_makes_a_version_and_old_ratings_keep_theirs(cast: Any) -> None:
    point = make_point(cast)
    old_rating = make_rating(cast, level=4, point=point, scores={"attitude": 5})
    office = cast.client("office")
    labels = ["整体满意度", "服务态度", "等候时长"]
    resp = _post_json(office, f"{QUESTIONNAIRES}/onsite/versions", {"labels": labels})
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["version"] == 2 and body["channel"] == "onsite"
    assert body["items"] == [
        {"code": "overall", "label": "整体满意度"},
        {"code": "attitude", "label": "服务态度"},  # an unchanged label keeps its code
        {"code": "item2", "label": "等候时长"},
    ]
    current = {q["channel"]: q["version"] for q in office.get(QUESTIONNAIRES).json()}
    assert current == {"onsite": 2, "online": 1}
    assert Questionnaire.objects.filter(channel="onsite").count() == 2

    old_rating.refresh_from_db()
    assert old_rating.questionnaire.version == 1
    assert old_rating.questionnaire.items == NATIONAL_ITEMS["onsite"]
    new_rating = make_rating(cast, level=5, point=point, scores={"item2": 4})
    assert new_rating.questionnaire.version == 2 and new_rating.scores == {"overall": 5, "item2": 4}
    assert Rating.objects.get(pk=old_rating.pk).scores == {"overall": 4, "attitude": 5}


@pytest.mark.parametrize(
    ("path", "body", "field", "words"),
    [
        ("onsite", {"labels": [f"评价项{i}" for i in range(11)]}, "labels", "1至10项"),
        ("onsite", {"labels": []}, "labels", "1至10项"),
        ("onsite", {"labels": ["  ", ""]}, "labels", "1至10项"),
        ("onsite", {"labels": ["整体满意度", "长" * 31]}, "labels", "不能超过30个字"),
        ("phone", {"labels": ["整体满意度"]}, "channel", "渠道"),
        ("onsite", {"labels": "整体满意度"}, "labels", "请求参数有误"),
        ("onsite", {"labels": ["整体满意度", "服务\x0b态度"]}, "labels", "请求参数有误"),
    ],
    ids=["too-many", "none", "blank", "too-long", "unknown-channel", "not-a-list", "control-char"],
)
def test_questionnaire_edit_refusals(
    cast: Any, path: str, body: dict[str, Any], field: str, words: str
) -> None:
    resp = _post_json(cast.client("office"), f"{QUESTIONNAIRES}/{path}/versions", body)
    assert resp.status_code == 422, resp.content
    assert words in resp.json()["message"] and field in resp.json()["fields"]
    assert not Questionnaire.objects.filter(version__gt=1).exists()


def test_questionnaire_edit_by_another_role_is_refused(cast: Any) -> None:
    for role in ("lead", "lead_boss", "leader", "enterprise_user"):
        resp = _post_json(cast.client(role), f"{QUESTIONNAIRES}/onsite/versions", {"labels": ["整体满意度"]})
        assert resp.status_code == 403 and resp.json()["code"] in ("role", "read_only"), role
    assert not Questionnaire.objects.filter(version__gt=1).exists()
