"""OCR misreads put back from what the document itself makes sure of (policyparse/repair.py)."""

from __future__ import annotations

from policyparse.layout import OcrLine, OcrPage, fix_misreads, scan_text
from policyparse.repair import label_edits, role_edits, unit_edits


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
    got = fix_misreads("1.甲\n2 .乙\n3:丙\n4丁\n5.戊\n2月底前完成")
    assert got.splitlines() == ["1.甲", "2.乙", "3.丙", "4.丁", "5.戊", "2月底前完成"]


def test_a_full_row_before_a_misread_label_is_not_joined_to_it():
    lines = (
        _line("(六)甲" + "字" * 30, 100),
        _line("(L)乙事项。", 150),
        _line("(八)丙事项。", 200),
    )
    assert scan_text([OcrPage(1, 2000, 3000, lines)]).text.splitlines()[1] == "(七)乙事项。"
