import pytest
from hypothesis import given
from hypothesis import strategies as st

from yingshang.core.creditcode import (
    InvalidCreditCode,
    credit_code_check_char,
    make_credit_code,
    normalize_credit_code,
    org_code_check_char,
    validate_credit_code,
)

# Published codes of real enterprises (National Enterprise Credit Information Publicity System).
REAL_CODES = [
    "91350100M000100Y43",  # the example code in GB 32100 explanations
    "914403001922038216",  # 华为技术有限公司
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
    "91110108551385082Q",  # 小米科技有限责任公司
    "91440300MA5H0HLK5U",  # a newer "MA" organisation code
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code):
    assert validate_credit_code(code) == code


def test_check_char_of_the_standard_example():
    assert credit_code_check_char("91350100M000100Y4") == "3"


def test_org_code_check_char_of_the_standard_example():
    # M000100Y: 22*3 + 1*5 + 34*2 = 139, 139 % 11 = 7, 11 - 7 = 4
    assert org_code_check_char("M000100Y") == "4"


def test_org_code_check_char_x_and_zero():
    assert org_code_check_char("00000006") == "X"  # 6*2 = 12, 11 - 12 % 11 = 10
    assert org_code_check_char("00000000") == "0"  # 11 - 0 = 11


def test_wrong_check_digit_names_the_right_one():
    with pytest.raises(InvalidCreditCode) as exc:
        validate_credit_code("91350100M000100Y44")
    assert exc.value.code == "check_digit"
    assert "应为3" in exc.value.message


def test_wrong_org_code_check_char():
    first17 = "91350100M000100Y5"
    with pytest.raises(InvalidCreditCode) as exc:
        validate_credit_code(first17 + credit_code_check_char(first17))
    assert exc.value.code == "org_code"
    assert "应为4" in exc.value.message


@pytest.mark.parametrize("raw", ["91350100M000100Y4", "91350100M000100Y433"])
def test_wrong_length(raw):
    with pytest.raises(InvalidCreditCode) as exc:
        validate_credit_code(raw)
    assert exc.value.code == "length"
    assert "18位" in exc.value.message


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_forbidden_letters(letter):
    with pytest.raises(InvalidCreditCode) as exc:
        validate_credit_code(f"91350100M000100{letter}43")
    assert exc.value.code == "charset"
    assert letter in exc.value.message
    assert "I、O、Z、S、V" in exc.value.message


def test_other_illegal_characters():
    with pytest.raises(InvalidCreditCode) as exc:
        validate_credit_code("91350100M000100#43")
    assert exc.value.code == "charset"
    assert "#" in exc.value.message


def test_region_part_must_be_digits():
    first17 = "9135010AM000100Y4"
    with pytest.raises(InvalidCreditCode) as exc:
        validate_credit_code(first17 + credit_code_check_char(first17))
    assert exc.value.code == "region"


def test_empty_input():
    with pytest.raises(InvalidCreditCode) as exc:
        validate_credit_code("  ")
    assert exc.value.code == "required"


def test_invalid_credit_code_is_a_value_error():
    with pytest.raises(ValueError):
        validate_credit_code("123")


def test_full_width_lower_case_and_spaces_are_normalised():
    raw = " ９１３５０１００ｍ０００１００ｙ４３　"
    assert normalize_credit_code(raw) == "91350100M000100Y43"
    assert validate_credit_code(raw) == "91350100M000100Y43"


def test_separators_are_dropped():
    assert validate_credit_code("9135 0100 M000100Y-4 3") == "91350100M000100Y43"


def test_make_credit_code_is_deterministic_and_valid():
    code = make_credit_code(42)
    assert code == make_credit_code(42)
    assert code.startswith("91150000")
    assert code[8:16] == "00000042"
    assert validate_credit_code(code) == code


def test_make_credit_code_options():
    code = make_credit_code(7, region="152900", org_type="92")
    assert code[:8] == "92152900"
    assert validate_credit_code(code) == code


@pytest.mark.parametrize(
    "kwargs", [{"seq": -1}, {"seq": 10**8}, {"seq": 1, "region": "15"}, {"seq": 1, "org_type": "9I"}]
)
def test_make_credit_code_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        make_credit_code(**kwargs)


@given(st.integers(min_value=0, max_value=10**8 - 1))
def test_every_generated_code_validates(seq):
    code = make_credit_code(seq)
    assert validate_credit_code(code) == code


@given(st.integers(min_value=0, max_value=10**8 - 1), st.integers(min_value=0, max_value=17))
def test_any_single_changed_character_is_caught(seq, pos):
    code = make_credit_code(seq)
    replacement = "1" if code[pos] != "1" else "2"
    with pytest.raises(InvalidCreditCode):
        validate_credit_code(code[:pos] + replacement + code[pos + 1 :])
