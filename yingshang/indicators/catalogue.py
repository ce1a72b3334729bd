"""The national evaluation system's 18 first-level indicators and their usual second-level indicators.

Plain data: the data migration loads it once, after which the office edits the rows; `matching` reads
it too, so the ledger can link targets to indicators without a database.
Each second-level entry: (suffix, name, unit of measure, direction, metric, keywords).
`metric` speaks policyparse's language (time, steps, cost, materials, rate, count, amount, index).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LOWER, HIGHER = "lower", "higher"

_STANDARD = [
    ("1", "环节数", "个", LOWER, "steps", ["环节"]),
    ("2", "办理时间", "工作日", LOWER, "time", ["时间", "时限", "办结", "工作日"]),
    ("3", "费用", "元", LOWER, "cost", ["费用", "成本", "收费", "零成本"]),
    ("4", "申请材料", "份", LOWER, "materials", ["材料", "要件"]),
]

# (code, name, lead unit name in the demo directory, [second-level])
FIRST_LEVEL: list[tuple[str, str, str, list[tuple[str, str, str, str, str, list[str]]]]] = [
    ("I01", "开办企业", "市场监督管理局", _STANDARD),
    (
        "I02",
        "劳动力市场监管",
        "人力资源和社会保障局",
        [
            ("1", "劳动合同签订率", "%", HIGHER, "rate", ["劳动合同"]),
            ("2", "劳动争议仲裁结案率", "%", HIGHER, "rate", ["仲裁", "劳动争议"]),
            ("3", "就业服务满意度", "%", HIGHER, "rate", ["就业", "满意"]),
        ],
    ),
    (
        "I03",
        "办理建筑许可",
        "住房和城乡建设局",
        _STANDARD + [("5", "建筑质量控制指数", "分", HIGHER, "index", ["质量"])],
    ),
    (
        "I04",
        "政府采购",
        "财政局",
        [
            ("1", "采购结果确定和合同签订时间", "天", LOWER, "time", ["合同签订", "时间"]),
            ("2", "合同履约付款时间", "天", LOWER, "time", ["付款", "支付"]),
            ("3", "中小企业预留份额比例", "%", HIGHER, "rate", ["中小企业", "预留", "份额", "比例"]),
            ("4", "电子化采购率", "%", HIGHER, "rate", ["电子化", "电子卖场", "网上"]),
        ],
    ),
    (
        "I05",
        "招标投标",
        "发展和改革委员会",
        [
            ("1", "全流程电子化率", "%", HIGHER, "rate", ["电子化", "不见面开标", "网上"]),
            ("2", "电子保函使用率", "%", HIGHER, "rate", ["保函", "保证金"]),
            ("3", "异议投诉处理时间", "工作日", LOWER, "time", ["投诉", "异议", "时间"]),
        ],
    ),
    (
        "I06",
        "获得电力",
        "国网奈曼供电公司",
        _STANDARD + [("5", "供电可靠性", "%", HIGHER, "rate", ["可靠", "停电", "供电可靠率"])],
    ),
    ("I07", "获得用水用气", "自来水公司", _STANDARD),
    (
        "I08",
        "登记财产",
        "自然资源局",
        _STANDARD + [("5", "土地管理质量指数", "分", HIGHER, "index", ["质量"])],
    ),
    (
        "I09",
        "获得信贷",
        "金融工作办公室",
        [
            ("1", "贷款审批时间", "工作日", LOWER, "time", ["审批", "时间", "放款"]),
            ("2", "小微企业综合融资成本", "%", LOWER, "cost", ["融资成本", "成本", "百分点"]),
            ("3", "普惠小微贷款增速", "%", HIGHER, "rate", ["增速", "增长"]),
        ],
    ),
    (
        "I10",
        "保护中小投资者",
        "人民法院",
        [
            ("1", "信息披露指数", "分", HIGHER, "index", ["披露"]),
            ("2", "股东诉讼便利度指数", "分", HIGHER, "index", ["诉讼"]),
        ],
    ),
    (
        "I11",
        "知识产权创造保护和运用",
        "市场监督管理局",
        [
            ("1", "每万人口高价值发明专利拥有量", "件", HIGHER, "count", ["专利"]),
            ("2", "知识产权质押融资额", "万元", HIGHER, "amount", ["质押", "融资"]),
            ("3", "侵权案件结案时间", "天", LOWER, "time", ["侵权", "结案", "时间"]),
        ],
    ),
    (
        "I12",
        "跨境贸易",
        "商务局",
        [
            ("1", "进口通关时间", "小时", LOWER, "time", ["进口", "通关"]),
            ("2", "出口通关时间", "小时", LOWER, "time", ["出口", "通关"]),
            ("3", "进出口合规成本", "元", LOWER, "cost", ["成本", "收费"]),
            ("4", "进出口单证数", "份", LOWER, "materials", ["单证", "材料"]),
        ],
    ),
    (
        "I13",
        "纳税",
        "税务局",
        [
            ("1", "纳税次数", "次", LOWER, "count", ["次数"]),
            ("2", "纳税时间", "小时", LOWER, "time", ["时间", "时长"]),
            ("3", "总税收和社会缴纳费率", "%", LOWER, "cost", ["缴费率", "税费"]),
            ("4", "网上办税率", "%", HIGHER, "rate", ["网上", "线上", "网办", "办税"]),
        ],
    ),
    (
        "I14",
        "执行合同",
        "人民法院",
        [
            ("1", "解决商业纠纷时间", "天", LOWER, "time", ["时间", "审理", "审限"]),
            ("2", "解决商业纠纷费用", "%", LOWER, "cost", ["费用", "成本"]),
            ("3", "司法程序质量指数", "分", HIGHER, "index", ["质量"]),
        ],
    ),
    (
        "I15",
        "办理破产",
        "人民法院",
        [
            ("1", "破产案件审理时间", "天", LOWER, "time", ["时间", "审理"]),
            ("2", "破产成本", "%", LOWER, "cost", ["成本", "费用"]),
            ("3", "债权回收率", "%", HIGHER, "rate", ["回收"]),
        ],
    ),
    (
        "I16",
        "市场监管",
        "市场监督管理局",
        [
            ("1", "双随机一公开抽查覆盖率", "%", HIGHER, "rate", ["双随机", "抽查", "覆盖"]),
            ("2", "监管执法信息公示率", "%", HIGHER, "rate", ["公示", "归集"]),
            ("3", "涉企检查次数", "次", LOWER, "count", ["检查"]),
        ],
    ),
    (
        "I17",
        "政务服务",
        "行政审批和政务服务局",
        [
            ("1", "网上可办率", "%", HIGHER, "rate", ["网上", "网办", "全程网办", "一网通办"]),
            ("2", "政务服务事项办理时间", "工作日", LOWER, "time", ["时间", "时限", "办结"]),
            ("3", "申请材料", "份", LOWER, "materials", ["材料"]),
            ("4", "好差评满意率", "%", HIGHER, "rate", ["好差评", "满意"]),
        ],
    ),
    (
        "I18",
        "包容普惠创新",
        "发展和改革委员会",
        [
            ("1", "新增市场主体数", "户", HIGHER, "count", ["市场主体", "新增"]),
            ("2", "基本公共服务满意度", "%", HIGHER, "rate", ["公共服务", "满意"]),
            ("3", "高新技术企业数", "家", HIGHER, "count", ["高新技术"]),
        ],
    ),
]


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name: str
    parent_code: str
    parent_name: str
    unit_of_measure: str
    direction: str
    metric: str
    keywords: tuple[str, ...]


def entries() -> list[CatalogueEntry]:
    """Second-level indicators, flat, with their parent's code and name."""
    out = []
    for code, name, _lead, children in FIRST_LEVEL:
        for suffix, child, uom, direction, metric, keywords in children:
            out.append(
                CatalogueEntry(f"{code}.{suffix}", child, code, name, uom, direction, metric, tuple(keywords))
            )
    return out


def ensure_catalogue(indicator_model: Any = None) -> int:
    """Create the catalogue's indicators that are missing (never changes existing ones); returns how many.

    Used by the data migration (with the historical model) and wherever the rows may have been flushed,
    e.g. after a transactional test.
    """
    if indicator_model is None:
        from yingshang.indicators.models import Indicator as indicator_model
    created = 0
    order = 0
    for code, name, _lead, children in FIRST_LEVEL:
        order += 1
        parent, made = indicator_model.objects.get_or_create(
            code=code, defaults={"name": name, "order": order * 100}
        )
        created += made
        for suffix, child, uom, direction, metric, keywords in children:
            _, made = indicator_model.objects.get_or_create(
                code=f"{code}.{suffix}",
                defaults={
                    "name": child,
                    "parent": parent,
                    "unit_of_measure": uom,
                    "direction": direction,
                    "metric": metric,
                    "keywords": keywords,
                    "order": order * 100 + int(suffix),
                },
            )
            created += made
    return created
