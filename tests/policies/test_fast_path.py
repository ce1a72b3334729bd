"""The fast matching path (facts read set-based, rules compiled to closures, matches written in bulk)
gives exactly the answers of the straightforward one: each enterprise's facts read from its own fact
rows with the precedence rule applied in Python, and the explaining evaluator walking the rule."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from tests.makers import make_enterprise
from yingshang.core.models import Enterprise
from yingshang.policies import engine, selectors, services
from yingshang.policies.facts import facts_for, plain_facts, refresh_fact_sheets
from yingshang.policies.models import Clause, EnterpriseFact, Match, Parameter, Policy
from yingshang.policies.rules import NOT_ELIGIBLE, UNDETERMINED, explain

pytestmark = pytest.mark.django_db

RULES = [
    # dated parameter (changes on 1 July), a fact missing for some, newest source wins for investment
    """eligible = all(
  企业规模 in ["小型", "微型"],
  "奈曼旗" in regions,
  not has_tax_arrears,
  equipment_investment >= $threshold
)
benefit = min(equipment_investment * $rate, 2000000)""",
    # date windows and ages
    """新设 = within(founded_on, 2021-01-01, 2025-12-31)
eligible = any(新设 and employees >= 10, years_since(founded_on) >= 8 and revenue > 5000000)
benefit = if(新设, 100000, round(revenue * 1%, 0))""",
    # sets, text choices, platform facts, division that may fail at run time
    """强度 = rd_expense / revenue
eligible = all(
  any("高新技术企业" in certificates, srdi_level in ["国家级", "省级"]),
  tax_credit_rating != "D",
  credit_tier != "D",
  强度 >= 3%
)
benefit = min(rd_expense * 20%, 500000)""",
    # negation of unknowns, days since a date, helper used twice
    """老 = days_since(founded_on) > 1000
eligible = not any(has_tax_arrears, open_appeals > 0, 老 and employees < 3)
benefit = if(老, 5000, 8000)""",
]


def _policy(cast: Any, rule: str, n: int) -> Clause:
    policy = Policy.objects.create(
        title=f"等价性政策{n}",
        issuer="奈曼旗人民政府",
        issue_date=date(2026, 1, 5),
        valid_from=date(2026, 1, 1),
        responsible_unit=cast.lead_unit,
        region=cast.county,
        created_by=cast.office,
        status=Policy.Status.PUBLISHED,
    )
    Parameter.objects.create(
        policy=policy,
        name="threshold",
        label="最低投资额",
        values=[["2026-01-01", "500000"], ["2026-07-01", "1000000"]],
    )
    Parameter.objects.create(
        policy=policy, name="rate", label="补助比例", values=[["2026-01-01", "10%"], ["2026-07-01", "8%"]]
    )
    clause = Clause.objects.create(policy=policy, number=1, title="条款", rule=rule)
    clause.facts = sorted(engine.clause_rule(clause).facts)
    clause.save(update_fields=["facts"])
    return clause


def _fact(e: Enterprise, key: str, value: Any, source: str, as_of: date) -> EnterpriseFact:
    return EnterpriseFact(enterprise=e, key=key, value=value, source=source, as_of=as_of)


@pytest.fixture
def varied(cast: Any) -> list[Enterprise]:
    """Enterprises that differ in every way the rules look at, some facts declared and imported with
    different as-of dates (the newer wins; on the same date the import wins), some facts absent, one
    value stored under an older type of its fact (so not known)."""
    sizes = ["micro", "small", "medium", "large"]
    tiers = ["A", "B", "C", "D"]
    regions = [cast.county, cast.other_county] if hasattr(cast, "other_county") else [cast.county]
    out: list[Enterprise] = []
    rows: list[EnterpriseFact] = []
    for i in range(48):
        e = make_enterprise(
            regions[i % len(regions)], size_class=sizes[i % 4], credit_tier=tiers[(i // 4) % 4]
        )
        out.append(e)
        older, newer = date(2025, 12, 31), date(2026, 2, 1)
        if i % 5:
            rows.append(_fact(e, "founded_on", f"20{14 + i % 12}-0{1 + i % 9}-1{i % 10}", "import", older))
        if i % 3 == 0:  # declaration newer than the import: the declaration wins
            rows.append(_fact(e, "equipment_investment", str(300000 + i * 40000), "import", older))
            rows.append(_fact(e, "equipment_investment", str(900000 + i * 10000), "declaration", newer))
        elif i % 3 == 1:  # same as-of date: the import wins
            rows.append(_fact(e, "equipment_investment", str(2500000 + i), "import", newer))
            rows.append(_fact(e, "equipment_investment", "100", "declaration", newer))
        if i % 7:
            rows.append(_fact(e, "has_tax_arrears", i % 11 == 0, "import", older))
        if i % 4 != 3:
            rows.append(_fact(e, "employees", str(i % 25), "declaration", older))
            rows.append(_fact(e, "revenue", str((i % 9) * 1500000), "import", older))
        if i % 6 == 0:
            rows.append(_fact(e, "revenue", "0", "declaration", newer))  # newer: division by zero
        if i % 2:
            rows.append(_fact(e, "rd_expense", str((i % 13) * 50000), "import", older))
        if i % 8 in (1, 2):
            rows.append(_fact(e, "certificates", ["高新技术企业"] if i % 8 == 1 else [], "import", older))
        if i % 8 == 3:
            rows.append(_fact(e, "srdi_level", "省级", "declaration", older))
        if i % 9 != 4:
            rows.append(_fact(e, "tax_credit_rating", "ABMCD"[i % 5], "import", older))
        if i == 10:
            rows.append(_fact(e, "employees", "很多", "import", newer))  # stored under an older type
    EnterpriseFact.objects.bulk_create(rows)
    refresh_fact_sheets(e.pk for e in out)
    return out


def _straightforward(clause: Clause, e: Enterprise, on: date) -> tuple[str, Decimal | None]:
    """One enterprise at a time: its fact rows with the precedence applied in Python, the rule walked."""
    known = facts_for(Enterprise.objects.filter(pk=e.pk), detailed=True)[e.pk]
    answer = explain(engine.clause_rule(clause), {k: f.value for k, f in known.items()}, on)
    return answer.status, answer.amount


DAYS = [date(2026, 3, 2), date(2026, 6, 30), date(2026, 7, 1), date(2029, 3, 1)]


def test_region_wide_fast_path_agrees_with_the_straightforward_one(
    cast: Any, varied: list[Enterprise]
) -> None:
    clauses = [_policy(cast, rule, n) for n, rule in enumerate(RULES)]
    everyone = Enterprise.objects.filter(pk__in=[e.pk for e in varied])
    seen: set[str] = set()
    for clause, on in itertools.product(clauses, DAYS):
        facts = plain_facts(everyone, engine.clause_rule(clause).facts)
        fast = engine.clause_fast(clause)
        for e in varied:
            expected = _straightforward(clause, e, on)
            assert fast(facts[e.pk], on) == expected, (clause.rule, on, e.pk)
            seen.add(expected[0])
    assert seen == {"eligible", "not_eligible", "undetermined"}


def test_the_enterprise_list_agrees_with_the_straightforward_one(cast: Any, varied: list[Enterprise]) -> None:
    clauses = [_policy(cast, rule, n) for n, rule in enumerate(RULES)]
    in_county = [e for e in varied if e.region_id == cast.county.pk]
    for e, on in itertools.product(in_county[:12], DAYS):
        answers = {
            a.clause.pk: (a.answer.status, a.answer.amount)
            for a in selectors.policies_for_enterprise(e, on=on, include_not_eligible=True)
        }
        assert answers == {c.pk: _straightforward(c, e, on) for c in clauses}
        shown = {a.clause.pk for a in selectors.policies_for_enterprise(e, on=on)}
        assert shown == {pk for pk, (status, _) in answers.items() if status != NOT_ELIGIBLE}


def test_push_writes_what_the_straightforward_evaluation_finds(cast: Any, varied: list[Enterprise]) -> None:
    clauses = [_policy(cast, rule, n) for n, rule in enumerate(RULES)]
    region = Enterprise.objects.filter(region__tree_path__startswith=cast.county.tree_path)
    for on in (date(2026, 3, 2), date(2026, 7, 1)):  # the second run updates, adds and removes rows
        with time_machine.travel(on, tick=False):
            for clause in clauses:
                services.push_policy(policy=clause.policy)
                stored = {
                    m.enterprise_id: (m.status, m.amount, m.missing)
                    for m in Match.objects.filter(clause=clause)
                }
                expected = {}
                rule = engine.clause_rule(clause)
                for e in region:
                    known = facts_for(Enterprise.objects.filter(pk=e.pk), detailed=True)[e.pk]
                    answer = explain(rule, {k: f.value for k, f in known.items()}, on)
                    if answer.status != NOT_ELIGIBLE:
                        # Matches keep the missing facts of undetermined answers (what to ask for).
                        missing = list(answer.missing) if answer.status == UNDETERMINED else []
                        expected[e.pk] = (answer.status, answer.amount, missing)
                assert stored == expected
