"""一事一评 for appeals: each finished appeal asks its enterprise for one rating, once.

The rule that keeps one person from being asked twice for the same thing: the appeal's 回访 already
asks the enterprise how satisfied it is (appeals.services.closure.record_callback, 1–5, the same five
levels). So the request is issued when the appeal is closed (办结), after the 回访 had its chance:
- the appeal has a 回访 satisfaction → that answer IS the matter's rating (source "callback"); the
  request is recorded as answered by the callback and the enterprise is not asked again;
- it closed without one (the enterprise could not be reached, or rated nothing) → the enterprise's users
  get one online rating request (the national online questionnaire), usable once.
A merged appeal (并单) is one matter with its parent; an appeal without a linked enterprise (an
anonymous filer) is rated through the callback only. The job reads the appeals' rows and never writes
them, so the appeals app does not depend on this one.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from yingshang.core import services as core_services
from yingshang.core.models import User
from yingshang.reviews.models import BAD_LEVELS, Channel, Rating, RatingRequest
from yingshang.reviews.services.cases import open_case
from yingshang.reviews.services.catalogue import current_questionnaire
from yingshang.reviews.transitions import REQUEST_TABLE

BATCH = 500


def issue_matter_requests(*, now: datetime | None = None) -> dict[str, int]:
    """Create the request of every closed appeal that has none yet. Idempotent (unique per appeal)."""
    from yingshang.appeals.models import Appeal, AppealUnit

    now = now or timezone.now()
    counts = {"asked": 0, "from_callback": 0}
    done = RatingRequest.objects.values("appeal_id")
    appeals = (
        Appeal.objects.filter(status=Appeal.Status.CLOSED, parent__isnull=True, enterprise__isnull=False)
        .exclude(pk__in=done)
        .order_by("pk")[:BATCH]
    )
    for appeal in appeals:
        enterprise_id = appeal.enterprise_id
        if enterprise_id is None:
            continue
        link = (
            AppealUnit.objects.filter(appeal=appeal, role="lead", is_active=True)
            .select_related("unit")
            .first()
        )
        if link is None:
            continue
        try:
            with transaction.atomic():
                request = RatingRequest.objects.create(
                    appeal_id=appeal.pk,
                    enterprise_id=enterprise_id,
                    unit=link.unit,
                    region_id=appeal.region_id,
                    title=appeal.title[:100],
                    code=secrets.token_urlsafe(12)[:16],
                )
                if appeal.satisfaction is not None:
                    _take_callback(request, level=appeal.satisfaction, when=appeal.callback_at or now)
                    counts["from_callback"] += 1
                else:
                    users = list(User.objects.filter(enterprise_id=enterprise_id, is_active=True))
                    core_services.notify(
                        recipients=users,
                        title=f"请对诉求办理进行评价：{appeal.title}",
                        url=f"/reviews/m/{request.code}/",
                        kind="reviews_request",
                    )
                    counts["asked"] += 1
        except IntegrityError:  # issued by a concurrent run
            continue
    return counts


def _take_callback(request: RatingRequest, *, level: int, when: datetime) -> Rating:
    rating = Rating.objects.create(
        channel=Channel.ONLINE,
        source=Rating.Source.CALLBACK,
        region_id=request.region_id,
        unit_id=request.unit_id,
        questionnaire=current_questionnaire(Channel.ONLINE),
        level=level,
        scores={"overall": level},
        request=request,
        receipt_code=secrets.token_urlsafe(9)[:12],
        submitted_at=when,
    )
    REQUEST_TABLE.apply(request, "take_callback", actor=None, note={"satisfaction": level})
    if level in BAD_LEVELS:
        open_case(rating=rating, now=when)
    return rating
