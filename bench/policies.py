"""惠企政策 matching timings.

usage: python bench/policies.py [--enterprises N] [--policies P] [--rounds R] [--keep] [--reuse]
                                [--profile DIR]

Builds a throw-away database (SQLite in a temp dir unless DATABASE_URL is set) with the demo regions,
N generated enterprises (default 100,000) each with six imported facts, one published policy and
P more (default 200). With --reuse and a DATABASE_URL that already holds them (from an earlier run),
the generation is skipped. Then times, with the CPU seconds of this process beside the wall clock
(the wall clock of a shared machine depends on its load; CPU time much less):

1. one policy against every enterprise of the region: facts read in bulk (platform facts from the
   enterprise table, stored facts by precedence) and the compiled rule run on each — what 政策找人
   does before it writes matches (goal < 5 s); and the whole push with its writes and notices, from
   no stored matches (as when a policy is published) and again (as when it is changed);
2. P policies against one enterprise: `policies_for_enterprise`, with explanations, as the enterprise
   page calls it (goal < 100 ms; p50 / p95 over R rounds, and the first call, which compiles the rules).

--profile DIR writes cProfile files of the timed parts (match.prof, push.prof, enterprise.prof) there,
to be read with `python -m pstats`.
"""

from __future__ import annotations

import argparse
import cProfile
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import setup_django

RULE = """eligible = all(
  企业规模 in ["小型", "微型"],
  "奈曼旗" in regions,
  not has_tax_arrears,
  equipment_investment >= $min_investment,
  years_since(founded_on) <= 10
)
benefit = min(equipment_investment * 10%, 2000000)"""

VARIANTS = [
    'eligible = all(employees >= {n}, tax_credit_rating in ["A", "B"])\nbenefit = min(employees * 1000, 200000)',
    'eligible = any("高新技术企业" in certificates, revenue >= {n}0000)\nbenefit = 50000',
    'eligible = all(annual_rent > {n}, credit_tier != "D")\nbenefit = min(annual_rent * 30%, 300000)',
    "强度 = rd_expense / revenue\neligible = all(revenue > 0, 强度 >= 3%, employees > {n})\nbenefit = min(rd_expense * 10%, 1000000)",
]


def existing(n_enterprises: int, n_policies: int) -> tuple[object, object] | None:
    """The bench data of an earlier run, when the database holds exactly what would be generated."""
    from yingshang.core.models import Enterprise
    from yingshang.policies.models import Policy

    ids = list(
        Enterprise.objects.filter(credit_code__startswith="B").order_by("id").values_list("id", flat=True)
    )
    main = Policy.objects.filter(title="设备更新补助").first()
    if (
        len(ids) != n_enterprises
        or main is None
        or Policy.objects.filter(title__startswith="政策").count() != n_policies
    ):
        return None
    return main, Enterprise.objects.get(pk=ids[1])


def build(n_enterprises: int, n_policies: int) -> tuple[object, object]:
    from django.db import transaction

    from yingshang.core.demo import load_core
    from yingshang.core.models import Enterprise
    from yingshang.policies.models import Clause, EnterpriseFact, Parameter, Policy

    cast = load_core()
    office = cast.users["office"]
    county = cast.regions["county"]
    t0 = time.perf_counter()
    sizes = ["micro", "small", "small", "medium", "large"]
    batch = []
    for i in range(n_enterprises):
        # Unique 18-character codes; these rows are never validated, only matched.
        batch.append(
            Enterprise(
                name=f"基准企业{i}",
                credit_code=f"B{i:017d}",
                region=county,
                size_class=sizes[i % 5],
                credit_tier="ABCD"[i % 4],
            )
        )
    with transaction.atomic():
        Enterprise.objects.bulk_create(batch, batch_size=5000)
    ids = list(Enterprise.objects.filter(credit_code__startswith="B").values_list("id", flat=True))
    facts = []
    as_of = date(2026, 1, 31)
    for k, eid in enumerate(ids):
        facts += [
            EnterpriseFact(
                enterprise_id=eid,
                key="founded_on",
                value=f"20{10 + k % 16}-0{1 + k % 9}-15",
                source="import",
                as_of=as_of,
            ),
            EnterpriseFact(
                enterprise_id=eid, key="employees", value=str(k % 300), source="import", as_of=as_of
            ),
            EnterpriseFact(
                enterprise_id=eid, key="revenue", value=str((k % 97) * 250000), source="import", as_of=as_of
            ),
            EnterpriseFact(
                enterprise_id=eid,
                key="equipment_investment",
                value=str((k % 50) * 100000),
                source="import",
                as_of=as_of,
            ),
            EnterpriseFact(
                enterprise_id=eid, key="tax_credit_rating", value="ABMCD"[k % 5], source="import", as_of=as_of
            ),
        ]
        if k % 7:
            facts.append(
                EnterpriseFact(
                    enterprise_id=eid, key="has_tax_arrears", value=k % 13 == 0, source="import", as_of=as_of
                )
            )
        if len(facts) >= 50_000:
            EnterpriseFact.objects.bulk_create(facts, batch_size=10_000)
            facts = []
    EnterpriseFact.objects.bulk_create(facts, batch_size=10_000)
    from yingshang.policies.facts import refresh_fact_sheets

    refresh_fact_sheets(ids)
    print(
        f"generated {len(ids):,} enterprises and {EnterpriseFact.objects.count():,} facts in {time.perf_counter() - t0:.1f} s"
    )

    def policy(title: str, rule: str) -> Policy:
        p = Policy.objects.create(
            title=title,
            issuer="奈曼旗人民政府",
            issue_date=date(2026, 1, 5),
            valid_from=date(2026, 1, 1),
            responsible_unit=cast.units["county:工业和信息化局"],
            region=county,
            created_by=office,
            status="published",
        )
        Parameter.objects.create(
            policy=p,
            name="min_investment",
            label="最低投资额",
            values=[["2026-01-01", "500000"], ["2026-07-01", "1000000"]],
        )
        Clause.objects.create(policy=p, number=1, title="条款", rule=rule, facts=[])
        return p

    main = policy("设备更新补助", RULE)
    from yingshang.policies import engine

    for c in Clause.objects.all():
        c.facts = sorted(engine.clause_rule(c).facts)
        c.save(update_fields=["facts"])
    for i in range(n_policies):
        p = policy(f"政策{i}", VARIANTS[i % len(VARIANTS)].format(n=i % 40))
        c = p.clauses.get()
        c.facts = sorted(engine.clause_rule(c).facts)
        c.save(update_fields=["facts"])
    return main, Enterprise.objects.get(pk=ids[1])


class Profiles:
    """cProfile of named parts of the run, each written to DIR/<name>.prof (all runs of a part together)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.profiles: dict[str, cProfile.Profile] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        if self.folder is None:
            yield
            return
        prof = self.profiles.setdefault(name, cProfile.Profile())
        prof.enable()
        try:
            yield
        finally:
            prof.disable()
            self.folder.mkdir(parents=True, exist_ok=True)
            prof.dump_stats(self.folder / f"{name}.prof")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--policies", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the region-wide match")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="use the bench data already in DATABASE_URL")
    parser.add_argument("--profile", type=Path, help="write cProfile files of the timed parts here")
    args = parser.parse_args()
    setup_django(args.keep, prefix="bench-policies-")
    import time_machine
    from django.conf import settings
    from django.db import connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    from yingshang.core.models import Enterprise
    from yingshang.policies import engine, selectors
    from yingshang.policies import facts as fact_catalogue
    from yingshang.policies.models import Match
    from yingshang.policies.services.push import push_policy

    print(f"database: {connection.vendor}")
    profile = Profiles(args.profile)
    with time_machine.travel(date(2026, 3, 2), tick=True):
        found = existing(args.enterprises, args.policies) if args.reuse else None
        policy, enterprise = found or build(args.enterprises, args.policies)
        clause = policy.clauses.get()  # type: ignore[attr-defined]
        on = date(2026, 3, 2)
        region = Enterprise.objects.filter(region__tree_path__startswith=policy.region.tree_path)  # type: ignore[attr-defined]

        runs = []
        for _ in range(args.repeat):
            with profile("match"):
                t0, c0 = time.perf_counter(), time.process_time()
                facts = fact_catalogue.plain_facts(region, engine.clause_rule(clause).facts)
                t_facts, c_facts = time.perf_counter() - t0, time.process_time() - c0
                fast = engine.clause_fast(clause)
                counts: dict[str, int] = {}
                for f in facts.values():
                    status, _ = fast(f, on)
                    counts[status] = counts.get(status, 0) + 1
                runs.append((time.perf_counter() - t0, t_facts, time.process_time() - c0, c_facts))
        for wall, t_facts, cpu, c_facts in runs:
            print(
                f"1 policy × {len(facts):,} enterprises: {wall:.2f} s (facts {t_facts:.2f} s, rule "
                f"{wall - t_facts:.2f} s); CPU {cpu:.2f} s (facts {c_facts:.2f} s, rule {cpu - c_facts:.2f} s)  goal < 5 s"
            )
        print(f"  → {counts}")
        for label in ("from no stored matches", "again, nothing changed"):
            if label.startswith("from"):
                Match.objects.filter(clause__policy=policy).delete()  # type: ignore[misc]
            with profile("push"):
                t0, c0 = time.perf_counter(), time.process_time()
                result = push_policy(policy=policy)  # type: ignore[arg-type]
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(
                f"  full 政策找人 with writes, {label}: {wall:.2f} s, CPU {cpu:.2f} s "
                f"(eligible {result.eligible:,}, undetermined {result.undetermined:,}, notices {result.notified:,})"
            )

        t0 = time.perf_counter()
        answers = selectors.policies_for_enterprise(enterprise, include_not_eligible=True)  # type: ignore[arg-type]
        first = time.perf_counter() - t0
        times, cpus = [], []
        with profile("enterprise"):
            for _ in range(args.rounds):
                t0, c0 = time.perf_counter(), time.process_time()
                shown = selectors.policies_for_enterprise(enterprise)  # type: ignore[arg-type]
                times.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0)
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(
            f"{len(answers)} clauses × 1 enterprise ({len(shown)} shown): p50 {statistics.median(times) * 1000:.1f} ms, "
            f"p95 {p95 * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms; CPU p50 {statistics.median(cpus) * 1000:.1f} ms "
            f"(first call, compiling: {first * 1000:.0f} ms)  goal < 100 ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
