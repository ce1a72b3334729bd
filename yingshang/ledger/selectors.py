"""Joined reads of the ledger, each a fixed number of queries however many tasks there are."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from yingshang.core.access import region_q
from yingshang.core.models import Region, Unit, User
from yingshang.core.unit_labels import label
from yingshang.ledger.models import (
    Campaign,
    Document,
    Report,
    SupervisionNotice,
    Task,
    TaskIndicator,
    TaskUnit,
)

Role = User.Role
COLOURS = ("red", "yellow", "green")


def visible_tasks(user: User) -> QuerySet[Task]:
    """Office and leaders: tasks of their region; units: tasks they lead or cooperate on; others none."""
    qs = Task.objects.all()
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        # Region ids first (a handful), so the task query filters on its own indexed column, no join.
        return qs.filter(region_id__in=region_ids(user)) if user.region_id else qs
    if user.is_unit_user and user.unit_id:
        return qs.filter(pk__in=TaskUnit.objects.filter(unit_id=user.unit_id).values("task_id"))
    return qs.none()


def region_ids(user: User) -> list[int]:
    return list(Region.objects.filter(region_q(user, field="")).values_list("pk", flat=True))


def visible_documents(user: User) -> QuerySet[Document]:
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return Document.objects.filter(region_q(user))
    return Document.objects.none()


def visible_campaigns(user: User) -> QuerySet[Campaign]:
    if user.role not in (Role.OFFICE_ADMIN, Role.LEADER):
        return Campaign.objects.none()
    if user.region_id is None:
        return Campaign.objects.all()
    # Same subtree as region_q, but through the cached user.region: the overview fetched it already.
    return Campaign.objects.filter(region__tree_path__startswith=user.region.tree_path)  # type: ignore[union-attr]


def campaign_rows(user: User) -> list[dict[str, Any]]:
    """Campaigns with their documents and leaf-task colour counts: three queries in all."""
    campaigns = list(visible_campaigns(user).select_related("region"))
    ids = [c.pk for c in campaigns]
    docs: dict[int, int] = dict(
        Document.objects.filter(campaign_id__in=ids)
        .order_by()
        .values_list("campaign_id")
        .annotate(n=Count("*"))
        .values_list("campaign_id", "n")
    )
    counts: dict[int, dict[str, int]] = {pk: {c: 0 for c in (*COLOURS, "total")} for pk in ids}
    for campaign_id, colour, n in (
        Task.objects.filter(campaign_id__in=ids, is_group=False)
        .order_by()
        .values_list("campaign_id", "colour")
        .annotate(n=Count("*"))
    ):
        counts[campaign_id][colour] += n
        counts[campaign_id]["total"] += n
    return [{"campaign": c, "documents": docs.get(c.pk, 0), **counts[c.pk]} for c in campaigns]


def visible_notices(user: User) -> QuerySet[SupervisionNotice]:
    qs = SupervisionNotice.objects.select_related("task", "unit")
    if user.role in (Role.OFFICE_ADMIN, Role.LEADER):
        return qs.filter(region_q(user, "task__region"))
    if user.is_unit_user:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def visible_reports(user: User) -> QuerySet[Report]:
    return Report.objects.filter(task__in=visible_tasks(user)).select_related("task", "unit")


@dataclass
class TaskFilters:
    document: int | None = None
    campaign: int | None = None
    unit: int | None = None
    status: str = ""
    colour: str = ""
    indicator: str = ""
    due_from: date | None = None
    due_to: date | None = None
    q: str = ""
    include_groups: bool = False

    @classmethod
    def from_params(cls, params: Any) -> TaskFilters:
        def _int(name: str) -> int | None:
            raw = str(params.get(name) or "")
            return int(raw) if raw.isdigit() and len(raw) < 12 else None

        def _date(name: str) -> date | None:
            try:
                return date.fromisoformat(str(params.get(name) or ""))
            except ValueError:
                return None

        status = str(params.get("status") or "")
        colour = str(params.get("colour") or "")
        return cls(
            document=_int("document"),
            campaign=_int("campaign"),
            unit=_int("unit"),
            status=status if status in Task.Status.values else "",
            colour=colour if colour in COLOURS else "",
            indicator=str(params.get("indicator") or "")[:50].strip(),
            due_from=_date("due_from"),
            due_to=_date("due_to"),
            q=str(params.get("q") or "")[:100].strip(),
        )

    def as_query(self) -> str:
        from urllib.parse import urlencode

        pairs = {
            "document": self.document or "",
            "campaign": self.campaign or "",
            "unit": self.unit or "",
            "status": self.status,
            "colour": self.colour,
            "indicator": self.indicator,
            "due_from": self.due_from.isoformat() if self.due_from else "",
            "due_to": self.due_to.isoformat() if self.due_to else "",
            "q": self.q,
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def filter_tasks(qs: QuerySet[Task], f: TaskFilters, *, with_colour: bool = True) -> QuerySet[Task]:
    if not f.include_groups:
        qs = qs.filter(is_group=False)
    if f.document:
        qs = qs.filter(document_id=f.document)
    if f.campaign:
        qs = qs.filter(campaign_id=f.campaign)
    if f.unit:
        # IN (subquery) walks the (unit, task) index once; EXISTS would probe it per task row.
        qs = qs.filter(pk__in=TaskUnit.objects.filter(unit_id=f.unit).values("task_id"))
    if f.status:
        qs = qs.filter(status=f.status)
    if with_colour and f.colour:
        qs = qs.filter(colour=f.colour).exclude(status=Task.Status.CANCELLED)
    if f.indicator:
        qs = qs.filter(pk__in=TaskIndicator.objects.filter(name=f.indicator).values("task_id"))
    if f.due_from:
        qs = qs.filter(due_date__gte=f.due_from)
    if f.due_to:
        qs = qs.filter(due_date__lte=f.due_to)
    if f.q:
        qs = qs.filter(search_q(f.q))
    return qs


# 任务编号 as exports and pages write it: RW000129 (any case, the zeros optional).
TASK_CODE = re.compile(r"^\s*RW0*(\d{1,12})\s*$", re.IGNORECASE)


def task_code_pk(text: str) -> int | None:
    m = TASK_CODE.match(text)
    return int(m.group(1)) if m else None


def search_q(text: str) -> Q:
    """A task number finds that task; otherwise every word must appear in the title, be the measure's
    path, or name one of the task's units (name, short name or region), so "奈曼旗 市场监管局 审批"
    narrows as the user types."""
    pk = task_code_pk(text)
    if pk is not None:
        return Q(pk=pk)
    q = Q()
    for word in text.split()[:8]:
        by_unit = TaskUnit.objects.filter(
            Q(unit__name__icontains=word) | Q(unit__short_name__icontains=word) | Q(unit__region__name=word)
        ).values("task_id")
        q &= Q(title__icontains=word) | Q(path=word) | Q(pk__in=by_unit)
    return q


def with_units(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.select_related("lead_unit", "document").prefetch_related(
        Prefetch(
            "task_units",
            queryset=TaskUnit.objects.filter(role=TaskUnit.Role.COOPERATING).select_related("unit"),
            to_attr="cooperating",
        )
    )


# What a row of the task lists shows (_task_rows.html). The rest of a task, and above all the
# document's source text and parse, stays in the database: a page of rows needs none of it.
ROW_FIELDS = (
    "path",
    "title",
    "colour",
    "status",
    "due_date",
    "due_estimated",
    "progress_percent",
    "last_reported_at",
    "lead_unit__name",
    "lead_unit__region",
    "document__doc_number",
    "document__title",
)


def task_rows(qs: QuerySet[Task]) -> QuerySet[Task]:
    return with_units(qs).only(*ROW_FIELDS)


def latest_progress_texts(task_ids: list[int]) -> dict[int, str]:
    """Each task's most recent report text (a returned report is not what the unit stands by), for exports."""
    out: dict[int, str] = {}
    rows = (
        Report.objects.filter(task_id__in=task_ids)
        .exclude(status=Report.Status.RETURNED)
        .order_by("task_id", "-submitted_at", "-id")
        .values_list("task_id", "progress_text")
    )
    for task_id, text in rows.iterator(chunk_size=2000):
        out.setdefault(task_id, text)
    return out


def colour_counts_by_unit(qs: QuerySet[Task]) -> list[dict[str, Any]]:
    """One row per lead unit: how many of its tasks are red, yellow, green.

    Grouped on (lead_unit, colour) only, which the task_unit_colour index covers, then pivoted here;
    unit names come from one more small query.
    """
    table: dict[int | None, dict[str, Any]] = {}
    # A withdrawn task is neither late nor on time: it counts in no colour, and apart.
    rows = qs.order_by().values_list("lead_unit_id", "colour", "status").annotate(n=Count("*"))
    for unit_id, colour, status, n in rows:
        row = table.setdefault(
            unit_id, {"lead_unit_id": unit_id, "red": 0, "yellow": 0, "green": 0, "total": 0, "cancelled": 0}
        )
        if status == Task.Status.CANCELLED:
            row["cancelled"] += n
            continue
        row[colour] = row.get(colour, 0) + n
        row["total"] += n
    names = {
        pk: label(name, region_id)
        for pk, name, region_id in Unit.objects.filter(pk__in=[k for k in table if k]).values_list(
            "pk", "name", "region_id"
        )
    }
    for unit_id, row in table.items():
        row["lead_unit__name"] = names.get(unit_id, "") if unit_id else ""
    return sorted(table.values(), key=lambda r: (-r["red"], -r["yellow"], r["lead_unit__name"]))


def colour_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {c: sum(r[c] for r in rows) for c in (*COLOURS, "total", "cancelled")}


def task_tree(task: Task) -> list[Task]:
    """Children of a group task with their lead units, for the detail page."""
    return list(task.children.select_related("lead_unit").order_by("id"))


def target_observations(task: Task, *, latest: int = 3) -> list[dict[str, Any]]:
    """Each quantified target with the evaluation indicator it measures and that indicator's latest
    observations in the task's region, each checked against the target (a few small queries)."""
    from yingshang.indicators.matching import match_target
    from yingshang.indicators.models import Indicator, Observation
    from yingshang.ledger.services import meets_target

    out: list[dict[str, Any]] = []
    for index, target in enumerate(task.targets or []):
        match = match_target(target, task.indicators or [])
        indicator = Indicator.objects.filter(code=match.code).first() if match else None
        rows = []
        if indicator is not None:
            for obs in Observation.objects.filter(indicator=indicator, region_id=task.region_id).order_by(
                "-period_start"
            )[:latest]:
                ok = meets_target(float(obs.value), target)
                shown = format(obs.value.normalize(), "f")  # 0.5000 → "0.5", 100.0000 → "100"
                rows.append({"period": obs.period, "value": shown, "ok": ok})
        out.append({"index": index, "target": target, "indicator": indicator, "observations": rows})
    return out
