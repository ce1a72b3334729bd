"""政策找人: find the enterprises of a policy's region that qualify or might, and tell each of them
(inbox, email, SMS), asking undetermined ones only for the facts still missing."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yingshang.appeals.notices.sms import get_backend
from yingshang.core.events import record_event
from yingshang.core.models import Enterprise, User
from yingshang.core.services import notify
from yingshang.policies import engine
from yingshang.policies import facts as fact_catalogue
from yingshang.policies.models import Match, Policy, SmsMessage
from yingshang.policies.rules import ELIGIBLE, UNDETERMINED, explain, fmt
from yingshang.policies.services.common import today

log = logging.getLogger("yingshang.policies")


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
    all_facts = fact_catalogue.facts_for(enterprises, keys)
    names = dict(enterprises.values_list("id", "name"))
    now = timezone.now()
    messages: dict[tuple[str, str], list[int]] = defaultdict(list)
    with transaction.atomic():
        for clause in clauses:
            fast = engine.clause_fast(clause)
            rule = engine.clause_rule(clause)
            old = {m.enterprise_id: m for m in Match.objects.filter(clause=clause)}
            found: dict[int, tuple[str, Decimal | None, list[str]]] = {}
            for eid, facts in all_facts.items():
                status, amount = fast(facts, on)
                if status == ELIGIBLE:
                    found[eid] = (status, amount, [])
                elif status == UNDETERMINED:
                    answer = explain(rule, facts, on)
                    found[eid] = (status, None, list(answer.missing))
            Match.objects.filter(clause=clause).exclude(enterprise_id__in=list(found)).delete()
            to_create, to_update = [], []
            for eid, (status, amount, missing) in found.items():
                prev = old.get(eid)
                changed = prev is None or prev.status != status or prev.missing != missing
                if prev is None:
                    prev = Match(clause=clause, enterprise_id=eid)
                    to_create.append(prev)
                else:
                    to_update.append(prev)
                prev.status, prev.amount, prev.missing, prev.computed_at = status, amount, missing, now
                if changed and notify_enterprises:
                    prev.notified_at = now
                    messages[_message(policy, clause.title, status, amount, missing)].append(eid)
            Match.objects.bulk_create(to_create, batch_size=2000)
            Match.objects.bulk_update(
                to_update, ["status", "amount", "missing", "computed_at", "notified_at"], batch_size=2000
            )
            eligible = sum(1 for v in found.values() if v[0] == ELIGIBLE)
            result.eligible += eligible
            result.undetermined += len(found) - eligible
            result.by_clause[clause.pk] = (eligible, len(found) - eligible)
        for (title, body), eids in messages.items():
            users = list(
                User.objects.filter(enterprise_id__in=eids, role=User.Role.ENTERPRISE, is_active=True)
            )
            result.notified += notify(
                recipients=users, title=title, body=body, url="/policies/mine/", kind="policy_push"
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
        _send_sms(policy, [eid for eids in messages.values() for eid in eids], names)
    return result


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


def _send_sms(policy: Policy, enterprise_ids: list[int], names: dict[int, str]) -> None:
    phones = dict(
        Enterprise.objects.filter(pk__in=set(enterprise_ids))
        .exclude(contact_phone="")
        .values_list("id", "contact_phone")
    )
    backend = get_backend()
    rows = []
    for eid, phone in phones.items():
        text = (
            f"【营商环境平台】{names.get(eid, '')}：您可能符合惠企政策“{policy.title[:40]}”，请登录平台查看。"
        )
        row = SmsMessage(enterprise_id=eid, phone=phone, text=text[:300])
        try:
            backend.send(phone, row.text)
            row.sent = True
        except Exception as exc:  # a gateway failure must not stop the other messages
            row.error = f"{type(exc).__name__}: {exc}"[:200]
            log.warning("policy SMS to enterprise %s failed: %s", eid, exc)
        rows.append(row)
    SmsMessage.objects.bulk_create(rows, batch_size=2000)
