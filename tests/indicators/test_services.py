"""Observations: validation, verdicts, warnings with owner and clock, events."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction

from tests.indicators.helpers import setup_indicator
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.events import timeline
from yingshang.core.models import Notification
from yingshang.indicators import services
from yingshang.indicators.hooks import ComputedIndicator, register_computed, unregister_computed
from yingshang.indicators.models import Indicator, IndicatorWarning, Observation, WarningStatus

pytestmark = pytest.mark.django_db
FROZEN = "2025-04-07 10:00 +08:00"  # a Monday


def test_catalogue_is_loaded_by_the_data_migration() -> None:
    assert Indicator.objects.filter(parent__isnull=True).count() == 18
    i = Indicator.objects.get(code="I06.5")
    assert (i.parent.name, i.name, i.direction) == ("获得电力", "供电可靠性", "higher")


def test_met_value_raises_no_warning(cast: Any) -> None:
    ind = setup_indicator(cast)
    obs = services.record_observation(
        actor=cast.lead, indicator=ind, region=cast.county, period="2025-03", value="0.8"
    )
    assert obs.result == "met" and obs.unit == cast.lead_unit
    assert not IndicatorWarning.objects.exists()
    assert [e.action for e in timeline(obs)] == ["record_observation"]


@time_machine.travel(FROZEN, tick=False)
def test_missed_target_opens_a_warning_for_the_lead_unit_with_a_workday_deadline(cast: Any) -> None:
    ind = setup_indicator(cast)
    obs = services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-03", value="2"
    )
    w = obs.warning
    assert (obs.result, w.level, w.status, w.lead_unit) == ("missed", "missed", "open", cast.lead_unit)
    assert w.due_date == date(2025, 4, 14)  # 5 workdays after Monday 7 April (清明 is 4 April)
    assert [e.action for e in timeline(w)] == ["raise_warning"]
    assert Notification.objects.filter(recipient=cast.lead, kind="indicator_warning").exists()
    assert not Notification.objects.filter(recipient=cast.coop).exists()


def test_beyond_warning_value_is_a_warning_level(cast: Any) -> None:
    ind = setup_indicator(cast)
    obs = services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-03", value="5"
    )
    assert obs.result == "warning" and obs.warning.level == "warning"


def test_correction_that_meets_the_target_withdraws_the_warning(cast: Any) -> None:
    ind = setup_indicator(cast)
    services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-03", value="2"
    )
    obs = services.record_observation(
        actor=cast.lead, indicator=ind, region=cast.county, period="2025-03", value="1", replace=True
    )
    assert Observation.objects.count() == 1
    w = IndicatorWarning.objects.get()
    assert w.status == WarningStatus.RESOLVED
    assert [e.action for e in timeline(obs)] == ["record_observation", "correct_observation"]
    assert timeline(obs).last().note["old"] == "2"
    assert [e.action for e in timeline(w)] == ["raise_warning", "withdraw"]


def test_a_second_value_for_the_same_month_asks_before_replacing(cast: Any) -> None:
    ind = setup_indicator(cast)
    first = services.record_observation(
        actor=cast.lead, indicator=ind, region=cast.county, period="2025-03", value="0.8", note="首报"
    )
    with pytest.raises(Conflict) as err:
        services.record_observation(
            actor=cast.office, indicator=ind, region=cast.county, period="2025-03", value="2"
        )
    assert err.value.code == "observation_exists" and err.value.status == 409
    assert "已有监测值 0.8" in err.value.message and "0.8" in err.value.fields["value"]
    first.refresh_from_db()
    assert first.value == Decimal("0.8") and not IndicatorWarning.objects.exists()
    assert [e.action for e in timeline(first)] == ["record_observation"]
    obs = services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-03", value="2", replace=True
    )
    assert obs.pk == first.pk and obs.value == Decimal("2") and obs.result == "missed"
    event = timeline(obs).last()
    assert event.action == "correct_observation"
    assert (event.note["old"], event.note["new"], event.note["old_result"], event.note["old_note"]) == (
        "0.8",
        "2",
        "met",
        "首报",
    )


def test_jump_from_last_period_is_flagged(cast: Any) -> None:
    ind = setup_indicator(cast, target="10", warning="20")
    services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-02", value="4"
    )
    obs = services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-03", value="7"
    )
    assert obs.jump_flag and obs.previous_value == Decimal("4")
    calm = services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-04", value="8"
    )
    assert not calm.jump_flag


@pytest.mark.parametrize(
    ("period", "value", "field"),
    [
        ("2025-03", "-1", "value"),
        ("2025-03", "101", "value"),
        ("2025Q1", "1", "period"),
        ("2025-03", "abc", "value"),
    ],
)
def test_invalid_values_are_refused_with_fields(cast: Any, period: str, value: str, field: str) -> None:
    ind = setup_indicator(cast)
    with pytest.raises(ValidationFailed) as exc:
        services.record_observation(
            actor=cast.office, indicator=ind, region=cast.county, period=period, value=value
        )
    assert field in exc.value.fields
    assert not Observation.objects.exists()


def test_first_level_and_inapplicable_region_are_refused(cast: Any) -> None:
    ind = setup_indicator(cast)
    with pytest.raises(ValidationFailed):
        services.record_observation(
            actor=cast.office, indicator=ind.parent, region=cast.county, period="2025-03", value="1"
        )
    ind.regions.set([cast.other_county])
    with pytest.raises(ValidationFailed) as exc:
        services.record_observation(
            actor=cast.office, indicator=ind, region=cast.county, period="2025-03", value="1"
        )
    assert "region" in exc.value.fields


def test_only_the_lead_unit_and_the_office_may_enter(cast: Any) -> None:
    ind = setup_indicator(cast)
    for who in ("coop", "leader", "outsider"):
        with pytest.raises(NotAllowed):
            services.record_observation(
                actor=getattr(cast, who), indicator=ind, region=cast.county, period="2025-03", value="1"
            )
    # the lead unit may not enter for a region outside its own
    with pytest.raises(NotAllowed):
        services.record_observation(
            actor=cast.lead, indicator=ind, region=cast.other_county, period="2025-03", value="1"
        )


def test_database_keeps_one_value_per_indicator_period_region(cast: Any) -> None:
    ind = setup_indicator(cast)
    obs = services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-03", value="1"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(
            indicator=ind,
            region=cast.county,
            period="2025-03",
            period_start=obs.period_start,
            period_end=obs.period_end,
            value=Decimal(2),
        )


def _warning(cast: Any) -> IndicatorWarning:
    ind = setup_indicator(cast)
    obs = services.record_observation(
        actor=cast.office, indicator=ind, region=cast.county, period="2025-03", value="2"
    )
    return obs.warning


def test_warning_explained_returned_explained_resolved(cast: Any) -> None:
    w = _warning(cast)
    with pytest.raises(ValidationFailed):
        services.explain_warning(actor=cast.lead, warning=w, explanation="", fix_plan="")
    with pytest.raises(NotAllowed):
        services.explain_warning(actor=cast.coop, warning=w, explanation="a", fix_plan="b")
    services.explain_warning(actor=cast.lead, warning=w, explanation="系统故障", fix_plan="下月恢复")
    with pytest.raises(NotAllowed):
        services.resolve_warning(actor=cast.lead, warning=w)
    services.return_warning(actor=cast.office, warning=w, reason="说明不充分")
    assert w.status == WarningStatus.OPEN
    services.explain_warning(actor=cast.lead_boss, warning=w, explanation="补充说明", fix_plan="专人负责")
    services.resolve_warning(actor=cast.office, warning=w, note="同意")
    w.refresh_from_db()
    assert w.status == WarningStatus.RESOLVED and w.resolved_at is not None
    assert [e.action for e in timeline(w)] == ["raise_warning", "explain", "return", "explain", "resolve"]
    with pytest.raises(Conflict):
        services.explain_warning(actor=cast.lead, warning=w, explanation="x", fix_plan="y")


def test_read_only_leader_cannot_touch_warnings(cast: Any) -> None:
    w = _warning(cast)
    with pytest.raises(NotAllowed):
        services.resolve_warning(actor=cast.leader, warning=w)


def test_overdue_sweep_moves_open_warnings_past_their_date(cast: Any) -> None:
    with time_machine.travel(FROZEN, tick=False):
        w = _warning(cast)
    assert services.mark_overdue_warnings(today=date(2025, 4, 14)) == 0
    assert services.mark_overdue_warnings(today=date(2025, 4, 15)) == 1
    w.refresh_from_db()
    assert w.status == WarningStatus.OVERDUE
    # an overdue warning can still be explained: it stays visible until resolved
    services.explain_warning(actor=cast.lead, warning=w, explanation="迟报", fix_plan="改进")
    assert w.status == WarningStatus.EXPLAINED


def test_computed_indicators_run_from_the_registry(cast: Any) -> None:
    ind = setup_indicator(cast, code="I17.4", target="99", warning="97", hi="100")
    register_computed(ComputedIndicator("I17.4", "好差评满意率(平台计算)", lambda rid, a, b: Decimal("98.5")))
    try:
        n = services.compute_observations(actor=cast.office, period="2025-03", regions=[cast.county])
    finally:
        unregister_computed("I17.4")
    assert n == 1
    obs = Observation.objects.get(indicator=ind)
    assert (obs.source, obs.result) == ("computed", "missed")


def test_catalogue_edit_is_office_only_and_logged(cast: Any) -> None:
    ind = Indicator.objects.get(code="I01.2")
    with pytest.raises(NotAllowed):
        services.update_indicator(actor=cast.lead, indicator=ind, changes={"target_value": Decimal(1)})
    with pytest.raises(ValidationFailed):
        services.update_indicator(
            actor=cast.office, indicator=ind, changes={"min_value": Decimal(5), "max_value": Decimal(1)}
        )
    services.update_indicator(
        actor=cast.office,
        indicator=ind,
        changes={"target_value": Decimal("0.5"), "lead_unit": cast.lead_unit},
    )
    event = timeline(ind).get()
    assert event.action == "update_indicator"
    assert event.note["changes"]["target_value"] == [None, "0.5"]
    assert event.note["changes"]["lead_unit"] == [None, cast.lead_unit.pk]


def test_a_stale_copy_cannot_move_a_warning_twice(cast: Any) -> None:
    w = _warning(cast)
    stale = IndicatorWarning.objects.get(pk=w.pk)
    services.explain_warning(actor=cast.lead, warning=w, explanation="说明", fix_plan="措施")
    services.resolve_warning(actor=cast.office, warning=w)
    stale.status = WarningStatus.EXPLAINED  # what a second browser tab still believes
    with pytest.raises(Conflict):
        services.resolve_warning(actor=cast.office, warning=stale)
    assert timeline(w).filter(action="resolve").count() == 1


def test_todo_lists_warnings_for_the_unit_and_explanations_for_the_office(cast: Any) -> None:
    from yingshang.indicators.todo import warning_todos

    w = _warning(cast)
    assert [i.kind for i in warning_todos(cast.lead)] == ["指标预警"]
    assert warning_todos(cast.coop) == [] and warning_todos(cast.office) == []
    services.explain_warning(actor=cast.lead, warning=w, explanation="说明", fix_plan="措施")
    assert warning_todos(cast.lead) == [] and len(warning_todos(cast.office)) == 1


def test_periodic_sweep_is_registered_and_runs(cast: Any) -> None:
    from yingshang.core.periodic import jobs

    with time_machine.travel("2025-04-07 10:00 +08:00", tick=False):
        _warning(cast)
    job = next(j for j in jobs() if j.name == "indicators.sweep_overdue_warnings")
    with time_machine.travel("2025-05-01 10:00 +08:00", tick=False):
        job.enqueue()
    assert IndicatorWarning.objects.get().status == WarningStatus.OVERDUE
