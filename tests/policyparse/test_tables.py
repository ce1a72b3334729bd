"""Stage 1b (tables.py): any flattened task table becomes rows before segmentation."""

from policyparse import parse
from policyparse.tables import read_tables

from .conftest import node

HEADER = ["序号", "重点工作", "具体措施", "责任人", "责任单位", "完成时限"]
ROW1 = ["1", "推进项目代办服务", "为重点项目提供全程代办。", "王某", "投资促进局、项目服务中心", "全年"]
ROW2 = ["2", "压减审批时间", "审批时间压减至5个工作日。", "李某", "行政审批局", "2023年6月底前"]


def _units(text: str, path: str) -> list[str]:
    m = node(parse(text, options={"issued_on": "2023-02-01"}), path)
    return [u.name for u in m.lead_units + m.cooperating_units]


def test_cells_one_per_line_with_trailing_bar():
    text = "\n".join(f"{c} |" for c in HEADER + ROW1 + ROW2)
    led = parse(text, options={"issued_on": "2023-02-01"})
    assert [m.path for m in led.leaves] == ["1", "2"]
    assert _units(text, "1") == ["投资促进局", "项目服务中心"]


def test_cells_one_per_line_without_bar():
    text = "\n".join(HEADER + ROW1 + ROW2)
    led = parse(text, options={"issued_on": "2023-02-01"})
    assert [d.due.isoformat() for d in node(led, "2").deadlines if d.due] == ["2023-06-30"]


def test_person_column_is_never_a_unit():
    text = "\n".join(HEADER + ROW1)
    assert "王某" not in _units(text, "1")


def test_header_in_any_order():
    header = ["完成时限", "责任单位", "序号", "重点工作"]
    row = ["全年", "税务局", "1", "推行网上办税"]
    text = "\n".join("\t".join(r) for r in (header, row))
    assert _units(text, "1") == ["税务局"]


def test_group_rows_keep_the_table_open():
    rows = ["序号\t重点工作\t牵头单位\t配合单位\t完成时限", "一、政务服务", "1\t推行代办\t政务服务中心\t发改局\t全年",
            "二、监管执法", "2\t推行双随机\t市场监管局\t税务局\t全年"]  # fmt: skip
    led = parse("\n".join(rows))
    assert [m.path for m in led.leaves] == ["一/1", "二/2"]
    assert [u.name for u in node(led, "二/2").lead_units] == ["市场监管局"]


def test_pipe_rows_with_lead_label_from_lexicon():
    text = "序号 | 评价指标 | 牵头考核单位 | 责任单位 | 完成时限\n1 | 开办企业 | 政务服务局 | 税务分局 | 全年"
    m = node(parse(text), "1")
    assert ([u.name for u in m.lead_units], [u.name for u in m.cooperating_units]) == (
        ["政务服务局"],
        ["税务分局"],
    )


def test_row_that_lost_an_empty_cell_keeps_its_time_limit():
    lines = read_tables(HEADER + ["1", "推进代办", "提供代办。", "投资促进局", "全年"])
    assert lines == ["1.推进代办。提供代办。（责任单位：投资促进局）（完成时限：全年）"]


def test_a_cell_wrapped_over_two_lines_stays_one_cell():
    cells = ["序号 |", "重点工作 |", "具体措施 |", "责任单位 |", "完成时限 |",
             "1 |", "推进代办 |", "为重点项目提供全程代办，", "实行销号管理 |", "投资促进局 |", "全年 |"]  # fmt: skip
    m = node(parse("\n".join(cells)), "1")
    assert "实行销号管理" in m.text and [u.name for u in m.lead_units] == ["投资促进局"]


def test_a_wrapped_sentence_before_the_table_is_not_a_header_cell():
    text = "\n".join(["说明：各单位于每季度末报送工作进展，重", "大事项随时报告。", *HEADER, *ROW1])
    assert [m.path for m in parse(text).leaves] == ["1"]


def test_role_words_inside_a_unit_cell_decide_the_roles():
    text = "序号\t工作任务\t责任单位\t完成时限\n1\t推行网办\t市数据局牵头，市税务局配合\t全年"
    m = node(parse(text), "1")
    assert ([u.name for u in m.lead_units], [u.name for u in m.cooperating_units]) == (
        ["市数据局"],
        ["市税务局"],
    )


def test_group_row_in_cells_of_its_own():
    cells = ["序号", "重点工作", "责任单位", "完成时限（截止时间）", "一", "政务服务", "1", "推行网办", "市数据局", "全年",
             "二", "监管执法", "2", "推行双随机", "市场监管局", "全年"]  # fmt: skip
    assert [m.path for m in parse("\n".join(cells)).leaves] == ["一/1", "二/2"]


def test_rows_of_a_table_without_seq_column_are_numbered_in_order():
    text = "重点工作\t牵头单位\t完成时限\n推行网办\t市数据局\t全年\n推行帮办\t市政务中心\t全年"
    led = parse(text)
    assert [m.path for m in led.leaves] == ["1", "2"]
    assert [u.name for u in node(led, "2").lead_units] == ["市政务中心"]


def test_rows_split_by_bars_without_spaces_as_ocr_reads_them():
    text = "\n".join("|".join(r) for r in (HEADER, ROW1, ROW2))
    led = parse(text, options={"issued_on": "2023-02-01"})
    assert [m.path for m in led.leaves] == ["1", "2"]
    assert _units(text, "2") == ["行政审批局"]


def test_a_header_with_no_row_under_it_is_kept_as_text():
    assert read_tables(["序号 |", "重点工作 |", "责任单位 |", "完成时限 |", "这不是一行。"]) == [
        "序号 |",
        "重点工作 |",
        "责任单位 |",
        "完成时限 |",
        "这不是一行。",
    ]
    assert read_tables(["序号\t重点工作\t责任单位\t完成时限", "正文一段。"]) == [
        "序号 重点工作 责任单位 完成时限",
        "正文一段。",
    ]


def test_a_one_cell_a_line_table_keeps_its_rows_when_ocr_misreads_the_numbers():
    cells = [f"{c}|" for c in HEADER] + ["人|"] + [f"{c}|" for c in ROW1[1:]]
    cells += ["2 1"] + [f"{c}|" for c in ROW2[1:]]
    led = parse("\n".join(cells), options={"issued_on": "2023-02-01"})
    assert [m.path for m in led.leaves] == ["1", "2"]
    assert _units("\n".join(cells), "1") == ["投资促进局", "项目服务中心"]


def test_a_tab_beside_a_bar_is_one_gap_and_a_speck_before_a_header_cell_is_ignored():
    rows = ["“" + HEADER[0] + "\t|" + "|".join(HEADER[1:])] + ["|".join(r) for r in (ROW1, ROW2)]
    text = "\n".join(rows)
    assert [m.path for m in parse(text, options={"issued_on": "2023-02-01"}).leaves] == ["1", "2"]
    assert _units(text, "1") == ["投资促进局", "项目服务中心"]


def test_a_row_whose_number_was_not_read_is_numbered_from_its_neighbours():
    row3 = ["3", "推行联合报装", "报装材料精简至1份。", "赵某", "规划建设局", "持续推进"]
    lines = read_tables(HEADER + ROW1 + ROW2[1:] + row3)
    assert [line.split(".")[0] for line in lines] == ["1", "2", "3"]
    assert lines[1].startswith("2.压减审批时间")
    # without the next row's number nothing confirms a row: the table ends where the number is missing
    assert len(read_tables(HEADER + ROW1 + ROW2[1:])) == 1 + len(ROW2[1:])


def test_a_short_cell_that_lost_its_bar_is_not_joined_to_the_next():
    row1 = [f"{c}|" for c in ROW1]
    row1[3] = row1[3].rstrip("|")  # "王某": OCR lost the bar
    lines = read_tables([f"{c}|" for c in HEADER] + row1)
    assert lines[0].endswith("（完成时限：全年）")


def test_a_row_whose_number_was_read_as_a_bare_bar_keeps_its_place():
    cells = [f"{c}|" for c in HEADER + ROW1] + ["|"] + [f"{c}|" for c in ROW2[1:]]
    assert [line.split(".")[0] for line in read_tables(cells)] == ["1", "2"]


def test_two_header_cells_run_together_are_apart_again():
    header = "\t".join(HEADER[:3]) + "\t" + HEADER[3] + HEADER[4] + "\t" + HEADER[5]  # "责任人责任单位"
    rows = ["\t".join(r) for r in (ROW1, ROW2)]
    text = "\n".join([header, *rows])
    assert _units(text, "1") == ["投资促进局", "项目服务中心"]
    assert "王某" not in _units(text, "1")


def test_a_header_cell_the_lexicon_does_not_name_keeps_its_column():
    header = ["序号", "重点工作", "工作要点", "责任人", "责任单位", "完成时限"]  # 工作要点: no column word
    cells = [f"{c} |" for c in header + ROW1]
    lines = read_tables(cells)
    assert lines == [
        "1.推进项目代办服务。为重点项目提供全程代办。（责任单位：投资促进局、项目服务中心）（完成时限：全年）"
    ]
