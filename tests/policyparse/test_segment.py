from policyparse import parse

from .conftest import node


def paths(text: str) -> list[str]:
    return [m.path for m in parse(text).measures]


def test_chinese_numeral_with_dunhao():
    assert paths("一、总体要求\n二、主要任务") == ["一", "二"]


def test_fullwidth_and_ascii_parentheses_normalise_alike():
    assert paths("一、任务\n（一）企业开办。\n(二)办理建筑许可。") == ["一", "一/(一)", "一/(二)"]


def test_stray_spaces_inside_label_dropped():
    assert paths("一、任务\n( 十 五 )法律保护。\n(十 六 )劳动力市场监管。") == [
        "一",
        "一/(十五)",
        "一/(十六)",
    ]


def test_arabic_levels_nest_under_chinese():
    text = "一、任务\n（一）便利化行动\n1.深化简政放权\n（1）做好承接工作。\n①简化流程。"
    assert paths(text) == ["一", "一/(一)", "一/(一)/1", "一/(一)/1/(1)", "一/(一)/1/(1)/①"]


def test_skipped_level_and_list_starting_at_two():
    assert paths("三、措施\n1.推进改革。\n四、保障措施\n总体安排。\n（二）树立责任意识。") == [
        "三",
        "三/1",
        "四",
        "四/(二)",
    ]


def test_labels_in_running_text_are_not_nodes():
    text = "一、任务\n（一）企业开办。一是压减时间，二是降低成本。2021年3月24日前完成。\n（此件公开发布）"
    assert paths(text) == ["一", "一/(一)"]


def test_decimal_is_not_a_label():
    assert paths("3.0方案有序落地实施\n1.推进改革。") == ["1"]


def test_inline_sub_items_become_children():
    text = "1.优化服务。(1)推进全程网办;(2)压减办理时间。(税务局牵头)"
    led = parse(text)
    assert [m.path for m in led.measures] == ["1", "1/(1)", "1/(2)"]
    assert node(led, "1/(1)").title.startswith("推进全程网办")
    # the unit parenthesis after the last item covers the whole measure
    assert [u.name for u in node(led, "1/(1)").lead_units] == ["税务局"]


def test_title_and_text_split_at_full_stop():
    led = parse("（一）企业开办注销。企业开办实行全程网办。（市场监管局牵头）")
    m = node(led, "(一)")
    assert m.title == "企业开办注销"
    assert m.text.startswith("企业开办实行全程网办")
    assert "（市场监管局牵头）" in m.text


def test_title_stops_at_unit_parenthesis():
    m = node(parse("1.深化简政放权（牵头单位：旗行政审批和政务服务局）"), "1")
    assert m.title == "深化简政放权"


def test_annex_restarts_numbering():
    text = "一、正文任务\n附件\n一、附件任务\n（一）细项。"
    assert paths(text) == ["一", "附件", "附件/一", "附件/一/(一)"]


def test_page_furniture_ends_the_last_node():
    led = parse("一、任务\n（一）推进改革。\n编辑:\n信息来源:工业科技局")
    assert "信息来源" not in node(led, "一/(一)").text


def test_layout_break_inside_unit_parenthesis_joined():
    led = parse("（一）知识产权保护。加强保护。(市\n\n场监督管理局牵头,公安分局按照职责分工负责)")
    assert [u.name for u in node(led, "(一)").lead_units] == ["市场监督管理局"]


def test_text_table_rows_become_nodes():
    text = "序号\t重点工作\t责任单位\t完成时限\n1\t推进企业开办全程网办\t市场监管局、税务局\t2021年6月底前\n"
    m = node(parse(text), "1")
    assert m.title == "推进企业开办全程网办"
    assert [u.name for u in m.lead_units] == ["市场监管局", "税务局"]
    assert [d.due.isoformat() for d in m.deadlines if d.due] == ["2021-06-30"]


def test_article_style_label():
    assert paths("第一条 为优化营商环境制定本办法。\n第二条 各部门负责落实。") == ["第一条", "第二条"]


def test_duplicate_label_gets_unique_path():
    ps = paths("一、任务\n一、重复的任务")
    assert len(ps) == len(set(ps)) == 2


def test_chapters_and_articles():
    assert paths(
        "第一章 总则\n第一条 为优化营商环境制定本办法。\n第二章 市场主体保护\n第二条 平等保护。"
    ) == [
        "第一章",
        "第一章/第一条",
        "第二章",
        "第二章/第二条",
    ]


def test_parts_nest_their_sections():
    assert paths("第一部分 总体要求\n一、指导思想\n第二部分 重点任务\n一、政务服务\n（一）推行网办。") == [
        "第一部分",
        "第一部分/一",
        "第二部分",
        "第二部分/一",
        "第二部分/一/(一)",
    ]
