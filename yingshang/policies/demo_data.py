"""The demo's policies: a dozen realistic support policies of the demo region, each with its clauses,
rules written in the condition language, and test cases. Pure data, read by demo.py."""

from __future__ import annotations

from typing import Any

# Each policy: region key, responsible unit key (core demo "region:name"), header, parameters, clauses.
# Each clause: title, benefit text, rule, attachments, auto_grant, test cases
# (name, facts, on_date, expected, expected_amount or None).
POLICIES: list[dict[str, Any]] = [
    {
        "region": "county",
        "unit": "county:人力资源和社会保障局",
        "title": "奈曼旗支持高校毕业生创业的若干措施",
        "doc_number": "奈人社发〔2026〕5号",
        "issuer": "奈曼旗人力资源和社会保障局",
        "summary": "对高校毕业生在本旗创办的小微企业给予一次性创业补贴。",
        "parameters": [],
        "clauses": [
            {
                "title": "一次性创业补贴",
                "benefit": "给予一次性创业补贴1万元",
                "rule": """# 高校毕业生创办、成立不满3年的小微企业
eligible = all(
  founder_graduate,
  years_since(founded_on) < 3,
  企业规模 in ["小型", "微型"]
)
benefit = 10000""",
                "attachments": ["毕业证书", "营业执照"],
                "auto_grant": False,
                "cases": [
                    (
                        "毕业生创办两年的微型企业",
                        {"founder_graduate": "是", "founded_on": "2024-09-01", "size_class": "微型"},
                        "2026-03-01",
                        "eligible",
                        "10000",
                    ),
                    (
                        "成立五年",
                        {"founder_graduate": "是", "founded_on": "2021-01-01", "size_class": "微型"},
                        "2026-03-01",
                        "not_eligible",
                        None,
                    ),
                    (
                        "未知是否毕业生",
                        {"founded_on": "2025-01-01", "size_class": "小型"},
                        "2026-03-01",
                        "undetermined",
                        None,
                    ),
                ],
            }
        ],
    },
    {
        "region": "city",
        "unit": "city:市工业和信息化局",
        "title": "示范市专精特新中小企业梯度培育奖励办法",
        "doc_number": "示工信发〔2026〕12号",
        "issuer": "示范市工业和信息化局",
        "summary": "对新认定的国家级、省级、市级专精特新企业分档给予一次性奖励，免申即享。",
        "parameters": [],
        "clauses": [
            {
                "title": "专精特新认定奖励",
                "benefit": "国家级专精特新“小巨人”奖励100万元，省级50万元，市级20万元",
                "rule": """eligible = srdi_level in ["国家级", "省级", "市级"]
benefit = if(srdi_level == "国家级", 1000000, if(srdi_level == "省级", 500000, 200000))""",
                "attachments": [],
                "auto_grant": True,
                "cases": [
                    ("国家级", {"srdi_level": "国家级"}, "2026-03-01", "eligible", "1000000"),
                    ("省级", {"srdi_level": "省级"}, "2026-03-01", "eligible", "500000"),
                    ("未认定", {}, "2026-03-01", "undetermined", None),
                ],
            }
        ],
    },
    {
        "region": "county",
        "unit": "county:财政局",
        "title": "奈曼旗小微企业房租减免实施细则",
        "doc_number": "奈财发〔2026〕8号",
        "issuer": "奈曼旗财政局",
        "summary": "承租国有经营性房屋的小微企业减免房租。",
        "parameters": [],
        "clauses": [
            {
                "title": "国有房屋租金减免",
                "benefit": "减免年租金的50%，最高10万元",
                "rule": """eligible = all(
  企业规模 in ["小型", "微型"],
  annual_rent > 0,
  credit_tier in ["A", "B"]
)
benefit = min(annual_rent * 50%, 100000)""",
                "attachments": ["租赁合同"],
                "auto_grant": False,
                "cases": [
                    (
                        "年租金6万的小型企业",
                        {"size_class": "小型", "annual_rent": "60000", "credit_tier": "A"},
                        "2026-03-01",
                        "eligible",
                        "30000",
                    ),
                    (
                        "封顶",
                        {"size_class": "微型", "annual_rent": "500000", "credit_tier": "B"},
                        "2026-03-01",
                        "eligible",
                        "100000",
                    ),
                    (
                        "中型企业",
                        {"size_class": "中型", "annual_rent": "60000", "credit_tier": "A"},
                        "2026-03-01",
                        "not_eligible",
                        None,
                    ),
                ],
            }
        ],
    },
    {
        "region": "county",
        "unit": "county:金融工作办公室",
        "title": "奈曼旗中小微企业贷款贴息办法",
        "doc_number": "奈金办发〔2026〕2号",
        "issuer": "奈曼旗金融工作办公室",
        "summary": "对中小微企业新增流动资金贷款按实际利息给予贴息，贴息比例自2026年7月1日起调整为40%。",
        "parameters": [
            ("subsidy_share", "贴息比例", "number", [["2026-01-01", "50%"], ["2026-07-01", "40%"]]),
        ],
        "clauses": [
            {
                "title": "新增贷款贴息",
                "benefit": "按实际支付利息的50%(7月1日起40%)贴息，最高50万元",
                "rule": """利息 = loan_amount * loan_rate
eligible = all(
  loan_amount >= 1000000,
  企业规模 != "大型",
  tax_credit_rating in ["A", "B", "M"]
)
benefit = min(利息 * $subsidy_share, 500000)""",
                "attachments": ["借款合同", "利息支付凭证"],
                "auto_grant": False,
                "cases": [
                    (
                        "贷款200万利率4%(上半年)",
                        {
                            "loan_amount": "2000000",
                            "loan_rate": "0.04",
                            "size_class": "小型",
                            "tax_credit_rating": "A",
                        },
                        "2026-03-01",
                        "eligible",
                        "40000",
                    ),
                    (
                        "同一企业下半年",
                        {
                            "loan_amount": "2000000",
                            "loan_rate": "0.04",
                            "size_class": "小型",
                            "tax_credit_rating": "A",
                        },
                        "2026-08-01",
                        "eligible",
                        "32000",
                    ),
                    (
                        "纳税信用D级",
                        {
                            "loan_amount": "2000000",
                            "loan_rate": "0.04",
                            "size_class": "小型",
                            "tax_credit_rating": "D",
                        },
                        "2026-03-01",
                        "not_eligible",
                        None,
                    ),
                ],
            }
        ],
    },
    {
        "region": "county",
        "unit": "county:工业和信息化局",
        "title": "奈曼旗支持工业企业设备更新改造若干措施",
        "doc_number": "奈政发〔2026〕3号",
        "issuer": "奈曼旗人民政府",
        "summary": "对新增设备投资达到规定额度的工业企业给予补助。",
        "parameters": [
            (
                "min_investment",
                "最低新增设备投资额",
                "number",
                [["2026-01-01", "500000"], ["2026-07-01", "1000000"]],
            ),
        ],
        "clauses": [
            {
                "title": "新增设备投资补助",
                "benefit": "按新增设备投资额的10%给予补助，最高不超过200万元",
                "rule": """eligible = all(
  equipment_investment >= $min_investment,
  not has_tax_arrears
)
benefit = min(equipment_investment * 10%, 2000000)""",
                "attachments": ["设备购置发票", "设备清单"],
                "auto_grant": False,
                "cases": [
                    (
                        "投资300万",
                        {"equipment_investment": "3000000", "has_tax_arrears": "否"},
                        "2026-03-01",
                        "eligible",
                        "300000",
                    ),
                    (
                        "投资3000万封顶",
                        {"equipment_investment": "30000000", "has_tax_arrears": "否"},
                        "2026-03-01",
                        "eligible",
                        "2000000",
                    ),
                    (
                        "7月后投资80万",
                        {"equipment_investment": "800000", "has_tax_arrears": "否"},
                        "2026-08-01",
                        "not_eligible",
                        None,
                    ),
                ],
            }
        ],
    },
    {
        "region": "county",
        "unit": "county:农牧和科技局",
        "title": "奈曼旗高新技术企业认定奖励办法",
        "doc_number": "奈科发〔2026〕1号",
        "issuer": "奈曼旗农牧和科技局",
        "summary": "对首次认定的高新技术企业、入库的科技型中小企业给予奖励，免申即享。",
        "parameters": [],
        "clauses": [
            {
                "title": "高新技术企业认定奖励",
                "benefit": "一次性奖励20万元",
                "rule": """eligible = "高新技术企业" in certificates
benefit = 200000""",
                "attachments": [],
                "auto_grant": True,
                "cases": [
                    ("高企", {"certificates": "高新技术企业"}, "2026-03-01", "eligible", "200000"),
                    ("无资质", {"certificates": "创新型中小企业"}, "2026-03-01", "not_eligible", None),
                ],
            },
            {
                "title": "科技型中小企业入库奖励",
                "benefit": "一次性奖励5万元",
                "rule": """eligible = "科技型中小企业" in certificates
benefit = 50000""",
                "attachments": [],
                "auto_grant": True,
                "cases": [
                    (
                        "科技型中小企业",
                        {"certificates": "科技型中小企业、高新技术企业"},
                        "2026-03-01",
                        "eligible",
                        "50000",
                    ),
                    ("不知道资质", {}, "2026-03-01", "undetermined", None),
                ],
            },
        ],
    },
    {
        "region": "county",
        "unit": "county:人力资源和社会保障局",
        "title": "奈曼旗稳岗扩岗补贴实施办法",
        "doc_number": "奈人社发〔2026〕9号",
        "issuer": "奈曼旗人力资源和社会保障局",
        "summary": "对吸纳就业的企业按新增就业人数给予补贴。",
        "parameters": [],
        "clauses": [
            {
                "title": "扩岗补贴",
                "benefit": "每新增1人补贴1500元，最高15万元",
                "rule": """eligible = all(new_hires >= 5, not has_tax_arrears)
benefit = min(new_hires * 1500, 150000)""",
                "attachments": ["社保缴费明细"],
                "auto_grant": False,
                "cases": [
                    (
                        "新增20人",
                        {"new_hires": "20", "has_tax_arrears": "否"},
                        "2026-03-01",
                        "eligible",
                        "30000",
                    ),
                    (
                        "新增3人",
                        {"new_hires": "3", "has_tax_arrears": "否"},
                        "2026-03-01",
                        "not_eligible",
                        None,
                    ),
                ],
            }
        ],
    },
    {
        "region": "city",
        "unit": "city:市发展和改革委员会",
        "title": "示范市企业研发投入后补助办法",
        "doc_number": "示发改发〔2026〕21号",
        "issuer": "示范市发展和改革委员会",
        "summary": "研发投入占营业收入3%以上的企业，按研发投入给予后补助。",
        "parameters": [],
        "clauses": [
            {
                "title": "研发投入后补助",
                "benefit": "按上年研发投入的10%给予补助，最高100万元",
                "rule": """强度 = rd_expense / revenue
eligible = all(revenue > 0, 强度 >= 3%)
benefit = min(rd_expense * 10%, 1000000)""",
                "attachments": ["研发费用专项审计报告"],
                "auto_grant": False,
                "cases": [
                    (
                        "研发强度5%",
                        {"rd_expense": "500000", "revenue": "10000000"},
                        "2026-03-01",
                        "eligible",
                        "50000",
                    ),
                    (
                        "研发强度1%",
                        {"rd_expense": "100000", "revenue": "10000000"},
                        "2026-03-01",
                        "not_eligible",
                        None,
                    ),
                ],
            }
        ],
    },
    {
        "region": "county",
        "unit": "county:发展和改革委员会",
        "title": "奈曼旗小微企业首次升规奖励办法",
        "doc_number": "奈发改发〔2026〕4号",
        "issuer": "奈曼旗发展和改革委员会",
        "summary": "对营业收入首次达到2000万元的企业给予奖励。",
        "parameters": [],
        "clauses": [
            {
                "title": "首次升规奖励",
                "benefit": "一次性奖励10万元",
                "rule": """eligible = all(revenue >= 20000000, 企业规模 != "大型", years_since(founded_on) >= 1)
benefit = 100000""",
                "attachments": ["年度财务报表"],
                "auto_grant": False,
                "cases": [
                    (
                        "营收2500万",
                        {"revenue": "25000000", "size_class": "中型", "founded_on": "2020-05-01"},
                        "2026-03-01",
                        "eligible",
                        "100000",
                    ),
                    (
                        "营收500万",
                        {"revenue": "5000000", "size_class": "小型", "founded_on": "2020-05-01"},
                        "2026-03-01",
                        "not_eligible",
                        None,
                    ),
                ],
            }
        ],
    },
    {
        "region": "county",
        "unit": "county:金融工作办公室",
        "title": "奈曼旗守信企业融资担保费补贴办法",
        "doc_number": "奈金办发〔2026〕6号",
        "issuer": "奈曼旗金融工作办公室",
        "summary": "对信用风险分类为A类的企业，补贴融资担保费。",
        "parameters": [],
        "clauses": [
            {
                "title": "担保费补贴",
                "benefit": "按贷款额的1%补贴担保费，最高5万元",
                "rule": """eligible = all(credit_tier == "A", loan_amount > 0, open_appeals >= 0)
benefit = min(loan_amount * 1%, 50000)""",
                "attachments": ["担保合同"],
                "auto_grant": False,
                "cases": [
                    (
                        "A类贷款300万",
                        {"credit_tier": "A", "loan_amount": "3000000", "open_appeals": "0"},
                        "2026-03-01",
                        "eligible",
                        "30000",
                    ),
                    (
                        "C类",
                        {"credit_tier": "C", "loan_amount": "3000000", "open_appeals": "0"},
                        "2026-03-01",
                        "not_eligible",
                        None,
                    ),
                ],
            }
        ],
    },
    {
        "region": "zone",
        "unit": "zone:财政金融局",
        "title": "腾格里经济技术开发区入驻企业房租补贴办法",
        "doc_number": "腾开发〔2026〕7号",
        "issuer": "腾格里经济技术开发区管委会",
        "summary": "对入驻园区标准化厂房的企业给予房租补贴。",
        "parameters": [],
        "clauses": [
            {
                "title": "标准化厂房房租补贴",
                "benefit": "补贴年租金的30%，最高30万元",
                "rule": """eligible = all("腾格里经济技术开发区" in regions, annual_rent > 0)
benefit = min(annual_rent * 30%, 300000)""",
                "attachments": ["厂房租赁合同"],
                "auto_grant": False,
                "cases": [
                    (
                        "园区企业年租金40万",
                        {"regions": "示范市、腾格里经济技术开发区", "annual_rent": "400000"},
                        "2026-03-01",
                        "eligible",
                        "120000",
                    ),
                    (
                        "园区外企业",
                        {"regions": "示范市、奈曼旗", "annual_rent": "400000"},
                        "2026-03-01",
                        "not_eligible",
                        None,
                    ),
                ],
            }
        ],
    },
    {
        "region": "city",
        "unit": "city:市市场监督管理局",
        "title": "示范市支持个体工商户转型升级为企业的若干措施",
        "doc_number": "示市监发〔2026〕15号",
        "issuer": "示范市市场监督管理局",
        "summary": "对2026年内由个体工商户转型登记的微型企业给予一次性奖励。",
        "parameters": [],
        "clauses": [
            {
                "title": "个转企奖励",
                "benefit": "一次性奖励5000元",
                "rule": """eligible = all(within(founded_on, 2026-01-01, 2026-12-31), 企业规模 == "微型")
benefit = 5000""",
                "attachments": ["个体工商户注销证明"],
                "auto_grant": False,
                "cases": [
                    (
                        "年内转型的微型企业",
                        {"founded_on": "2026-02-10", "size_class": "微型"},
                        "2026-03-01",
                        "eligible",
                        "5000",
                    ),
                    (
                        "去年成立",
                        {"founded_on": "2025-02-10", "size_class": "微型"},
                        "2026-03-01",
                        "not_eligible",
                        None,
                    ),
                ],
            }
        ],
    },
]
