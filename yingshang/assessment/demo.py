"""Demo data: a monthly scheme for the city over the last two months, both published, and one bulletin."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from yingshang.assessment import services
from yingshang.assessment.components import get_component
from yingshang.assessment.models import Bulletin, Scheme, SchemeStatus
from yingshang.core.demo import Cast
from yingshang.indicators.periods import period_containing

SCHEME_NAME = "营商环境月度考核"


def load_demo(cast: Cast, log: Callable[[str], None]) -> None:
    office = cast.users["office"]
    region = cast.regions["city"]
    last = period_containing(timezone.localdate(), "month").previous()
    components = [
        (c, w)
        for c, w in (
            ("indicator_attainment", 60),
            ("open_warnings", 20),
            ("task_timeliness", 10),
            ("appeal_handling", 10),
        )
        if get_component(c) is not None
    ]
    for p in (last.previous(), last):
        scheme = Scheme.objects.filter(region=region, period=p.key, name=SCHEME_NAME).first()
        if scheme is None:
            scheme = services.create_scheme(
                actor=office,
                name=SCHEME_NAME,
                region=region,
                period=p.key,
                components=components,
                red_count=3,
                black_count=1,
                min_sample=1,
            )
        if scheme.status == SchemeStatus.DRAFT:
            services.compute_scores(actor=office, scheme=scheme)
        if scheme.status == SchemeStatus.COMPUTED:
            services.publish_scheme(actor=office, scheme=scheme)
    if not Bulletin.objects.filter(region=region, period=last.key).exists():
        today = timezone.localdate()
        services.request_bulletin(
            actor=office, region=region, period=last.key, as_of=today, doc_number=f"营商办〔{today.year}〕1号"
        )
    log(
        f"考核评价：{Scheme.objects.filter(status=SchemeStatus.PUBLISHED).count()} 期已发布红黑榜，通报 {Bulletin.objects.count()} 份"
    )
