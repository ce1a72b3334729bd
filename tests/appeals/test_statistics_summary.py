"""Statistics read from summary cells equal the live count over the same appeals, for every scope, after
a mixed set of moves — folded and not-yet-folded filings, 退单/改派, 提级, 协办, 并单, 回访, 重办, 办结,
lateness found by the sweep, an indicator correction — and after a full rebuild."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.appeals.makers import make_appeal
from tests.makers import make_unit
from yingshang.appeals import selectors, services
from yingshang.appeals.models import Appeal, AppealStatsCell
from yingshang.appeals.statistics.cells import fold_pending, rebuild_cells
from yingshang.appeals.statistics.read import appeal_stats_for


def _same_for_everyone(cast: Any) -> None:
    for user in (cast.office, cast.leader, cast.lead, cast.coop, cast.enterprise_user):
        live = selectors.appeal_stats(selectors.visible_appeals(user))
        assert appeal_stats_for(user) == live, user.username


def _cells() -> set[tuple[Any, ...]]:
    return set(
        AppealStatsCell.objects.filter(total__gt=0).values_list(
            "scope",
            "scope_id",
            "dim",
            "value",
            "total",
            "open",
            "late",
            "acked",
            "replied",
            "called",
            "solved",
            "rated",
            "satisfied",
        )
    )


def test_summary_equals_live_after_mixed_moves(cast: Any) -> None:
    extra = make_unit("自然资源局", cast.county)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        a, b, c, d, e, f = (
            make_appeal(cast, description=f"第{i}件：营业执照变更迟迟未办。") for i in range(6)
        )
        assert fold_pending() == 6
        services.dispatch_appeal(
            actor=cast.office, appeal=a, lead_unit=cast.lead_unit, cooperating_units=[cast.coop_unit]
        )
        services.acknowledge_appeal(actor=cast.lead, appeal=a)
        services.request_help(actor=cast.lead, appeal=a, unit=extra, reason="请核实用地情况")
        services.reply_appeal(actor=cast.lead, appeal=a, text="已办理")
        services.record_callback(actor=cast.enterprise_user, appeal=a, solved=False, satisfaction=2)  # 重办
        services.reply_appeal(actor=cast.lead, appeal=a, text="再次答复")
        services.record_callback(actor=cast.enterprise_user, appeal=a, solved=True, satisfaction=4)
        services.close_appeal(actor=cast.office, appeal=a)
        services.dispatch_appeal(actor=cast.office, appeal=b, lead_unit=cast.lead_unit)
        services.return_dispatch(actor=cast.lead, appeal=b, reason="不属于本单位职责")
        services.review_return(actor=cast.office, appeal=b, decision="redispatch", lead_unit=cast.coop_unit)
        services.acknowledge_appeal(actor=cast.coop, appeal=b)
        services.escalate_appeal(actor=cast.coop, appeal=b, reason="需会商")
        services.merge_appeals(actor=cast.office, parent=c, children=[d])
        services.correct_indicator(actor=cast.office, appeal=e, indicator="纳税", reason="涉及退税")
        services.dispatch_appeal(actor=cast.office, appeal=e, lead_unit=cast.lead_unit)
        services.dispatch_appeal(actor=cast.office, appeal=f, lead_unit=cast.coop_unit)
        h = make_appeal(cast, description="第七件：用电报装迟迟未办。")
        fold_pending()
        services.dispatch_appeal(actor=cast.office, appeal=h, lead_unit=cast.lead_unit)
        services.acknowledge_appeal(actor=cast.lead, appeal=h)
        services.reply_appeal(actor=cast.lead, appeal=h, text="已答复，待回访")  # the sweep closes it
        g = make_appeal(cast, description="折叠之后才受理的一件：水压不足。")  # not folded yet
        services.dispatch_appeal(actor=cast.office, appeal=g, lead_unit=cast.lead_unit)
        _same_for_everyone(cast)
    # Days later the sweep finds e and f late (their 签收 clock ran out): is_late and the colours change.
    with time_machine.travel(start + dt.timedelta(days=20), tick=False):
        services.sweep_appeals()
        services.sweep_appeals()
        assert Appeal.objects.filter(is_late=True, stats_counted=True).count() >= 2
        assert Appeal.objects.get(pk=h.pk).status == Appeal.Status.CLOSED  # closed inside the sweep's track
        services.acknowledge_appeal(actor=cast.lead, appeal=e)  # signed late
        services.merge_appeals(actor=cast.office, parent=e, children=[c])  # c brings d along
        _same_for_everyone(cast)
        assert fold_pending() == 1
        _same_for_everyone(cast)
    kept = _cells()
    rebuild_cells()
    assert _cells() == kept  # incremental upkeep left exactly what a rebuild computes
    _same_for_everyone(cast)
    office = appeal_stats_for(cast.office)
    assert office["total"] == 6 and office["late"] >= 2
    assert {"name": "纳税", "n": 1} in office["by_indicator"]


def test_pending_filings_count_before_the_worker_folds_them(cast: Any) -> None:
    make_appeal(cast)
    assert appeal_stats_for(cast.office)["total"] == 1
    fold_pending()
    make_appeal(cast, description="第二件：供水水压不足。")
    assert appeal_stats_for(cast.office)["total"] == 2
    assert not AppealStatsCell.objects.filter(scope="r", scope_id=cast.other_county.pk).exists()
    assert appeal_stats_for(cast.office) == selectors.appeal_stats(selectors.visible_appeals(cast.office))


def test_indicator_correction_moves_the_count(cast: Any) -> None:
    appeal = make_appeal(cast)
    fold_pending()
    before = appeal_stats_for(cast.office)["by_indicator"]
    services.correct_indicator(actor=cast.office, appeal=appeal, indicator="执行合同", reason="合同纠纷")
    after = appeal_stats_for(cast.office)["by_indicator"]
    assert after == [{"name": "执行合同", "n": 1}] and after != before


def test_statistics_read_costs_the_same_queries_as_appeals_grow(cast: Any) -> None:
    def queries() -> int:
        fold_pending()
        with CaptureQueriesContext(connection) as ctx:
            appeal_stats_for(cast.office)
        return len(ctx.captured_queries)

    make_appeal(cast)
    few = queries()
    for i in range(15):
        a = make_appeal(cast, description=f"第{i}件：用电报装迟迟未办。")
        services.dispatch_appeal(actor=cast.office, appeal=a, lead_unit=cast.lead_unit)
    assert queries() == few


def test_rebuild_repairs_an_edit_made_outside_the_services(cast: Any) -> None:
    appeal = make_appeal(cast)
    services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    fold_pending()
    Appeal.objects.filter(pk=appeal.pk).update(
        is_late=True, suggested_indicator="纳税"
    )  # e.g. the admin site
    assert appeal_stats_for(cast.office)["late"] == 0  # the cells do not know
    assert rebuild_cells() > 0
    _same_for_everyone(cast)
    assert rebuild_cells() == 0  # nothing left to correct


def test_a_service_inside_another_tracked_block_counts_once(cast: Any) -> None:
    from yingshang.appeals.statistics.cells import track

    appeal = make_appeal(cast)
    fold_pending()
    services.dispatch_appeal(actor=cast.office, appeal=appeal, lead_unit=cast.lead_unit)
    services.acknowledge_appeal(actor=cast.lead, appeal=appeal)
    services.reply_appeal(actor=cast.lead, appeal=appeal, text="已答复")
    with track([appeal.pk]):  # as the sweep wraps close_appeal
        services.record_callback(actor=cast.enterprise_user, appeal=appeal, solved=True, satisfaction=5)
    cell = AppealStatsCell.objects.get(scope="r", scope_id=appeal.region_id, dim="month")
    assert (cell.total, cell.called, cell.solved, cell.rated, cell.satisfied) == (1, 1, 1, 1, 1)
    _same_for_everyone(cast)
