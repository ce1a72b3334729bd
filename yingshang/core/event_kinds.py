"""Every kind of event the product records: its Chinese label and who may see it and read its text.

One table for all apps, keyed by the subject's model label ("appeals.appeal") and the event's action,
because the same action means different things on different items ("return" of a report, of a warning,
of a 督办单). `core.visibility` applies it; `tests/core/test_event_kinds.py` fails when a service records
an action that has no row here.

Two sets per kind:
- ``sees``: who is shown that the event happened (its label and the status it moved between);
- ``reads``: who may read its text (the free text of the note: an opinion, a reason, a reply).
  Structured facts of the note (a unit's name, a number of workdays) go with ``sees``, except to the
  anonymous tracker, who reads labels and replies only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Audience(StrEnum):
    """Who is looking, relative to the item."""

    OFFICE = "office"  # 营商办 of the item's region
    LEAD = "lead"  # the lead or handling unit (主办/牵头)
    COOPERATING = "cooperating"  # a cooperating unit (协办/配合), or a unit that held the item before
    LEADER = "leader"  # 领导, read-only
    FILER = "filer"  # the enterprise (or supervisor) that filed the appeal, logged in
    TRACKER = "tracker"  # anyone holding the tracking code (tracking page, Open311 by id)
    PUBLIC = "public"  # anyone


@dataclass(frozen=True)
class EventKind:
    label: str
    sees: frozenset[Audience]
    reads: frozenset[Audience]


A = Audience
OFFICE_ONLY = frozenset({A.OFFICE})
OFFICE_LEADER = frozenset({A.OFFICE, A.LEADER})
STAFF = frozenset({A.OFFICE, A.LEAD, A.COOPERATING, A.LEADER})
WITH_FILER = STAFF | {A.FILER}
TRACKED = WITH_FILER | {A.TRACKER}


def _k(label: str, sees: frozenset[Audience], reads: frozenset[Audience] | None = None) -> EventKind:
    return EventKind(label, sees, sees if reads is None else reads)


KINDS: dict[str, dict[str, EventKind]] = {
    # -- appeals -------------------------------------------------------------------------------------
    # The filer and the tracker follow the steps; the texts among staff (办理 notes, 协办 opinions,
    # 退单/提级 reasons, 延期 requests and decisions, 协办 requests, the office's dispatch notes) stay
    # among staff. Replies are for the filer and the tracking code alike.
    "appeals.appeal": {
        "file": _k("受理", TRACKED, STAFF),
        "dispatch": _k("分办", TRACKED, STAFF),
        "redispatch": _k("改派", TRACKED, STAFF),
        "insist": _k("维持原分办", TRACKED, STAFF),
        "acknowledge": _k("签收", TRACKED),
        "handle": _k("办理", STAFF),
        "reply": _k("答复", TRACKED),
        "answer_on_call": _k("即时办结", TRACKED),
        "reply_propagated": _k("并单答复", TRACKED),
        # Reply materials go with the reply: the tracking code's holder reads them too.
        "attach": _k("上传答复材料", TRACKED),
        "return_dispatch": _k("退单", WITH_FILER, STAFF),
        "escalate": _k("提级呈办", WITH_FILER, STAFF),
        "request_help": _k("邀请协办", STAFF),
        "request_extension": _k("申请延期", STAFF),
        "approve_extension": _k("批准延期", STAFF),
        "refuse_extension": _k("不批准延期", STAFF),
        "remind": _k("临期提醒", STAFF),
        "overdue": _k("超期督办", STAFF),
        "callback": _k("回访", TRACKED, WITH_FILER),
        "reopen": _k("重办", TRACKED, WITH_FILER),
        "close": _k("办结", TRACKED, WITH_FILER),
        "auto_close": _k("逾期未回访自动办结", TRACKED),
        "merge": _k("并单", TRACKED),
        # Lists the other filers' tracking codes: staff only.
        "merge_into": _k("并入诉求", STAFF),
        "link_enterprise": _k("关联企业", STAFF),
        # 热线知识库: the answer given came from a knowledge entry (what the caller was told).
        "answer_from_knowledge": _k("引用知识库答复", TRACKED),
        # The office corrects the evaluation indicator the appeal counts toward (statistics follow).
        "correct_indicator": _k("更正评价指标", STAFF, OFFICE_LEADER),
    },
    "appeals.service": {
        "create": _k("新增诉求类别", OFFICE_LEADER),
        "update": _k("修改诉求类别", OFFICE_LEADER),
    },
    # 热线知识库: each change is a version; staff of the region read the history.
    "appeals.knowledgeentry": {
        "create": _k("新建知识条目", STAFF),
        "update": _k("修改知识条目", STAFF),
        "publish": _k("发布", STAFF),
        "retire": _k("停用", STAFF),
        "restore": _k("恢复为草稿", STAFF),
        "review": _k("复核", STAFF),
        "review_due": _k("到期待复核", STAFF),
    },
    # -- ledger --------------------------------------------------------------------------------------
    "ledger.task": {
        "dispatch": _k("派发任务", STAFF),
        "start": _k("开始推进", STAFF),
        "update": _k("修改任务", STAFF),
        "revise": _k("按修订版更新", STAFF),
        "reweight": _k("调整汇总权重", STAFF),
        "supervise": _k("督办", STAFF),
        "urge_report": _k("营商办催报", STAFF),
        "return_report": _k("退回报送", STAFF),
        "accept_report": _k("采纳报送", STAFF),
        "request_closure": _k("申请销号", STAFF),
        "pre_verify_closure": _k("初审销号", STAFF),
        "verify_closure": _k("审核销号", STAFF),
        "reject_closure": _k("驳回销号", STAFF),
        "reopen": _k("重新打开", STAFF),
        "cancel": _k("撤销任务", STAFF),
        "restore": _k("恢复任务", STAFF),
    },
    "ledger.report": {
        "submit": _k("报送进展", STAFF),
        "resubmit": _k("重新报送", STAFF),
        "return": _k("退回报送", STAFF),
        "accept": _k("采纳报送", STAFF),
    },
    "ledger.document": {
        "import": _k("导入文件", OFFICE_LEADER),
        "review": _k("保存审核", OFFICE_LEADER),
        "publish": _k("发布", OFFICE_LEADER),
        "supersede": _k("被修订版取代", OFFICE_LEADER),
        "discard": _k("作废草稿", OFFICE_LEADER),
        "assign_campaign": _k("调整专项行动", OFFICE_LEADER),
    },
    "ledger.supervisionnotice": {
        "issue": _k("下发督办单", STAFF),
        "answer": _k("答复督办", STAFF),
        "return": _k("退回重答", STAFF),
        "close": _k("督办办结", STAFF),
        "escalate": _k("升级督办", STAFF),
    },
    "ledger.campaign": {
        "create": _k("新建专项行动", OFFICE_LEADER),
        "rename": _k("更名", OFFICE_LEADER),
        "delete": _k("删除专项行动", OFFICE_LEADER),
    },
    # -- indicators ----------------------------------------------------------------------------------
    "indicators.indicator": {
        "update_indicator": _k("修改指标", STAFF),
    },
    "indicators.observation": {
        "record_observation": _k("填报监测值", STAFF),
        "correct_observation": _k("更正监测值", STAFF),
    },
    "indicators.indicatorwarning": {
        "raise_warning": _k("发出预警", STAFF),
        "explain": _k("提交说明", STAFF),
        "return": _k("退回说明", STAFF),
        "resolve": _k("解除预警", STAFF),
        "withdraw": _k("数据更正后解除", STAFF),
        "expire": _k("逾期未说明", STAFF),
    },
    # -- assessment ----------------------------------------------------------------------------------
    "assessment.scheme": {
        "create_scheme": _k("新建考核方案", OFFICE_LEADER),
        "add_adjustment": _k("加减分", OFFICE_LEADER),
        "compute": _k("计算得分", OFFICE_LEADER),
        "publish": _k("发布红黑榜", OFFICE_LEADER),
    },
    "assessment.followup": {
        "call_interview": _k("末位约谈", STAFF),
        "complete": _k("记录约谈结果", STAFF),
    },
    "assessment.bulletin": {
        "request_bulletin": _k("生成通报", OFFICE_LEADER),
        "regenerate": _k("重新生成", OFFICE_LEADER),
        "finish": _k("生成完成", OFFICE_LEADER),
        "fail": _k("生成失败", OFFICE_LEADER),
    },
    # -- core ----------------------------------------------------------------------------------------
    "core.unit": {
        "create": _k("新建单位", STAFF),
        "update": _k("修改单位", STAFF),
        "import_create": _k("名录导入新建", STAFF),
        "import_update": _k("名录导入更新", STAFF),
        "alias": _k("记住别名", STAFF),
        "unalias": _k("取消别名", STAFF),
    },
    "core.enterprise": {
        "create": _k("登记市场主体", OFFICE_LEADER),
    },
    "core.user": {
        "change_password": _k("修改密码", OFFICE_ONLY),
        "create_token": _k("创建API令牌", OFFICE_ONLY),
        "revoke_token": _k("吊销API令牌", OFFICE_ONLY),
        "unlock_login": _k("解除登录锁定", OFFICE_ONLY),
    },
    "core.webhook": {
        "create": _k("登记群机器人", STAFF),
        "update": _k("修改群机器人", STAFF),
        "delete": _k("删除群机器人", STAFF),
    },
    "core.webhookdelivery": {
        "deliver": _k("机器人消息送达", STAFF),
        "retry": _k("机器人消息等待重试", STAFF),
        "give_up": _k("机器人消息发送失败", STAFF),
        "resend": _k("重新发送机器人消息", STAFF),
    },
    "core.calendarday": {
        "set_day": _k("调整工作日历", OFFICE_LEADER),
    },
    # -- outreach ------------------------------------------------------------------------------------
    "outreach.assignment": {
        "assign": _k("指定包联干部", STAFF),
        "update": _k("调整走访周期", STAFF),
        "unassign": _k("取消包联", STAFF),
    },
    "outreach.mustvisitoccasion": {
        "create": _k("新增六必访情形", OFFICE_LEADER),
        "update": _k("调整六必访情形", OFFICE_LEADER),
        "retire": _k("停用六必访情形", OFFICE_LEADER),
    },
    "outreach.visit": {
        "log": _k("记录走访", STAFF),
    },
    # A problem's raiser may be a supervisor; the office's triage reason is for the raiser to read.
    "outreach.problem": {
        "raise": _k("反映问题", WITH_FILER),
        "to_appeal": _k("转为诉求", WITH_FILER),
        "to_task": _k("转为督办任务", WITH_FILER),
        "dismiss": _k("不予处理", WITH_FILER),
    },
    "outreach.outreachevent": {
        "create": _k("登记政企沟通活动", STAFF),
        "record_attendance": _k("记录出席情况", STAFF),
    },
    "outreach.supervisorappointment": {
        "appoint": _k("聘任社会监督员", OFFICE_LEADER),
    },
    "outreach.callbackcampaign": {
        "create": _k("新建回访活动", OFFICE_LEADER),
        "build_list": _k("生成回访名单", OFFICE_LEADER),
        "import_list": _k("导入回访企业", OFFICE_LEADER),
        "assign_callers": _k("分配回访人员", OFFICE_LEADER),
    },
    "outreach.campaigntarget": {
        "answer": _k("记录回访结果", STAFF),
        "unreachable": _k("未能联系", STAFF),
    },
    # -- reviews (好差评) --------------------------------------------------------------------------------
    # Units never learn who rated them: the rater's 追评 is recorded without an actor; texts stay among staff.
    "reviews.badratingcase": {
        "open": _k("产生差评", STAFF),
        "verify": _k("核实", STAFF),
        "rectify": _k("整改", STAFF),
        "feed_back": _k("反馈", STAFF),
        "follow_up": _k("追评", STAFF),
        "close": _k("逾期未追评办结", STAFF),
        "appeal": _k("申诉复核", STAFF),
        "uphold": _k("申诉成立", STAFF),
        "reject_appeal": _k("申诉不成立", STAFF),
        "escalate": _k("升级督办", STAFF),
    },
    "reviews.ratingappeal": {
        "uphold": _k("申诉成立", STAFF),
        "reject": _k("申诉不成立", STAFF),
    },
    "reviews.ratingrequest": {
        "rate": _k("企业评价", OFFICE_LEADER),
        "take_callback": _k("采用回访满意度", OFFICE_LEADER),
    },
    "reviews.servicematter": {
        "create": _k("新增服务事项", OFFICE_LEADER),
        "import_create": _k("导入服务事项", OFFICE_LEADER),
        "import_update": _k("导入更新服务事项", OFFICE_LEADER),
    },
    "reviews.servicepoint": {
        "create": _k("新增服务点位", OFFICE_LEADER),
    },
    "reviews.questionnaire": {
        "publish": _k("发布评价问卷", OFFICE_LEADER),
    },
    # -- policies (惠企政策) ----------------------------------------------------------------------------
    # Catalogue work is among staff; an enterprise follows its own redemption (the reasons included).
    "policies.policy": {
        "create": _k("创建政策", STAFF),
        "update": _k("修改政策", STAFF),
        "set_parameter": _k("设置政策参数", STAFF),
        "add_clause": _k("新增条款", STAFF),
        "update_clause": _k("修改条款规则", STAFF),
        "add_test_case": _k("新增测试用例", STAFF),
        "delete_test_case": _k("删除测试用例", STAFF),
        "run_tests": _k("运行测试用例", STAFF),
        "publish": _k("发布政策", STAFF | {A.PUBLIC}),
        "withdraw": _k("废止政策", STAFF | {A.PUBLIC}),
        "push": _k("政策找人", STAFF),
    },
    "policies.interpretation": {
        "open": _k("待发布解读", STAFF),
        "publish_interpretation": _k("发布解读", STAFF | {A.PUBLIC}),
    },
    "policies.enterprisefact": {
        "declare": _k("企业申报事实", WITH_FILER),
        "import": _k("导入企业事实", WITH_FILER),
    },
    "policies.autograntlist": {
        "create": _k("生成免申即享清单", STAFF),
        "sign_off": _k("确认免申即享清单", STAFF),
    },
    "policies.redemption": {
        "apply": _k("企业申报", WITH_FILER),
        "grant": _k("免申即享核定", WITH_FILER),
        "accept": _k("审核通过", WITH_FILER),
        "return": _k("退回补充材料", WITH_FILER),
        "refuse": _k("不予支持", WITH_FILER),
        "resubmit": _k("重新提交", WITH_FILER),
        "pay": _k("兑现", WITH_FILER),
    },
    # -- arrears -------------------------------------------------------------------------------------
    # The creditor enterprise (FILER) follows its case and its breach complaint; the debtor (LEAD) and
    # its superior (COOPERATING) act on them. Internal notes, refused delay reasons and escalations stay
    # among staff: the enterprise never reads a unit's internal texts.
    "arrears.arrearscase": {
        "open": _k("登记欠款", WITH_FILER, STAFF),
        "import": _k("摸排导入", WITH_FILER, STAFF),
        "import_platform": _k("投诉平台导入", WITH_FILER, STAFF),
        "link_appeal": _k("关联企业诉求", WITH_FILER),
        "record_payment": _k("登记还款", WITH_FILER),
        "add_instalment": _k("制定还款计划", WITH_FILER),
        "reschedule": _k("调整还款计划", WITH_FILER, STAFF),
        "refuse_delay": _k("延期理由不予采纳", STAFF),
        "add_note": _k("内部备注", STAFF),
        "settle": _k("清偿完毕", WITH_FILER),
        "close": _k("销案", WITH_FILER, STAFF),
        "reopen": _k("重新打开", WITH_FILER, STAFF),
    },
    "arrears.instalment": {
        "pay": _k("支付分期", WITH_FILER),
        "due_soon": _k("临期提醒", STAFF),
        "overdue": _k("逾期催办", STAFF),
        "escalate": _k("升级督办", STAFF),
    },
    "arrears.breach": {
        "file": _k("受理违约失信投诉", WITH_FILER, STAFF),
        "send_to_superior": _k("转主管部门核实", WITH_FILER, STAFF),
        "verify_true": _k("核实属实，限期履行", WITH_FILER, STAFF),
        "verify_false": _k("核实不属实", WITH_FILER),
        "perform": _k("已履行", WITH_FILER),
        "confirm": _k("认定违约失信", WITH_FILER),
        "request_repair": _k("申请信用修复", WITH_FILER, STAFF),
        "approve_repair": _k("批准信用修复", WITH_FILER),
        "refuse_repair": _k("不予信用修复", WITH_FILER),
        "add_note": _k("内部备注", STAFF),
    },
    "arrears.promise": {
        "create": _k("登记政策承诺", WITH_FILER),
        "fulfil": _k("兑现承诺", WITH_FILER),
        "mark_broken": _k("逾期未兑现", WITH_FILER),
    },
    "arrears.statutoryrule": {
        "set_rule": _k("修改款项支付法定参数", OFFICE_LEADER),
    },
    # -- inspections (双随机、一公开) -------------------------------------------------------------------
    # A plan's announcement, commitments, draw and publication are public facts; notes among staff.
    "inspections.inspectionitem": {"create": _k("新增抽查事项", STAFF)},
    "inspections.inspector": {
        "create": _k("加入执法检查人员名录库", STAFF),
        "activate": _k("恢复在岗", STAFF),
        "deactivate": _k("设为不在岗", STAFF),
        "recuse": _k("登记回避", OFFICE_LEADER),
    },
    "inspections.plan": {
        "create": _k("新建抽查计划", STAFF),
        "submit": _k("提交审批", STAFF),
        "return": _k("退回修改", STAFF),
        "approve": _k("批准", STAFF),
        "announce": _k("提前公告", STAFF | {A.PUBLIC}),
        "commit": _k("公布承诺值", STAFF | {A.PUBLIC}),
        "draw": _k("录入种子并抽取", STAFF | {A.PUBLIC}),
        "publish": _k("公布抽取结果", STAFF | {A.PUBLIC}),
    },
    "inspections.draw": {
        "commit": _k("公布承诺值", STAFF | {A.PUBLIC}),
        "seed": _k("录入随机种子", STAFF | {A.PUBLIC}),
    },
    "inspections.drawntarget": {
        "record": _k("录入检查结果", STAFF),
        "publish": _k("公示检查结果", STAFF | {A.PUBLIC}),
    },
    "inspections.rectification": {
        "open": _k("责令整改", STAFF),
        "close": _k("整改销号", STAFF),
        "escalate": _k("整改逾期督办", STAFF),
    },
}

# Shown when a row has no kind (an old event, or a kind added without its row): never its text.
UNKNOWN = EventKind("其他记录", OFFICE_LEADER, frozenset())

# Free-text keys of a note: the "text" of the event that ``reads`` guards.
TEXT_KEYS = ("text", "reason")

# Facts for staff only, even where the filer sees the event: which units were asked to help.
STAFF_ONLY_DETAILS = frozenset({"cooperating_units", "from_unit", "unit", "unit_name"})

# Structured keys of a note shown beside the label, with their Chinese names; other keys stay internal.
DETAIL_LABELS = {
    "lead_unit": "主办单位",
    "from_unit": "原主办单位",
    "cooperating_units": "协办单位",
    "unit": "单位",
    "unit_name": "单位",
    "period": "报送期",
    "workdays": "工作日",
    "parent": "并入",
    "children": "并入诉求",
    "files": "材料",
    "solved": "是否解决",
    "satisfaction": "满意度",
    "contacted": "已联系企业",
    "late": "超期",
    "clock": "时限",
    "due": "期限",
    "due_date": "期限",
    "enterprise": "企业",
    "changes": "修改",
    "old": "原值",
    "new": "新值",
    "value": "监测值",
    "points": "分值",
    "tasks": "任务数",
    "units": "单位数",
    "name": "名称",
    "from": "原名称",
    "to": "新名称",
    "version": "版本",
    "amount": "金额",
    "paid_on": "付款日期",
    "appeal": "诉求",
}
