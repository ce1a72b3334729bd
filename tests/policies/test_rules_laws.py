"""Random expressions never crash the evaluators; three-valued laws hold; both evaluators agree."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from yingshang.policies.rules import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNDETERMINED,
    FactSpec,
    RuleError,
    Type,
    Vocabulary,
    compile_fast,
    compile_rule,
    explain,
)

VOCAB = Vocabulary.of(
    [FactSpec(f"b{i}", f"布尔{i}", Type.BOOL) for i in range(3)]
    + [FactSpec(f"x{i}", f"数{i}", Type.NUMBER) for i in range(3)]
    + [FactSpec("d0", "日期", Type.DATE)]
)
DAY = date(2026, 6, 1)

numbers = st.recursive(
    st.sampled_from(["x0", "x1", "x2", "0", "1", "2.5", "10%", "100"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: f"min({', '.join(xs)})"),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: f"max({', '.join(xs)})"),
        inner.map(lambda x: f"-{x}"),
    ),
    max_leaves=6,
)
atoms = st.one_of(
    st.sampled_from(["b0", "b1", "b2", "true", "false"]),
    st.tuples(numbers, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), numbers).map(" ".join),
    st.sampled_from(["d0 < today", "within(d0, 2020-01-01, 2026-12-31)", "years_since(d0) >= 3"]),
)
conditions = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: f"all({', '.join(xs)})"),
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: f"any({', '.join(xs)})"),
        inner.map(lambda x: f"not ({x})"),
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    ),
    max_leaves=8,
)
facts = st.fixed_dictionaries(
    {},
    optional={
        **{f"b{i}": st.booleans() for i in range(3)},
        **{f"x{i}": st.decimals(-(10**9), 10**9, places=2, allow_nan=False) for i in range(3)},
        "d0": st.dates(date(1990, 1, 1), date(2030, 1, 1)),
    },
)


@settings(max_examples=150, deadline=None)
@given(conditions, numbers, facts)
def test_random_rules_never_crash_and_both_evaluators_agree(cond: str, formula: str, fs: dict) -> None:
    try:
        rule = compile_rule(f"eligible = {cond}\nbenefit = {formula}", VOCAB)
    except RuleError as exc:
        # The only refusal a well-formed random rule can meet: a literal zero divisor.
        assert [p.reason for p in exc.problems] == ["除数为零"]
        return
    answer = explain(rule, fs, DAY)
    assert answer.status in (ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED)
    assert compile_fast(rule)(fs, DAY) == (answer.status, answer.amount)
    if answer.status == UNDETERMINED and not answer.problems:
        assert answer.missing and set(answer.missing) <= {"b0", "b1", "b2", "x0", "x1", "x2", "d0"}
        assert not set(answer.missing) & set(fs)
    if answer.status == NOT_ELIGIBLE:
        assert answer.failing


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet='b0x1 ()[],=<>!+-*/%"andortinl\n#$', max_size=40), facts)
def test_random_text_is_refused_cleanly_or_evaluated(text: str, fs: dict) -> None:
    try:
        rule = compile_rule(text, VOCAB)
    except RuleError as exc:
        assert exc.problems and all(p.line >= 1 for p in exc.problems)
        return
    assert explain(rule, fs, DAY).status in (ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED)


def verdict(expr: str, fs: dict) -> str:
    return explain(compile_rule(f"eligible = {expr}", VOCAB), fs, DAY).status


TRUTH = {True: ELIGIBLE, False: NOT_ELIGIBLE, None: UNDETERMINED}
three = st.sampled_from([True, False, None])


def literal(name: str, v: bool | None) -> dict:
    return {} if v is None else {name: v}


@given(three, three)
def test_kleene_laws(a: bool | None, b: bool | None) -> None:
    fs = {**literal("b0", a), **literal("b1", b)}
    # Kleene's strong three-valued logic.
    expected_all = False if False in (a, b) else (None if None in (a, b) else True)
    expected_any = True if True in (a, b) else (None if None in (a, b) else False)
    assert verdict("all(b0, b1)", fs) == TRUTH[expected_all]
    assert verdict("any(b0, b1)", fs) == TRUTH[expected_any]
    assert verdict("b0 and b1", fs) == TRUTH[expected_all]
    assert verdict("b0 or b1", fs) == TRUTH[expected_any]
    assert verdict("not b0", fs) == TRUTH[None if a is None else not a]
    # De Morgan holds in three values too.
    assert verdict("not all(b0, b1)", fs) == verdict("any(not b0, not b1)", fs)


def test_the_issue_examples() -> None:
    assert verdict("any(b0, true)", {}) == ELIGIBLE
    assert verdict("all(b0, true)", {}) == UNDETERMINED
    assert verdict("all(b0, false)", {}) == NOT_ELIGIBLE
    assert verdict("x0 * 0 == 0", {}) == UNDETERMINED  # unknown times zero is still unknown


def test_amounts_are_decimal_cents() -> None:
    rule = compile_rule("eligible = true\nbenefit = x0 / 3", VOCAB)
    assert explain(rule, {"x0": D(100)}, DAY).amount == D("33.33")
