"""Demo data: a few hundred more enterprises with facts from department data, a dozen published
policies (demo_data.py) matched over the region, applications at every stage and a 免申即享 grant."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from yingshang.core import services as core_services
from yingshang.core.creditcode import make_credit_code
from yingshang.core.demo import Cast
from yingshang.core.models import Enterprise, User
from yingshang.policies import services
from yingshang.policies.demo_data import POLICIES
from yingshang.policies.facts import refresh_fact_sheets
from yingshang.policies.models import AutoGrantList, EnterpriseFact, Policy, Redemption

DEMO_ENTERPRISES = 300
FIRST_SEQ = 17_000
PLACES = ["奈曼旗", "大沁他拉镇", "八仙筒镇", "腾格里", "东河区", "示范市"]
REGION_KEYS = ["county", "town", "town2", "zone", "county2", "city"]
WORDS = [
    "恒信",
    "瑞丰",
    "金禾",
    "蒙源",
    "新程",
    "利民",
    "宏达",
    "兴旺",
    "绿野",
    "北辰",
    "泰和",
    "安顺",
    "鼎盛",
    "嘉禾",
    "华兴",
]
TRADES = [
    ("农牧业科技", "农牧业", "A0190"),
    ("食品加工", "农副食品加工", "C1391"),
    ("机械制造", "通用设备制造", "C3499"),
    ("新材料", "化工", "C2662"),
    ("软件开发", "信息技术", "I6513"),
    ("商贸", "批发零售", "F5191"),
    ("物流", "物流", "G5436"),
    ("建筑工程", "建筑", "E4890"),
    ("餐饮管理", "住宿餐饮", "H6210"),
    ("光伏科技", "新能源", "D4416"),
]
SIZES = ["micro"] * 45 + ["small"] * 35 + ["medium"] * 15 + ["large"] * 5


def _enterprises(cast: Cast) -> None:
    rng = random.Random(17)
    have = set(
        Enterprise.objects.filter(credit_code__startswith="91150526").values_list("credit_code", flat=True)
    )
    for i in range(DEMO_ENTERPRISES):
        code = make_credit_code(FIRST_SEQ + i, region="150526")
        place_i = rng.randrange(len(PLACES))
        word, (trade, industry, _) = rng.choice(WORDS), rng.choice(TRADES)
        size = rng.choice(SIZES)
        tier = rng.choice("AAABBBBCD")
        if code in have:
            continue
        suffix = "股份有限公司" if size == "large" else "有限公司"
        core_services.create_enterprise(
            actor=None,
            name=f"{PLACES[place_i]}{word}{trade}{suffix}（{i + 1:03d}）",
            credit_code=code,
            region=cast.regions[REGION_KEYS[place_i]],
            industry=industry,
            size_class=size,
            contact_name=f"经办人{i + 1}",
            contact_phone=f"1394750{i:04d}",
            credit_tier=tier,
        )


def _facts(cast: Cast) -> None:
    """Department data for the demo enterprises (as an office import would leave it)."""
    if EnterpriseFact.objects.filter(note="示范数据：市场监管、税务部门").exists():
        return
    rng = random.Random(4754)
    as_of = timezone.localdate() - timedelta(days=20)
    office = cast.users["office"]
    rows: list[EnterpriseFact] = []

    def add(e: Enterprise, key: str, value: object) -> None:
        rows.append(
            EnterpriseFact(
                enterprise=e,
                key=key,
                value=value,
                source="import",
                as_of=as_of,
                note="示范数据：市场监管、税务部门",
                recorded_by=office,
            )
        )

    codes = dict((trade[1], trade[2]) for trade in TRADES)
    for e in Enterprise.objects.order_by("pk"):
        big = e.size_class in ("large", "medium")
        add(e, "industry_code", codes.get(e.industry, "L7212"))
        add(e, "founded_on", str(date(rng.randint(2008, 2026), rng.randint(1, 12), rng.randint(1, 28))))
        employees = rng.randint(80, 900) if big else rng.randint(2, 60)
        add(e, "employees", str(employees))
        revenue = rng.randint(20_000_000, 400_000_000) if big else rng.randint(300_000, 25_000_000)
        add(e, "revenue", str(revenue))
        add(e, "registered_capital", str(rng.choice([500_000, 1_000_000, 5_000_000, 10_000_000, 50_000_000])))
        add(e, "tax_credit_rating", rng.choice("AAABBBMMCD"))
        if rng.random() < 0.85:  # the rest: the tax office has not reported yet — undetermined, not "no"
            add(e, "has_tax_arrears", rng.random() < 0.08)
        certs = [
            c
            for c, p in (
                ("高新技术企业", 0.12),
                ("科技型中小企业", 0.2),
                ("创新型中小企业", 0.1),
                ("专精特新中小企业", 0.06),
            )
            if rng.random() < p
        ]
        if certs:
            add(e, "certificates", sorted(certs))
        if "专精特新中小企业" in certs:
            add(e, "srdi_level", rng.choice(["国家级", "省级", "市级", "市级"]))
        if rng.random() < 0.3:
            add(e, "equipment_investment", str(rng.randint(100, 5000) * 1000))
        if rng.random() < 0.35:
            add(e, "annual_rent", str(rng.randint(12, 600) * 1000))
        if rng.random() < 0.3:
            add(e, "loan_amount", str(rng.randint(5, 100) * 100_000))
            add(e, "loan_rate", str(Decimal(rng.randint(30, 55)) / 1000))
        if rng.random() < 0.4:
            add(e, "new_hires", str(rng.randint(0, 40)))
        if rng.random() < 0.25:
            add(e, "rd_expense", str(int(revenue * rng.uniform(0.005, 0.08))))
        if e.size_class == "micro" and rng.random() < 0.3:
            add(e, "founder_graduate", rng.random() < 0.5)
    EnterpriseFact.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    refresh_fact_sheets(Enterprise.objects.values_list("id", flat=True))


def _policies(cast: Cast, log: Callable[[str], None]) -> list[Policy]:
    office = cast.users["office"]
    made = []
    for spec in POLICIES:
        policy = Policy.objects.filter(title=spec["title"]).first()
        if policy is not None:
            made.append(policy)
            continue
        with transaction.atomic():
            policy = services.create_policy(
                actor=office,
                title=spec["title"],
                doc_number=spec["doc_number"],
                issuer=spec["issuer"],
                issue_date=date(2026, 1, 15),
                valid_from=date(2026, 1, 1),
                valid_until=date(2027, 12, 31),
                responsible_unit=cast.units[spec["unit"]],
                region=cast.regions[spec["region"]],
                summary=spec["summary"],
            )
            for name, label, kind, values in spec["parameters"]:
                services.set_parameter(
                    actor=office, policy=policy, name=name, label=label, kind=kind, values=values
                )
            for c in spec["clauses"]:
                clause = services.save_clause(
                    actor=office,
                    policy=policy,
                    title=c["title"],
                    benefit_text=c["benefit"],
                    rule=c["rule"],
                    attachments=c["attachments"],
                    auto_grant=c["auto_grant"],
                )
                for name, facts, on, expected, amount in c["cases"]:
                    services.add_test_case(
                        actor=office,
                        clause=clause,
                        name=name,
                        facts=facts,
                        on_date=date.fromisoformat(on),
                        expected=expected,
                        expected_amount=Decimal(amount) if amount else None,
                    )
            services.publish_policy(actor=office, policy=policy)
        result = services.push_policy(policy=policy)
        log(f"  {policy.title}：符合 {result.eligible} 家，待补充信息 {result.undetermined} 家")
        made.append(policy)
    return made


def _redemptions(cast: Cast, policies: list[Policy]) -> None:
    if Redemption.objects.exists():
        return
    staff = {u.unit_id: u for u in User.objects.filter(role=User.Role.UNIT_STAFF).order_by("pk")}
    for policy in policies:
        for clause in policy.clauses.all():
            if clause.auto_grant:
                unit_user = User.objects.filter(unit=policy.responsible_unit).first()
                grant_list = services.generate_auto_grant_list(actor=cast.users["office"], clause=clause)
                if unit_user is not None and grant_list.candidates:
                    services.sign_off_auto_grant_list(actor=unit_user, grant_list=grant_list)
    # The demo enterprise's account applies for the equipment subsidy; its unit reviews and pays.
    ent_user = cast.users["enterprise"]
    equipment = next((p for p in policies if "设备更新" in p.title), None)
    if equipment is None or ent_user.enterprise is None:
        return
    clause = equipment.clauses.get()
    invoice = SimpleUploadedFile("发票.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    listing = SimpleUploadedFile("设备清单.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    r = services.apply_for_clause(
        actor=ent_user,
        clause=clause,
        facts={"equipment_investment": "2600000", "has_tax_arrears": "否"},
        statement="2026年新购数控机床两台、检测设备一套。",
        files=[("设备购置发票", invoice), ("设备清单", listing)],
    )
    unit_user = (
        staff.get(equipment.responsible_unit_id)
        or User.objects.filter(unit=equipment.responsible_unit).first()
    )
    if unit_user is None:
        return
    services.review_redemption(
        actor=unit_user, redemption=r, decision="accept", reason="材料齐全，符合条件。"
    )
    services.pay_redemption(
        actor=unit_user,
        redemption=r,
        amount=r.amount_approved,
        paid_on=timezone.localdate(),
        voucher="奈财支〔2026〕0031号",
    )


def _unit_users(cast: Cast) -> None:
    """One staff account for each unit responsible for a demo policy (password as the other demo users)."""
    from yingshang.core.demo import DEMO_PASSWORD

    for n, spec in enumerate(POLICIES):
        unit = cast.units[spec["unit"]]
        if User.objects.filter(unit=unit).exists():
            continue
        User.objects.create_user(
            username=f"policy{n + 1}",
            password=DEMO_PASSWORD,
            display_name=f"{unit.short_name or unit.name}经办人",
            role=User.Role.UNIT_STAFF,
            unit=unit,
            region=unit.region,
            email=f"policy{n + 1}@example.org",
        )


def load_demo(cast: Cast, log: Callable[[str], None]) -> None:
    _enterprises(cast)
    _facts(cast)
    _unit_users(cast)
    log(f"惠企政策：{Enterprise.objects.count()} 家企业，{EnterpriseFact.objects.count()} 条企业事实")
    policies = _policies(cast, log)
    _redemptions(cast, policies)
    log(
        f"惠企政策：{len(policies)} 项政策，{Redemption.objects.count()} 笔兑现，"
        f"{AutoGrantList.objects.filter(status='signed_off').count()} 份免申即享清单已确认"
    )
