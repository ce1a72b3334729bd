"""Pages: intake forms (public, enterprise, staff), tracking, actions, masking, escaping, lists and exports."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from tests.appeals.makers import make_appeal
from yingshang.appeals import selectors, services
from yingshang.appeals.models import Appeal, Service
from yingshang.core.events import timeline

XSS = "<script>alert('x')</script>"


def solve(client: Client) -> str:
    page = client.get("/appeals/public/").content.decode()
    a, b = map(int, re.search(r"(\d) \+ (\d) = \?", page).groups())  # type: ignore[union-attr]
    return str(a + b)


def public_data(cast: Any, **kw: Any) -> dict[str, Any]:
    return {
        "service": Service.objects.get(code="help").pk,
        "description": "园区供水水压不足，生产线经常停机。",
        "region": cast.county.pk,
        "contact_name": "张经理",
        "contact_phone": "13904750001",
        **kw,
    }


def test_public_form_files_and_answers_with_tracking_code(cast: Any) -> None:
    client = Client()
    data = public_data(cast, answer=solve(client))
    response = client.post("/appeals/public/", data)
    assert response.status_code == 200
    appeal = Appeal.objects.get()
    assert appeal.tracking_code in response.content.decode()
    assert appeal.channel == "website" and appeal.filed_by is None


def test_public_form_wrong_answer_or_no_session_stores_nothing(cast: Any) -> None:
    client = Client()
    solve(client)
    response = client.post("/appeals/public/", public_data(cast, answer="999"))
    assert response.status_code == 422 and "验证题答案不正确" in response.content.decode()
    # A bot posting straight to the URL has no question in its session.
    response = Client().post("/appeals/public/", public_data(cast, answer="2"))
    assert response.status_code == 422
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"description": ""}, "诉求内容不能为空"),
        ({"description": "长" * 100_000}, "不能超过5000字"),
        ({"credit_code": "91150000MA0N12345X"}, "统一社会信用代码"),
        ({"service": "99999"}, "未知的诉求类别"),
        ({"contact_phone": "abc"}, "联系电话"),
    ],
)
def test_public_form_bad_input_is_a_clear_error(cast: Any, change: dict, message: str) -> None:
    client = Client()
    response = client.post("/appeals/public/", public_data(cast, answer=solve(client), **change))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Appeal.objects.exists()


def test_public_form_rate_limit_burst_is_429(cast: Any) -> None:
    client = Client()
    codes = []
    for _ in range(6):
        codes.append(client.post("/appeals/public/", public_data(cast, answer=solve(client))).status_code)
    assert codes == [200] * 5 + [429]
    last = client.post("/appeals/public/", public_data(cast, answer="1"))
    assert last.status_code == 429 and "提交过于频繁" in last.content.decode()
    assert Appeal.objects.count() == 5
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/appeals/public/", public_data(cast, answer=solve(other))).status_code == 200


def test_script_is_escaped_on_every_page(cast: Any) -> None:
    a = make_appeal(cast, title=XSS[:30], description=f"内容{XSS}")
    services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=a)
    services.reply_appeal(actor=cast.lead, appeal=a, text=f"答复{XSS}")
    pages = [
        (cast.client("office"), f"/appeals/{a.pk}/"),
        (cast.client("office"), "/appeals/"),
        (cast.client("lead"), f"/appeals/{a.pk}/"),
        (cast.client("enterprise_user"), f"/appeals/{a.pk}/"),
        (cast.client("enterprise_user"), "/appeals/"),
        (cast.client("office"), "/"),
        (Client(), f"/appeals/track/?code={a.tracking_code}"),
    ]
    for client, url in pages:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "&lt;script&gt;alert" in body, url


def test_tracking_page_shows_status_and_reply_only(cast: Any) -> None:
    a = make_appeal(cast, description="内部细节不应公开")
    services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=a)
    services.reply_appeal(actor=cast.lead, appeal=a, text="已办理完毕")
    body = Client().get(f"/appeals/track/?code={a.tracking_code.lower()}").content.decode()
    assert "已答复" in body and "已办理完毕" in body
    assert "内部细节" not in body and a.contact_phone not in body
    assert Client().get("/appeals/track/?code=NOPE").status_code == 404


def test_cooperating_unit_sees_masked_contact(cast: Any) -> None:
    a = make_appeal(cast, contact_phone="13912345678")
    services.dispatch_appeal(
        actor=cast.office, appeal=a, lead_unit=cast.lead_unit, cooperating_units=[cast.coop_unit]
    )
    assert "13912345678" in cast.client("lead").get(f"/appeals/{a.pk}/").content.decode()
    coop = cast.client("coop").get(f"/appeals/{a.pk}/").content.decode()
    assert "13912345678" not in coop and "139****5678" in coop
    api = cast.client("coop").get(f"/api/v1/appeals/{a.pk}").json()
    assert api["contact_phone"] == "139****5678"
    listed = cast.client("coop").get("/api/v1/appeals/").json()["items"][0]
    assert listed["contact_phone"] == "139****5678"


def test_enterprise_files_on_its_page_with_attachment(cast: Any) -> None:
    client = cast.client("enterprise_user")
    upload = SimpleUploadedFile("材料.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        "/appeals/new/",
        {
            "service": Service.objects.get(code="approval").pk,
            "description": "窗口材料要求不一致",
            "attachments": upload,
        },
    )
    a = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/appeals/{a.pk}/"
    assert a.enterprise == cast.enterprise and a.attachments.count() == 1
    download = client.get(f"/appeals/attachments/{a.attachments.get().pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_bad_attachment_on_page_is_an_error_and_nothing_stored(cast: Any) -> None:
    client = cast.client("enterprise_user")
    upload = SimpleUploadedFile("x.exe", b"MZ\x90", content_type="application/octet-stream")
    response = client.post(
        "/appeals/new/",
        {"service": Service.objects.get(code="approval").pk, "description": "内容", "attachments": upload},
    )
    assert response.status_code == 200 and "类型不支持" in response.content.decode()
    assert not Appeal.objects.exists()


def test_office_staff_entry_for_a_phone_call(cast: Any) -> None:
    response = cast.client("office").post(
        "/appeals/new/",
        {
            "service": Service.objects.get(code="consult").pk,
            "description": "来电咨询",
            "region": cast.county.pk,
            "contact_name": "刘女士",
            "contact_phone": "13900000002",
            "channel": "hotline",
        },
    )
    assert response.status_code == 302
    assert Appeal.objects.get().channel == "hotline"


def test_whole_loop_through_the_action_pages(cast: Any) -> None:
    a = make_appeal(cast)
    office, lead, ent = cast.client("office"), cast.client("lead"), cast.client("enterprise_user")
    page = office.get(f"/appeals/{a.pk}/").content.decode()
    assert "建议主办单位" in page and "市场监督管理局" in page
    office.post(f"/appeals/{a.pk}/act/dispatch/", {"lead_unit": cast.lead_unit.pk})
    lead.post(f"/appeals/{a.pk}/act/acknowledge/")
    response = lead.post(f"/appeals/{a.pk}/act/acknowledge/", follow=True)
    assert "不能执行“签收”" in response.content.decode()  # the second click is a clear conflict message
    response = lead.post(f"/appeals/{a.pk}/act/reply/", {"text": ""}, follow=True)
    assert "答复内容不能为空" in response.content.decode()
    lead.post(f"/appeals/{a.pk}/act/reply/", {"text": "已办结"})
    ent.post(f"/appeals/{a.pk}/act/callback/", {"solved": "1", "satisfaction": "5"})
    office.post(f"/appeals/{a.pk}/act/close/")
    a.refresh_from_db()
    assert a.status == Appeal.Status.CLOSED
    assert [e.action for e in timeline(a)] == [
        "file",
        "dispatch",
        "acknowledge",
        "reply",
        "callback",
        "close",
    ]
    assert cast.client("office").post(f"/appeals/{a.pk}/act/nonsense/").status_code == 422


def test_read_only_leader_cannot_act(cast: Any) -> None:
    a = make_appeal(cast)
    assert (
        cast.client("leader")
        .post(f"/appeals/{a.pk}/act/dispatch/", {"lead_unit": cast.lead_unit.pk})
        .status_code
        == 403
    )
    a.refresh_from_db()
    assert a.status == Appeal.Status.SUBMITTED


def test_late_appeal_is_red_in_lists(cast: Any) -> None:
    a = make_appeal(cast)
    Appeal.objects.filter(pk=a.pk).update(is_late=True, colour="red")
    for who in ("office", "enterprise_user"):
        body = cast.client(who).get("/appeals/").content.decode()
        assert 'class="colour-red"' in body and "超期" in body
    assert cast.client("office").get("/appeals/?late=1").content.decode().count('data-late="1"') == 1


def test_list_export_and_stats_export(cast: Any) -> None:
    make_appeal(cast)
    response = cast.client("office").get("/appeals/?format=xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(1, 1).value == "查询码" and ws.max_row == 2
    assert cast.client("lead").get("/appeals/?format=xlsx").status_code == 403
    response = cast.client("office").get("/appeals/stats/?format=xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(2, 3).value == 1
    assert "签收及时率" in cast.client("office").get("/appeals/stats/").content.decode()


def test_office_edits_the_catalogue(cast: Any) -> None:
    s = Service.objects.get(code="consult")
    data = {
        "id": s.pk,
        "name": "政策咨询",
        "default_unit_name": "税务局",
        "acknowledge_hours": 4,
        "first_contact_workdays": 1,
        "close_workdays": 3,
        "is_active": "1",
    }
    assert cast.client("office").post("/appeals/services/", data).status_code == 302
    s.refresh_from_db()
    assert (s.acknowledge_hours, s.close_workdays, s.default_unit_name) == (4, 3, "税务局")
    cast.client("office").post("/appeals/services/", {**data, "close_workdays": "abc"})
    s.refresh_from_db()
    assert s.close_workdays == 3


def test_todo_lists_what_each_role_must_do(cast: Any) -> None:
    a = make_appeal(cast)
    assert "待分办" in cast.client("office").get("/").content.decode()
    services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    assert "待签收" in cast.client("lead").get("/").content.decode()


@pytest.mark.parametrize("who", ["office", "lead", "enterprise_user"])
def test_list_queries_do_not_grow_with_rows(cast: Any, who: str, django_assert_max_num_queries: Any) -> None:
    def fill(n: int) -> None:
        for _ in range(n):
            a = make_appeal(cast)
            services.dispatch_appeal(
                actor=cast.office, appeal=a, lead_unit=cast.lead_unit, cooperating_units=[cast.coop_unit]
            )

    client = cast.client(who)
    fill(2)
    with django_assert_max_num_queries(12):
        assert client.get("/appeals/").status_code == 200
    fill(20)
    with django_assert_max_num_queries(12):
        body = client.get("/appeals/").content.decode()
    assert body.count("/act/") == 0 and body.count('href="/appeals/') >= 22
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/appeals/?limit=50").json()["count"] == 22


def test_office_adds_a_category_and_it_can_be_filed_at_once(cast: Any) -> None:
    office = cast.client("office")
    new = {
        "op": "add",
        "code": "land_use",
        "name": "用地保障",
        "group": "求助",
        "acknowledge_hours": "3",
        "first_contact_workdays": "2",
        "close_workdays": "10",
    }
    assert office.post("/appeals/services/", new).status_code == 302
    s = Service.objects.get(code="land_use")
    assert (s.name, s.acknowledge_hours, s.first_contact_workdays, s.close_workdays) == ("用地保障", 3, 2, 10)
    assert s.order > Service.objects.exclude(pk=s.pk).order_by("-order").first().order
    # The per-process catalogue copy sees the new code straight away.
    a = services.file_appeal(
        actor=cast.office,
        service=selectors.service_by_code("land_use"),
        description="新厂房用地指标迟迟未落实。",
        region=cast.county,
        contact_name="王经理",
        contact_phone="13900000000",
    )
    assert a.service_id == s.pk
    # Refused: same code, bad code, non-positive or too large limits, empty name; the form keeps the input.
    for bad, field in [
        ({}, "已存在"),
        ({"code": "Land Use"}, "编码应为"),
        ({"code": "x2", "close_workdays": "0"}, "办结时限应在1—60之间"),
        ({"code": "x3", "acknowledge_hours": "-1"}, "签收时限应在1—60之间"),
        ({"code": "x4", "first_contact_workdays": "61"}, "首次联系时限应在1—60之间"),
        ({"code": "x5", "name": " "}, "名称不能为空"),
        ({"code": "x6", "close_workdays": "abc"}, "时限必须是整数"),
    ]:
        r = office.post("/appeals/services/", {**new, **bad})
        body = r.content.decode()
        assert r.status_code == 422 and field in body, (bad, body[:200])
        assert f'value="{({**new, **bad})["code"]}"' in body
    assert Service.objects.filter(code__in=["x2", "x3", "x4", "x5", "x6"]).count() == 0
    # Only the office adds categories.
    assert cast.client("lead").post("/appeals/services/", {**new, "code": "other"}).status_code == 403


def test_service_codes_are_validated_in_the_service(cast: Any) -> None:
    from yingshang.core.errors import NotAllowed, ValidationFailed

    with pytest.raises(NotAllowed):
        services.create_service(actor=cast.leader, code="abc", name="只读")
    with pytest.raises(ValidationFailed):
        services.create_service(actor=cast.office, code="consult", name="重复")


def test_catalogue_cache_follows_edits(cast: Any) -> None:
    s = selectors.service_by_code("consult")
    assert s is not None and s.is_active
    services.update_service(actor=cast.office, service=Service.objects.get(code="consult"), is_active=False)
    assert selectors.service_by_code("consult").is_active is False
    assert selectors.service_by_code("no_such_code") is None


def test_admin_lists_the_appeal_tables(cast: Any, django_user_model: Any) -> None:
    make_appeal(cast)
    root = django_user_model.objects.create_superuser(
        username="root", password="x-Strong-pass-1", role="office_admin"
    )
    client = Client()
    client.force_login(root)
    for model in ("service", "appeal", "appealextension", "appealattachment"):
        assert client.get(f"/admin/appeals/{model}/").status_code == 200, model
    a = Appeal.objects.first()
    assert client.get(f"/admin/appeals/appeal/{a.pk}/change/").status_code == 200


def test_login_page_links_to_the_public_form_and_tracking() -> None:
    from django.urls import reverse

    body = Client().get(reverse("core:login")).content.decode()
    assert 'href="/appeals/public/"' in body and 'href="/appeals/track/"' in body
