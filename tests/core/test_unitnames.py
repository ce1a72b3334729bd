import pytest

from yingshang.core.unitnames import (
    Candidate,
    Resolution,
    UnitDirectory,
    UnitEntry,
    load_lexicon,
    normalize_unit_name,
)

# A banner's directory, written the way a 营商办 would type it: bare names, region on the side.
BANNER = [
    UnitEntry(1, "市场监督管理局", region="奈曼旗"),
    UnitEntry(2, "发展和改革委员会", region="奈曼旗"),
    UnitEntry(3, "人力资源和社会保障局", short_name="人社局", region="奈曼旗"),
    UnitEntry(4, "住房和城乡建设局", region="奈曼旗"),
    UnitEntry(5, "自然资源局", region="奈曼旗"),
    UnitEntry(6, "行政审批和政务服务局", aliases=("审批局",), region="奈曼旗"),
    UnitEntry(7, "财政局", region="奈曼旗"),
    UnitEntry(8, "税务局", region="奈曼旗"),
    UnitEntry(9, "司法局", region="奈曼旗"),
]


@pytest.fixture
def banner():
    return UnitDirectory(BANNER, region_names=["奈曼"])


def test_normalisation():
    assert normalize_unit_name(" 市“两型”办 ") == "市两型办"
    assert normalize_unit_name("各县（区）人民政府") == "各县(区)人民政府"


def test_exact(banner):
    assert banner.resolve("财政局") == Resolution("exact", 7)


def test_exact_after_normalisation(banner):
    assert banner.resolve(" 财政 局 ").status == "exact"


def test_short_name(banner):
    assert banner.resolve("人社局") == Resolution("alias", 3)


def test_explicit_alias(banner):
    assert banner.resolve("审批局") == Resolution("alias", 6)


def test_canonical_abbreviation(banner):
    assert banner.resolve("发改委") == Resolution("alias", 2)
    assert banner.resolve("发展改革委") == Resolution("alias", 2)
    assert banner.resolve("住房城乡建设局") == Resolution("alias", 4)


def test_region_prefix_with_abbreviation(banner):
    assert banner.resolve("旗市场监管局") == Resolution("prefix", 1)
    assert banner.resolve("旗发改委") == Resolution("prefix", 2)
    assert banner.resolve("旗住建局") == Resolution("prefix", 4)


def test_region_name_prefix(banner):
    assert banner.resolve("奈曼旗财政局") == Resolution("prefix", 7)


def test_region_name_plus_level_prefix():
    directory = UnitDirectory([UnitEntry(1, "公安局")], region_names=["阿拉善"])
    assert directory.resolve("阿拉善盟公安局") == Resolution("prefix", 1)


def test_prefix_on_the_directory_side():
    directory = UnitDirectory([UnitEntry(1, "市市场监管局"), UnitEntry(2, "市发展改革委")])
    assert directory.resolve("市场监督管理局") == Resolution("prefix", 1)
    assert directory.resolve("发展改革委") == Resolution("prefix", 2)
    assert directory.resolve("市发改委") == Resolution("alias", 2)


def test_shi_chang_is_not_a_prefix():
    # 市场监管局 must not be read as 市 + 场监管局.
    directory = UnitDirectory([UnitEntry(1, "场监管局"), UnitEntry(2, "市场监督管理局")])
    assert directory.resolve("市场监管局") == Resolution("alias", 2)


def test_natural_resources_and_planning_are_not_merged(banner):
    result = banner.resolve("自然资源和规划局")
    assert result.unit_id is None
    assert result.status == "unresolved"
    assert result.candidates[0] == Candidate(5, "自然资源局", 76.9)


def test_fuzzy_typo(banner):
    # 政务服局: a typo from one of the corpus documents.
    result = banner.resolve("旗行政审批和政务服局")
    assert result.status == "fuzzy"
    assert result.unit_id == 6
    assert result.candidates[0].id == 6


def test_a_branch_is_not_fuzzy_matched_to_its_parent():
    directory = UnitDirectory([UnitEntry(1, "公安局"), UnitEntry(2, "生态环境局")])
    result = directory.resolve("公安分局")
    assert result.status == "unresolved"
    assert result.candidates[0] == Candidate(1, "公安局", 85.7)
    assert directory.resolve("生态环境分局").unit_id is None


def test_unresolved_gives_candidates(banner):
    result = banner.resolve("司法所")
    assert result.status == "unresolved"
    assert result.unit_id is None
    assert result.reason == "no_match"
    assert result.candidates[0].name == "司法局"
    assert len(result.candidates) <= 5


def test_unknown_name_without_candidates(banner):
    result = banner.resolve("国网奈曼供电公司")
    assert result.status == "unresolved"
    assert all(c.score >= 50 for c in result.candidates)


@pytest.mark.parametrize(
    "text",
    [
        "各相关部门",
        "各有关单位",
        "旗直相关部门",
        "市委各相关部门",
        "全旗城镇供热企业",
        "两镇司法所",
        "“双随机、一公开”领导小组成员单位",
    ],
)
def test_collective_names_are_never_matched(banner, text):
    result = banner.resolve(text)
    assert result == Resolution("unresolved", reason="collective")


def test_empty(banner):
    assert banner.resolve("  ").reason == "empty"


# -- same bare name in several regions -------------------------------------------------------

TWO_REGIONS = [
    UnitEntry(10, "旗公安局"),
    UnitEntry(11, "市公安局"),
    UnitEntry(12, "市市场监管局"),
    UnitEntry(13, "旗行政审批和政务服务局"),
]


@pytest.fixture
def two():
    return UnitDirectory(TWO_REGIONS)


def test_same_bare_name_without_prefix_is_ambiguous(two):
    result = two.resolve("公安局")
    assert result.status == "ambiguous"
    assert result.unit_id is None
    assert {c.id for c in result.candidates} == {10, 11}


def test_written_prefix_picks_the_region(two):
    assert two.resolve("旗公安局") == Resolution("exact", 10)


def test_region_prefix_argument_breaks_the_tie(two):
    assert two.resolve("公安局", region_prefix="市") == Resolution("prefix", 11)
    assert two.resolve("公安局", region_prefix="旗") == Resolution("prefix", 10)


def test_written_prefix_of_another_region_is_not_matched(two):
    # The directory has 市市场监管局 only; 旗市场监管局 is a different unit.
    result = two.resolve("旗市场监管局")
    assert result.status == "unresolved"
    assert result.candidates[0].id == 12


def test_written_prefix_of_another_region_is_not_fuzzy_matched(two):
    result = two.resolve("市行政审批和政务服务局")
    assert result.unit_id is None
    assert 13 in {c.id for c in result.candidates}


def test_region_field_used_for_preference():
    directory = UnitDirectory([UnitEntry(1, "公安局", region="旗"), UnitEntry(2, "公安局", region="市")])
    assert directory.resolve("公安局").status == "ambiguous"
    assert directory.resolve("公安局", region_prefix="市") == Resolution("exact", 2)
    assert directory.resolve("旗公安局") == Resolution("prefix", 1)


def test_region_prefix_argument_overrides_a_bare_exact_hit_of_another_region():
    directory = UnitDirectory([UnitEntry(1, "公安局", region="旗"), UnitEntry(2, "市公安局")])
    assert directory.resolve("公安局") == Resolution("exact", 1)
    assert directory.resolve("公安局", region_prefix="市") == Resolution("prefix", 2)


def test_level_prefixes_are_not_confused():
    directory = UnitDirectory([UnitEntry(1, "自治区政务数据局"), UnitEntry(2, "区政务数据局")])
    assert directory.resolve("政务数据局", region_prefix="区") == Resolution("prefix", 2)


# -- fuzzy ambiguity and thresholds ----------------------------------------------------------


def test_two_close_fuzzy_scores_are_ambiguous():
    result = UnitDirectory(
        [UnitEntry(1, "工业和科技创新委员会"), UnitEntry(2, "工业和科技创新委员办")]
    ).resolve("工业和科技创新委员")
    assert result.status == "ambiguous"
    assert {c.id for c in result.candidates} == {1, 2}
    assert result.reason == "close_scores"


def test_threshold_is_configurable():
    entries = [UnitEntry(1, "行政审批和政务服务局")]
    assert UnitDirectory(entries).resolve("行政审批和政务服局").status == "fuzzy"
    assert UnitDirectory(entries, threshold=99).resolve("行政审批和政务服局").status == "unresolved"


# -- construction ----------------------------------------------------------------------------


def test_duplicate_ids_are_rejected():
    with pytest.raises(ValueError):
        UnitDirectory([UnitEntry(1, "财政局"), UnitEntry(1, "税务局")])


def test_lexicon_loads_and_keeps_planning_apart():
    lexicon = load_lexicon()
    assert lexicon.canonical["发改委"] == "发展和改革委员会"
    assert lexicon.canonical["市场监管局"] == "市场监督管理局"
    assert "自然资源和规划局" not in lexicon.canonical
    assert "自治区" in lexicon.region_prefixes
