"""政策找人: find the enterprises of a policy's region that qualify or might, and tell each of them
(inbox, email, SMS), asking undetermined ones only for the facts still missing."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yingshang.appeals.notices.sms import get_backend
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, User
from yingshang.core.services import notify
from yingshang.policies import engine
from yingshang.policies import facts as fact_catalogue
from yingshang.policies.models import Clause, Match, Policy, SmsMessage
from yingshang.policies.rules import ELIGIBLE, UNDETERMINED, Facts, explain, fmt
from yingshang.policies.services.common import today

log = logging.getLogger("yingshang.policies")
BATCH = 2000  # rows per statement when writing matches, ids per statement when reading phones


@dataclass
class PushResult:
    eligible: int = 0
    undetermined: int = 0
    notified: int = 0
    by_clause: dict[int, tuple[int, int]] = field(default_factory=dict)


def push_policy(*, policy: Policy, notify_enterprises: bool = True) -> PushResult:
    """Compute the matches of every clause over the policy's region; notify each new or changed match."""
    result = PushResult()
    if policy.status != Policy.Status.PUBLISHED:
        return result
    on = today()
    enterprises = Enterprise.objects.filter(region__tree_path__startswith=policy.region.tree_path)
    clauses = list(policy.clauses.all())
    keys: set[str] = set()
    for clause in clauses:
        keys |= engine.clause_rule(clause).facts
    all_facts = fact_catalogue.plain_facts(enterprises, keys)
    now = timezone.now()
    messages: dict[tuple[str, str], list[int]] = defaultdict(list)
    with transaction.atomic():
        for clause in clauses:
            found = _evaluate(clause, all_facts, on)
            written = _write_matches(clause, found, now, notify_enterprises)
            if notify_enterprises:
                texts: dict[tuple[str, Decimal | None, tuple[str, ...]], tuple[str, str]] = {}
                for eid in written:
                    status, amount, missing = found[eid]
                    text = texts.get((status, amount, missing))
                    if text is None:
                        text = texts[(status, amount, missing)] = _message(
                            policy, clause.title, status, amount, list(missing)
                        )
                    messages[text].append(eid)
            eligible = sum(1 for v in found.values() if v[0] == ELIGIBLE)
            result.eligible += eligible
            result.undetermined += len(found) - eligible
            result.by_clause[clause.pk] = (eligible, len(found) - eligible)
        told = sorted({eid for eids in messages.values() for eid in eids})
        users: dict[int, list[User]] = defaultdict(list)
        for start in range(0, len(told), BATCH):
            for user in User.objects.filter(
                enterprise_id__in=told[start : start + BATCH], role=User.Role.ENTERPRISE, is_active=True
            ):
                users[user.enterprise_id or 0].append(user)
        for (title, body), eids in messages.items():
            recipients = [u for eid in eids for u in users.get(eid, ())]
            if recipients:
                result.notified += notify(
                    recipients=recipients, title=title, body=body, url="/policies/mine/", kind="policy_push"
                )
        record_event(
            policy,
            actor=None,
            action="push",
            note={
                "eligible": result.eligible,
                "undetermined": result.undetermined,
                "notified": result.notified,
            },
        )
    if notify_enterprises:
        _send_sms(policy, [eid for eids in messages.values() for eid in eids])
    return result


Found = dict[int, tuple[str, Decimal | None, tuple[str, ...]]]


def _evaluate(clause: Clause, all_facts: Mapping[int, Facts], on: date) -> Found:
    """{enterprise: (status, amount, missing facts)} of the eligible and undetermined enterprises: the
    compiled rule for every enterprise, the explaining evaluator only for undetermined ones, to name the
    facts they lack."""
    fast = engine.clause_fast(clause)
    rule = engine.clause_rule(clause)
    found: Found = {}
    for eid, facts in all_facts.items():
        status, amount = fast(facts, on)
        if status == ELIGIBLE:
            found[eid] = (status, amount, ())
        elif status == UNDETERMINED:
            found[eid] = (status, None, explain(rule, facts, on).missing)
    return found


def _write_matches(clause: Clause, found: Found, now: datetime, notify_enterprises: bool) -> list[int]:
    """Bring the clause's Match rows in line with `found` in a few set-based statements; returns the
    enterprises whose match is new or changed (status or missing facts), which are to be told.

    Only new and changed rows are written (an upsert on (clause, enterprise), in batches); rows of
    enterprises no longer found are deleted; one UPDATE stamps the computing time on all the rest."""
    old = {
        eid: (pk, status, amount, tuple(missing))
        for pk, eid, status, amount, missing in Match.objects.filter(clause=clause).values_list(
            "pk", "enterprise_id", "status", "amount", "missing"
        )
    }
    stale = [pk for eid, (pk, *_) in old.items() if eid not in found]
    for start in range(0, len(stale), BATCH):
        Match.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    told: list[Match] = []
    quiet: list[Match] = []
    for eid, (status, amount, missing) in found.items():
        prev = old.get(eid)
        if prev is not None and prev[1:] == (status, amount, missing):
            continue
        row = Match(
            clause=clause,
            enterprise_id=eid,
            status=status,
            amount=amount,
            missing=list(missing),
            computed_at=now,
        )
        if prev is None or prev[1] != status or prev[3] != missing:
            if notify_enterprises:
                row.notified_at = now
            told.append(row)
        else:
            quiet.append(row)  # only the amount changed: written, nobody told again
    fields = ["status", "amount", "missing", "computed_at"]
    for rows, update_fields in (
        (told, [*fields, "notified_at"] if notify_enterprises else fields),
        (quiet, fields),
    ):
        Match.objects.bulk_create(
            rows,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["clause", "enterprise"],
            update_fields=update_fields,
        )
    Match.objects.filter(clause=clause).exclude(computed_at=now).update(computed_at=now)
    return [m.enterprise_id for m in told]


def _message(
    policy: Policy, clause_title: str, status: str, amount: Decimal | None, missing: list[str]
) -> tuple[str, str]:
    if status == ELIGIBLE:
        money = f"，测算可享 {fmt(amount)} 元" if amount is not None else ""
        return (
            f"您可能符合惠企政策：{policy.title}",
            f"根据平台掌握的信息，贵企业符合“{clause_title}”的条件{money}。请登录查看依据并申报。",
        )
    labels = "、".join(fact_catalogue.label_of(k) for k in missing)
    return (
        f"惠企政策待补充信息：{policy.title}",
        f"贵企业可能符合“{clause_title}”，还需要补充以下信息才能判断：{labels}。请登录补充。",
    )


def _send_sms(policy: Policy, enterprise_ids: list[int]) -> None:
    ids = sorted(set(enterprise_ids))
    phones = [
        row
        for start in range(0, len(ids), BATCH)
        for row in Enterprise.objects.filter(pk__in=ids[start : start + BATCH])
        .exclude(contact_phone="")
        .order_by()
        .values_list("id", "contact_phone", "name")
    ]
    backend = get_backend()
    rows = []
    for eid, phone, name in phones:
        text = f"【营商环境平台】{name}：您可能符合惠企政策“{policy.title[:40]}”，请登录平台查看。"
        row = SmsMessage(enterprise_id=eid, phone=phone, text=text[:300])
        try:
            backend.send(phone, row.text)
            row.sent = True
        except Exception as exc:  # a gateway failure must not stop the other messages
            row.error = f"{type(exc).__name__}: {exc}"[:200]
            log.warning("policy SMS to enterprise %s failed: %s", eid, exc)
        rows.append(row)
    SmsMessage.objects.bulk_create(rows, batch_size=2000)
