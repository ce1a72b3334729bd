"""Group robots (企业微信 / 钉钉 / 飞书): each platform's format and signature checked by a real local
receiver, retries and their record, the SSRF guard, masked secrets, and what the ledger and appeals post."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.core.webhook_receiver import DINGTALK_SECRET, FEISHU_SECRET, Receiver, receiver, sent
from yingshang.core.errors import NotAllowed, NotFound, ValidationFailed
from yingshang.core.models import Webhook, WebhookDelivery
from yingshang.core.webhooks import delivery, platforms, services, transport

SECRETS = {"wecom": "", "dingtalk": DINGTALK_SECRET, "feishu": FEISHU_SECRET}


def _hook(cast: Any, rec: Receiver, platform: str, *, unit: Any = None, secret: str | None = None) -> Webhook:
    owner = {"unit": unit} if unit is not None else {"region": cast.city}
    return services.create_webhook(
        actor=cast.office,
        name=f"{platform}群",
        platform=platform,
        url=rec.url(platform),
        secret=SECRETS[platform] if secret is None else secret,
        **owner,
    )


# -- formats and signatures -----------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["wecom", "dingtalk", "feishu"])
def test_each_platform_accepts_the_signed_message(
    cast: Any, receiver: Receiver, platform: str, sent: Any
) -> None:
    hook = _hook(cast, receiver, platform)
    with sent():
        row = services.send_test(actor=cast.office, webhook=hook)
    row.refresh_from_db()
    assert receiver.refused == []
    assert [m["platform"] for m in receiver.received] == [platform]
    assert "测试消息" in receiver.texts()[0]
    assert (row.status, row.attempts, row.response_code) == ("sent", 1, 200)
    hook.refresh_from_db()
    assert (hook.last_status, hook.failures) == ("ok", 0)


@pytest.mark.parametrize("platform", ["dingtalk", "feishu"])
def test_a_wrong_secret_is_refused_by_the_platform_and_recorded(
    cast: Any, receiver: Receiver, platform: str, sent: Any
) -> None:
    hook = _hook(cast, receiver, platform, secret="SECwrong0000000000")
    with sent():
        row = services.send_test(actor=cast.office, webhook=hook)
    row.refresh_from_db()
    assert receiver.received == [] and len(receiver.refused) == 1
    # HTTP 200 with a non-zero code is a refusal, retried later.
    assert (row.status, row.response_code) == ("retrying", 200)
    assert "sign" in row.response_excerpt
    hook.refresh_from_db()
    assert (hook.last_status, hook.failures) == ("error", 1)


def test_signatures_follow_the_documented_recipes() -> None:
    # Independent of the receiver: the platforms' own published examples.
    assert platforms.dingtalk_sign("this is secret", 1599360473000).endswith("%3D")
    body = platforms.build("feishu", url="https://x", secret="s", text="t", link="", now=1599360473.9).body
    assert b'"timestamp": "1599360473"' in body
    out = platforms.build(
        "dingtalk", url="https://x/robot/send?access_token=a", secret="s", text="t", link="", now=1.5
    )
    assert "&timestamp=1500&sign=" in out.url
    link = "https://ys.example.gov.cn/ledger/tasks/1/"
    long = platforms.build("wecom", url="https://x", secret="", text="长" * 3000, link=link, now=0).body
    content = json.loads(long)["markdown"]["content"]
    assert len(content.encode()) <= platforms.WECOM_MAX_BYTES and link in content


# -- retries and their record ---------------------------------------------------------------------


def test_a_failed_attempt_is_retried_later_and_each_attempt_recorded(
    cast: Any, receiver: Receiver, sent: Any
) -> None:
    hook = _hook(cast, receiver, "wecom")
    receiver.fail_next = 1
    with sent():
        row = services.send_test(actor=cast.office, webhook=hook)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.response_code) == ("retrying", 1, 502)
    assert row.next_attempt_at is not None
    # Not due yet: the sweep leaves it alone.
    assert delivery.due_deliveries(timezone.now()) == []
    later = row.next_attempt_at + timedelta(seconds=1)
    assert delivery.due_deliveries(later) == [row.pk]
    assert delivery.attempt(row.pk, now=later) == "sent"
    row.refresh_from_db()
    assert row.attempts == 2 and [a["code"] for a in row.attempt_log] == [502, 200]
    assert len(receiver.received) == 1


def test_a_robot_that_keeps_failing_gives_up_and_shows_on_the_office_page(
    cast: Any, receiver: Receiver, sent: Any
) -> None:
    hook = _hook(cast, receiver, "feishu")
    receiver.fail_next = 99
    with sent():
        row = services.send_test(actor=cast.office, webhook=hook)
    now = timezone.now()
    for _ in range(delivery.MAX_ATTEMPTS - 1):
        row.refresh_from_db()
        now = row.next_attempt_at + timedelta(seconds=1)
        delivery.attempt(row.pk, now=now)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    assert delivery.attempt(row.pk, now=now + timedelta(days=1)) == ""  # failed is final
    page = cast.client("office").get("/webhooks/").content.decode()
    assert 'data-testid="webhook-failing"' in page and 'data-testid="failing-deliveries"' in page
    # The office can send it again once the robot is fixed.
    receiver.fail_next = 0
    with sent():
        services.resend_delivery(actor=cast.office, delivery_row=row)
    row.refresh_from_db()
    assert row.status == "sent"


def test_an_unreachable_robot_never_blocks_the_action(cast: Any, receiver: Receiver, sent: Any) -> None:
    from tests.ledger.helpers import leaf, publish_small
    from yingshang.ledger import services as ledger

    Webhook.objects.create(
        name="坏地址",
        platform="wecom",
        url="http://127.0.0.1:9/cgi-bin/webhook/send?key=x",
        unit=cast.lead_unit,
        created_by=cast.office,
    )
    _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    with sent():
        notice = ledger.issue_notice(
            actor=cast.office,
            task=task,
            unit=cast.lead_unit,
            reason="进度滞后",
            demanded_date=date(2099, 1, 1),
        )
    assert notice.pk
    row = WebhookDelivery.objects.get(event="ledger_notice")
    assert row.status == "retrying" and row.response_excerpt == "连接被拒绝"


# -- the SSRF guard and secrets --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",  # not https
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.8/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://user:pw@oapi.dingtalk.com/robot/send",
        "ftp://oapi.dingtalk.com/robot/send",
        "https:///nohost",
    ],
)
def test_unsafe_urls_are_refused(cast: Any, url: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        services.create_webhook(actor=cast.office, name="x", platform="wecom", url=url, region=cast.city)
    assert "url" in err.value.fields
    assert not Webhook.objects.exists()


def test_loopback_over_http_only_when_the_setting_permits(cast: Any, settings: Any) -> None:
    url = "http://127.0.0.1:8117/cgi-bin/webhook/send?key=k"
    with pytest.raises(ValidationFailed):
        transport.check_url(url)
    settings.YINGSHANG = {**settings.YINGSHANG, "WEBHOOK_ALLOW_LOOPBACK": True}
    assert transport.check_url(url).address == "127.0.0.1"
    with pytest.raises(ValidationFailed):  # private addresses stay refused
        transport.check_url("http://10.0.0.1/x")


def test_a_saved_robot_is_checked_again_at_send_time(
    cast: Any, receiver: Receiver, settings: Any, sent: Any
) -> None:
    hook = _hook(cast, receiver, "wecom")
    settings.YINGSHANG = {**settings.YINGSHANG, "WEBHOOK_ALLOW_LOOPBACK": False}
    with sent():
        row = services.send_test(actor=cast.office, webhook=hook)
    row.refresh_from_db()
    # Refused outright (no retry): the loopback receiver is no longer an allowed target.
    assert (row.status, row.attempts) == ("failed", 1) and "https" in row.response_excerpt
    assert receiver.received == []


def test_url_and_secret_are_never_shown_back_in_full(cast: Any, receiver: Receiver) -> None:
    hook = _hook(cast, receiver, "dingtalk", unit=cast.lead_unit)
    office = cast.client("office")
    for path in ("/webhooks/", f"/webhooks/{hook.pk}/", "/api/v1/webhooks", f"/api/v1/webhooks/{hook.pk}"):
        body = office.get(path).content.decode()
        assert "ding-token-0001" not in body and DINGTALK_SECRET not in body, path
    assert office.get(f"/api/v1/webhooks/{hook.pk}").json()["secret_set"] is True
    # Saving the form with blank URL and secret keeps both.
    office.post(f"/webhooks/{hook.pk}/", {"name": "改名", "url": "", "secret": "", "is_active": "on"})
    hook.refresh_from_db()
    assert (hook.name, hook.secret) == ("改名", DINGTALK_SECRET) and "ding-token-0001" in hook.url


# -- who manages which robot ------------------------------------------------------------------------


def test_units_manage_their_own_robot_and_the_office_all(cast: Any, receiver: Receiver) -> None:
    url = receiver.url("wecom")
    mine = services.create_webhook(
        actor=cast.lead, name="本单位群", platform="wecom", url=url, unit=cast.lead_unit
    )
    with pytest.raises(NotFound):
        services.create_webhook(actor=cast.lead, name="x", platform="wecom", url=url, unit=cast.coop_unit)
    with pytest.raises(NotAllowed):
        services.create_webhook(actor=cast.lead, name="x", platform="wecom", url=url, region=cast.county)
    with pytest.raises(NotFound):
        services.update_webhook(actor=cast.coop, webhook=mine, name="偷改")
    with pytest.raises(NotAllowed):
        services.create_webhook(actor=cast.leader, name="x", platform="wecom", url=url, unit=cast.lead_unit)
    services.update_webhook(actor=cast.office, webhook=mine, is_active=False)
    assert cast.client("coop").get(f"/webhooks/{mine.pk}/").status_code == 404
    assert cast.client("lead_boss").get(f"/webhooks/{mine.pk}/").status_code == 200


def test_pages_and_api_register_a_robot(cast: Any, receiver: Receiver, sent: Any) -> None:
    lead = cast.client("lead")
    resp = lead.post(
        "/webhooks/",
        {
            "name": "市场监管局工作群",
            "platform": "feishu",
            "owner": f"unit:{cast.lead_unit.pk}",
            "url": receiver.url("feishu"),
            "secret": FEISHU_SECRET,
        },
    )
    assert resp.status_code == 302
    hook = Webhook.objects.get(name="市场监管局工作群")
    with sent():
        assert lead.post(f"/webhooks/{hook.pk}/test/").status_code == 302
    assert receiver.received[-1]["platform"] == "feishu"
    bad = lead.post(
        "/webhooks/",
        {"name": "x", "platform": "wecom", "owner": f"unit:{cast.lead_unit.pk}", "url": "https://10.0.0.1/x"},
    )
    assert bad.status_code == 200 and "内网" in bad.content.decode()
    api = cast.client("office")
    created = api.post(
        "/api/v1/webhooks",
        {
            "name": "营商办群",
            "platform": "dingtalk",
            "url": receiver.url("dingtalk"),
            "secret": DINGTALK_SECRET,
            "region_id": cast.city.pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    with sent():
        queued = api.post(f"/api/v1/webhooks/{pk}/test")
    assert queued.status_code == 202 and queued.json()["status"] == "pending"
    deliveries = api.get(f"/api/v1/webhooks/{pk}/deliveries").json()
    assert deliveries["items"][0]["attempts"] == 1
    refused = api.post(
        "/api/v1/webhooks",
        {"name": "x", "platform": "wecom", "url": "https://10.0.0.1/", "region_id": cast.city.pk},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["code"] == "unsafe_url"
    assert api.delete(f"/api/v1/webhooks/{pk}").status_code == 204


__all__ = ["receiver", "sent"]  # fixtures
