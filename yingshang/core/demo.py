"""Demo data: a realistic region with units from the seed documents, enterprises and one user per role.

Every step is idempotent (looks rows up by natural key before creating them), so `make demo` twice keeps data.
Later apps append their own steps with `register_demo_step`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from yingshang.core import services
from yingshang.core.creditcode import make_credit_code
from yingshang.core.models import Enterprise, Region, Unit, User

DEMO_PASSWORD = "yingshang2026"
Kind = Unit.Kind

# (region key, name, short name, aliases, kind)
UNITS: list[tuple[str, str, str, list[str], str]] = [
    ("city", "市优化营商环境工作领导小组办公室", "市营商办", ["营商办"], Kind.DEPARTMENT),
    ("city", "市发展和改革委员会", "市发展改革委", ["市发改委"], Kind.DEPARTMENT),
    ("city", "市市场监督管理局", "市市场监管局", [], Kind.DEPARTMENT),
    ("city", "市工业和信息化局", "市工信局", [], Kind.DEPARTMENT),
    ("city", "市公安局", "", [], Kind.DEPARTMENT),
    ("city", "市商务局", "", [], Kind.DEPARTMENT),
    ("city", "市政府办公室", "", [], Kind.DEPARTMENT),
    ("city", "市中级人民法院", "市中级法院", ["市法院"], Kind.JUDICIAL),
    ("city", "市人民检察院", "市检察院", [], Kind.JUDICIAL),
    ("city", "市公共资源交易中心", "", [], Kind.OTHER),
    ("county", "发展和改革委员会", "发改委", ["旗发改委", "发展改革委"], Kind.DEPARTMENT),
    ("county", "市场监督管理局", "市场监管局", ["旗市场监管局"], Kind.DEPARTMENT),
    ("county", "住房和城乡建设局", "住建局", ["旗住建局"], Kind.DEPARTMENT),
    ("county", "行政审批和政务服务局", "政务服务局", ["旗行政审批和政务服务局"], Kind.DEPARTMENT),
    ("county", "司法局", "", ["旗司法局"], Kind.DEPARTMENT),
    ("county", "税务局", "", ["旗税务局"], Kind.DEPARTMENT),
    ("county", "财政局", "", ["旗财政局"], Kind.DEPARTMENT),
    ("county", "自然资源局", "", ["旗自然资源局"], Kind.DEPARTMENT),
    ("county", "人力资源和社会保障局", "人社局", ["旗人社局"], Kind.DEPARTMENT),
    ("county", "工业和信息化局", "工信局", ["旗工信局"], Kind.DEPARTMENT),
    ("county", "农牧和科技局", "农科局", ["旗农科局"], Kind.DEPARTMENT),
    ("county", "公安局", "", [], Kind.DEPARTMENT),
    ("county", "交通运输局", "", [], Kind.DEPARTMENT),
    ("county", "水务局", "", [], Kind.DEPARTMENT),
    ("county", "商务局", "", [], Kind.DEPARTMENT),
    ("county", "林业和草原局", "林草局", [], Kind.DEPARTMENT),
    ("county", "医疗保障局", "医保局", [], Kind.DEPARTMENT),
    ("county", "金融工作办公室", "金融办", ["旗金融办"], Kind.DEPARTMENT),
    ("county", "工商业联合会", "工商联", ["旗工商联"], Kind.OTHER),
    ("county", "人民法院", "法院", ["旗法院"], Kind.JUDICIAL),
    ("county", "国网奈曼供电公司", "", [], Kind.UTILITY),
    ("county", "人民银行奈曼旗支行", "", [], Kind.OTHER),
    ("county", "自来水公司", "", [], Kind.UTILITY),
    ("county2", "发展和改革局", "发改局", [], Kind.DEPARTMENT),
    ("county2", "市场监督管理局", "市场监管局", [], Kind.DEPARTMENT),
    ("county2", "行政审批服务局", "", [], Kind.DEPARTMENT),
    ("zone", "党政综合办公室", "", [], Kind.DEPARTMENT),
    ("zone", "财政金融局", "", [], Kind.DEPARTMENT),
    ("zone", "社会事务局", "", [], Kind.DEPARTMENT),
    ("zone", "公安分局", "", [], Kind.DEPARTMENT),
    ("zone", "人力资源和医疗保障局", "", [], Kind.DEPARTMENT),
    ("zone", "腾格里供电分局", "", [], Kind.UTILITY),
    ("zone", "生态环境分局", "", [], Kind.DEPARTMENT),
    ("town", "大沁他拉镇人民政府", "大沁他拉镇", [], Kind.TOWN),
    ("town2", "八仙筒镇人民政府", "八仙筒镇", [], Kind.TOWN),
]

ENTERPRISES = [
    ("奈曼旗恒达农牧业科技有限公司", "农牧业", "small", "county"),
    ("奈曼旗盛源建材有限责任公司", "建材", "medium", "county"),
    ("通辽市北方云谷数据服务有限公司", "信息技术", "small", "city"),
    ("腾格里精细化工股份有限公司", "化工", "large", "zone"),
    ("奈曼旗绿源光伏发电有限公司", "新能源", "medium", "county"),
    ("大沁他拉镇惠民超市", "零售", "micro", "town"),
    ("东河区鑫源物流有限公司", "物流", "small", "county2"),
    ("示范市文旅发展集团有限公司", "文化旅游", "large", "city"),
]


@dataclass(frozen=True)
class Cast:
    regions: dict[str, Region]
    units: dict[str, Unit]
    users: dict[str, User]


DemoStep = Callable[[Cast, Callable[[str], None]], None]
_STEPS: list[DemoStep] = []


def register_demo_step(step: DemoStep) -> None:
    if step not in _STEPS:
        _STEPS.append(step)


def _region(key: str, name: str, level: str, parent: Region | None) -> Region:
    existing = Region.objects.filter(name=name, parent=parent).first()
    return existing or services.create_region(actor=None, name=name, level=level, parent=parent)


@transaction.atomic
def load_core() -> Cast:
    city = _region("city", "示范市", Region.Level.CITY, None)
    regions = {
        "city": city,
        "county": _region("county", "奈曼旗", Region.Level.COUNTY, city),
        "county2": _region("county2", "东河区", Region.Level.COUNTY, city),
        "zone": _region("zone", "腾格里经济技术开发区", Region.Level.ZONE, city),
    }
    regions["town"] = _region("town", "大沁他拉镇", Region.Level.TOWN, regions["county"])
    regions["town2"] = _region("town2", "八仙筒镇", Region.Level.TOWN, regions["county"])

    units: dict[str, Unit] = {}
    for key, name, short, aliases, kind in UNITS:
        unit = Unit.objects.filter(region=regions[key], name=name).first() or services.create_unit(
            actor=None, name=name, region=regions[key], kind=kind, short_name=short, aliases=aliases
        )
        units[f"{key}:{name}"] = unit

    for seq, (name, industry, size, key) in enumerate(ENTERPRISES, start=1):
        if not Enterprise.objects.filter(name=name).exists():
            services.create_enterprise(
                actor=None,
                name=name,
                credit_code=make_credit_code(seq, region="150525"),
                region=regions[key],
                industry=industry,
                size_class=size,
                contact_name=f"联系人{seq}",
                contact_phone=f"1390475{seq:04d}",
                credit_tier="ABCD"[seq % 4],
            )
    first_enterprise = Enterprise.objects.order_by("pk").first()

    market = units["county:市场监督管理局"]
    people = [
        ("office", "营商办王主任", User.Role.OFFICE_ADMIN, None, None, city),
        ("leader", "李市长(只读)", User.Role.LEADER, None, None, city),
        ("unitlead", "市场监管局张局长", User.Role.UNIT_LEADER, market, None, regions["county"]),
        ("unitstaff", "市场监管局刘科员", User.Role.UNIT_STAFF, market, None, regions["county"]),
        (
            "coopstaff",
            "发改委陈科员",
            User.Role.UNIT_STAFF,
            units["county:发展和改革委员会"],
            None,
            regions["county"],
        ),
        ("enterprise", "恒达农牧赵经理", User.Role.ENTERPRISE, None, first_enterprise, regions["county"]),
        ("supervisor", "社会监督员孙女士", User.Role.SUPERVISOR, None, None, city),
    ]
    users: dict[str, User] = {}
    for username, display, role, unit, enterprise, region in people:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                display_name=display,
                role=role,
                unit=unit,
                enterprise=enterprise,
                region=region,
                email=f"{username}@example.org",
            )
        users[username] = user
    return Cast(regions=regions, units=units, users=users)


def run_demo(log: Callable[[str], None]) -> Cast:
    cast = load_core()
    log(
        f"基础数据：{Region.objects.count()} 个区域，{Unit.objects.count()} 个单位，{Enterprise.objects.count()} 家企业"
    )
    for step in _STEPS:
        step(cast, log)
    return cast
