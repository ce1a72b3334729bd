"""One small test per failure pattern seen on documents the parser had never read (issue 12)."""

from policyparse import parse

from .conftest import node


def _names(units) -> list[str]:
    return [u.name for u in units]


# 1. an annex after an attachment list keeps one path
def test_attachment_list_line_is_not_a_node():
    text = "一、总则\n（一）加强领导。\n附件：1.某市考评指标\n2.某市任务表\n附件1\n某市考评指标\n一、开办企业\n1.推行全程网办。"
    assert [m.path for m in parse(text).leaves] == ["一/(一)", "附件1/一/1"]


def test_attachment_list_heading_alone_then_bare_annex():
    text = "一、总则\n（一）加强领导。\n附件：\n1.某市考评指标\n附件\n某市考评指标\n一、开办企业\n1.推行全程网办。"
    assert [m.path for m in parse(text).leaves] == ["一/(一)", "附件/一/1"]


def test_annex_heading_with_its_title_on_the_line():
    text = "一、总则\n（一）加强领导。\n附件：1.某市考评指标\n附件1：某市考评指标\n一、开办企业\n1.推行全程网办。"
    led = parse(text)
    assert [m.path for m in led.leaves] == ["一/(一)", "附件1/一/1"]
    assert node(led, "附件1").title == "某市考评指标"


# 2. unit labels beyond the usual ones (a lexicon)
def test_lead_assessment_label_on_a_bare_line():
    m = node(parse("一、开办企业\n1.推行全程网办。\n牵头考核单位：市场监管局\n配合单位：税务局"), "一/1")
    assert (_names(m.lead_units), _names(m.cooperating_units)) == (["市场监管局"], ["税务局"])


def test_main_and_assisting_labels():
    m = node(parse("（一）推行网办。（主责单位：市数据局；协办单位：市税务局）"), "(一)")
    assert (_names(m.lead_units), _names(m.cooperating_units)) == (["市数据局"], ["市税务局"])


# 4. several unit parentheses in one measure: their union
def test_units_of_several_parentheses_are_united():
    m = node(parse("（一）开展自助打印（省海关负责）。开展关税培训（省商务厅牵头，省农业厅配合）。"), "(一)")
    assert (_names(m.lead_units), _names(m.cooperating_units)) == (["省海关", "省商务厅"], ["省农业厅"])


def test_bracket_followed_by_the_next_sentence_still_counts():
    m = node(
        parse("（一）建设维权中心。(区知识产权局负责)探索质押融资。(区金融局牵头，区知识产权局配合)"), "(一)"
    )
    assert _names(m.lead_units) == ["区知识产权局", "区金融局"]


# 5. an inline sub-item right after a unit parenthesis
def test_inline_item_after_unit_parenthesis():
    led = parse("1.深化改革。(1)推行一照通办。(市市场监管局牵头负责)(2)推进名称申报。(市税务局负责)")
    assert [m.path for m in led.leaves] == ["1/(1)", "1/(2)"]
    assert _names(node(led, "1/(2)").lead_units) == ["市税务局"]


# 6. the year only in the title
def test_year_in_title_anchors_yearless_deadlines():
    led = parse("某省营商环境提升2023年行动计划\n一、任务\n（一）推行网办。8月底前，实现全程网办。")
    assert [d.due.isoformat() for d in node(led, "一/(一)").deadlines if d.due] == ["2023-08-31"]


def test_month_before_signing_stays_in_title_year():
    text = "某县2024年营商环境工作要点\n2024年3月15日\n一、任务\n（一）推行网办。2月底前完成梳理。"
    assert [d.due.isoformat() for d in node(parse(text), "一/(一)").deadlines if d.due] == ["2024-02-29"]


def test_whole_year_cell_with_title_year():
    text = "某市2025年重点任务清单\n序号\t重点工作\t责任单位\t完成时限\n1\t推行网办\t数据局\t全年"
    assert [d.due.isoformat() for d in node(parse(text), "1").deadlines if d.due] == ["2025-12-31"]


# 7. deadline phrasings
def test_month_with_result_verb_is_a_deadline():
    dues = node(
        parse("（一）推进改革。9月取得明显成效。", options={"issued_on": "2022-01-10"}), "(一)"
    ).deadlines
    assert [d.due.isoformat() for d in dues if d.due] == ["2022-09-30"]


def test_month_with_fen_is_a_deadline():
    dues = node(
        parse("（一）推进改革。6月份完成上线。", options={"issued_on": "2022-01-10"}), "(一)"
    ).deadlines
    assert [d.due.isoformat() for d in dues if d.due] == ["2022-06-30"]


def test_quarter_end_is_a_deadline():
    dues = node(
        parse("（一）推进改革。三季度末前完成修订。", options={"issued_on": "2022-01-10"}), "(一)"
    ).deadlines
    assert [d.due.isoformat() for d in dues if d.due] == ["2022-09-30"]


def test_validity_period_is_not_a_deadline():
    m = node(parse("（一）稳岗补贴。政策执行期为2024年1月1日至2025年12月31日。"), "(一)")
    assert m.deadlines == ()


# 8. targets
def _targets(text: str) -> list[tuple[float, str, str]]:
    return [(t.value, t.unit, t.comparator) for t in node(parse(text), "(一)").targets]


def test_count_closing_clause_after_action_verb():
    assert _targets("（一）加快网络建设。累计建设基站4600个。") == [(4600, "个", ">=")]


def test_5g_token_does_not_block_a_count():
    assert _targets("（一）加快网络建设。新增5G基站800座。") == [(800, "座", ">=")]


def test_one_step_is_a_ceiling():
    assert (1, "个", "<=") in _targets("（一）企业开办。推行企业开办1个环节、1天办结。")


def test_baseline_is_not_a_target():
    assert _targets("（一）扩大通办。在现有12项高频事项网上办的基础上，推动更多事项网上办。") == []


def test_chinese_numeral_time():
    assert _targets("（一）通关提速。进口整体通关时间压缩至三十六小时以内。") == [(36, "小时", "<=")]


# 9. unit names
def test_customs_name_ends_a_name():
    m = node(parse("（一）通关便利。（市商务局牵头，合肥海关、省贸促会按职责分工配合）"), "(一)")
    assert _names(m.cooperating_units) == ["合肥海关", "省贸促会"]


def test_collective_name_with_lead_word_keeps_the_lead():
    m = node(parse("（一）指标提升。（牵头单位：县发改委；配合单位：各指标专班牵头单位）"), "(一)")
    assert (_names(m.lead_units), _names(m.cooperating_units)) == (["县发改委"], ["各指标专班牵头单位"])


def test_naming_bracket_is_not_a_unit_list():
    assert node(parse("第二条 本办法适用于各部门（以下统称被考评单位）。"), "第二条").lead_units == ()


# 10. the first listed unit leads, from the list that states it
def test_first_unit_rule_on_bare_line_applies_to_its_own_list():
    m = node(
        parse("（一）推行网办。\n责任单位：县数据局、县市场监管局（第一责任单位为牵头单位，下同）"), "(一)"
    )
    assert (_names(m.lead_units), _names(m.cooperating_units)) == (["县数据局"], ["县市场监管局"])


# 11. indicators
def test_registration_work_is_business_start():
    assert [
        i.name for i in node(parse("（一）便利准入准营。推行经营主体登记全程网办。"), "(一)").indicators
    ] == ["开办企业"]


def test_supervision_work_is_construction_permits():
    assert [i.name for i in node(parse("（一）规范工程监理。推行监理报告制度。"), "(一)").indicators] == [
        "办理建筑许可"
    ]


# 13. text never dropped silently
def test_text_after_a_footer_is_reported():
    text = "一、任务\n（一）推行网办。\n抄送：市委办\n某县另一份文件的正文，共有二十个字符以上的内容。"
    led = parse(text)
    assert len(led.ignored) == 1
    assert led.ignored[0].chars == len("某县另一份文件的正文，共有二十个字符以上的内容。")
    assert led.ignored[0].line == 4 and "24个字符" in led.warnings[0]


def test_clean_document_has_no_warnings():
    assert parse("一、任务\n（一）推行网办。（市数据局负责）").warnings == ()


# 12. header
BODY = "\n一、任务\n（一）推行网办。（市数据局负责）"


def test_title_over_two_lines():
    doc = parse("某市关于进一步优化营商环境的\n若干措施" + BODY).document
    assert doc.title == "某市关于进一步优化营商环境的若干措施"


def test_title_followed_by_its_doc_number():
    doc = parse("某市优化营商环境若干措施（某政发〔2023〕5号）" + BODY).document
    assert (doc.title, doc.doc_number) == ("某市优化营商环境若干措施", "某政发〔2023〕5号")


def test_issuer_is_not_read_from_a_preamble_sentence():
    text = "某市优化营商环境若干措施\n根据省人民政府办公厅关于优化营商环境的通知要求，制定本措施。" + BODY
    assert parse(text).document.issuers == ()


def test_issuer_wrapped_over_two_lines_is_one():
    text = "某市优化营商环境若干措施" + BODY + "\n某市优化营商环境工作\n领导小组办公室\n2023年3月1日"
    assert parse(text).document.issuers == ("某市优化营商环境工作领导小组办公室",)


def test_action_plan_kind_with_words_between():
    assert parse("某市营商环境三年提升行动实施方案" + BODY).document.kind == "action_plan"


def test_count_with_the_verb_a_few_characters_before():
    assert _targets("（一）数据共享。联通全市40个部门数据。") == [(40, "个", ">=")]


def test_percentage_of_enterprises_brought_in():
    assert _targets("（一）信用监管。全市85%的企业纳入信用监管。") == [(85, "%", ">=")]


def test_bank_account_opening_is_business_start():
    m = node(parse("（一）便利企业开立银行账户。推行企业开办与银行开户同步办理。"), "(一)")
    assert [i.name for i in m.indicators] == ["开办企业"]


def test_public_private_partnership_gets_no_indicator():
    assert node(parse("（一）规范PPP项目。推进政府和社会资本合作规范发展。"), "(一)").indicators == ()


def test_labour_use_is_labour_market_regulation():
    assert [i.name for i in node(parse("（一）规范劳动用工。推行电子劳动合同。"), "(一)").indicators] == [
        "劳动力市场监管"
    ]


def test_no_indicator_keyword_is_listed_twice():
    from policyparse.lexicon import load

    for name, words in load("indicators")["keywords"].items():
        assert len(words) == len(set(words)), name


def test_percentage_of_services_available_online():
    assert _targets("（一）深化网办。实现省级政务服务事项100%网上可办。") == [(100, "%", "=")]


def test_notice_title_over_two_lines_gives_the_issuer():
    text = "云岭省人民政府办公厅关于印发\n云岭省营商环境提升2023年行动计划的通知" + BODY
    assert parse(text).document.issuers == ("云岭省人民政府办公厅",)


def test_plan_for_next_year_signed_in_december():
    text = "某县2024年营商环境工作要点\n2023年12月28日\n一、任务\n（一）推行网办。年底前实现全覆盖。"
    assert [d.due.isoformat() for d in node(parse(text), "一/(一)").deadlines if d.due] == ["2024-12-31"]


def test_a_title_range_does_not_anchor_on_its_last_year():
    text = "某旗优化营商环境三年行动计划（2021—2023年）\n2021年11月15日\n一、任务\n（一）推行网办。2022年底前实现全覆盖。"
    assert [d.due.isoformat() for d in node(parse(text), "一/(一)").deadlines if d.due] == ["2022-12-31"]
