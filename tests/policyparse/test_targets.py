from policyparse import parse

from .conftest import node


def targets(text: str) -> list[tuple[float, str]]:
    return [(t.value, t.unit) for t in node(parse(text), "(一)").targets]


def test_from_to_with_baseline():
    led = parse("（一）企业注销。企业简易注销公告时间由45个工作日减为20个工作日。")
    t = node(led, "(一)").targets[0]
    assert (t.value, t.unit, t.baseline, t.comparator, t.metric) == (20, "工作日", 45, "<=", "time")


def test_respectively_gives_two():
    assert targets("（一）获得电力。全过程办电时间分别压减至5个、20个工作日内。") == [
        (5, "工作日"),
        (20, "工作日"),
    ]


def test_respectively_with_unit_after_list():
    assert targets("（一）报装。供水、供气、供热用户报装时间分别压缩至5、6、8个工作日。") == [
        (5, "工作日"),
        (6, "工作日"),
        (8, "工作日"),
    ]


def test_dated_percent_list_gives_three():
    assert targets("（一）宽带。2021年、2022年、2023年，城区千兆宽带端口占比达到50%、90%、100%。") == [
        (50, "%"),
        (90, "%"),
        (100, "%"),
    ]


def test_chinese_numeral_with_measure_word():
    led = parse("（一）开办。将社保登记和企业设立登记合并为一个环节。")
    t = node(led, "(一)").targets[0]
    assert (t.value, t.unit, t.metric) == (1, "个", "steps")


def test_chinese_numeral_days():
    assert targets("（一）审批。审批时限压缩至三十六个工作日以内。") == [(36, "工作日")]


def test_range_keeps_upper_bound():
    assert targets("（一）退税。受理、审核时间压减至3—6个工作日内。") == [(6, "工作日")]


def test_within_working_days():
    assert targets("（一）采购。采购人资金支付时间限定在收到发票后5个工作日内。") == [(5, "工作日")]


def test_cap_with_per_household():
    assert targets("（一）供电。城市用户平均停电时间不超过7小时/户。") == [(7, "小时/户")]


def test_counts_after_deng_and_above():
    assert targets("（一）通办。实现税务登记等6类事项全区通办，50个以上高频事项可以“一次不用跑”。") == [
        (6, "类"),
        (50, "个"),
    ]


def test_percentage_with_dropped_percent_sign_is_estimated():
    led = parse("（一）纳税。实现纳税人90以上主要涉税服务事项网上办理。")
    t = node(led, "(一)").targets[0]
    assert (t.value, t.unit, t.estimated) == (90, "%", True)


def test_percentage_points():
    assert targets("（一）融资。普惠小微贷款综合融资成本再降0.5个百分点。") == [(0.5, "百分点")]


def test_amount_and_people():
    assert targets("（一）就业。发放创业担保贷款7700万元以上，全年计划实现城镇新增就业8000人。") == [
        (7700, "万元"),
        (8000, "人"),
    ]


def test_policy_parameters_are_not_targets():
    text = (
        "（一）税收优惠。对小型微利企业减按25%计入应纳税所得额，按20%的税率缴纳企业所得税。"
        "给予一次性开业补贴，补贴标准为5000元。每个项目最多30万元。"
    )
    assert targets(text) == []


def test_eligibility_threshold_is_not_a_target():
    assert targets("（一）裁员。一次性裁员超过100人的，应书面报告。单户授信1000万元及以下小微企业。") == []


def test_slogans_are_not_targets():
    assert targets("（一）办电。实行“三零”服务，当日受理、次日送电，实现24小时在线申请。") == []


def test_occurrence_counts_recurrence_and_target():
    led = parse("（一）政企沟通。每年至少举办2次以上政企联系沟通活动。")
    m = node(led, "(一)")
    assert [(t.value, t.unit) for t in m.targets] == [(2, "次")]
    assert [r.freq for r in m.recurrences] == ["annual"]


def test_reduction_by_percent_and_rate_before_value():
    assert targets("（一）纳税。纳税人平均办税时间较上年减少30%，差评整改率100%。") == [(30, "%"), (100, "%")]


def test_materials_to_copies():
    led = parse("（一）开办。申请材料精简至4份。")
    t = node(led, "(一)").targets[0]
    assert (t.value, t.unit, t.metric) == (4, "份", "materials")
