"""Demo data of the outreach app: contacts for a few dozen enterprises with their visits (some overdue),
the 六必访 list, one 座谈会, a 回访 campaign half done, and three supervisors with findings — all through
the services, dates in order (visits and events in the past, findings within the supervisors' terms)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingshang.appeals.selectors import active_services
from yingshang.core import services as core_services
from yingshang.core.creditcode import make_credit_code
from yingshang.core.demo import DEMO_PASSWORD
from yingshang.core.models import Enterprise, User
from yingshang.outreach import services
from yingshang.outreach.models import Assignment, OutreachEvent, Problem, Visit

Role = User.Role
OCCASIONS = [
    "企业开工投产必访",
    "企业生产经营遇到困难必访",
    "企业重大项目建设关键节点必访",
    "企业发生重大变故必访",
    "企业家有诉求必访",
    "重要节假日必访",
]
TRADES = [
    ("农牧", "农牧业"),
    ("建材", "建材"),
    ("物流", "物流"),
    ("食品", "食品加工"),
    ("光伏", "新能源"),
    ("机械", "装备制造"),
]
CADRES = [
    ("cadre_fgw", "发改委周干部", "county:发展和改革委员会"),
    ("cadre_gxj", "工信局吴干部", "county:工业和信息化局"),
    ("cadre_swj", "商务局郑干部", "county:商务局"),
    ("cadre_nkj", "农科局冯干部", "county:农牧和科技局"),
]
TOPICS = [
    ("了解一季度生产经营情况，企业订单饱满。", ""),
    ("宣讲稳岗返还和留工补助政策。", "希望加快稳岗返还资金拨付"),
    ("走访新建厂房项目现场。", "厂区外道路尚未硬化，雨天运输困难"),
    ("电话了解用电情况。", ""),
    ("座谈企业融资需求。", "流动资金贷款审批周期长"),
    ("了解招工用工情况。", "技术工人招聘难"),
]
FINDINGS = [
    ("政务服务大厅午休时段无人值守，群众排队等候。", "旗政务服务中心一楼", "county:行政审批和政务服务局"),
    ("企业反映施工许可办理要求提供清单外材料。", "住建局窗口", "county:住房和城乡建设局"),
    ("执法检查未出示执法证件。", "八仙筒镇某超市", "county:市场监督管理局"),
    ("供电报装窗口一次性告知不到位。", "供电公司营业厅", "county:国网奈曼供电公司"),
]


def _user(username: str, display: str, role: str, **kw: Any) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            display_name=display,
            role=role,
            email=f"{username}@example.org",
            **kw,
        )
    return user


@transaction.atomic
def load_outreach_demo(cast: Any, log: Callable[[str], None]) -> None:
    if Assignment.objects.exists():
        log("政企联系：已有数据，跳过")
        return
    rnd = random.Random(20)
    today = timezone.localdate()
    office = cast.users["office"]
    county = cast.regions["county"]
    services.save_occasions(actor=office, region=cast.regions["city"], names=OCCASIONS)

    enterprises = list(Enterprise.objects.filter(region__tree_path__startswith=county.tree_path))
    for i in range(30):
        trade, industry = TRADES[i % len(TRADES)]
        name = f"奈曼旗{['东升', '金地', '宏达', '瑞丰', '兴旺', '恒通'][i % 6]}{trade}有限公司{i + 1:02d}"
        enterprise = Enterprise.objects.filter(name=name).first() or core_services.create_enterprise(
            actor=None,
            name=name,
            credit_code=make_credit_code(500 + i, region="150525"),
            region=county if i % 3 else cast.regions["town"],
            industry=industry,
            size_class=["small", "micro", "medium"][i % 3],
            contact_name=f"企业联系人{i + 1}",
            contact_phone=f"1380475{i + 1:04d}",
        )
        enterprises.append(enterprise)

    cadres = [cast.users["unitstaff"], cast.users["unitlead"], cast.users["coopstaff"]]
    cadres += [_user(u, d, Role.UNIT_STAFF, unit=cast.units[key], region=county) for u, d, key in CADRES]
    occasions = list(services.save_occasions(actor=office, region=cast.regions["city"], names=OCCASIONS))
    visits = problems = 0
    for n, enterprise in enumerate(enterprises):
        cadre = cadres[n % len(cadres)]
        services.assign_cadre(
            actor=office, enterprise=enterprise, cadre=cadre, frequency_days=[30, 60, 90][n % 3]
        )
        if n % 4 == 0:
            # a leader looks after some enterprises too (one enterprise, several cadres)
            services.assign_cadre(
                actor=office, enterprise=enterprise, cadre=cast.users["unitlead"], frequency_days=90
            )
        # oldest first; every fifth enterprise has not been visited for a long time (overdue)
        last = 120 if n % 5 == 0 else rnd.randint(3, 40)
        for k, days_ago in enumerate(sorted({last + 30 * j for j in range(rnd.randint(1, 3))}, reverse=True)):
            discussed, raised = TOPICS[(n + k) % len(TOPICS)]
            services.log_visit(
                actor=cadre,
                enterprise=enterprise,
                visited_on=today - timedelta(days=days_ago),
                method=list(Visit.Method.values)[(n + k) % 4],
                discussed=discussed,
                occasion=occasions[(n + k) % len(occasions)] if k == 0 else None,
                problems=[raised] if raised and days_ago == last else [],
            )
            visits += 1
            problems += bool(raised and days_ago == last)

    service = active_services().first()
    open_problems = list(Problem.objects.filter(status=Problem.Status.OPEN).order_by("id"))
    for i, problem in enumerate(open_problems[:6]):
        if i % 3 == 0 and service is not None:
            services.problem_to_appeal(actor=office, problem=problem, service=service)
        elif i % 3 == 1:
            services.problem_to_task(
                actor=office,
                problem=problem,
                lead_unit=cast.units["county:发展和改革委员会"],
                due_date=today + timedelta(days=30),
            )
        else:
            services.dismiss_problem(actor=office, problem=problem, reason="企业已自行解决，经电话确认。")

    forum = services.create_event(
        actor=cast.users["unitlead"],
        region=county,
        kind=OutreachEvent.Kind.FORUM,
        title=f"{today.year}年民营企业座谈会",
        held_on=today - timedelta(days=20),
        place="旗政府三楼会议室",
        enterprises=enterprises[:10],
    )
    services.record_attendance(
        actor=cast.users["unitlead"],
        event=forum,
        attended_ids=[e.pk for e in enterprises[:8]],
        summary="与会企业就融资、用地、用工等问题发言，相关部门现场答复。",
    )
    services.raise_problem(
        actor=cast.users["unitlead"],
        channel=Problem.Channel.EVENT,
        region=county,
        enterprise=enterprises[1],
        unit=forum.unit,
        event=forum,
        text="希望简化小额工程项目招投标流程",
    )

    campaign = services.create_campaign(
        actor=office, region=cast.regions["city"], year=today.year, name=f"{today.year}年度办事企业回访"
    )
    services.build_campaign_list(actor=office, campaign=campaign, extra=enterprises[:12])
    services.assign_callers(actor=office, campaign=campaign, callers=[office, cast.users["unitstaff"]])
    for i, target in enumerate(
        campaign.targets.filter(caller=office).select_related("enterprise__region", "campaign")[:5]
    ):
        services.record_answers(
            actor=office,
            target=target,
            answers=[
                str(5 - i % 3),
                "无" if i % 2 else "材料要求讲得不清楚，跑了两次",
                "" if i % 2 else "希望增加周末办理窗口",
            ],
        )

    supervisors = [cast.users["supervisor"]] + [
        _user(
            f"supervisor{k}",
            f"社会监督员{name}",
            Role.SUPERVISOR,
            region=cast.regions["city"],
            phone=f"1390475{k:04d}",
        )
        for k, name in ((2, "钱先生"), (3, "何女士"))
    ]
    for k, sup in enumerate(supervisors):
        services.appoint_supervisor(
            actor=office,
            user=sup,
            region=county,
            term_start=today - timedelta(days=200),
            term_end=today + timedelta(days=530),
            fields=[["service", "approval"], ["enforcement", "competition"], ["relations", "investment"]][k],
            contact=sup.phone or "13904750001",
        )
        for j in range(k, k + 2):
            text, where, unit_key = FINDINGS[j % len(FINDINGS)]
            services.file_finding(
                actor=sup, text=text, location=where, unit=cast.units[unit_key], evidence="现场照片2张"
            )
    findings = list(Problem.objects.filter(channel=Problem.Channel.FINDING).order_by("id"))
    services.problem_to_task(
        actor=office,
        problem=findings[0],
        lead_unit=cast.units["county:行政审批和政务服务局"],
        due_date=today + timedelta(days=15),
    )
    services.dismiss_problem(actor=office, problem=findings[1], reason="经核实，所需材料属于法定要件。")
    log(
        f"政企联系：包联企业 {Assignment.objects.values('enterprise').distinct().count()} 家，走访 {visits} 次，"
        f"反映问题 {problems} 条，座谈会 1 场，回访名单 {campaign.targets.count()} 家，监督员 {len(supervisors)} 名"
    )
