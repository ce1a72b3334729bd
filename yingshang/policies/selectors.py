"""Reads of the policies app. `facts_for_enterprise` and `policies_for_enterprise` are what the
enterprise profile (一企一档) shows of this app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from yingshang.core import workdays
from yingshang.core.access import region_q
from yingshang.core.models import Enterprise, Region, User
from yingshang.policies import engine
from yingshang.policies import facts as fact_catalogue
from yingshang.policies.models import Clause, Match, Parameter, Policy, Redemption
from yingshang.policies.rules import ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED, Answer, explain

Role = User.Role


def facts_for_enterprise(enterprise: Enterprise) -> list[fact_catalogue.KnownFact]:
    """Every fact the platform knows of the enterprise, with its source and as-of date, in catalogue order."""
    known = fact_catalogue.facts_for(Enterprise.objects.filter(pk=enterprise.pk), detailed=True).get(
        enterprise.pk, {}
    )
    return [known[k] for k in fact_catalogue.catalogue() if k in known]


@dataclass(frozen=True)
class ClauseAnswer:
    policy: Policy
    clause: Clause
    answer: Answer

    @property
    def missing_labels(self) -> list[str]:
        return [label for _, label in self.missing_items]

    @property
    def missing_items(self) -> list[tuple[str, str]]:
        return [(k, fact_catalogue.label_of(k)) for k in self.answer.missing if not k.startswith("$")]


def ancestor_ids(region: Region) -> list[int]:
    return [int(p) for p in region.tree_path.strip("/").split("/") if p] or [region.pk]


def live_policies(on: date | None = None) -> QuerySet[Policy]:
    on = on or timezone.localdate()
    return Policy.objects.filter(status=Policy.Status.PUBLISHED, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


# What the enterprise's list (page and API) shows of a clause, its policy and the responsible unit;
# building model objects is the largest cost of the list, and long texts are never shown there.
ANSWER_FIELDS = (
    *("id", "policy", "number", "title", "benefit_text", "attachments", "auto_grant"),
    *(f"policy__{f}" for f in ("id", "title", "doc_number", "issuer", "issue_date", "valid_from")),
    *(f"policy__{f}" for f in ("valid_until", "region", "status", "responsible_unit")),
    *("policy__responsible_unit__id", "policy__responsible_unit__name"),
)


def policies_for_enterprise(
    enterprise: Enterprise, *, include_not_eligible: bool = False, on: date | None = None
) -> list[ClauseAnswer]:
    """The clauses of live policies covering the enterprise's region that it qualifies for (eligible,
    with the amount) or might (undetermined, with the facts still needed), eligible first.

    Rules are read as plain rows (three queries whatever the number of live policies) and run compiled,
    each rule compiled once per version (engine.compiled_from_rows); the enterprise's facts are read once,
    only the keys the live rules name; explanations and model objects are built only for the clauses
    shown, so the cost stays low with hundreds of live policies (bench/policies.py)."""
    on = on or timezone.localdate()
    region = (
        enterprise.region
        if enterprise.region.tree_path != "/"
        else Region.objects.get(pk=enterprise.region_id)
    )
    live = live_policies(on).filter(region_id__in=ancestor_ids(region)).values("id")
    params = engine.parameter_rows(Parameter.objects.filter(policy__in=live))
    rows = [
        (clause_id, *engine.compiled_from_rows(rule_text, params.get(pid, ())))
        for clause_id, pid, rule_text in Clause.objects.filter(policy__in=live)
        .order_by()
        .values_list("id", "policy_id", "rule")
    ]
    keys = set().union(*(rule.facts for _, rule, _ in rows))
    facts = fact_catalogue.plain_facts(Enterprise.objects.filter(pk=enterprise.pk), keys).get(
        enterprise.pk, {}
    )
    kept: dict[int, Answer] = {}
    for clause_id, rule, fast in rows:
        status, _amount = fast(facts, on)
        if status != NOT_ELIGIBLE or include_not_eligible:
            kept[clause_id] = explain(rule, facts, on)
    clauses = (
        Clause.objects.filter(pk__in=list(kept))
        .select_related("policy__responsible_unit")
        .only(*ANSWER_FIELDS)
    )
    out = [ClauseAnswer(c.policy, c, kept[c.pk]) for c in clauses]
    order = {ELIGIBLE: 0, UNDETERMINED: 1, NOT_ELIGIBLE: 2}
    out.sort(
        key=lambda a: (order[a.answer.status], -a.policy.issue_date.toordinal(), a.policy.pk, a.clause.number)
    )
    return out


# ---- lists by who looks ---------------------------------------------------------------------------


def policies_visible_to(user: User) -> QuerySet[Policy]:
    qs = Policy.objects.select_related("responsible_unit", "region")
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user, "region"))
    if user.is_unit_user:
        return qs.filter(Q(responsible_unit_id=user.unit_id) | Q(status=Policy.Status.PUBLISHED))
    return qs.filter(status=Policy.Status.PUBLISHED)


def redemptions_visible_to(user: User) -> QuerySet[Redemption]:
    qs = Redemption.objects.select_related("clause__policy", "enterprise")
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user, "clause__policy__region"))
    if user.is_unit_user:
        return qs.filter(clause__policy__responsible_unit_id=user.unit_id)
    if user.role == Role.ENTERPRISE:
        return qs.filter(enterprise_id=user.enterprise_id or 0)
    return qs.none()


def colour_of(redemption: Redemption, on: date | None = None) -> str:
    """三色 for the clock that runs: review while submitted, payment while accepted."""
    on = on or timezone.localdate()
    if redemption.status == Redemption.Status.SUBMITTED:
        return workdays.get_calendar().colour_for(redemption.review_due, on, yellow_workdays=2)
    if redemption.status == Redemption.Status.ACCEPTED and redemption.payment_due:
        return workdays.get_calendar().colour_for(redemption.payment_due, on)
    return "green"


# ---- figures --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyFigures:
    policy: Policy
    due: int  # accepted or paid: redemptions owed
    paid: int
    amount_paid: Decimal
    avg_days: float | None  # calendar days from acceptance to payment
    max_days: int | None
    overdue: int  # accepted, past the payment due date

    @property
    def rate(self) -> float | None:
        return self.paid / self.due if self.due else None


def figures(policies: QuerySet[Policy], on: date | None = None) -> list[PolicyFigures]:
    """兑现率, amount paid, average and maximum days to payment, overdue redemptions, per policy."""
    on = on or timezone.localdate()
    owed = Q(clauses__redemptions__status__in=(Redemption.Status.ACCEPTED, Redemption.Status.PAID))
    paid = Q(clauses__redemptions__status=Redemption.Status.PAID)
    overdue = Q(
        clauses__redemptions__status=Redemption.Status.ACCEPTED, clauses__redemptions__payment_due__lt=on
    )
    rows = policies.annotate(
        n_due=Count("clauses__redemptions", filter=owed),
        n_paid=Count("clauses__redemptions", filter=paid),
        n_overdue=Count("clauses__redemptions", filter=overdue),
        amount=Sum("clauses__redemptions__amount_paid", filter=paid),
    ).order_by("-issue_date")
    durations: dict[int, list[int]] = {}
    for pid, accepted, paid_on in Redemption.objects.filter(
        clause__policy__in=policies, status=Redemption.Status.PAID
    ).values_list("clause__policy_id", "accepted_on", "paid_on"):
        if accepted and paid_on:
            durations.setdefault(pid, []).append((paid_on - accepted).days)
    out = []
    for p in rows:
        days = durations.get(p.pk, [])
        out.append(
            PolicyFigures(
                policy=p,
                due=p.n_due,
                paid=p.n_paid,
                amount_paid=p.amount or Decimal(0),
                avg_days=sum(days) / len(days) if days else None,
                max_days=max(days) if days else None,
                overdue=p.n_overdue,
            )
        )
    return out


def column_months(policies: QuerySet[Policy]) -> list[date]:
    """The months of the 惠企政策专栏 that have policies, newest first."""
    months = policies.filter(published_at__isnull=False).dates("published_at", "month", order="DESC")
    return list(months)


def latest_published(policies: QuerySet[Policy]) -> object:
    return policies.aggregate(m=Max("published_at"))["m"]


def stored_matches(enterprise: Enterprise, on: date | None = None) -> QuerySet[Match]:
    """The 政策找人 matches stored for the enterprise on live policies (eligible first, then newest).

    Reads the rows kept by the matching run instead of evaluating every live clause's rule again, so a
    page that lists them costs two queries however many policies there are."""
    return (
        Match.objects.filter(enterprise=enterprise, clause__policy__in=live_policies(on))
        .select_related("clause__policy")
        .order_by("status", "-computed_at", "-id")
    )


def redeeming_enterprises(region: Region, year: int) -> list[tuple[int, int | None]]:
    """(enterprise, responsible unit) pairs for redemptions submitted in ``year`` on the region's policies."""
    rows = Redemption.objects.filter(
        enterprise__region__tree_path__startswith=region.tree_path, submitted_on__year=year
    ).values_list("enterprise_id", "clause__policy__responsible_unit_id")
    return list(rows.distinct())
