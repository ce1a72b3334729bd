"""The daily rebuild: on PostgreSQL one grouped query computes exactly the cells ``contributions`` computes
in Python (regions and units, leads old and new, merged children and unfolded filings left out, the month
in the current time zone across a month boundary); on both databases it repairs damaged cells."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from tests.appeals.makers import make_appeal
from tests.makers import make_unit
from yingshang.appeals import services
from yingshang.appeals.models import Appeal, AppealStatsCell
from yingshang.appeals.statistics.cells import COUNTERS, Cells, contributions, fold_pending, rebuild_cells

MIDNIGHT = dt.datetime(2026, 3, 31, 16, 0, tzinfo=dt.UTC)  # 2026-04-01 00:00 in Asia/Shanghai


def _nonzero(cells: Cells) -> Cells:
    return {key: values for key, values in cells.items() if any(values)}


def _python() -> Cells:
    return _nonzero(contributions(Appeal.objects.filter(stats_counted=True)))


def _sql() -> Cells:
    from yingshang.appeals.statistics.rebuild import expected_cells_sql

    return _nonzero(expected_cells_sql())


def _table() -> Cells:
    return _nonzero(
        {
            (scope, scope_id, dim, value): list(counters)
            for scope, scope_id, dim, value, *counters in AppealStatsCell.objects.values_list(
                "scope", "scope_id", "dim", "value", *COUNTERS
            )
        }
    )


@pytest.fixture
def varied(cast: Any) -> SimpleNamespace:
    """Filings either side of midnight, 31 March (Shanghai), moved through the services, then a few fields
    set directly (as the admin site would) to cover every counter's cases."""
    extra = make_unit("自然资源局", cast.county)
    with time_machine.travel(MIDNIGHT - dt.timedelta(minutes=10), tick=False):  # 23:50, 31 March
        three_units = make_appeal(cast, description="第一件：营业执照变更迟迟未办。")
        relead = make_appeal(cast, description="第二件：税务登记迟迟未办。")
    with time_machine.travel(MIDNIGHT + dt.timedelta(minutes=30), tick=False):  # 00:30, 1 April
        no_lead = make_appeal(cast, description="第三件：供水水压不足。")
        parent = make_appeal(cast, description="第四件：用电报装迟迟未办。")
        child = make_appeal(cast, description="第五件：用电报装仍未办。")
        elsewhere = make_appeal(cast, description="第六件：道路施工影响通行。")
        services.dispatch_appeal(
            actor=cast.office,
            appeal=three_units,
            lead_unit=cast.lead_unit,
            cooperating_units=[cast.coop_unit],
        )
        services.request_help(actor=cast.lead, appeal=three_units, unit=extra, reason="请核实用地情况")
        services.acknowledge_appeal(actor=cast.lead, appeal=three_units)
        services.reply_appeal(actor=cast.lead, appeal=three_units, text="已办理")
        services.dispatch_appeal(actor=cast.office, appeal=relead, lead_unit=cast.lead_unit)
        services.return_dispatch(actor=cast.lead, appeal=relead, reason="不属于本单位职责")
        services.review_return(
            actor=cast.office, appeal=relead, decision="redispatch", lead_unit=cast.coop_unit
        )
        services.dispatch_appeal(actor=cast.office, appeal=parent, lead_unit=cast.lead_unit)
        services.merge_appeals(actor=cast.office, parent=parent, children=[child])
        assert fold_pending() == 6
        unfolded = make_appeal(cast, description="第七件：折叠之前受理。")
        services.dispatch_appeal(actor=cast.office, appeal=unfolded, lead_unit=cast.lead_unit)
        make_appeal(cast, description="第八件：折叠之前受理，未分办。")
    edit = Appeal.objects.filter
    edit(pk=three_units.pk).update(solved=True, satisfaction=3, replied_late=True)
    edit(pk=relead.pk).update(solved=False, satisfaction=2, is_late=True)
    edit(pk=parent.pk).update(solved=None, satisfaction=None, acknowledged_late=True)
    edit(pk=elsewhere.pk).update(region=cast.other_county, solved=True, satisfaction=None)
    assert Appeal.objects.filter(stats_counted=False).count() == 2
    return SimpleNamespace(extra=extra, relead=relead, no_lead=no_lead, child=child)


def test_the_grouped_query_counts_what_contributions_counts(cast: Any, varied: SimpleNamespace) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the grouped query is PostgreSQL's (SQLite has no time zones); SQLite rebuilds in Python")
    with timezone.override("Asia/Shanghai"):
        python = _python()
        assert _sql() == python
    # The filings straddle midnight: two in March, three counted in April (the merged child is not).
    assert python[("r", cast.county.pk, "month", "2026-03")][0] == 2
    assert python[("r", cast.county.pk, "month", "2026-04")][0] == 2
    assert python[("r", cast.other_county.pk, "month", "2026-04")][0] == 1
    # The unit that returned the appeal keeps it, under the lead that took it over.
    assert python[("u", cast.lead_unit.pk, "lead", str(cast.coop_unit.pk))][0] == 1
    assert python[("u", varied.extra.pk, "lead", str(cast.lead_unit.pk))][0] == 1
    assert python[("r", cast.county.pk, "lead", "")][0] == 1  # never dispatched
    with timezone.override("UTC"):  # the month follows the current zone: all five filed on 31 March
        python = _python()
        assert _sql() == python
    assert {key[3] for key in python if key[2] == "month"} == {"2026-03"}


def test_rebuild_repairs_damaged_cells_and_then_finds_nothing(cast: Any, varied: SimpleNamespace) -> None:
    assert rebuild_cells() > 0  # the direct edits above were not tracked
    assert _table() == _python()
    region_month = AppealStatsCell.objects.filter(scope="r", scope_id=cast.county.pk, dim="month")
    region_month.filter(value="2026-03").update(total=99, satisfied=7)
    AppealStatsCell.objects.filter(scope="u", scope_id=varied.extra.pk, dim="lead").delete()
    AppealStatsCell.objects.create(
        scope="u", scope_id=cast.other_unit.pk, dim="channel", value="网站", total=4
    )
    assert _table() != _python()
    assert rebuild_cells() == 3
    assert _table() == _python()
    assert rebuild_cells() == 0
