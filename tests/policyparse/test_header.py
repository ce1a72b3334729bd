from datetime import date

from policyparse import parse

NOTICE = """您当前的位置:首页 > 政府信息公开
中共示范区工作委员会关于印发《示范区关于进一步优化营商环境的若干措施》的通知
阿腾党发〔2021〕50 号
各部、局:
现将《示范区关于进一步优化营商环境的若干措施》印发给你们，请认真贯彻落实。
2021年3月24日
示范区关于进一步优化营商环境的若干措施
为优化营商环境，提出如下措施。
一、提升便利度
（一）企业开办。1个工作日内办结。（市场监管局牵头）
编辑:
信息来源:工业科技局
"""


def test_notice_header():
    d = parse(NOTICE).document
    assert d.title == "示范区关于进一步优化营商环境的若干措施"
    assert d.doc_number == "阿腾党发〔2021〕50号"
    assert d.issuers == ("中共示范区工作委员会",)
    assert d.issue_date == date(2021, 3, 24)
    assert d.kind == "measures"


def test_signature_lines_are_issuers():
    text = "各县(区)党委:\n现印发你们。\n中共某市委办公室\n某市人民政府办公室\n2023年11月2日\n关于进一步优化营商环境的若干措施\n一、任务"
    d = parse(text).document
    assert d.issuers == ("中共某市委办公室", "某市人民政府办公室")
    assert d.issue_date == date(2023, 11, 2)


def test_a_signature_row_with_the_date_in_its_own_cell_dates_the_document():
    text = "各部门：\n现印发你们。\n某市人民政府\tRS、2024年1月9日\n某市若干措施\n一、任务\n（一）甲。年底前完成。"
    d = parse(text).document
    assert d.issue_date == date(2024, 1, 9)
    specks = (
        "各部门：\n现印发你们。\n1\n桂溪市人民政府\t1\t，2025年4月10日\n某市若干措施\n一、任务\n（一）甲。"
    )
    assert parse(specks).document.issue_date == date(2025, 4, 10)
    # a table row ending in a date is no signature
    row = "各部门：\n现印发你们。\n1\t推行帮办代办\t2024年6月30日\n某市若干措施\n一、任务"
    assert parse(row).document.issue_date is None


def test_kind_from_title():
    assert parse("某旗优化营商环境三年行动计划\n一、任务").document.kind == "action_plan"
    assert parse("2020年优化营商环境专项工作方案\n一、任务").document.kind == "work_plan"
    assert parse("某市营商环境考核细则\n一、任务").document.kind == "work_plan"


def test_posting_date_is_not_issue_date():
    text = "某办关于印发工作方案的通知(济管办〔2020〕15号)\n来源:济源日报 | 时间:2020-10-28\n2020年6月22日\n工作方案\n一、任务"
    d = parse(text).document
    assert d.issue_date == date(2020, 6, 22)
    assert d.doc_number == "济管办〔2020〕15号"


def test_news_report_assigns_no_tasks():
    text = (
        "某某法制报\n2022年5月10日\n我区优化营商环境工作取得明显成效\n本报记者●刘琪\n"
        "5月8日下午，记者从新闻发布会上了解到，各项工作取得明显成效。\n"
        "1.方案有序落地。181项任务中完成50%以上的有42条，市场监管局出台措施。\n"
    )
    led = parse(text)
    assert led.document.kind == "news"
    assert led.document.title == "我区优化营商环境工作取得明显成效"
    assert led.document.issuers == ("某某法制报",)
    assert led.measures == ()


def test_chinese_numeral_issue_date():
    assert parse("某市人民政府\n二〇二一年十一月十五日\n一、任务").document.issue_date == date(2021, 11, 15)


def test_meeting_report_without_byline_is_news():
    text = "我市召开优化营商环境工作推进会\n近日，我市召开推进会。会议指出，企业开办时间压缩至0.5个工作日。\n一是深化改革。"
    led = parse(text)
    assert led.document.kind == "news" and led.measures == ()


def test_issue_date_in_brackets_under_title():
    assert parse("某县营商环境责任清单\n（2023年4月10日）\n一、任务").document.issue_date == date(2023, 4, 10)
