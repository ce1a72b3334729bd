"""What the ledger and appeals post to the units' and the office's group robots, checked at a real local
receiver: each notice reaches the right group with a link, and no appeal message carries the
complainant's name, phone or own words."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.appeals.makers import make_appeal
from tests.core.webhook_receiver import SITE, Receiver, receiver, sent
from tests.ledger.helpers import leaf, publish_small
from yingshang.appeals import services as appeals
from yingshang.core.models import Webhook
from yingshang.ledger import services as ledger

__all__ = ["receiver", "sent"]  # fixtures


def _groups(cast: Any, rec: Receiver) -> dict[str, Webhook]:
    """企业微信 for the lead unit, 钉钉 for the cooperating unit, 飞书 for the city office."""
    from tests.core.webhook_receiver import DINGTALK_SECRET, FEISHU_SECRET

    def make(name: str, platform: str, secret: str = "", **owner: Any) -> Webhook:
        return Webhook.objects.create(
            name=name,
            platform=platform,
            url=rec.url(platform),
            secret=secret,
            created_by=cast.office,
            **owner,
        )

    return {
        "lead": make("牵头单位群", "wecom", unit=cast.lead_unit),
        "coop": make("配合单位群", "dingtalk", DINGTALK_SECRET, unit=cast.coop_unit),
        "office": make("营商办群", "feishu", FEISHU_SECRET, region=cast.city),
    }


def _by_platform(rec: Receiver) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"wecom": [], "dingtalk": [], "feishu": []}
    for m in rec.received:
        out[m["platform"]].append(m["text"])
    return out


def test_ledger_notices_reach_the_units_groups(cast: Any, receiver: Receiver, sent: Any) -> None:
    _groups(cast, receiver)
    with sent():
        _, tasks = publish_small(cast)
    task = leaf(tasks, "一/(一)")
    got = _by_platform(receiver)
    assert any("【任务下发】" in t for t in got["wecom"]) and any(
        "【任务下发】" in t for t in got["dingtalk"]
    )
    assert got["feishu"] == []  # the office hears about its own dispatch in its inbox only
    receiver.received.clear()

    with sent():
        report = ledger.submit_report(
            actor=cast.lead, task=task, period="2025-03", progress_text="推进中", percent=5
        )
    with sent():
        ledger.return_report(actor=cast.office, report=report, reason="请补充数据")
    with sent():
        ledger.issue_notice(
            actor=cast.office,
            task=task,
            unit=cast.lead_unit,
            reason="进度滞后",
            demanded_date=date(2099, 1, 1),
        )
    with sent():
        ledger.run_reminders()  # the small document's deadlines are in 2025: overdue now
    lead = _by_platform(receiver)["wecom"]
    for tag in ("【报送退回】", "【督办】", "【催办】"):
        assert any(tag in t and task.code in t for t in lead), (tag, lead)
    assert all(f"{SITE}/ledger/tasks/" in t for t in lead)
    assert receiver.refused == []


def test_appeal_messages_never_carry_the_complainant(cast: Any, receiver: Receiver, sent: Any) -> None:
    _groups(cast, receiver)
    appeal = make_appeal(
        cast,
        title="张三丰反映13912345678无人接听",
        description="我是张三丰，电话13912345678，营业执照变更半个月没有结果。",
        contact_name="张三丰",
        contact_phone="13912345678",
    )
    with sent():
        appeals.dispatch_appeal(
            actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit, cooperating_units=[cast.coop_unit]
        )
    appeal.refresh_from_db()
    with sent():
        counts = appeals.sweep_appeals(now=appeal.reply_due_at + timedelta(days=3))
    assert counts["overdue"] >= 1
    got = _by_platform(receiver)
    assert any("【诉求分办】" in t for t in got["wecom"])
    assert any("【诉求协办】" in t for t in got["dingtalk"])
    assert any("【诉求超期】" in t for t in got["wecom"])
    assert any("【诉求超期】" in t and "营商办" in t for t in got["feishu"])
    for text in receiver.texts():
        assert f"诉求#{appeal.pk}" in text and f"{SITE}/appeals/{appeal.pk}/" in text
        for secret in ("张三丰", "13912345678", "无人接听", "营业执照变更"):
            assert secret not in text, text
    assert receiver.refused == []


def test_other_regions_offices_do_not_hear(cast: Any, receiver: Receiver, sent: Any) -> None:
    Webhook.objects.create(
        name="东河区营商办群",
        platform="wecom",
        url=receiver.url("wecom"),
        region=cast.other_county,
        created_by=cast.office,
    )
    appeal = make_appeal(cast)
    with sent():
        appeals.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    appeal.refresh_from_db()
    with sent():
        appeals.sweep_appeals(now=appeal.reply_due_at + timedelta(days=3))
    assert receiver.received == []
