"""The figures of 好差评 (GB/T 39734 附录B): per unit, matter, channel and month.

- 评价数: ratings counted (an upheld 申诉复核 takes a rating out; it stays stored);
- 好评率: 非常满意 + 满意 + 基本满意 over ratings; 差评数: 不满意 + 非常不满意;
- 差评整改率: cases rectified (整改 done, whatever came after) over cases (申诉成立 not counted);
- 整改及时率: rectified by the due date over rectified;
- 主动评价率: ratings over matters handled, where the platform knows the volume (else empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from yingshang.reviews.models import BadRatingCase, MatterVolume, Rating

GROUPS = {
    "unit": ("unit_id", "unit__name"),
    "matter": ("matter_id", "matter__name"),
    "channel": ("channel", "channel"),
    "month": ("month", "month"),
}
RECTIFIED = ("rectified", "fed_back", "closed")


@dataclass
class Row:
    key: Any
    label: str
    ratings: int
    good: int
    bad: int
    cases: int
    rectified: int
    on_time: int
    handled: int | None

    @property
    def good_rate(self) -> float | None:
        return self.good / self.ratings if self.ratings else None

    @property
    def rectified_rate(self) -> float | None:
        return self.rectified / self.cases if self.cases else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.rectified if self.rectified else None

    @property
    def active_rate(self) -> float | None:
        return self.ratings / self.handled if self.handled else None

    def cells(self) -> list[Any]:
        """The row as the page and the Excel export show it (GB/T 39734 附录B columns)."""
        return [
            self.label,
            self.ratings,
            self.good,
            self.bad,
            percent(self.good_rate),
            percent(self.rectified_rate),
            percent(self.on_time_rate),
            "—" if self.handled is None else self.handled,
            percent(self.active_rate),
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": str(self.key),
            "label": self.label,
            "ratings": self.ratings,
            "good": self.good,
            "bad": self.bad,
            "cases": self.cases,
            "rectified": self.rectified,
            "on_time": self.on_time,
            "handled": self.handled,
            "good_rate": _round(self.good_rate),
            "rectified_rate": _round(self.rectified_rate),
            "on_time_rate": _round(self.on_time_rate),
            "active_rate": _round(self.active_rate),
        }


HEADERS = ["评价数", "好评数", "差评数", "好评率", "差评整改率", "整改及时率", "办件量", "主动评价率"]
BY_LABELS = {"unit": "单位", "matter": "事项", "channel": "渠道", "month": "月份"}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def counted(qs: QuerySet[Rating]) -> QuerySet[Rating]:
    return qs.filter(excluded=False)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end, time.max)),
    )


def figures(ratings: QuerySet[Rating], *, by: str = "unit") -> list[Row]:
    """One row per group; three grouped queries whatever the number of rows."""
    key, label = GROUPS[by]
    qs = counted(ratings).annotate(month=TruncMonth("submitted_at")).order_by()
    rating_rows = qs.values(key, label).annotate(
        n=Count("id"), good=Count("id", filter=Q(level__gte=3)), bad=Count("id", filter=Q(level__lte=2))
    )
    case_key = "rating__" + key if by != "month" else "month"
    case_label = "rating__" + label if by != "month" else "month"
    cases = (
        BadRatingCase.objects.filter(rating__in=counted(ratings))
        .annotate(month=TruncMonth("rating__submitted_at"))
        .order_by()
        .values(case_key, case_label)
        .annotate(
            n=Count("id"),
            rectified=Count("id", filter=Q(status__in=RECTIFIED)),
            on_time=Count("id", filter=Q(status__in=RECTIFIED, rectified_late=False)),
        )
    )
    by_case = {c[case_key]: c for c in cases}
    handled = _handled(ratings, by)
    out = []
    for r in sorted(rating_rows, key=lambda r: (str(r[label]),)):
        c = by_case.get(r[key], {})
        name = r[label]
        if by == "channel":
            name = {"onsite": "现场服务", "online": "网上服务"}.get(name, name)
        elif by == "month":
            name = f"{timezone.localtime(name):%Y-%m}" if isinstance(name, datetime) else str(name)
        out.append(
            Row(
                key=r[key],
                label=str(name or "未关联事项"),
                ratings=r["n"],
                good=r["good"],
                bad=r["bad"],
                cases=c.get("n", 0),
                rectified=c.get("rectified", 0),
                on_time=c.get("on_time", 0),
                handled=handled.get(r[key]) if handled is not None else None,
            )
        )
    return out


def _handled(ratings: QuerySet[Rating], by: str) -> dict[Any, int] | None:
    """办件量 by group where it is known (matters with a recorded volume); None for channels."""
    if by == "channel":
        return None
    matter_ids = counted(ratings).exclude(matter__isnull=True).values("matter_id")
    volumes = MatterVolume.objects.filter(matter_id__in=matter_ids)
    key = {"unit": "matter__unit_id", "matter": "matter_id", "month": "month"}[by]
    rows = volumes.values(key).annotate(total=Sum("handled")).order_by()
    out: dict[Any, int] = {}
    for row in rows:
        k = row[key]
        if by == "month":
            k = timezone.make_aware(datetime.combine(k, time.min))
        out[k] = row["total"]
    return out


def outlier_points(
    ratings: QuerySet[Rating], *, factor: float = 1.5, minimum: int = 20
) -> list[dict[str, Any]]:
    """Windows whose share of 非常满意 is far above their peers': over ``factor`` × the median share,
    and above 90 %. Shown to the office as a flag; nothing is dropped."""
    rows = list(
        counted(ratings)
        .filter(point__isnull=False)
        .values("point_id", "point__name", "unit__name")
        .annotate(n=Count("id"), top=Count("id", filter=Q(level=5)))
        .order_by()
    )
    rows = [r for r in rows if r["n"] >= minimum]
    if len(rows) < 3:
        return []
    shares = sorted(r["top"] / r["n"] for r in rows)
    median = shares[len(shares) // 2]
    out = []
    for r in rows:
        share = r["top"] / r["n"]
        if share > 0.9 and share > factor * median:
            out.append({**r, "share": round(share, 4), "median": round(median, 4)})
    return out


def assessment_component(
    unit_ids: list[int], start: date, end: date
) -> dict[int, tuple[float | None, dict[str, Any]]]:
    """0.6 × 好评率 + 0.4 × 整改及时率 (1 when the unit had no rectified case) for ratings in the period."""
    lo, hi = _bounds(start, end)
    qs = Rating.objects.filter(unit_id__in=unit_ids, submitted_at__range=(lo, hi))
    rows = {r.key: r for r in figures(qs, by="unit")}
    out: dict[int, tuple[float | None, dict[str, Any]]] = {}
    for uid in unit_ids:
        row = rows.get(uid)
        if row is None or not row.ratings:
            out[uid] = (None, {"sample": 0, "说明": "本期无评价"})
            continue
        on_time = row.on_time_rate if row.on_time_rate is not None else 1.0
        value = 0.6 * (row.good_rate or 0) + 0.4 * on_time
        out[uid] = (
            round(value, 4),
            {
                "sample": row.ratings,
                "评价数": row.ratings,
                "好评率": _round(row.good_rate),
                "差评数": row.bad,
                "差评整改率": _round(row.rectified_rate),
                "整改及时率": _round(row.on_time_rate),
            },
        )
    return out


__all__ = ["Row", "assessment_component", "figures", "outlier_points"]
