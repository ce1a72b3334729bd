"""Demo entries of the 热线知识库 for `yingshang demo`: a dozen answers the hotline gives every day.
Idempotent: nothing happens when the entries exist. Two are past their review date, one is a draft."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from yingshang.appeals.knowledge import services
from yingshang.appeals.knowledge.models import KnowledgeEntry
from yingshang.core.demo import Cast

# (owner unit in 奈曼旗, question, keywords, answer, policy title, 文号, review in days; < 0: overdue)
ENTRIES = [
    (
        "市场监督管理局",
        "新办企业营业执照怎么办理，需要多长时间？",
        "开办企业 营业执照 设立登记 注册公司",
        "可通过“内蒙古企业开办一网通办”平台或到政务服务大厅企业开办专区一次提交设立登记、印章刻制、"
        "发票申领、社保登记和银行预约开户申请，材料齐全的1个工作日内办结，全程免费。",
        "关于进一步优化企业开办服务的通知",
        "内市监发〔2023〕12号",
        180,
    ),
    (
        "市场监督管理局",
        "企业简易注销需要什么条件，公示期多长？",
        "简易注销 注销登记 公示",
        "未发生债权债务或已将债权债务清偿完结的企业可申请简易注销，通过国家企业信用信息公示系统公示20日，"
        "期满无异议的可在公示期满之日起20日内向登记机关申请注销登记。被列入经营异常名录的须先申请移出。",
        "市场主体登记管理条例实施细则",
        "国家市场监督管理总局令第52号",
        120,
    ),
    (
        "税务局",
        "小规模纳税人增值税减免政策怎么申报？",
        "纳税 增值税 小规模纳税人 减免 申报",
        "小规模纳税人月销售额10万元以下(季度30万元以下)免征增值税，适用3%征收率的应税销售收入减按1%征收。"
        "在电子税务局“我要办税—税费申报及缴纳”中填报，系统自动带出减免项目，无需另行备案。",
        "关于增值税小规模纳税人减免增值税政策的公告",
        "财政部 税务总局公告2023年第19号",
        90,
    ),
    (
        "税务局",
        "新办企业什么时候开始申报纳税，没有收入要申报吗？",
        "纳税 零申报 新办企业 税务登记",
        "企业领取营业执照后即须按期申报，没有收入也要进行零申报；登录电子税务局完成新办纳税人套餐后，"
        "按核定的税种和期限申报，逾期未申报将影响纳税信用等级。",
        "中华人民共和国税收征收管理法",
        "",
        -10,
    ),
    (
        "人力资源和社会保障局",
        "新招员工的社保怎么办理参保登记？",
        "社保 参保登记 新招员工 养老保险 工伤保险",
        "企业自用工之日起30日内为职工办理社会保险登记，可通过内蒙古人社公共服务平台或社保经办窗口办理，"
        "需提供职工身份证号码和劳动合同起始日期，当日办结。",
        "中华人民共和国社会保险法",
        "",
        150,
    ),
    (
        "人力资源和社会保障局",
        "企业稳岗返还政策的申领条件是什么？",
        "社保 稳岗返还 失业保险 裁员率",
        "上年度未裁员或裁员率不高于全国城镇调查失业率控制目标的参保企业，中小微企业按上年度实际缴纳失业保险费的"
        "60%返还，大型企业按30%返还，符合条件的“免申即享”，无需企业申请。",
        "关于继续实施失业保险稳岗返还政策的通知",
        "人社部发〔2024〕40号",
        -3,
    ),
    (
        "自然资源局",
        "企业厂房不动产登记需要多长时间？",
        "不动产登记 不动产权证 厂房 首次登记",
        "企业不动产首次登记、转移登记实行一窗受理、并联办理，材料齐全的5个工作日内办结，抵押登记1个工作日内办结；"
        "土地出让金缴清后凭出让合同、缴款凭证和竣工验收材料申请。",
        "关于进一步提升不动产登记便利度的通知",
        "自然资发〔2023〕28号",
        200,
    ),
    (
        "自然资源局",
        "交地即交证是什么，企业怎么申请？",
        "不动产登记 交地即交证 土地出让",
        "企业签订土地出让合同并缴清土地出让价款和税费后，在交付土地的同时即可领取不动产权证书，"
        "可在签订合同时向窗口提出申请，由不动产登记中心提前介入审核。",
        "关于推行“交地即交证”改革的实施方案",
        "",
        160,
    ),
    (
        "工业和信息化局",
        "专精特新中小企业奖补资金怎么申请，多久拨付？",
        "惠企政策 专精特新 奖补资金 拨付",
        "首次被认定为自治区级专精特新中小企业的给予一次性奖励，由企业在认定公告后30日内向工信部门提交申请表和认定文件，"
        "经审核公示后由财政部门直接拨付至企业账户，一般在3个月内到账。",
        "关于支持专精特新中小企业高质量发展的若干措施",
        "",
        100,
    ),
    (
        "商务局",
        "外贸企业出口信用保险保费补贴怎么申报？",
        "惠企政策 出口信用保险 保费补贴 外贸",
        "在本地注册并投保短期出口信用保险的外贸企业，可按实缴保费的一定比例申请补贴，每年第一季度集中申报，"
        "需提交保单、保费缴纳凭证和出口报关单据。",
        "关于支持外贸稳规模优结构的若干措施",
        "",
        130,
    ),
    (
        "行政审批和政务服务局",
        "食品经营许可证办理需要哪些材料？",
        "食品经营许可 许可证 材料清单 告知承诺",
        "需提交食品经营许可申请书、营业执照、经营场所平面图和设备布局图、食品安全管理制度；"
        "仅销售预包装食品的实行备案。实行告知承诺制的，材料齐全当场发证，不再现场核查。",
        "食品经营许可和备案管理办法",
        "国家市场监督管理总局令第78号",
        110,
    ),
    (
        "金融工作办公室",
        "小微企业续贷有什么政策，银行能不能无还本续贷？",
        "惠企政策 续贷 无还本续贷 融资 小微企业",
        "符合条件的小微企业流动资金贷款到期后可申请无还本续贷，由贷款银行提前评估；遇到银行要求追加抵押等问题，"
        "可通过本平台提交诉求，由金融工作办公室协调。",
        "关于做好无还本续贷工作 加强小微企业融资服务的通知",
        "",
        140,
    ),
]


def load_knowledge(cast: Cast, log: Callable[[str], None]) -> None:
    if KnowledgeEntry.objects.filter(question=ENTRIES[0][1]).exists():
        log("热线知识库：演示条目已存在，跳过")
        return
    office = cast.users["office"]
    today = timezone.localdate()
    made = 0
    with transaction.atomic():
        for seq, (unit_name, question, keywords, answer, title, number, days) in enumerate(ENTRIES):
            unit = cast.units.get(f"county:{unit_name}")
            if unit is None:
                continue
            entry = services.create_entry(
                actor=office,
                owner_unit=unit,
                question=question,
                answer=answer,
                keywords=keywords,
                policy_title=title,
                policy_number=number,
                review_date=today + timedelta(days=days),
                valid_until=today + timedelta(days=730),
            )
            if seq != len(ENTRIES) - 1:  # the last one stays a draft
                services.publish_entry(actor=office, entry=entry)
            made += 1
    log(f"热线知识库：{made} 条演示条目")
