from policyparse import parse

from .conftest import node


def units(text: str, path: str = "(一)") -> tuple[list[str], list[str]]:
    m = node(parse(text), path)
    return [u.name for u in m.lead_units], [u.name for u in m.cooperating_units]


def test_lead_then_by_duty():
    assert units("（一）企业开办。办结。（市场监管局牵头，公安分局、税务局按职责分工负责）") == (
        ["市场监管局"],
        ["公安分局", "税务局"],
    )


def test_labelled_lead_and_responsible():
    assert units("（一）政策宣讲。每月开展。(牵头单位:市营商办;责任单位:市委各部门,各人民团体)") == (
        ["市营商办"],
        ["市委各部门", "各人民团体"],
    )


def test_cooperating_label_with_semicolon_typo():
    assert units("（一）开办提速。（牵头单位：旗政务服务局；配合单位；旗市场监管局、公安局）") == (
        ["旗政务服务局"],
        ["旗市场监管局", "公安局"],
    )


def test_responsible_region_counts_as_cooperating():
    assert units("（一）推进改革。（牵头单位：市发改委；责任地区：各县区人民政府）") == (
        ["市发改委"],
        ["各县区人民政府"],
    )


def test_lead_with_bare_fuze():
    assert units("（一）推进改革。（自然资源局牵头负责）") == (["自然资源局"], [])


def test_several_leads_before_qiantou():
    assert units("（一）降低成本。（发展改革局、工业和科技局牵头，供电分局配合）") == (
        ["发展改革局", "工业和科技局"],
        ["供电分局"],
    )


def test_bare_unit_parenthesis_is_lead():
    assert units("（一）文化建设。健全公共服务体系。（社会事务局）") == (["社会事务局"], [])


def test_qualifying_parenthesis_is_not_units():
    assert units("（一）诚信建设。受理涉政府部门(含机关和事业单位)的投诉。") == ([], [])


def test_hexagonal_brackets():
    assert units("（一）推进改革。〔市场监管局牵头，税务局配合〕") == (["市场监管局"], ["税务局"])


def test_responsible_without_lead_marker_all_lead():
    assert units("（一）推进改革。（责任单位：住房和城乡建设局、自然资源局）") == (
        ["住房和城乡建设局", "自然资源局"],
        [],
    )


def test_first_unit_leads_rule_holds_for_rest_of_document():
    text = (
        "1.企业开办。实现办结。(责任单位:市场监督管理局、公安局,第一责位单位为牵头单位,下同。)\n"
        "2.不动产登记。推进共享。(责任单位:自然资源和规划局、税务局)"
    )
    assert units(text, "1") == (["市场监督管理局"], ["公安局"])
    assert units(text, "2") == (["自然资源和规划局"], ["税务局"])


def test_standing_sentence_adds_implied_units_to_later_items():
    text = (
        "（一）创建工作。(牵头单位:市两型办;责任单位:市委各部门。以下任务均需各县(区)负责落实,不再一一列出)\n"
        "（二）走流程。(牵头单位:市两型办)"
    )
    led = parse(text)
    assert [u.name for u in node(led, "(一)").implied_units] == []
    assert [u.name for u in node(led, "(二)").implied_units] == ["各县(区)"]
    assert "以下任务" not in "".join(u.name for u in node(led, "(一)").cooperating_units)


def test_leaf_inherits_nearest_ancestor_units():
    led = parse(
        "1.推进用水便利化（牵头单位：旗住建局；配合单位：旗发改委）\n①简化用水报装流程。\n②合理确定价格。"
    )
    assert [u.name for u in node(led, "1/②").lead_units] == ["旗住建局"]
    assert [u.name for u in node(led, "1/②").cooperating_units] == ["旗发改委"]


def test_region_prefix_kept_as_written_and_resolvable():
    m = node(parse("（一）推进改革。（牵头单位：市市场监管局、发展改革委）"), "(一)")
    names = [u.name for u in m.lead_units]
    assert names == ["市市场监管局", "发展改革委"]
    assert m.lead_units[1].region == "市"
    assert m.lead_units[1].resolved == "市发展改革委"


def test_etc_tail_dropped():
    assert units(
        "（一）招标投标。（发改局牵头，自然资源局、住房城乡建设和交通局等相关部门按照职责分工负责）"
    ) == (
        ["发改局"],
        ["自然资源局", "住房城乡建设和交通局"],
    )


def test_collective_name_with_dunhao_is_one_unit():
    _, coop = units("（一）清欠。（牵头单位：市工信局；责任单位：各人民团体，中央、省属驻庆各单位）")
    assert coop == ["各人民团体", "中央、省属驻庆各单位"]


def test_unit_lines_without_brackets():
    text = "（一）推进改革。实现全程网办。\n牵头单位：市发改委\n配合单位：市财政局、市税务局"
    assert units(text) == (["市发改委"], ["市财政局", "市税务局"])


def test_truncated_unit_name_left_out():
    _, coop = units("（一）考核评价。每月调度。(牵头单位:市营商办;责任单位:市纪委监委机关、市委组")
    assert coop == ["市纪委监委机关"]


def test_unit_spans_point_into_normalised_text():
    led = parse("（一）推进改革。（市场监管局牵头）")
    u = node(led, "(一)").lead_units[0]
    assert led.text[u.span[0] : u.span[1]] == "市场监管局"


def test_lead_mark_after_a_name():
    assert units("（一）开办。压缩时间。\n责任单位：市市场监管局（牵头）、市公安局、市税务局") == (
        ["市市场监管局"],
        ["市公安局", "市税务局"],
    )


def test_other_field_ends_the_unit_list():
    assert units("（一）注销。压缩公告期。（市市场监管局牵头，市税务局配合；完成时限：2022年9月底前）") == (
        ["市市场监管局"],
        ["市税务局"],
    )


def test_you_and_huitong():
    assert units("（一）多测合一。全面推行。（由市自然资源局牵头，市住建局会同各县区负责）") == (
        ["市自然资源局"],
        ["市住建局", "各县区"],
    )


def test_implied_units_for_all_tasks():
    text = "为优化营商环境，制定本方案。各县（市、区）政府为各项任务的责任主体，不再一一列出。\n（一）推进改革。（市发改委牵头）"
    assert [u.name for u in node(parse(text), "(一)").implied_units] == ["各县（市、区）政府"]


def test_unit_bracket_followed_by_deadline_bracket():
    assert units("（一）推进改革。推进全程网办（市发改委牵头，市财政局配合）（2022年底前）") == (
        ["市发改委"],
        ["市财政局"],
    )


def test_each_region_shares_the_next_name():
    assert units("（一）审批改革。（责任单位：省住房城乡建设厅，各市、县人民政府）") == (
        ["省住房城乡建设厅", "各市、县人民政府"],
        [],
    )


def test_roles_given_in_a_sentence_are_read():
    text = (
        "一、降低成本\n"
        "（一）推行企业开办“一日办结”，由县市场监管局牵头，县公安局、县税务局配合，3月底前实现全程网办。\n"
        "（二）规范中介服务收费，由县发展改革局负责。\n"
        "（三）加强宣传解读，由各地负责，形成工作合力。"
    )
    led = parse(text)
    one, two, three = (node(led, p) for p in ("一/(一)", "一/(二)", "一/(三)"))
    assert [u.name for u in one.lead_units] == ["县市场监管局"]
    assert [u.name for u in one.cooperating_units] == ["县公安局", "县税务局"]
    assert [u.name for u in two.lead_units + two.cooperating_units] == ["县发展改革局"]
    assert not three.lead_units and not three.cooperating_units  # 各地 is no unit
