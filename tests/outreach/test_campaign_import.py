"""回访名单 from Excel (real .xlsx files built here): template, dry run with row errors, all or nothing,
matched by 统一社会信用代码 — on the campaign page and in the API."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tests.makers import make_enterprise
from yingshang.core.creditcode import make_credit_code
from yingshang.core.events import timeline
from yingshang.outreach import services
from yingshang.outreach.models import CallbackCampaign, CampaignTarget

HEADER = ["统一社会信用代码", "企业名称"]


def xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(rows: list[list[Any]], **kw: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile("回访名单.xlsx", xlsx(rows, **kw))


def campaign(cast: Any) -> CallbackCampaign:
    return services.create_campaign(actor=cast.office, region=cast.city, year=2025, name="2025年度回访")


def test_dry_run_names_each_bad_row_and_nothing_is_written_until_every_row_is_good(cast: Any) -> None:
    c = campaign(cast)
    new = make_enterprise(cast.county, name="线下办事企业有限公司")
    unknown = make_credit_code(99_999_001)  # well formed, no such enterprise
    rows = [
        [cast.enterprise.credit_code, cast.enterprise.name],
        [new.credit_code.lower(), "线下办事企业"],  # matched case-insensitively; the name differs
        ["", "没填代码的企业"],
        ["91150000ABC", "代码太短"],
        [unknown, "查无此企业"],
        [cast.enterprise.credit_code, "重复"],
    ]
    plan = services.import_campaign_targets(
        actor=cast.office, campaign=c, fileobj=io.BytesIO(xlsx(rows)), apply=True
    )
    errors = {e.row: e.message for e in plan.errors}
    assert sorted(errors) == [4, 5, 6, 7]
    assert errors[4] == "请填写统一社会信用代码。"
    assert "有误" in errors[5] and "18位" in errors[5]
    assert errors[6] == f"平台中没有统一社会信用代码为“{unknown}”的企业。"
    assert errors[7] == f"与第2行是同一家企业({cast.enterprise.name})。"
    assert [n.row for n in plan.notices] == [3] and "以统一社会信用代码为准" in plan.notices[0].message
    assert [r["enterprise"] for r in plan.created] == [cast.enterprise.name, new.name]
    assert not CampaignTarget.objects.exists()  # applied, but a row was wrong: nothing written
    good = rows[:2]
    dry = services.import_campaign_targets(actor=cast.office, campaign=c, fileobj=io.BytesIO(xlsx(good)))
    assert dry.ok and len(dry.created) == 2 and not CampaignTarget.objects.exists()
    done = services.import_campaign_targets(
        actor=cast.office, campaign=c, fileobj=io.BytesIO(xlsx(good)), apply=True
    )
    assert len(done.created) == 2
    assert set(c.targets.values_list("enterprise_id", "unit_id", "source")) == {
        (cast.enterprise.pk, None, "import"),
        (new.pk, None, "import"),
    }
    assert [e.action for e in timeline(c)] == ["create", "import_list"]
    again = services.import_campaign_targets(
        actor=cast.office, campaign=c, fileobj=io.BytesIO(xlsx(good)), apply=True
    )
    assert again.ok and again.unchanged == 2 and not again.created and c.targets.count() == 2


def test_enterprises_outside_the_campaign_region_are_refused(cast: Any) -> None:
    county_campaign = services.create_campaign(
        actor=cast.office, region=cast.county, year=2025, name="旗回访"
    )
    rows = [[cast.other_enterprise.credit_code, ""]]
    plan = services.import_campaign_targets(
        actor=cast.office, campaign=county_campaign, fileobj=io.BytesIO(xlsx(rows))
    )
    assert [e.message for e in plan.errors] == [
        f"{cast.other_enterprise.name}不在本次回访活动的区域(奈曼旗)内。"
    ]


def test_a_sheet_without_the_code_column_is_refused_in_chinese(cast: Any) -> None:
    c = campaign(cast)
    response = cast.client("office").post(
        f"/outreach/campaigns/{c.pk}/import/",
        {"file": upload([["某企业"]], header=["企业名称"]), "apply": "0"},
    )
    assert response.status_code == 200 and "缺少表头列：统一社会信用代码" in response.content.decode()


def test_template_downloads_with_the_headers_the_import_reads(cast: Any) -> None:
    response = cast.client("office").get("/outreach/campaigns/import-template.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in ws[1]] == HEADER


def test_campaign_page_previews_then_imports(cast: Any) -> None:
    c = campaign(cast)
    client = cast.client("office")
    page = client.get(f"/outreach/campaigns/{c.pk}/").content.decode()
    assert f"/outreach/campaigns/{c.pk}/import/" in page and "credit_codes" not in page
    url = f"/outreach/campaigns/{c.pk}/import/"
    bad = client.post(url, {"file": upload([["NOSUCHCODE", ""]]), "apply": "1"}).content.decode()
    assert "第2行：统一社会信用代码“NOSUCHCODE”有误" in bad and not c.targets.exists()
    rows = [[cast.enterprise.credit_code, cast.enterprise.name]]
    preview = client.post(url, {"file": upload(rows), "apply": "0"}).content.decode()
    assert (
        'data-testid="import-plan"' in preview and cast.enterprise.name in preview and not c.targets.exists()
    )
    done = client.post(url, {"file": upload(rows), "apply": "1"})
    assert done.status_code == 302 and done["Location"] == f"/outreach/campaigns/{c.pk}/"
    assert c.targets.get().enterprise == cast.enterprise


def test_api_dry_run_then_apply_all_or_nothing(cast: Any) -> None:
    c = campaign(cast)
    client = cast.client("office")
    url = f"/api/v1/outreach/campaigns/{c.pk}/import"
    rows = [[cast.enterprise.credit_code, ""], ["123", ""]]
    dry = client.post(url, {"file": upload(rows)})
    assert dry.status_code == 200
    body = dry.json()
    assert body["applied"] is False and [e["row"] for e in body["errors"]] == [3]
    refused = client.post(f"{url}?apply=true", {"file": upload(rows)})
    assert refused.status_code == 422
    assert refused.json()["code"] == "import_rows" and "row_3" in refused.json()["fields"]
    assert not c.targets.exists()
    done = client.post(f"{url}?apply=true", {"file": upload(rows[:1])})
    assert done.status_code == 200 and done.json()["applied"] is True
    assert [r["credit_code"] for r in done.json()["created"]] == [cast.enterprise.credit_code]
    assert c.targets.count() == 1
    broken = client.post(url, {"file": SimpleUploadedFile("名单.xlsx", b"not a workbook")})
    assert broken.status_code == 422 and broken.json()["code"] == "bad_file"
    assert cast.client("lead").post(url, {"file": upload(rows[:1])}).status_code == 403
