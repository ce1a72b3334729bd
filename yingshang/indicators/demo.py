"""Demo data: lead units and thresholds on the main indicators, and a year of observations with misses."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from yingshang.core.demo import Cast
from yingshang.indicators.catalogue import FIRST_LEVEL
from yingshang.indicators.models import Indicator, Observation
from yingshang.indicators.periods import period_containing

# code: (target, warning, benchmark, min, max, typical value)
THRESHOLDS = {
    "I01.1": ("3", "4", "2", "0", "20", "3"),
    "I01.2": ("0.5", "1", "0.5", "0", "30", "0.5"),
    "I01.3": ("0", "100", "0", "0", "10000", "0"),
    "I01.4": ("5", "8", "4", "0", "50", "5"),
    "I03.2": ("65", "90", "50", "0", "365", "60"),
    "I06.2": ("5", "10", "3", "0", "60", "4"),
    "I06.5": ("99.9", "99.5", "99.99", "0", "100", "99.92"),
    "I07.2": ("3", "6", "2", "0", "30", "3"),
    "I08.2": ("1", "3", "0.5", "0", "30", "1"),
    "I13.4": ("99", "95", "100", "0", "100", "99"),
    "I17.1": ("95", "90", "100", "0", "100", "96"),
    "I17.4": ("99", "97", "100", "0", "100", "99.2"),
}
DEMO_REGIONS = ("county", "county2", "zone")


def _wobble(code: str, region: str, month: int) -> Decimal:
    """A deterministic spread so the demo has a few misses in a repeatable place."""
    seed = sum(ord(c) for c in f"{code}{region}") + month * 7
    if seed % 23 == 0:
        return Decimal("1.4")  # now and then a value beyond the warning value
    return Decimal(seed % 13 - 9) / Decimal(10)  # -0.9 … +0.3: about one value in four misses


def load_demo(cast: Cast, log: Callable[[str], None]) -> None:
    from yingshang.indicators.services import record_observation

    leads = {name: cast.units.get(f"county:{name}") for _, _, name, _ in FIRST_LEVEL}
    for code, _name, lead, _children in FIRST_LEVEL:
        unit = leads.get(lead)
        if unit is not None:
            Indicator.objects.filter(code__startswith=code, lead_unit__isnull=True).update(lead_unit=unit)
    for code, (target, warning, bench, lo, hi, _typical) in THRESHOLDS.items():
        Indicator.objects.filter(code=code, target_value__isnull=True).update(
            target_value=Decimal(target),
            warning_value=Decimal(warning),
            benchmark_value=Decimal(bench),
            min_value=Decimal(lo),
            max_value=Decimal(hi),
            max_jump_ratio=Decimal("0.5"),
        )
    months = [period_containing(timezone.localdate(), "month").previous()]
    while len(months) < 12:
        months.insert(0, months[0].previous())
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=THRESHOLDS).prefetch_related("regions")
    }
    written = 0
    for key in DEMO_REGIONS:
        region = cast.regions[key]
        have = set(
            Observation.objects.filter(region=region, indicator__code__in=THRESHOLDS).values_list(
                "indicator__code", "period"
            )
        )
        for code, spec in THRESHOLDS.items():
            indicator = indicators[code]
            typical = Decimal(spec[5])
            for p in months:
                if (code, p.key) in have:
                    continue
                swing = _wobble(code, key, p.start.month)
                span = abs(Decimal(spec[1]) - Decimal(spec[0])) or Decimal(1)
                value = typical + swing * span * (1 if indicator.direction == "lower" else -1)
                value = min(max(value, Decimal(spec[3])), Decimal(spec[4]))
                record_observation(
                    actor=None,
                    indicator=indicator,
                    region=region,
                    period=p.key,
                    value=value.quantize(Decimal("0.01")),
                )
                written += 1
    log(f"评价指标：新增 {written} 条监测值（{len(months)} 个月 × {len(DEMO_REGIONS)} 个区域）")
