"""The service catalogue the office starts from (seeded by migration 0002; the office edits it afterwards)."""

from __future__ import annotations

from typing import Any

# (code, name, group, default unit name, close workdays, description)
SERVICES = [
    ("consult", "政策咨询", "咨询", "", 5, "咨询政策、办事流程和条件"),
    ("complaint", "投诉举报", "投诉", "", 15, "投诉部门作风、乱收费、不作为等"),
    ("suggestion", "意见建议", "建议", "", 15, "对营商环境工作提出意见建议"),
    ("help", "求助", "求助", "", 5, "生产经营中遇到的困难求助"),
    ("arrears", "拖欠账款", "投诉", "工业和信息化局", 15, "政府部门、事业单位、国有企业拖欠企业账款"),
    ("broken_promise", "政府承诺不兑现", "投诉", "发展和改革委员会", 15, "招商引资等承诺未兑现(政务诚信)"),
    ("policy_delivery", "惠企政策落实", "求助", "工业和信息化局", 15, "惠企政策、奖补资金未落实"),
    ("approval", "审批服务", "投诉", "行政审批和政务服务局", 5, "审批事项办理慢、材料多、跑多次"),
    ("enforcement", "执法检查", "投诉", "司法局", 15, "多头检查、重复检查、执法不规范"),
    ("factors", "要素保障", "求助", "发展和改革委员会", 15, "用地、用电、用水、用工、融资等要素保障"),
]


def seed_services(service_model: Any) -> int:
    """Create the missing catalogue rows (never overwrites the office's edits). Returns how many were made."""
    made = 0
    for order, (code, name, group, unit, close, description) in enumerate(SERVICES, start=1):
        _, created = service_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "default_unit_name": unit,
                "close_workdays": close,
                "acknowledge_hours": 2,
                "first_contact_workdays": 1,
                "description": description,
                "order": order * 10,
            },
        )
        made += created
    return made
