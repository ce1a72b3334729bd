"""Demo appeals for `yingshang demo`: a few hundred across categories, units, channels and states.

Rows are written directly with back-dated clocks (the services always use "now"), so the lists show
late, nearly-late and answered appeals at once. Idempotent: nothing happens when demo rows exist.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from yingshang.appeals.catalogue import seed_services
from yingshang.appeals.models import Appeal, AppealReply, AppealUnit, Service
from yingshang.appeals.services import TRACKING_ALPHABET, clock_state, reply_due_from
from yingshang.appeals.suggest import suggest_indicators
from yingshang.core import workdays
from yingshang.core.demo import Cast
from yingshang.core.models import Enterprise, Event

COUNT = 300
PREFIX = "DM"

# (service code, lead unit name in 奈曼旗, text)
SAMPLES = [
    (
        "approval",
        "行政审批和政务服务局",
        "办理食品经营许可证，窗口要求补交的材料前后说法不一致，已经跑了三次。",
    ),
    ("arrears", "工业和信息化局", "我公司2022年承建的镇政府办公楼维修工程，工程款48万元至今未支付。"),
    ("factors", "国网奈曼供电公司", "新厂房申请用电报装已经一个月，变压器一直没有安装，影响投产。"),
    ("factors", "自来水公司", "园区内供水水压不足，生产线无法正常运行，请求协调解决。"),
    ("policy_delivery", "工业和信息化局", "去年申报的专精特新奖补资金至今没有拨付，询问进度无人答复。"),
    ("enforcement", "司法局", "一个月内不同部门来厂里检查了四次，内容基本重复，影响正常生产。"),
    ("consult", "税务局", "咨询小微企业增值税减免政策如何申报，电子税务局找不到入口。"),
    ("complaint", "市场监督管理局", "申请简易注销，公示期满后仍提示经营异常名录未移出，无法办结。"),
    ("broken_promise", "发展和改革委员会", "招商引资时承诺的厂房租金减免三年，现在只兑现了一年。"),
    ("help", "人力资源和社会保障局", "企业急需招聘20名熟练焊工，请求帮助对接就业服务资源。"),
    ("factors", "金融工作办公室", "企业续贷被银行要求追加抵押，资金周转困难，希望协调融资。"),
    ("approval", "住房和城乡建设局", "厂房扩建项目施工许可申请提交一个多月仍未审批。"),
    ("suggestion", "行政审批和政务服务局", "建议政务大厅增加周末预约服务，方便企业办事。"),
    ("complaint", "自然资源局", "土地出让合同已签订并缴清出让金，不动产权证迟迟办不下来。"),
    ("consult", "商务局", "咨询外贸企业出口信用保险补贴的申报条件和时间。"),
]


def load_appeals(cast: Cast, log: Callable[[str], None]) -> None:
    seed_services(Service)
    if Appeal.objects.filter(tracking_code__startswith=PREFIX).exists():
        log("企业诉求：演示数据已存在，跳过")
        return
    with transaction.atomic():
        made = _make(cast)
    log(f"企业诉求：{made} 件演示诉求")


# How long ago an appeal of each fate was filed, in hours: late enough for every later step to lie in
# the past (dispatch ≤ 90 min after filing, a reply ≤ 12 days after dispatch, callback and closure 1–2
# days after the reply), and early enough that an appeal still waiting is plausibly still waiting.
FILED_HOURS_AGO = {
    "submitted": (1, 20),
    "dispatched": (2, 30),
    "returned": (3, 30),
    "acknowledged": (6, 6 * 24),
    "late": (25 * 24, 40 * 24),
    "replied": (13 * 24, 25 * 24),
    "visited": (15 * 24, 200 * 24),
    "closed": (16 * 24, 200 * 24),
}


def _filed_at(rng: random.Random, now: datetime, fate: str) -> datetime:
    lo, hi = FILED_HOURS_AGO[fate]
    return now - timedelta(hours=rng.randint(lo, hi), minutes=rng.randint(0, 59))


def _make(cast: Cast) -> int:
    rng = random.Random(20260501)
    services = {s.code: s for s in Service.objects.all()}
    enterprises = list(
        Enterprise.objects.filter(region__tree_path__startswith=cast.regions["county"].tree_path)
    )
    county_units = {u.name: u for key, u in cast.units.items() if key.startswith("county:")}
    coop_pool = list(county_units.values())
    now = timezone.now()
    cal = workdays.get_calendar()
    appeals: list[Appeal] = []
    plan: list[tuple[Appeal, str, str]] = []
    channels = Appeal.Channel.values
    for i in range(COUNT):
        code, unit_name, text = SAMPLES[i % len(SAMPLES)]
        service = services[code]
        enterprise = rng.choice(enterprises) if enterprises and rng.random() < 0.8 else None
        fate = rng.choices(
            ["submitted", "dispatched", "acknowledged", "replied", "visited", "closed", "returned", "late"],
            weights=[4, 5, 8, 6, 4, 14, 2, 5],
        )[0]
        created = _filed_at(rng, now, fate)
        a = Appeal(
            tracking_code=PREFIX + "".join(rng.choice(TRACKING_ALPHABET) for _ in range(10)),
            channel=rng.choice(channels),
            service=service,
            region=cast.regions["county"],
            enterprise=enterprise,
            # Linked to an enterprise only as the office enters them (热线, 来访…): an anonymous filing
            # that names a company is a claim (appeals.claims), which the demo does not make.
            filed_by=cast.users.get("office") if enterprise else None,
            enterprise_name=enterprise.name if enterprise else "",
            credit_code=enterprise.credit_code if enterprise else "",
            contact_name=enterprise.contact_name if enterprise and enterprise.contact_name else "王先生",
            contact_phone=enterprise.contact_phone
            if enterprise and enterprise.contact_phone
            else "13904750000",
            title=text[:24],
            description=text,
            suggested_indicator=next((s.name for s in suggest_indicators(text, limit=1)), ""),
        )
        a.created_at = created
        if fate != "submitted":
            a.dispatched_at = created + timedelta(minutes=rng.randint(20, 90))
            a.acknowledge_due_at = cal.add_working_hours(a.dispatched_at, service.acknowledge_hours)
            a.reply_due_at = reply_due_from(a.dispatched_at, service.close_workdays)
            if fate == "late":
                # Still open and past its deadline: what the 督办 lists are for.
                a.acknowledged_at = a.dispatched_at + timedelta(hours=1)
                a.status = Appeal.Status.ACKNOWLEDGED
            elif fate in ("dispatched", "returned"):
                a.status = fate
            elif fate == "acknowledged":
                a.acknowledged_at = min(now, a.dispatched_at + timedelta(minutes=rng.randint(10, 300)))
                a.acknowledged_late = a.acknowledged_at > a.acknowledge_due_at
                a.status = fate
            else:
                a.acknowledged_at = a.dispatched_at + timedelta(minutes=rng.randint(10, 300))
                a.acknowledged_late = a.acknowledged_at > a.acknowledge_due_at
                a.replied_at = a.dispatched_at + timedelta(days=rng.randint(1, 12))
                a.replied_late = a.replied_at > a.reply_due_at
                a.is_late = a.replied_late or a.acknowledged_late
                a.status = fate
                if fate in ("visited", "closed"):
                    a.callback_at = a.replied_at + timedelta(days=1)
                    # Not solved at the callback means 重办: back to the unit with a fresh reply clock.
                    a.solved = fate == "closed" or rng.random() < 0.7
                    if a.solved:
                        a.satisfaction = rng.choice([5, 5, 4, 4, 4, 3, 2, 1])
                    else:
                        a.satisfaction = rng.choice([1, 2, 3])
                        a.status = Appeal.Status.ACKNOWLEDGED
                        a.reopen_count = 1
                        a.reply_due_at = reply_due_from(a.callback_at, service.close_workdays)
                if fate == "closed":
                    a.closed_at = a.replied_at + timedelta(days=2)
            if a.status in (Appeal.Status.DISPATCHED, Appeal.Status.ACKNOWLEDGED):
                a.colour, a.next_alert_at = clock_state(a, now)
                a.is_late = a.is_late or a.colour == "red"
            elif a.is_late:
                a.colour = "red"
        appeals.append(a)
        plan.append((a, fate, unit_name))
    filed = [a.created_at for a in appeals]
    Appeal.objects.bulk_create(appeals)
    # auto_now_add overwrites the value given at creation (on the instance too): write the back-dated
    # filing times afterwards, from the copy taken before.
    for a, created in zip(appeals, filed, strict=True):
        a.created_at = created
        Appeal.objects.filter(pk=a.pk).update(created_at=created)
    links, replies, events = [], [], []
    ct = ContentType.objects.get_for_model(Appeal)

    def event(a: Appeal, action: str, at: datetime, from_status: str, to_status: str, **note: object) -> None:
        events.append(
            Event(
                content_type=ct,
                object_id=a.pk,
                action=action,
                from_status=from_status,
                to_status=to_status,
                note=note,
                created_at=at,
            )
        )

    for a, fate, unit_name in plan:
        event(a, "file", a.created_at, "", "submitted", demo=True)
        if fate == "submitted":
            continue
        lead = county_units.get(unit_name) or coop_pool[0]
        links.append(AppealUnit(appeal=a, unit=lead, role=AppealUnit.Role.LEAD))
        if rng.random() < 0.2:
            other = rng.choice([u for u in coop_pool if u.pk != lead.pk])
            links.append(AppealUnit(appeal=a, unit=other, role=AppealUnit.Role.COOPERATING))
        event(a, "dispatch", a.dispatched_at, "submitted", "dispatched", lead_unit=lead.name)
        if fate == "returned":
            event(
                a,
                "return_dispatch",
                min(now, a.dispatched_at + timedelta(minutes=30)),
                "dispatched",
                "returned",
                text="该事项不属于本单位职责。",
            )
        if a.acknowledged_at:
            event(a, "acknowledge", a.acknowledged_at, "dispatched", "acknowledged")
        if a.replied_at:
            replies.append(
                AppealReply(
                    appeal=a,
                    kind=AppealReply.Kind.REPLY,
                    unit=lead,
                    text=f"经核实，{lead.name}已会同有关单位处理，现答复如下：已按政策办理完毕。",
                )
            )
            event(a, "reply", a.replied_at, "acknowledged", "replied")
        if a.callback_at:
            event(
                a,
                "callback" if a.solved else "reopen",
                a.callback_at,
                "replied",
                "visited" if a.solved else "acknowledged",
                solved=a.solved,
                satisfaction=a.satisfaction,
                text="",
            )
        if a.closed_at:
            event(a, "close", a.closed_at, "visited", "closed", text="")
    AppealUnit.objects.bulk_create(links)
    AppealReply.objects.bulk_create(replies)
    Event.objects.bulk_create(events)
    return len(appeals)
