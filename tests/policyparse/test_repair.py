"""OCR misreads put back from what the document itself makes sure of (policyparse/repair.py)."""

from __future__ import annotations

from policyparse.layout import OcrLine, OcrPage, fix_misreads, scan_text
from policyparse.repair import label_edits, place_edits, role_edits, unit_edits


def test_a_top_level_label_between_its_neighbours_is_put_back():
    got = fix_misreads("三、甲。\n(一)子。\n由、乙。\n(一)丑。\n五、丙。")
    assert got.splitlines()[2] == "四、乙。"


def test_a_bracketed_label_sharing_no_character_is_put_back_when_the_next_confirms_it():
    got = fix_misreads("(六)甲。\n(L)乙。\n(八)丙。")
    assert got.splitlines()[1] == "(七)乙。"


def test_an_arabic_label_misread_is_put_back_from_the_sequence():
    assert fix_misreads("1.甲\n2.乙\n8.丙\n4.丁").splitlines()[2] == "3.丙"
    assert fix_misreads("9.甲\n1O.乙\n11.丙").splitlines()[1] == "10.乙"


def test_text_that_only_looks_like_a_label_is_left_alone():
    text = "省、市、县三级。\n三、甲。\n省、市联动。\n四、乙。\n1.甲\n2.乙\n1.重新编号\n2.丙"
    assert label_edits(text) == []


def test_a_role_label_or_mark_misread_by_one_character_is_put_back():
    assert fix_misreads("牵失单位：市发改委；配会单位：市税务局") == "牵头单位：市发改委；配合单位：市税务局"
    assert fix_misreads("（市场监管局牵失，公安局配会）") == "（市场监管局牵头，公安局配合）"
    assert fix_misreads("（市场监管局头，公安局配合）") == "（市场监管局牵头，公安局配合）"


def test_words_that_are_not_role_words_are_left_alone():
    assert role_edits("（市场监管局牵头，公安局参与）责任领导：王某；局长，处长，") == []


def _line(text: str, y: int, low: tuple[tuple[int, int], ...] = ()) -> OcrLine:
    return OcrLine(1, (100, y, 100 + 40 * len(text), y + 40), text, 0.9, low)


def test_an_unsure_unit_name_is_put_back_from_the_document_and_marked_for_review():
    lines = (
        _line("(一)甲事项（市行政审批局牵头，市税务局配合）", 100),
        _line("(二)乙事项（市行政审批局牵头，市公安局配合）", 200),
        _line("(三)丙事项（市行政审扰局牵头，市税务局配合）", 300, low=((11, 12),)),
    )
    scan = scan_text([OcrPage(1, 2000, 3000, lines)])
    third = scan.text.splitlines()[2]
    assert "市行政审批局牵头" in third
    at = scan.text.index("市行政审批局", scan.text.index("(三)"))
    assert scan.unsure(at, at + 6)
    assert not scan.unsure(0, 3)


def test_a_confident_or_ambiguous_unit_name_is_kept_as_read():
    text = "（市税务局牵头，市公安局配合）（市税务局牵头，市公安局配合）（市商务局牵头）"
    assert unit_edits(text, lambda a, b: False) == []  # read with confidence
    assert [e.text for e in unit_edits(text, lambda a, b: True)] == ["市税务局"]
    directory = ["市商务局", "市税务局"]
    assert unit_edits("（市财务局牵头）", lambda a, b: True, directory) == []  # two names as near
    assert [e.text for e in unit_edits("（市商努局牵头）", lambda a, b: True, directory)] == ["市商务局"]


def test_a_lost_opening_bracket_of_a_unit_list_is_put_back():
    got = fix_misreads("给予补偿。市金融工作局牵头，市分行按职责分工负责)\n另见附件。说明)")
    assert got == "给予补偿。(市金融工作局牵头，市分行按职责分工负责)\n另见附件。说明)"
    assert (
        fix_misreads("《市城市管理局牵头，青岚水务集团按职责分工负责)")
        == "(市城市管理局牵头，青岚水务集团按职责分工负责)"
    )


def test_a_document_number_with_misread_year_brackets_is_put_back():
    assert fix_misreads("青政办发【2023 ] 18号") == "青政办发〔2023〕18号"[:4] + "〔2023〕 18号"
    assert fix_misreads("青政办发〔2023〕18号") == "青政办发〔2023〕18号"


def test_an_arabic_label_with_a_misread_or_dropped_stop_is_put_back():
    got = fix_misreads("1 .甲\n2 .乙\n3:丙\n4丁\n5.戊\n2月底前完成")
    assert got.splitlines() == ["1.甲", "2.乙", "3.丙", "4.丁", "5.戊", "2月底前完成"]
    assert fix_misreads("1 .甲\n2推进乙\n3.丙").splitlines()[:2] == ["1.甲", "2.推进乙"]


def test_a_full_row_before_a_misread_label_is_not_joined_to_it():
    lines = (
        _line("(六)甲" + "字" * 30, 100),
        _line("(L)乙事项。", 150),
        _line("(八)丙事项。", 200),
    )
    assert scan_text([OcrPage(1, 2000, 3000, lines)]).text.splitlines()[1] == "(七)乙事项。"


def test_a_bracketed_label_that_lost_its_closing_bracket_is_closed_from_the_sequence():
    got = fix_misreads("(六)甲事项。\n(七乙事项。\n(八)丙事项。")
    assert got.splitlines()[1] == "(七)乙事项。"
    # the last of its section: the next heading restarts the sequence
    assert fix_misreads("(一)甲。\n(二乙。\n二、丙\n(一)丁。").splitlines()[1] == "(二)乙。"


def test_a_bracket_opening_prose_is_not_taken_for_an_unclosed_label():
    text = "(一)甲。\n(一网通办)乙。\n(三年行动)丙。\n(二)丁。"
    assert fix_misreads(text) == text


def test_a_row_opening_with_an_unclosed_label_starts_its_own_node():
    lines = (
        _line("(六)甲事项。" + "字" * 30, 100),
        _line("(七乙事项。", 150),
        _line("(八)丙事项。", 200),
    )
    scan = scan_text([OcrPage(1, 2000, 3000, lines)])
    assert scan.text.splitlines()[1] == "(七)乙事项。"


def test_a_role_label_that_lost_its_colon_is_put_back_inside_a_labelled_list():
    got = fix_misreads("1.甲。(牵头单位：县商务局；责任单位县财政局、县税务局)")
    assert got == "1.甲。(牵头单位：县商务局；责任单位：县财政局、县税务局)"
    assert fix_misreads("1.甲。严格考核，责任单位要落实整改。") == "1.甲。严格考核，责任单位要落实整改。"
    assert fix_misreads("(牵头单位：市某局；责任单位/-市各部门)") == "(牵头单位：市某局；责任单位：市各部门)"


def test_a_square_or_lenticular_bracket_closed_by_a_round_one_is_a_unit_bracket():
    assert fix_misreads("1.甲。[牵头单位；县商务局)") == "1.甲。(牵头单位：县商务局)"
    assert fix_misreads("1.甲。【县商务局牵头，县税务局配合）") == "1.甲。(县商务局牵头，县税务局配合）"
    assert fix_misreads("见【附件】（略）") == "见【附件】（略）"


def test_two_unit_names_run_together_get_their_comma_back():
    known = "(牵头单位：市某办；责任单位：市委各部门、市级各部门、中央、省属驻某地各单位)\n"
    got = fix_misreads(known * 2 + "(牵头单位：市某办；责任单位：市委各部门市级各部门、各园区)")
    assert got.splitlines()[2] == "(牵头单位：市某办；责任单位：市委各部门、市级各部门、各园区)"


def test_a_longer_name_is_not_split_at_a_shorter_one():
    text = "(牵头单位：市政府；配合单位：市政府、办公室)\n" * 2 + "(牵头单位：市政府办公室)"
    assert fix_misreads(text) == text


def test_a_quotation_mark_read_inside_a_number_is_dropped():
    assert fix_misreads("纳税时间压缩至8“0小时以内") == "纳税时间压缩至80小时以内"


def test_an_unsure_period_character_is_put_back():
    lines = (
        _line("1.甲事项三季度林前完成。", 100, low=((8, 9),)),
        _line("2.乙事项6朋底取得成效。", 200, low=((6, 7),)),
        _line("3.丙事项5项前完成。", 300),
    )
    text = scan_text([OcrPage(1, 2000, 3000, lines)]).text
    assert text.splitlines() == ["1.甲事项三季度末前完成。", "2.乙事项6月底取得成效。", "3.丙事项5项前完成。"]


def test_a_blank_line_ends_a_paragraph_even_after_a_full_row():
    full = "字" * 30  # line boxes (40 px) almost as tall as the line spacing (41 px), as tesseract gives them
    lines = (
        _line(full, 100),
        _line(full, 141),
        _line("一行标题" + "字" * 26, 223),  # a blank line's worth of space above it
        _line("序号|重点任务|牵头单位", 264),
    )
    text = scan_text([OcrPage(1, 2000, 3000, lines)]).text
    assert text.splitlines() == [full + full, "一行标题" + "字" * 26 + "序号|重点任务|牵头单位"]


def test_an_arabic_label_whose_numeral_was_lost_is_put_back_when_the_next_confirms_it():
    assert fix_misreads("6.甲\n.乙\n8.丙").splitlines()[1] == "7.乙"
    assert fix_misreads("6.甲\n.乙\n9.丙").splitlines()[1] == ".乙"


def test_a_page_number_misread_with_specks_is_page_furniture():
    lines = (_line("(一)甲事项。", 100), OcrLine(1, (900, 2860, 1080, 2900), "一.18 :一", 0.15))
    assert scan_text([OcrPage(1, 2000, 3000, lines)]).text == "(一)甲事项。"


def test_end_read_as_its_look_alike_not_in_a_period_word_is_put_back():
    assert fix_misreads("1.甲。三季度未前完成，12月未前上线。") == "1.甲。三季度末前完成，12月末前上线。"
    assert fix_misreads("1.甲。对年度未完成的事项") == "1.甲。对年度未完成的事项"


def test_a_role_label_opening_a_line_with_a_semicolon_for_its_colon_is_put_back():
    got = fix_misreads("(一)甲事项。\n责任单位;县发改局、县住建局\n完成时限:长期坚持")
    assert got.splitlines()[1] == "责任单位：县发改局、县住建局"
    assert fix_misreads("甲；责任单位；乙") == "甲；责任单位；乙"


def test_a_first_arabic_label_that_lost_its_numeral_and_stopless_labels_after_it_are_put_back():
    got = fix_misreads("(一)甲\n.提升电力\n2提升用水\n3深化审批\n4 .规范招标\n(二)乙\n.丙\n2.丁")
    assert got.splitlines() == [
        "(一)甲",
        "1.提升电力",
        "2.提升用水",
        "3.深化审批",
        "4.规范招标",
        "(二)乙",
        "1.丙",
        "2.丁",
    ]
    # a stop opening prose, with no label 2 after it, is not a label
    assert fix_misreads("甲\n.乙\n3.丙").splitlines()[1] == ".乙"


def test_a_tab_inside_a_bracketed_label_closes_the_bracket():
    got = fix_misreads("(1\t简化报装流程。\n(2\t)推行联合验收。\n(三)\t丙\t丁")
    assert got.splitlines() == ["(1)简化报装流程。", "(2)推行联合验收。", "(三)\t丙\t丁"]


def test_circled_numerals_are_numbered_by_their_place_in_the_run():
    got = fix_misreads("(1)甲。\n⑤子。\n续行。\n⑨丑。\n(2)乙。\n⑦寅。\n⑦卯。")
    assert got.splitlines() == ["(1)甲。", "①子。", "续行。", "②丑。", "(2)乙。", "①寅。", "②卯。"]
    # one past the expected is kept as read: the one before it was missed
    got = fix_misreads("(1)甲。\n②子。\n③丑。\n(2)乙。\n①寅。\n③卯。")
    assert got.splitlines() == ["(1)甲。", "②子。", "③丑。", "(2)乙。", "①寅。", "③卯。"]


def test_a_clause_label_after_a_page_break_starts_its_own_line():
    full = "字" * 29 + "。"
    pages = [
        OcrPage(1, 2000, 3000, (_line("(一)甲" + "字" * 27, 100), _line(full, 150))),
        OcrPage(
            2,
            2000,
            3000,
            (_line("责任单位;县发改局、县市场监管局" + "字" * 14, 100), _line("完成时限:年底前", 150)),
        ),
    ]
    assert scan_text(pages).text.splitlines()[1].startswith("责任单位")


def test_unsure_specks_a_tab_away_from_a_line_or_alone_are_dropped():
    lines = (
        OcrLine(1, (100, 100, 1300, 140), "策红利直达市场主体。\t四", 0.86, ((11, 12),)),
        OcrLine(1, (1000, 150, 1300, 190), "世\t崩", 0.0, ((0, 1), (2, 3))),
        OcrLine(1, (100, 200, 1300, 240), "一\t崩责任单位:县司法局", 0.7, ((0, 1), (2, 3))),
        OcrLine(1, (100, 400, 1300, 440), "数据\t四", 0.95),  # a sure cell is kept
    )
    text = scan_text([OcrPage(1, 2000, 3000, lines)]).text
    assert text.splitlines() == ["策红利直达市场主体。", "崩责任单位:县司法局", "数据\t四"]


def test_a_row_of_one_short_glyph_goes_on_from_the_full_row_before():
    lines = (
        _line("字" * 30, 100),
        _line("字" * 30, 141),
        _line("字" * 30, 182),
        OcrLine(1, (100, 250, 130, 256), "前", 0.95),  # a low, flat glyph: its box's top lies lower
        _line("二、乙", 330),
    )
    text = scan_text([OcrPage(1, 2000, 3000, lines)]).text
    assert text.splitlines() == ["字" * 90 + "前", "二、乙"]


def test_the_first_is_lead_rule_with_its_role_word_misread_is_put_back():
    got = fix_misreads("(责任单位：市财政局、市工信局，第一责任单位为这头单位，下同)")
    assert "第一责任单位为牵头单位" in got
    assert fix_misreads("第一责任单位为配合单位") == "第一责任单位为配合单位"


def test_a_numbered_row_of_a_bar_table_starts_its_own_line():
    lines = (
        OcrLine(1, (100, 100, 1100, 140), "序号\t|重点任务|牵头单位|完成时限", 0.9),
        OcrLine(1, (100, 141, 1300, 181), "1 |企业开办|市市场监管局|全年", 0.9),
    )
    text = scan_text([OcrPage(1, 2000, 3000, lines)]).text
    assert text.splitlines() == ["序号\t|重点任务|牵头单位|完成时限", "1 |企业开办|市市场监管局|全年"]


def test_a_speck_read_as_a_quotation_mark_before_a_label_is_dropped():
    got = fix_misreads("2.甲事项。\n“3.\t乙事项。\n”(1)丙。\n“引文”一句。")
    assert got.splitlines() == ["2.甲事项。", "3.\t乙事项。", "(1)丙。", "“引文”一句。"]


def test_a_row_opening_with_a_speck_and_a_label_is_not_joined_to_the_full_row_before():
    lines = (_line("1.甲" + "字" * 28, 100), _line("”2.乙事项。", 141))
    assert scan_text([OcrPage(1, 2000, 3000, lines)]).text.splitlines() == ["1.甲" + "字" * 28, "2.乙事项。"]


def test_circled_numerals_read_as_at_signs_are_put_back():
    got = fix_misreads("(3)甲。\n”人@@子。\n@丑。\n①@寅。\n(4)乙。\n邮箱@某处")
    assert got.splitlines() == ["(3)甲。", "①子。", "②丑。", "③寅。", "(4)乙。", "邮箱@某处"]


def test_an_unsure_first_character_beside_a_circled_run_is_a_circled_numeral():
    lines = (
        _line("(2)推进用电便利化。", 100),
        _line("巴精简办电环节。", 200, low=((0, 1),)),
        _line("②优化办理程序。", 300),
        _line("加完善价格机制。", 400, low=((0, 1),)),
        _line("加强队伍建设。", 500),  # read sure: kept
        _line("(3)推进用气便利化。", 600),
        _line("人员培训。", 700, low=((0, 1),)),  # no circled paragraph beside it: kept
    )
    text = scan_text([OcrPage(1, 2000, 3000, lines)]).text
    assert text.splitlines() == [
        "(2)推进用电便利化。",
        "①精简办电环节。",
        "②优化办理程序。",
        "③完善价格机制。",
        "加强队伍建设。",
        "(3)推进用气便利化。",
        "人员培训。",
    ]


def test_a_bracketed_chinese_label_misread_with_digits_is_put_back_when_the_next_confirms_it():
    assert fix_misreads("(五)甲。\n(7S)乙。\n(七)丙。").splitlines()[1] == "(六)乙。"
    assert fix_misreads("(五)甲。\n(1 )乙。\n(七)丙。").splitlines()[1] == "(1 )乙。"  # an arabic label


def test_the_last_arabic_label_of_its_run_with_its_stop_dropped_is_put_back():
    assert fix_misreads("5.甲\n6提升乙\n(1)丙").splitlines()[1] == "6.提升乙"
    assert fix_misreads("5.甲\n6个工作日内办结").splitlines()[1] == "6个工作日内办结"


def test_a_stopless_next_label_after_a_sentence_end_starts_its_own_paragraph():
    full = "1.甲" + "字" * 26 + "下同。)"
    lines = (_line(full, 100), _line("2方便企业办理。", 141), _line("3 .丙", 182), _line("2个工作日内", 300))
    text = scan_text([OcrPage(1, 2000, 3000, lines)]).text
    assert text.splitlines()[:2] == [full, "2.方便企业办理。"]


def test_a_heading_unit_list_that_lost_its_brackets_gets_them_back():
    got = fix_misreads(
        "7.继续放宽市场准入门槛牵头单位:旗市场监管局;配合单位:旗直相关部门\n"
        "4.规范招标投标\t牵头单位:市发改委;责任单位:市交易中心)\n"
        "11.推进文件清理\t牵头单位:旗司法局;(配合单位:旗直相关部门)\n"
        "2.标题 牵头单位:市商务局 配合单位:市税务局"
    )
    assert got.splitlines() == [
        "7.继续放宽市场准入门槛(牵头单位:旗市场监管局;配合单位:旗直相关部门)",
        "4.规范招标投标(牵头单位:市发改委;责任单位:市交易中心)",
        "11.推进文件清理(牵头单位:旗司法局;配合单位:旗直相关部门)",
        "2.标题 牵头单位:市商务局 配合单位:市税务局",  # a form of its own: left alone
    ]


def test_a_unit_bracket_read_as_a_character_and_a_stray_closing_mark_are_put_back():
    got = fix_misreads(
        "甲事项。人责任单位:市税务局、市财政局)\n乙事项(牵头单位:市发改委;配合单位:旗直相关部门] )"
    )
    assert got.splitlines() == [
        "甲事项。(责任单位:市税务局、市财政局)",
        "乙事项(牵头单位:市发改委;配合单位:旗直相关部门)",
    ]


def test_a_unit_list_in_square_brackets_is_read_in_round_ones():
    got = fix_misreads(
        "2.甲事项。[牵头单位:市政务服务和数据管理局，责任单位:市大数据中心]\n"
        "3.乙事项。总牵头单位:市工信局，责任单位:潮音电信分公司]\n"
        "4.丙事项。【牵头单位：市重点项目服务专班，责任单位:市发展改革委]\n"
        "5.见附件[2]\n"
        "6.丁事项。\t牵头单位:市科技局，责任单位;市财政局]\n"
        "7.戊事项。[总牵头单位:市委人才办，责任单位:市教育局]\n"
        "8.己事项。《责任单位:市工信局、市委人才办\n"
        "9.庚事项。责任单位:市工信局"
    )
    assert got.splitlines() == [
        "2.甲事项。(牵头单位:市政务服务和数据管理局，责任单位:市大数据中心)",
        "3.乙事项。(总牵头单位:市工信局，责任单位:潮音电信分公司)",  # 总牵头单位 is a lead label itself
        "4.丙事项。(牵头单位：市重点项目服务专班，责任单位:市发展改革委)",
        "5.见附件[2]",
        "6.丁事项。(牵头单位:市科技局，责任单位;市财政局)",
        "7.戊事项。(总牵头单位:市委人才办，责任单位:市教育局)",
        "8.己事项。(责任单位:市工信局、市委人才办)",
        "9.庚事项。责任单位:市工信局",
    ]


def test_a_dash_between_two_unit_names_in_a_list_is_a_separator():
    got = fix_misreads("(牵头单位:旗发改委;配合单位:住建局-交通运输局、水务局)\n2023-2025年")
    assert got.splitlines() == ["(牵头单位:旗发改委;配合单位:住建局、交通运输局、水务局)", "2023-2025年"]


def test_a_role_label_colon_read_as_a_comma_in_a_unit_bracket_is_put_back():
    got = fix_misreads("成效。(牵头单位，县司法局，责任单位，县市场监管局)\n各牵头单位，要加强调度。")
    assert got.splitlines() == [
        "成效。(牵头单位：县司法局，责任单位：县市场监管局)",
        "各牵头单位，要加强调度。",
    ]


def test_a_unit_list_whose_opening_bracket_was_read_as_a_gap_is_bracketed():
    got = fix_misreads("以上。\t牵头单位：县市场监管局;责任单位:县公安局、县人民法院)")
    assert got == "以上。(牵头单位：县市场监管局;责任单位:县公安局、县人民法院)"


def test_a_table_number_cell_at_the_page_foot_right_under_a_row_is_not_a_page_number():
    lines = (
        OcrLine(1, (200, 2600, 1400, 2640), "字" * 30, 0.94),
        OcrLine(1, (200, 2700, 400, 2740), "完成时限", 0.94),
        OcrLine(1, (200, 2760, 222, 2800), "1", 0.48),  # the next row's 序号, low on the page
        OcrLine(1, (980, 2900, 1020, 2940), "1", 0.48),  # the page number, well below the text
    )
    assert scan_text([OcrPage(1, 2000, 3000, lines)]).text.splitlines()[1:] == ["完成时限", "1"]


def test_a_short_line_whose_speck_reached_the_right_edge_is_not_joined_to_the_next():
    lines = (
        _line("一、总体要求", 100),
        OcrLine(1, (100, 141, 1300, 181), "工程建设项目“拿地即开工”\t人", 0.85, ((14, 15),)),
        _line("对工业项目推行方案出让。", 182),
        _line("字" * 30, 400),  # a full line: where the right edge is
    )
    text = scan_text([OcrPage(1, 2000, 3000, lines)]).text
    assert text.splitlines()[1:3] == ["工程建设项目“拿地即开工”", "对工业项目推行方案出让。"]


def test_a_stopless_label_after_one_whose_numeral_was_lost_starts_its_own_paragraph():
    full = ".甲" + "字" * 26 + "下同。)"
    lines = (_line(full, 100), _line("2方便企业办理。", 141), _line("3 .丙", 182))
    assert scan_text([OcrPage(1, 2000, 3000, lines)]).text.splitlines()[:2] == [
        "1" + full,
        "2.方便企业办理。",
    ]


def test_a_unit_bracket_read_as_a_character_before_a_misread_label_is_put_back():
    got = fix_misreads("跑一次”。人南任单位:政务服务和大数据管理局、各有关单位)")
    assert got == "跑一次”。(责任单位:政务服务和大数据管理局、各有关单位)"


def test_the_place_of_the_document_is_put_back_where_one_character_of_it_was_read_unsure():
    head = "澜湾市人民政府关于促进跨境贸易便利化的实施意见\n各区人民政府，澜湾港口管理委员会：\n"
    body = "(牵头单位：澜湾海关；配合单位：国家税务总局润湾市税务局、中国银行润湾分行)\n青年创业。\n"
    text = head + body
    at = text.index("润湾")
    second = text.index("润湾", at + 1)
    young = text.index("青年")
    unsure = {at, second, young + 1}
    got = [(text[e.start : e.end], e.text) for e in place_edits(text, lambda a, b: a in unsure)]
    assert got == [("润", "澜"), ("润", "澜")]  # "青年" is one character from no place of the head
    assert place_edits(text, lambda a, b: False) == []  # read sure: kept as read
    # a head that gives the place two ways (one misread): neither is trusted
    both = "鹤鸣区某办\n关于印发《葛鸣区清单》\n" + "葛鸣区、鹤鸣区、葛鸣农商银行、鹤鸣区支行"
    assert place_edits(both, lambda a, b: True) == []


def test_a_comma_after_a_paragraphs_full_stop_is_a_speck():
    got = fix_misreads("现印发给你们，请抓好贯彻落实。，\n某区管委会\n2023年9月12日")
    assert got.splitlines()[0] == "现印发给你们，请抓好贯彻落实。"


def test_a_misread_role_label_that_lost_its_colon_in_a_unit_bracket_is_put_back():
    got = fix_misreads(
        "开展调研。(奉头单位市营商办,责任单位:市委各相关部门)\n(推进改革工作,责任单位:市发改委)"
    )
    assert got.splitlines() == [
        "开展调研。(牵头单位：市营商办,责任单位:市委各相关部门)",
        "(推进改革工作,责任单位:市发改委)",
    ]


def test_a_unit_bracket_opened_by_a_gap_inside_a_paragraph_is_put_back():
    got = fix_misreads(
        "清单之外一律不得实施\t市司法局牵头，市直有关部门按职责分工负责)。对下放事项加强指导。"
    )
    assert got == "清单之外一律不得实施(市司法局牵头，市直有关部门按职责分工负责)。对下放事项加强指导。"
    assert fix_misreads("开办企业\t政务服务局\t全年") == "开办企业\t政务服务局\t全年"


def test_more_misread_role_labels_and_separators_in_unit_lists_are_put_back():
    got = fix_misreads(
        "(达头单位;区司法局;责任单位:区直各行政执法部门)\n"
        "主责单位，区司法局\n"
        "协办单位：区市场监管局、区应急管理局\\区生态环境分局/\n"
        "(责任单位:政务服务和大数据管理局、民政局:=卫生健康委员会、医疗保障局)"
    )
    assert got.splitlines() == [
        "(牵头单位：区司法局;责任单位:区直各行政执法部门)",
        "主责单位：区司法局",
        "协办单位：区市场监管局、区应急管理局、区生态环境分局",
        "(责任单位:政务服务和大数据管理局、民政局、卫生健康委员会、医疗保障局)",
    ]


def test_a_signing_date_with_its_day_misread_and_specks_after_it_dates_the_document():
    lines = (
        _line("现印发给你们，请认真贯彻执行。", 100),
        _line("松岚县人民政府办公室", 200),
        OcrLine(1, (100, 300, 900, 340), "2025年2月18晶\t了乡", 0.8, ((9, 10), (11, 12), (12, 13))),
        OcrLine(1, (100, 400, 900, 440), "2025年3月18日\t数据", 0.9),  # sure cells: kept
    )
    text = scan_text([OcrPage(1, 2000, 3000, lines)]).text
    assert text.splitlines()[2:] == ["2025年2月18日", "2025年3月18日\t数据"]


def test_marks_a_seal_leaves_a_gap_after_a_title_are_dropped():
    lines = (
        OcrLine(1, (200, 100, 1300, 140), "桂溪市优化营商环境若干措施\tSR__", 0.74, ((14, 18),)),
        OcrLine(1, (200, 200, 1300, 240), "网办率达到\t95%", 0.74, ((6, 9),)),  # a value: kept
    )
    text = scan_text([OcrPage(1, 2000, 3000, lines)]).text
    assert text.splitlines() == ["桂溪市优化营商环境若干措施", "网办率达到\t95%"]


def test_a_bracket_put_back_before_a_misread_role_label_leaves_room_for_the_label_repair():
    got = fix_misreads("办电时间压减至15个工作日以内。这头单位:国网某县供电公司;责任单位;县发展改革局)")
    assert got.endswith("以内。(牵头单位:国网某县供电公司;责任单位;县发展改革局)")
    assert fix_misreads("甲。(牵头单位：A)\n乙。牵头单位：B)") == "甲。(牵头单位：A)\n乙。(牵头单位：B)"
    assert (
        fix_misreads("清理。\t牵头单位:区人民法院，责任单位:区公安分局)")
        == "清理。(牵头单位:区人民法院，责任单位:区公安分局)"
    )


def test_a_clause_label_opening_a_line_of_units_gets_its_lost_colon_back():
    got = fix_misreads("第二条 降低用能成本。\n责任单位市发展改革委、国网青槐供电公司\n责任单位要加强协调。")
    assert got.splitlines()[1:] == ["责任单位：市发展改革委、国网青槐供电公司", "责任单位要加强协调。"]


def test_a_count_word_read_for_the_month_before_end_is_put_back_when_unsure():
    lines = (_line("1.甲事项6户底前完成，惠及200户。", 100, low=((6, 7),)),)
    assert scan_text([OcrPage(1, 2000, 3000, lines)]).text == "1.甲事项6月底前完成，惠及200户。"
