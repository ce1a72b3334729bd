from policyparse import parse

from .conftest import node


def dues(text: str, issued: str | None = "2021-03-24") -> list[str | None]:
    led = parse(text, options={"issued_on": issued} if issued else None)
    m = node(led, "(一)")
    return [d.due.isoformat() if d.due else None for d in m.deadlines]


def test_month_end():
    assert dues("（一）建立长效机制。2021年6月底前，全面投入使用平台。") == ["2021-06-30"]


def test_month_end_with_dropped_yue():
    assert dues("（一）推进改革。2021年6底前推出101项事项。") == ["2021-06-30"]


def test_year_end_forms():
    assert dues("（一）推进改革。到2021年底，体系基本建立。") == ["2021-12-31"]
    assert dues("（一）推进改革。2022年底前基本实现退税全流程网办。") == ["2022-12-31"]


def test_year_month_as_deadline():
    assert dues("（一）用气报装。2022年7月全旗用气业务实现一表办理。") == ["2022-07-31"]


def test_bare_year_opening_a_clause():
    assert dues("（一）电网改造。2022年全面推广移动作业终端。") == ["2022-12-31"]


def test_year_list_gives_one_deadline_each():
    assert dues("（一）宽带。2021年、2022年、2023年，城区千兆宽带端口占比达到50%、90%、100%。") == [
        "2021-12-31",
        "2022-12-31",
        "2023-12-31",
    ]


def test_yearless_anchored_on_issue_date():
    assert dues("（一）推进改革。6月底取得阶段性成效。", "2022-01-10") == ["2022-06-30"]


def test_within_the_year():
    assert dues("（一）上市培育。年内完成1家以上进入辅导期。", "2020-06-22") == ["2020-12-31"]


def test_yearless_without_anchor_is_estimated():
    led = parse("（一）推进改革。9月底前完成清理。")
    d = node(led, "(一)").deadlines[0]
    assert d.due is None and d.estimated


def test_quarter_and_half_year():
    assert dues("（一）推进改革。2021年第三季度完成清理。") == ["2021-09-30"]
    assert dues("（一）推进改革。2021年上半年完成清理。") == ["2021-06-30"]


def test_validity_period_is_not_a_deadline():
    assert dues("（一）税收优惠。从2019年1月1日到2021年12月31日，执行以下税收政策。") == []


def test_start_date_and_history_are_not_deadlines():
    assert dues("（一）收费。自2019年1月1日起，实现零收费。2018年以来出台方案。2021年起执行新标准。") == []


def test_descriptive_year_is_not_a_deadline():
    assert dues("（一）总体要求。2020年示范区优化营商环境建设的总体要求是坚持问题导向。") == []


def test_complete_by_column_whole_year():
    assert dues("（一）推进改革。（完成时限：全年）") == ["2021-12-31"]


def test_deadline_span_covers_its_phrase():
    led = parse("（一）建立机制。2021年6月底前，全面投入使用。")
    d = node(led, "(一)").deadlines[0]
    assert led.text[d.span[0] : d.span[1]] == d.phrase == "2021年6月底前"


def test_past_month_means_next_year_and_is_flagged():
    led = parse("（一）推进改革。3月底前完成清理。", options={"issued_on": "2023-04-10"})
    d = node(led, "(一)").deadlines[0]
    assert (d.due.isoformat() if d.due else None, d.estimated) == ("2024-03-31", True)


def test_year_before_the_document_is_history():
    assert dues("（一）推进改革。2019年出台的政策继续执行，2021年全面推广。") == ["2021-12-31"]


def test_recurring_date_is_not_a_deadline():
    assert dues("（一）纳税辅导。每年6月底前完成年度汇算清缴辅导。") == []
