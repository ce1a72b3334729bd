"""Corrections the office makes to an appeal's classification after intake."""

from __future__ import annotations

from django.db import transaction

from yingshang.appeals.models import Appeal
from yingshang.appeals.services.common import _clean_text, _require_office
from yingshang.appeals.statistics.cells import keeps_statistics
from yingshang.appeals.suggest import indicator_lexicon
from yingshang.core.errors import ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import User


def indicator_choices() -> list[str]:
    """The first-level evaluation indicators an appeal may count toward, in the lexicon's order."""
    return list(indicator_lexicon())


@keeps_statistics
@transaction.atomic
def correct_indicator(*, actor: User, appeal: Appeal, indicator: str, reason: str) -> Appeal:
    """更正评价指标: the office sets the evaluation indicator the appeal counts toward (suggested from the
    text at intake, sometimes wrongly). Statistics and the suggestion models' history follow it."""
    _require_office(actor)
    indicator = (indicator or "").strip()
    if indicator not in indicator_choices():
        raise ValidationFailed("请选择有效的评价指标。", fields={"indicator": "无效"})
    reason = _clean_text(reason, field="reason", label="更正理由", max_len=500)
    old = appeal.suggested_indicator
    if indicator == old:
        raise ValidationFailed("所选指标与当前指标相同。", fields={"indicator": "未改变"})
    Appeal.objects.filter(pk=appeal.pk).update(suggested_indicator=indicator)
    appeal.suggested_indicator = indicator
    record_event(
        appeal,
        actor=actor,
        action="correct_indicator",
        note={"changes": {"suggested_indicator": [old, indicator]}, "text": reason},
    )
    return appeal
