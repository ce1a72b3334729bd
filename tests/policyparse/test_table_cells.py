"""A table row one cell short because OCR ran two cells together (policyparse/table_cells.py)."""

from __future__ import annotations

from policyparse.table_cells import split_merged

COLUMNS = ["seq", "content", "content", "lead", "coop", "person", "due"]


def _row(*cells: str) -> list[str]:
    return ["7", "实施包容审慎监管", *cells]


def test_a_unit_and_a_person_run_together_are_cut_apart():
    got = split_merged(COLUMNS, _row("动态调整免罚清单。", "区人社局", "区住建局周敏", "全年"))
    assert got[4:6] == ["区住建局", "周敏"]


def test_two_unit_lists_run_together_are_cut_where_the_second_place_starts():
    got = split_merged(COLUMNS, _row("动态调整免罚清单。", "区法院区税务局、区市场监管局", "陈志远", "全年"))
    assert got[3:5] == ["区法院", "区税务局、区市场监管局"]


def test_a_text_and_a_unit_are_cut_at_the_place_the_rows_units_start_with():
    got = split_merged(
        COLUMNS, _row("做到执法有温度区市场监管局", "区司法局、区城管局", "孙悦", "2024年9月底前")
    )
    assert got[2:4] == ["做到执法有温度", "区市场监管局"]


def test_a_person_and_a_time_limit_run_together_are_cut_apart():
    got = split_merged(COLUMNS, _row("动态调整免罚清单。", "区司法局", "区城管局", "孙悦2024年9月底前"))
    assert got[5:] == ["孙悦", "2024年9月底前"]


def test_a_row_is_kept_as_read_when_no_cut_or_several_fit():
    whole = _row("动态调整免罚清单。", "区司法局", "区城管局", "孙悦", "全年")
    assert split_merged(COLUMNS, whole) == whole  # not short
    unsure = _row("动态调整免罚清单。", "区司法局区城管局区税务局", "孙悦", "全年")
    assert split_merged(COLUMNS, unsure) == unsure  # a cut fits before either of the last two
    nothing = _row("动态调整免罚清单。", "区司法局", "孙悦", "全年")
    assert split_merged(COLUMNS, nothing) == nothing
