"""Demo data of the arrears app: a few dozen cases over several debtors (some settled, some overdue, some
with a repayment plan), one breach complaint in each state and a handful of promises to investors.
Dates run in order: contract, delivery, payments, all on or before today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yingshang.arrears import services
from yingshang.arrears.models import ArrearsCase, Breach
from yingshang.core.demo import Cast
from yingshang.core.models import Enterprise

# (unit key in the cast, sector)
DEBTORS = [
    ("county:住房和城乡建设局", "organ"),
    ("county:交通运输局", "organ"),
    ("county:水务局", "organ"),
    ("county:自来水公司", "soe"),
    ("county:农牧和科技局", "institution"),
    ("zone:社会事务局", "organ"),
]
SUPERIOR = "city:市政府办公室"
WORKS = ["道路养护工程", "办公设备采购", "管网改造工程", "信息系统运维服务", "物业服务", "绿化工程"]


@transaction.atomic
def load_arrears(cast: Cast, log: Callable[[str], None]) -> None:
    if ArrearsCase.objects.filter(contract_no__startswith="DEMO-").exists():
        return
    office = cast.users["office"]
    superior = cast.units[SUPERIOR]
    enterprises = list(Enterprise.objects.order_by("pk")[:8])
    today = timezone.localdate()
    cases: list[ArrearsCase] = []
    for i in range(36):
        debtor_key, sector = DEBTORS[i % len(DEBTORS)]
        contract_date = today - timedelta(days=420 - i * 11)
        delivered = contract_date + timedelta(days=20)
        amount = Decimal(20000 + (i * 7919) % 380000) + Decimal("0.50") * (i % 2)
        case = services.open_case(
            actor=office,
            debtor=cast.units[debtor_key],
            superior=superior,
            sector=sector,
            creditor=enterprises[i % len(enterprises)],
            contract_no=f"DEMO-{2025 + i // 24}-{i + 1:03d}",
            contract_name=WORKS[i % len(WORKS)],
            contract_date=contract_date,
            amount=amount,
            disputed_amount=Decimal("5000.00") if i % 9 == 4 else Decimal("0"),
            delivered_on=delivered,
            agreed_term_days=45 if i % 4 == 0 else None,
        )
        cases.append(case)
        paid_on = min(delivered + timedelta(days=25 + i % 40), today)
        if i % 3 == 0 and case.disputed_amount == 0:
            services.record_payment(actor=office, case=case, paid_on=paid_on, amount=case.outstanding)
        elif i % 3 == 1:
            services.record_payment(
                actor=office, case=case, paid_on=paid_on, amount=(case.amount / 3).quantize(Decimal("0.01"))
            )
    # Repayment plans on three overdue cases: one past instalment (red) and one to come.
    cases = list(
        ArrearsCase.objects.filter(pk__in=[c.pk for c in cases]).select_related("debtor", "creditor")
    )
    planned = [c for c in cases if c.status == "open" and c.due_date < today and c.disputed_amount == 0][:3]
    for case in planned:
        half = (case.outstanding / 2).quantize(Decimal("0.01"))
        services.add_instalment(actor=office, case=case, due_date=today - timedelta(days=12), amount=half)
        services.add_instalment(
            actor=office, case=case, due_date=today + timedelta(days=40), amount=case.outstanding - half
        )
    services.run_instalment_clocks()
    _breaches(cast, cases)
    _promises(cast)
    log(f"清欠：{ArrearsCase.objects.count()} 件欠款案件，{Breach.objects.count()} 件违约失信投诉")


def _breaches(cast: Cast, cases: list[ArrearsCase]) -> None:
    office = cast.users["office"]
    superior = cast.units[SUPERIOR]
    today = timezone.localdate()
    by_state: dict[str, Breach] = {}
    for state in Breach.Status.values:
        case = next(
            c
            for c in cases
            if c.status == ("settled" if state in ("repair_requested", "repaired") else "open")
        )
        b = services.file_breach(
            actor=office,
            accused=case.debtor,
            superior=superior,
            enterprise=case.creditor,
            case=case,
            summary=f"{case.debtor.name}拖欠《{case.contract_name}》款项，经催告仍未支付",
        )
        by_state[state] = b
        if state == "filed":
            continue
        services.send_to_superior(actor=office, breach=b)
        if state == "verifying":
            continue
        if state == "unfounded":
            services.verify_breach(
                actor=office, breach=b, founded=False, text="合同约定的付款条件尚未成就，投诉不属实。"
            )
            continue
        services.verify_breach(
            actor=office,
            breach=b,
            founded=True,
            text="经核实，欠款属实。",
            perform_due=today + timedelta(days=15),
        )
        if state == "performing":
            continue
        if state == "performed":
            services.record_performance(actor=office, breach=b)
            continue
        services.confirm_breach(
            actor=office,
            breach=b,
            decision_no=f"示营商认〔{today.year}〕{b.pk}号",
            text="被投诉单位明确拒绝履行。",
            refused=True,
        )
        if state == "confirmed":
            continue
        services.request_repair(actor=office, breach=b, text="欠款已全额支付，申请信用修复。")
        if state == "repaired":
            services.decide_repair(actor=office, breach=b, approve=True, text="已履行，同意修复。")


def _promises(cast: Cast) -> None:
    office = cast.users["office"]
    today = timezone.localdate()
    enterprises = list(Enterprise.objects.order_by("pk")[:4])
    rows = [
        ("county:自然资源局", "land", "项目用地200亩于签约后半年内完成出让", -30, "broken"),
        ("county:工业和信息化局", "subsidy", "设备购置补贴300万元分两年兑现", 60, ""),
        ("zone:财政金融局", "subsidy", "首年厂房租金全额补贴", -90, "fulfilled"),
        ("county:行政审批和政务服务局", "service", "项目审批全程帮办代办", 30, ""),
    ]
    for (unit_key, kind, content, days, outcome), enterprise in zip(rows, enterprises, strict=False):
        due = today + timedelta(days=days)
        p = services.create_promise(
            actor=office,
            unit=cast.units[unit_key],
            enterprise=enterprise,
            kind=kind,
            content=content,
            due_date=due,
        )
        if outcome == "fulfilled":
            services.fulfil_promise(actor=office, promise=p, fulfilled_on=due)
        elif outcome == "broken":
            services.mark_promise_broken(actor=office, promise=p)
