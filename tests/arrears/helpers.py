from __future__ import annotations

from datetime import date
from typing import Any

from yingshang.arrears import services
from yingshang.arrears.models import ArrearsCase


def make_case(c: Any, **kw: Any) -> ArrearsCase:
    args: dict[str, Any] = {
        "actor": c.office,
        "debtor": c.lead_unit,
        "creditor": c.enterprise,
        "contract_no": "HT-2025-001",
        "contract_name": "办公楼维修工程",
        "contract_date": date(2025, 3, 1),
        "amount": "100000.00",
        "delivered_on": date(2025, 6, 10),
    }
    args.update(kw)
    return services.open_case(**args)
