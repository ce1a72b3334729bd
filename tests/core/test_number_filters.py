"""Numbers in pages: `num` drops trailing zeros, `money` writes yuan with thousands and two decimals."""

from __future__ import annotations

from decimal import Decimal

from yingshang.core.templatetags.numbers import money, num


def test_money_groups_thousands_and_keeps_the_fen() -> None:
    assert money(Decimal("446000")) == "446,000.00"
    assert money(Decimal("97802.675")) == "97,802.68"
    assert money(Decimal("0.5")) == "0.50"
    assert money(None) == "" and money("") == ""


def test_num_writes_numbers_as_people_do() -> None:
    assert num(Decimal("3.00")) == "3"
    assert num(None) == ""
