"""Writes of the ledger: import → review → publish, reports, closure, supervision, reminders.

Every function takes keyword arguments and a required `actor` (None only for background jobs).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

import policyparse
from yingshang.core import services as core_services
from yingshang.core.access import require_role, require_write
from yingshang.core.errors import Conflict, NotAllowed, NotFound, TooLarge, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Event, Region, Unit, User
from yingshang.core.text import clean_document_text
from yingshang.ledger import clock, groupchat, review
from yingshang.ledger.models import (
    OPEN_STATUSES,
    Campaign,
    Document,
    Evidence,
    Reminder,
    Report,
    SupervisionNotice,
    Task,
    TaskIndicator,
    TaskUnit,
)
from yingshang.ledger.transitions import DOCUMENT, NOTICE, REPORT, TASK

Role = User.Role
UNIT_ROLES = (Role.UNIT_LEADER, Role.UNIT_STAFF)
DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf")
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8",),
    ".jpeg": (b"\xff\xd8",),
    ".png": (b"\x89PNG",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
MAX_TEXT = 500_000


# -- helpers ---------------------------------------------------------------------------------------


def require_office(actor: User) -> None:
    require_write(actor)
    require_role(actor, Role.OFFICE_ADMIN)


def regions_under(region: Region) -> list[Region]:
    return list(Region.objects.filter(tree_path__startswith=region.tree_path))


def units_under(region: Region) -> list[Unit]:
    return list(
        Unit.objects.filter(region__tree_path__startswith=region.tree_path, is_active=True).select_related(
            "region"
        )
    )


def _check_in_scope(actor: User, region: Region) -> None:
    if actor.region_id and not region.tree_path.startswith(
        Region.objects.values_list("tree_path", flat=True).get(pk=actor.region_id)
    ):
        raise NotFound("未找到该对象，或您无权查看。")


def unit_users(unit_ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(unit_id__in=list(unit_ids), role__in=UNIT_ROLES, is_active=True))


def office_users(region: Region) -> list[User]:
    """Office staff whose region covers `region` (or who have no region limit)."""
    ancestors = [int(p) for p in region.tree_path.strip("/").split("/") if p]
    return list(
        User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True).filter(
            Q(region_id__in=ancestors) | Q(region__isnull=True)
        )
    )


def task_url(task: Task) -> str:
    return f"/ledger/tasks/{task.pk}/"


def _unit_role(actor: User, task: Task) -> str | None:
    if not actor.is_unit_user or actor.unit_id is None:
        return None
    return TaskUnit.objects.filter(task=task, unit_id=actor.unit_id).values_list("role", flat=True).first()


def _require_task_unit(actor: User, task: Task) -> str:
    """The actor's role on the task; another unit's task is 'not found', a read-only user is 403."""
    require_write(actor)
    role = _unit_role(actor, task)
    if role is None:
        if actor.is_office:
            raise NotAllowed("营商办不能代替责任单位报送。", code="role")
        raise NotFound("未找到该对象，或您无权查看。")
    return role


def _region_above(upper: Region | None, lower: Region | None) -> bool:
    """True when `upper` is a strict ancestor of `lower`; an office with no region is above everyone."""
    if upper is None:
        return True
    if lower is None:
        return False
    return lower.tree_path.startswith(upper.tree_path) and lower.pk != upper.pk


def _needs_second_level(actor: User) -> bool:
    return (
        settings.YINGSHANG.get("CLOSURE_LEVELS", 1) >= 2
        and actor.region is not None
        and (actor.region.parent_id is not None)
    )


def _notify_lead(task: Task, *, title: str, kind: str, body: str = "") -> None:
    """Tell the lead unit's users about a move of their task."""
    core_services.notify(
        recipients=unit_users([task.lead_unit_id] if task.lead_unit_id else []),
        title=title,
        body=body,
        url=task_url(task),
        kind=kind,
    )


def _require_office_for(actor: User, task: Task) -> None:
    require_office(actor)
    _check_in_scope(actor, task.region)


def _clean(text: str | None, field: str, label: str, *, required: bool = True, limit: int = 5000) -> str:
    value = (text or "").strip()
    if required and not value:
        raise ValidationFailed(f"请填写{label}。", fields={field: "必填"})
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过{limit}字。", fields={field: "过长"})
    return value


def _fresh_status(task: Task) -> None:
    """Callers may hold a task read before an earlier move of theirs (a report starts it); the move
    itself still only succeeds if the row has this status at UPDATE time, so races stay safe."""
    task.status = Task.objects.values_list("status", flat=True).get(pk=task.pk)


# -- colour and roll-up ----------------------------------------------------------------------------


def compute_colour(task: Task, on: date | None = None) -> str:
    progress = (
        task.rollup_percent if task.is_group and task.rollup_percent is not None else task.progress_percent
    )
    started = timezone.localdate(task.dispatched_at) if task.dispatched_at else None
    return clock.colour_of(due=task.due_date, status=task.status, progress=progress, started=started, on=on)


def refresh_colour(task: Task) -> str:
    colour = compute_colour(task)
    if colour != task.colour:
        Task.objects.filter(pk=task.pk).update(colour=colour)
        task.colour = colour
    return colour


def _child_value(child: dict[str, Any]) -> float:
    if child["status"] == Task.Status.CLOSED:
        return 100.0
    if child["is_group"] and child["rollup_percent"] is not None:
        return float(child["rollup_percent"])
    return float(child["progress_percent"])


def roll_up(task: Task) -> None:
    """Recompute the weighted mean progress of every ancestor of `task` (equal weights unless set)."""
    parent_id = task.parent_id
    while parent_id is not None:
        children = list(
            Task.objects.filter(parent_id=parent_id)
            .exclude(status=Task.Status.CANCELLED)
            .values("weight", "progress_percent", "rollup_percent", "is_group", "status")
        )
        total = sum(Decimal(c["weight"]) for c in children)
        value = (
            round(sum(float(c["weight"]) * _child_value(c) for c in children) / float(total)) if total else 0
        )
        Task.objects.filter(pk=parent_id).update(rollup_percent=value)
        parent = Task.objects.get(pk=parent_id)
        refresh_colour(parent)
        parent_id = parent.parent_id


# -- import, review, publish -----------------------------------------------------------------------


def read_upload(upload: UploadedFile) -> str:
    name = upload.name or "upload"
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise ValidationFailed(
            "只支持 .txt、.docx、.pdf 文件。", code="bad_file", fields={"file": "格式不支持"}
        )
    if upload.size and upload.size > settings.UPLOAD_MAX_BYTES:
        raise TooLarge("文件过大。", fields={"file": "文件过大"})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"document{suffix}"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        try:
            return clean_document_text(policyparse.read_text(path))
        except policyparse.ReadError as exc:
            raise ValidationFailed(
                f"无法读取文件：{exc.zh}。", code="bad_file", fields={"file": exc.zh}
            ) from None
        except Exception as exc:  # a damaged file can fail deep inside docx/pdf readers
            raise ValidationFailed(
                f"无法读取文件，文件可能已损坏（{type(exc).__name__}）。",
                code="bad_file",
                fields={"file": "已损坏"},
            ) from None


@transaction.atomic
def import_document(
    *,
    actor: User,
    region: Region,
    text: str | None = None,
    upload: UploadedFile | None = None,
    issued_on: date | None = None,
    campaign: Campaign | None = None,
    revision_of: Document | None = None,
) -> Document:
    """Parse a document into a draft with its review payload; nothing is dispatched yet.

    With `revision_of` (a published document) the draft is its revised text: publishing it updates
    the old document's tasks instead of creating a second set."""
    require_office(actor)
    _check_in_scope(actor, region)
    if revision_of is not None:
        revision_of.refresh_from_db(fields=["status", "review"])
    if revision_of is not None and revision_of.status != Document.Status.PUBLISHED:
        raise Conflict("只能修订已发布的文件。", code="not_published")
    if upload is not None:
        text = read_upload(upload)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed("请上传文件或粘贴文件正文。", code="empty", fields={"text": "必填"})
    if len(text) > MAX_TEXT:
        raise ValidationFailed("文件正文过长。", code="too_long", fields={"text": "过长"})
    ledger = policyparse.parse(text, options={"issued_on": issued_on})
    if not ledger.leaves:
        raise ValidationFailed(
            "没有识别出编号的措施条目，请确认这是一份措施或方案类文件。",
            code="no_measures",
            fields={"text": "无措施"},
        )
    head = ledger.document
    document = Document(
        title=(head.title or (upload.name if upload else "") or "未命名文件")[:300],
        doc_number=(head.doc_number or "")[:100],
        issuers=list(head.issuers),
        issue_date=issued_on or head.issue_date,
        kind=head.kind,
        source_text=ledger.text,
        parsed=ledger.to_dict(spans=True),
        review=review.build_review(ledger, units=units_under(region), regions=regions_under(region)),
        region=region,
        campaign=campaign,
        revision_of=revision_of,
        created_by=actor,
    )
    if revision_of is not None:
        _carry_choices(revision_of.review, document.review)
    if upload is not None:
        upload.seek(0)
        document.original.save(
            Path(upload.name or "document.txt").name, ContentFile(upload.read()), save=False
        )
    document.save()
    record_event(document, actor=actor, action="import", to_status=document.status)
    return document


def _carry_choices(old: dict[str, Any], new: dict[str, Any]) -> None:
    """A revision keeps the office's earlier review work: name choices, edited deadlines, inclusion."""
    for key, entry in new["names"].items():
        before = old.get("names", {}).get(key)
        if before and before.get("choice") is not None:
            entry["choice"] = before["choice"]
    old_measures = {m["path"]: m for m in old.get("measures", [])}
    for m in new["measures"]:
        before = old_measures.get(m["path"])
        if before and before.get("text") == m["text"]:
            for field in ("include", "due", "due_estimated", "lead_override", "reporting_rule", "targets"):
                if field in before:
                    m[field] = before[field]


def revision_diff(document: Document) -> dict[str, list[dict[str, Any]]]:
    """What publishing a revision would do to the old document's tasks, by measure path."""
    if document.revision_of_id is None:
        return {}
    data = document.review
    chosen = {m["path"]: m for m in review.included(data)}
    old = {
        t.path: t
        for t in Task.objects.filter(document_id=document.revision_of_id, is_group=False).exclude(
            status=Task.Status.CANCELLED
        )
    }
    added = [{"path": p, "title": m["title"]} for p, m in chosen.items() if p not in old]
    removed = [{"path": p, "title": t.title, "id": t.pk} for p, t in old.items() if p not in chosen]
    changed = []
    for p, m in chosen.items():
        t = old.get(p)
        if t is None:
            continue
        what = []
        if t.text != m["text"] or t.title != m["title"]:
            what.append("内容")
        if (t.due_date.isoformat() if t.due_date else None) != m.get("due"):
            what.append("完成时限")
        if t.targets != m.get("targets", []):
            what.append("目标")
        if what:
            changed.append({"path": p, "title": m["title"], "id": t.pk, "what": "、".join(what)})
    return {"added": added, "changed": changed, "removed": removed}


def visible_unit_ids(region: Region) -> set[int]:
    return set(
        Unit.objects.filter(region__tree_path__startswith=region.tree_path).values_list("pk", flat=True)
    )


@transaction.atomic
def update_review(
    *,
    actor: User,
    document: Document,
    names: dict[str, int | str | None] | None = None,
    new_units: dict[str, dict[str, Any]] | None = None,
    measures: dict[str, dict[str, Any]] | None = None,
) -> Document:
    """Fix the review: pick a unit for a name (id, "ignore" or None to undo), create a unit for a name,
    and edit a measure's inclusion, deadline, targets or lead unit."""
    require_office(actor)
    _check_in_scope(actor, document.region)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != Document.Status.DRAFT:
        raise Conflict("文件已发布，不能再修改审核内容。", code="published")
    data = document.review
    allowed = visible_unit_ids(document.region)
    for key, spec in (new_units or {}).items():
        if key not in data["names"]:
            raise ValidationFailed("未知的单位名称。", fields={"names": key[:50]})
        region = Region.objects.filter(pk=spec.get("region_id") or document.region_id).first()
        if region is None or not region.tree_path.startswith(document.region.tree_path):
            raise ValidationFailed("所选区域无效。", fields={"region": "无效"})
        unit = core_services.create_unit(actor=actor, name=str(spec.get("name") or ""), region=region)
        allowed.add(unit.pk)
        names = {**(names or {}), key: unit.pk}
    for key, choice in (names or {}).items():
        entry = data["names"].get(key)
        if entry is None:
            raise ValidationFailed("未知的单位名称。", fields={"names": key[:50]})
        if choice in (None, "", review.IGNORE):
            entry["choice"] = choice or None
            _forget_alias(actor, entry)
            continue
        try:
            unit_id = int(choice)
        except (TypeError, ValueError):
            raise ValidationFailed("所选单位无效。", fields={"names": entry["text"]}) from None
        if unit_id not in allowed:
            raise ValidationFailed("所选单位不在本区域。", fields={"names": entry["text"]})
        if entry.get("learnt") != unit_id:
            _forget_alias(actor, entry)
        entry["choice"] = unit_id
        if entry.get("status") not in review.OK_STATUSES and not entry.get("collective"):
            # the clerk has matched a name the directory did not know: learn it for the next document
            unit = Unit.objects.get(pk=unit_id)
            if entry["text"] not in unit.aliases:
                core_services.add_unit_alias(actor=actor, unit=unit, alias=entry["text"])
                entry["learnt"] = unit_id
    by_path = {m["path"]: m for m in data["measures"]}
    for path, edits in (measures or {}).items():
        m = by_path.get(path)
        if m is None:
            raise ValidationFailed(f"未知的条目：{path[:50]}", fields={"measures": path[:50]})
        if "include" in edits:
            m["include"] = bool(edits["include"]) and m["is_leaf"]
        if "due" in edits:
            due = edits["due"]
            if isinstance(due, date):
                due = due.isoformat()
            if due:
                try:
                    date.fromisoformat(str(due))
                except ValueError:
                    raise ValidationFailed(
                        "完成时限格式应为YYYY-MM-DD。", fields={"due": str(due)[:20]}
                    ) from None
            m["due"] = str(due) if due else None
            m["due_estimated"] = False
        if "targets" in edits:
            m["targets"] = _clean_targets(edits["targets"])
        if "lead_override" in edits:
            lead = edits["lead_override"]
            if lead and int(lead) not in allowed:
                raise ValidationFailed("所选牵头单位不在本区域。", fields={"lead_override": "无效"})
            m["lead_override"] = int(lead) if lead else None
        if "reporting_rule" in edits:
            if edits["reporting_rule"] not in Task.ReportingRule.values:
                raise ValidationFailed("报送周期无效。", fields={"reporting_rule": "无效"})
            m["reporting_rule"] = edits["reporting_rule"]
    document.review = data
    document.save(update_fields=["review"])
    record_event(
        document,
        actor=actor,
        action="review",
        note={"names": len(names or {}), "measures": len(measures or {})},
    )
    return document


def _forget_alias(actor: User, entry: dict[str, Any]) -> None:
    """A name the review taught a unit and then moved elsewhere (or ignored) is taken back."""
    learnt = entry.pop("learnt", None)
    unit = Unit.objects.filter(pk=learnt).first() if learnt else None
    if unit is not None:
        core_services.remove_unit_alias(actor=actor, unit=unit, alias=entry["text"])


COMPARATORS = ("<=", "<", ">=", ">", "=")


def _clean_targets(raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or len(raw) > 50:
        raise ValidationFailed("目标格式无效。", fields={"targets": "应为列表"})
    out = []
    for t in raw:
        if not isinstance(t, dict) or t.get("comparator") not in COMPARATORS:
            raise ValidationFailed("目标的比较方式应为 <=、<、>=、>、= 之一。", fields={"targets": "无效"})
        try:
            value = float(t["value"])
        except (KeyError, TypeError, ValueError):
            raise ValidationFailed("目标值必须是数字。", fields={"targets": "无效"}) from None
        out.append(
            {
                "phrase": str(t.get("phrase", ""))[:300],
                "subject": str(t.get("subject", ""))[:100],
                "metric": str(t.get("metric", "other"))[:20],
                "comparator": t["comparator"],
                "value": value,
                "unit": str(t.get("unit", ""))[:20],
                "baseline": t.get("baseline"),
            }
        )
    return out


@transaction.atomic
def publish_document(*, actor: User, document: Document, without_lead: bool = False) -> list[Task]:
    """Turn the reviewed document into tasks (leaves, plus group nodes above them) in one transaction.

    Measures without a lead unit stop the publication, each named, until the clerk assigns one or
    publishes without them on purpose (``without_lead``): those are then left out and the publish
    event names them, so nothing is dropped unseen."""
    require_office(actor)
    _check_in_scope(actor, document.region)
    document = Document.objects.select_for_update().select_related("region").get(pk=document.pk)
    if document.status != Document.Status.DRAFT:
        raise Conflict("该文件已发布。", code="published")
    data = document.review
    missing = review.open_names(data)
    if missing:
        raise ValidationFailed(
            f"以下单位名称尚未确定，请先选择对应单位、新建单位或忽略：{'、'.join(missing)}",
            code="unresolved_units",
            fields={"units": "、".join(missing)},
        )
    chosen = review.included(data)
    if not chosen:
        raise ValidationFailed("没有选中任何要下发的措施。", code="nothing_selected")
    unit_sets = {m["path"]: review.units_of(data, m) for m in chosen}
    no_lead = [m for m in chosen if not unit_sets[m["path"]][0]]
    left_out: list[str] = []
    if no_lead and not without_lead:
        named = [f"{m['path']} {m.get('title', '')[:30]}".strip() for m in no_lead]
        raise ValidationFailed(
            f"以下措施没有牵头单位，请指定牵头单位，或选择“不下发这些措施并发布”：{'；'.join(named)}",
            code="no_lead",
            fields={"measures": "、".join(m["path"] for m in no_lead)},
        )
    if no_lead:
        left_out = [m["path"] for m in no_lead]
        chosen = [m for m in chosen if m["path"] not in left_out]
        if not chosen:
            raise ValidationFailed("没有带牵头单位的措施可以下发。", code="nothing_selected")
        unit_sets = {m["path"]: unit_sets[m["path"]] for m in chosen}
    if document.revision_of_id:
        tasks = _apply_revision(actor=actor, document=document, chosen=chosen, unit_sets=unit_sets)
    else:
        tasks = _create_tasks(actor=actor, document=document, chosen=chosen, unit_sets=unit_sets)
    note: dict[str, Any] = {"tasks": len(tasks)}
    if left_out:
        note["left_out_without_lead"] = left_out
    DOCUMENT.apply(document, "publish", actor=actor, note=note, fields={"published_at": timezone.now()})
    involved = {u for leads, coops in unit_sets.values() for u in leads + coops}
    core_services.notify(
        recipients=unit_users(involved),
        title=f"新任务下发：{document.title}",
        body=f"营商办已下发《{document.title}》的任务，请在“本单位任务”中查看并按期报送进展。",
        url="/ledger/mine/",
        kind="ledger_dispatch",
    )
    groupchat.document_dispatched(document, involved)
    return tasks


@transaction.atomic
def discard_document(*, actor: User, document: Document, reason: str) -> Document:
    """作废 a draft imported by mistake. It stays on record (with its text and review) but never
    becomes tasks; a published document is revised or its tasks cancelled instead."""
    require_office(actor)
    _check_in_scope(actor, document.region)
    reason = _clean(reason, "reason", "作废原因", limit=1000)
    DOCUMENT.apply(document, "discard", actor=actor, note={"reason": reason})
    return document


def _create_tasks(
    *,
    actor: User,
    document: Document,
    chosen: list[dict[str, Any]],
    unit_sets: dict[str, tuple[list[int], list[int]]],
    existing: dict[str, Task] | None = None,
) -> list[Task]:
    by_path = {m["path"]: m for m in document.review["measures"]}
    needed: dict[str, dict[str, Any]] = {}
    for m in chosen:
        for anc in review.ancestors(m["path"]):
            if anc in by_path:
                needed.setdefault(anc, by_path[anc])
        needed[m["path"]] = m
    group_due: dict[str, date] = {}
    for m in chosen:
        due = review.due_of(m)
        if due:
            for anc in review.ancestors(m["path"]):
                if anc in needed and (anc not in group_due or group_due[anc] < due):
                    group_due[anc] = due
    now = timezone.now()
    existing = existing or {}
    needed = {p: m for p, m in needed.items() if p not in existing}
    created: dict[str, Task] = dict(existing)
    # Parents first, one batch per depth, so each child knows its parent's id.
    for depth in sorted({p.count("/") for p in needed}):
        batch = []
        for path, m in needed.items():
            if path.count("/") != depth:
                continue
            is_group = path not in unit_sets
            leads, _ = unit_sets.get(path, ([], []))
            parent_path = next((a for a in reversed(review.ancestors(path)) if a in created), None)
            due = group_due.get(path) if is_group else review.due_of(m)
            indicators = m.get("indicators", [])
            task = Task(
                document=document,
                campaign=document.campaign,
                region=document.region,
                path=path,
                title=m["title"] or path,
                text=m["text"],
                span_start=m["span"][0],
                span_end=m["span"][1],
                parent=created.get(parent_path) if parent_path else None,
                is_group=is_group,
                lead_unit_id=leads[0] if leads else None,
                due_date=due,
                due_estimated=bool(m.get("due_estimated")) and not is_group,
                targets=m.get("targets", []),
                recurrences=m.get("recurrences", []),
                indicators=indicators,
                reporting_rule=m.get("reporting_rule") or Task.ReportingRule.MONTHLY,
                dispatched_at=now,
                next_alert_at=None if is_group else now,
                created_by=actor,
            )
            task.colour = compute_colour(task)
            batch.append(task)
        for task in Task.objects.bulk_create(batch):
            created[task.path] = task
    links = []
    for path, (leads, coops) in unit_sets.items():
        if path in existing:
            continue
        task = created[path]
        links += [TaskUnit(task=task, unit_id=u, role=TaskUnit.Role.LEAD) for u in leads]
        links += [TaskUnit(task=task, unit_id=u, role=TaskUnit.Role.COOPERATING) for u in coops]
    TaskUnit.objects.bulk_create(links)
    _add_indicators([t for p, t in created.items() if p not in existing])
    ct = ContentType.objects.get_for_model(Task)
    Event.objects.bulk_create(
        [
            Event(content_type=ct, object_id=t.pk, actor=actor, action="dispatch", to_status=t.status)
            for p, t in created.items()
            if p not in existing
        ]
    )
    return [t for p, t in created.items() if p not in existing]


def _apply_revision(
    *,
    actor: User,
    document: Document,
    chosen: list[dict[str, Any]],
    unit_sets: dict[str, tuple[list[int], list[int]]],
) -> list[Task]:
    """Move the old document's tasks onto the revision by path: matched tasks are updated (their
    reports stay), new measures become tasks, measures no longer in the text are cancelled."""
    old_doc = Document.objects.select_for_update().get(pk=document.revision_of_id)
    old = {t.path: t for t in Task.objects.select_for_update().filter(document=old_doc)}
    by_path = {m["path"]: m for m in document.review["measures"]}
    keep: set[str] = set()
    for m in chosen:
        keep.add(m["path"])
        keep.update(a for a in review.ancestors(m["path"]) if a in by_path)
    matched = {p: t for p, t in old.items() if p in keep}
    for path, task in matched.items():
        m = by_path[path]
        before = {"document": old_doc.pk, "title": task.title, "due_date": str(task.due_date)}
        task.document = document
        task.span_start, task.span_end = m["span"]
        task.title, task.text = m["title"] or path, m["text"]
        task.targets, task.indicators = m.get("targets", []), m.get("indicators", [])
        if path in unit_sets:
            task.due_date, task.due_estimated = review.due_of(m), bool(m.get("due_estimated"))
            leads, coops = unit_sets[path]
            task.lead_unit_id = leads[0]
            TaskUnit.objects.filter(task=task).exclude(unit_id__in=leads + coops).delete()
            current = dict(TaskUnit.objects.filter(task=task).values_list("unit_id", "role"))
            for uid in leads + coops:
                role = TaskUnit.Role.LEAD if uid in leads else TaskUnit.Role.COOPERATING
                if uid not in current:
                    TaskUnit.objects.create(task=task, unit_id=uid, role=role)
                elif current[uid] != role:
                    TaskUnit.objects.filter(task=task, unit_id=uid).update(role=role)
        task.colour = compute_colour(task)
        task.save()
        TaskIndicator.objects.filter(task=task).delete()
        _add_indicators([task])
        record_event(task, actor=actor, action="revise", note={"before": before, "document": document.pk})
    created = _create_tasks(
        actor=actor, document=document, chosen=chosen, unit_sets=unit_sets, existing=matched
    )
    for path, task in old.items():
        if path not in keep and task.status in (
            Task.Status.DISPATCHED,
            Task.Status.IN_PROGRESS,
            Task.Status.CLOSURE_REQUESTED,
            Task.Status.CLOSURE_PRE_VERIFIED,
        ):
            TASK.apply(
                task, "cancel", actor=actor, note={"reason": f"修订版《{document.title}》已删除该条目"}
            )
    DOCUMENT.apply(old_doc, "supersede", actor=actor, note={"revision": document.pk})
    for task in [*matched.values(), *created]:
        if not task.is_group:
            roll_up(task)
    return list(matched.values()) + created


def _add_indicators(tasks: Sequence[Task]) -> None:
    TaskIndicator.objects.bulk_create(
        [TaskIndicator(task=t, name=name[:50]) for t in tasks for name in dict.fromkeys(t.indicators)]
    )


@transaction.atomic
def create_task(
    *,
    actor: User,
    region: Region,
    title: str,
    lead_unit: Unit,
    text: str = "",
    cooperating_units: Sequence[Unit] = (),
    due_date: date | None = None,
    targets: list[dict[str, Any]] | None = None,
    indicators: Sequence[str] = (),
    reporting_rule: str = Task.ReportingRule.MONTHLY,
    parent: Task | None = None,
    campaign: Campaign | None = None,
    weight: Decimal | float = 1,
) -> Task:
    """A task made by hand (no document): same clock and reporting as a dispatched measure."""
    require_office(actor)
    _check_in_scope(actor, region)
    title = _clean(title, "title", "任务名称", limit=300)
    allowed = visible_unit_ids(region)
    if lead_unit.pk not in allowed or any(u.pk not in allowed for u in cooperating_units):
        raise ValidationFailed("所选单位不在本区域。", fields={"lead_unit": "无效"})
    if reporting_rule not in Task.ReportingRule.values:
        raise ValidationFailed("报送周期无效。", fields={"reporting_rule": "无效"})
    if weight is not None and Decimal(str(weight)) <= 0:
        raise ValidationFailed("权重必须大于0。", fields={"weight": "无效"})
    now = timezone.now()
    task = Task(
        region=region,
        campaign=campaign,
        title=title,
        text=_clean(text, "text", "任务内容", required=False, limit=20000),
        parent=parent,
        lead_unit=lead_unit,
        due_date=due_date,
        targets=_clean_targets(targets or []),
        indicators=list(indicators),
        reporting_rule=reporting_rule,
        weight=Decimal(str(weight)),
        dispatched_at=now,
        next_alert_at=now,
        created_by=actor,
    )
    task.colour = compute_colour(task)
    task.save()
    _add_indicators([task])
    TaskUnit.objects.create(task=task, unit=lead_unit, role=TaskUnit.Role.LEAD)
    for unit in cooperating_units:
        if unit.pk != lead_unit.pk:
            TaskUnit.objects.get_or_create(task=task, unit=unit, defaults={"role": TaskUnit.Role.COOPERATING})
    record_event(task, actor=actor, action="dispatch", to_status=task.status)
    if parent is not None:
        Task.objects.filter(pk=parent.pk).update(is_group=True)
        roll_up(task)
    core_services.notify(
        recipients=unit_users([lead_unit.pk, *(u.pk for u in cooperating_units)]),
        title=f"新任务下发：{task.title}",
        url=task_url(task),
        kind="ledger_dispatch",
    )
    groupchat.task_dispatched(task, [lead_unit.pk, *(u.pk for u in cooperating_units)])
    return task


# -- reports ---------------------------------------------------------------------------------------


def _compare(actual: float, comparator: str, value: float) -> bool:
    return {
        "<=": actual <= value,
        "<": actual < value,
        ">=": actual >= value,
        ">": actual > value,
        "=": abs(actual - value) < 1e-9,
    }.get(comparator, True)


def meets_target(actual: float, target: dict[str, Any]) -> bool | None:
    """Whether a figure satisfies a target ("<= 20 工作日"); None when the target has no number."""
    try:
        value = float(target["value"])
    except (KeyError, TypeError, ValueError):
        return None
    return _compare(actual, str(target.get("comparator") or "="), value)


def check_actuals(task: Task, actual_values: Any) -> tuple[list[dict[str, Any]], list[int]]:
    """Normalise actual values ([{index, value}] against task.targets) and list the targets they miss."""
    if actual_values in (None, ""):
        return [], []
    if not isinstance(actual_values, list) or len(actual_values) > len(task.targets):
        raise ValidationFailed("实际值与任务目标不对应。", fields={"actual_values": "无效"})
    out, failed = [], []
    for item in actual_values:
        try:
            index = int(item["index"])
            raw = item.get("value")
            value = None if raw in (None, "") else float(raw)
        except (KeyError, TypeError, ValueError):
            raise ValidationFailed("实际值必须是数字。", fields={"actual_values": "无效"}) from None
        if not 0 <= index < len(task.targets):
            raise ValidationFailed("实际值与任务目标不对应。", fields={"actual_values": "无效"})
        if value is None:
            continue
        target = task.targets[index]
        out.append({"index": index, "value": value})
        if not _compare(value, target.get("comparator", ""), float(target.get("value", 0))):
            failed.append(index)
    return out, failed


def validate_evidence(files: Sequence[UploadedFile]) -> None:
    if len(files) > 10:
        raise ValidationFailed("一次最多上传10个附件。", fields={"files": "过多"})
    for f in files:
        suffix = Path(f.name or "").suffix.lower()
        if suffix not in EVIDENCE_TYPES:
            raise ValidationFailed(
                "附件只支持 pdf、jpg、png、docx、xlsx 格式。", code="bad_file", fields={"files": f.name or ""}
            )
        if f.size is None or f.size > settings.UPLOAD_MAX_BYTES:
            limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
            raise TooLarge(f"附件不能超过 {limit} MB。", fields={"files": f.name or ""})
        head = f.read(8)
        f.seek(0)
        if not any(head.startswith(magic) for magic in EVIDENCE_TYPES[suffix]):
            raise ValidationFailed(
                f"附件“{f.name}”的内容与扩展名不符。", code="bad_file", fields={"files": f.name or ""}
            )


def _save_evidence(*, actor: User, task: Task, files: Sequence[UploadedFile], report: Report | None) -> None:
    for f in files:
        ev = Evidence(
            task=task,
            report=report,
            name=Path(f.name or "file").name[:200],
            size=f.size or 0,
            content_type=(getattr(f, "content_type", "") or "")[:100],
            uploaded_by=actor,
        )
        ev.file.save(ev.name, f, save=False)
        ev.save()


@transaction.atomic
def submit_report(
    *,
    actor: User,
    task: Task,
    period: str,
    progress_text: str,
    percent: int,
    actual_values: Any = None,
    completion_date: date | None = None,
    files: Sequence[UploadedFile] = (),
) -> Report:
    """A unit's 月调度 report. Resubmitting a returned report replaces it in the same row."""
    role = _require_task_unit(actor, task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.is_group:
        raise ValidationFailed("分组节点不需要报送，请报送其下的具体任务。", code="group")
    if task.status not in (Task.Status.DISPATCHED, Task.Status.IN_PROGRESS):
        raise Conflict(f"任务当前为“{task.get_status_display()}”，不能报送进展。", code="bad_state")
    period = clock.validate_period(period)
    text = _clean(progress_text, "progress_text", "进展情况", limit=5000)
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise ValidationFailed("完成进度必须是0到100的整数。", fields={"percent": "无效"}) from None
    if not 0 <= percent <= 100:
        raise ValidationFailed("完成进度必须是0到100的整数。", fields={"percent": "超出范围"})
    today = clock.today()
    if completion_date and completion_date > today:
        raise ValidationFailed("完成日期不能晚于今天。", fields={"completion_date": "不能是将来的日期"})
    last = (
        Report.objects.filter(task=task, unit_id=actor.unit_id, status=Report.Status.ACCEPTED)
        .exclude(period=period)
        .order_by("-decided_at", "-id")
        .first()
    )
    if last and percent < last.percent:
        raise ValidationFailed(
            f"完成进度不能低于上次采纳的 {last.percent}%。",
            code="percent_down",
            fields={"percent": "不能下降"},
        )
    values, failed = check_actuals(task, actual_values)
    validate_evidence(files)
    deadline = clock.filing_deadline(period)
    late = (deadline is not None and today > deadline) or (
        period == clock.FINAL and task.due_date is not None and today > task.due_date
    )
    now = timezone.now()
    fields = {
        "progress_text": text,
        "percent": percent,
        "actual_values": values,
        "failed_targets": failed,
        "completion_date": completion_date,
        "is_late": late,
        "submitted_by": actor,
        "submitted_at": now,
    }
    existing = (
        Report.objects.select_for_update().filter(task=task, unit_id=actor.unit_id, period=period).first()
    )
    if existing is None:
        try:
            with transaction.atomic():
                report = Report.objects.create(task=task, unit_id=actor.unit_id, period=period, **fields)
        except IntegrityError:
            raise Conflict("该期进展已报送。", code="duplicate") from None
        record_event(report, actor=actor, action="submit", to_status=report.status, note={"role": role})
    elif existing.status == Report.Status.RETURNED:
        report = existing
        REPORT.apply(report, "resubmit", actor=actor, fields={**fields, "return_reason": ""})
    else:
        raise Conflict(f"{period} 的进展已{existing.get_status_display()}，不能重复报送。", code="duplicate")
    _save_evidence(actor=actor, task=task, files=files, report=report)
    if task.status == Task.Status.DISPATCHED:
        TASK.apply(task, "start", actor=actor)
    Task.objects.filter(pk=task.pk).update(last_reported_at=now)
    unit_name = Unit.objects.values_list("name", flat=True).get(pk=actor.unit_id)
    core_services.notify(
        recipients=office_users(task.region),
        title=f"待审核报送：{unit_name}报送了“{task.title}”{period}进展",
        url=task_url(task),
        kind="ledger_report",
    )
    return report


def _decidable(actor: User, report: Report) -> Report:
    _require_office_for(actor, report.task)
    return report


@transaction.atomic
def return_report(*, actor: User, report: Report, reason: str) -> Report:
    _decidable(actor, report)
    reason = _clean(reason, "reason", "退回原因", limit=1000)
    REPORT.apply(
        report,
        "return",
        actor=actor,
        note={"reason": reason},
        fields={"return_reason": reason, "decided_at": timezone.now()},
    )
    # The task's timeline is where people read what happened to it: the return shows there too.
    record_event(
        report.task,
        actor=actor,
        action="return_report",
        note={"period": report.period, "unit": report.unit.name, "reason": reason},
    )
    core_services.notify(
        recipients=unit_users([report.unit_id]),
        title=f"进展报送被退回：{report.task.title}",
        body=f"退回原因：{reason}",
        url=task_url(report.task),
        kind="ledger_return",
    )
    groupchat.report_returned(report)
    return report


@transaction.atomic
def accept_report(*, actor: User, report: Report) -> Report:
    """Accept a report; the lead unit's accepted report sets the task's progress."""
    _decidable(actor, report)
    REPORT.apply(report, "accept", actor=actor, fields={"decided_at": timezone.now()})
    record_event(
        report.task,
        actor=actor,
        action="accept_report",
        note={"period": report.period, "unit": report.unit.name},
    )
    task = Task.objects.select_for_update().get(pk=report.task_id)
    if report.unit_id == task.lead_unit_id and report.percent >= task.progress_percent:
        Task.objects.filter(pk=task.pk).update(progress_percent=report.percent)
        task.progress_percent = report.percent
        refresh_colour(task)
        roll_up(task)
    return report


# -- closure ---------------------------------------------------------------------------------------


@transaction.atomic
def request_closure(*, actor: User, task: Task, summary: str, files: Sequence[UploadedFile] = ()) -> Task:
    """申请销号: only the lead unit, with a summary and evidence (new files or earlier ones)."""
    role = _require_task_unit(actor, task)
    if role != TaskUnit.Role.LEAD or task.lead_unit_id != actor.unit_id:
        raise NotAllowed("只有牵头单位可以申请销号。", code="not_lead")
    if task.is_group:
        raise ValidationFailed("分组节点随下属任务汇总，不单独销号。", code="group")
    summary = _clean(summary, "summary", "完成情况说明", limit=5000)
    validate_evidence(files)
    _fresh_status(task)
    if (
        not files
        and not Evidence.objects.filter(task=task).exists()
        and not task.reports.filter(status=Report.Status.ACCEPTED).exists()
    ):
        raise ValidationFailed(
            "申请销号需上传佐证材料，或先有一次被采纳的进展报送。",
            code="no_evidence",
            fields={"files": "必填"},
        )
    TASK.apply(
        task, "request_closure", actor=actor, note={"text": summary}, fields={"closure_summary": summary}
    )
    _save_evidence(actor=actor, task=task, files=files, report=None)
    core_services.notify(
        recipients=office_users(task.region),
        title=f"申请销号：{task.title}",
        body=summary[:200],
        url=task_url(task),
        kind="ledger_closure",
    )
    return task


@transaction.atomic
def verify_closure(*, actor: User, task: Task) -> Task:
    """The office (never the owning unit) verifies and closes. A concurrent verify gets Conflict.

    With two closure levels (YINGSHANG_CLOSURE_LEVELS=2) an office that has an office above it (a county's)
    only pre-verifies; an office above the pre-verifier's region (the city's) then closes.
    """
    _require_office_for(actor, task)
    _fresh_status(task)
    if task.status == Task.Status.CLOSURE_PRE_VERIFIED:
        task.refresh_from_db(fields=["closure_pre_verified_by"])
        first = task.closure_pre_verified_by
        if first is not None and not _region_above(actor.region, first.region):
            raise NotAllowed("该任务已通过初审，需由上级营商办复核销号。", code="second_level_required")
    elif _needs_second_level(actor):
        TASK.apply(task, "pre_verify_closure", actor=actor, fields={"closure_pre_verified_by": actor})
        region = task.region.parent or task.region
        core_services.notify(
            recipients=office_users(region),
            title=f"任务销号待复核：{task.title}",
            url=task_url(task),
            kind="ledger_closure_pre_verified",
        )
        return task
    TASK.apply(
        task,
        "verify_closure",
        actor=actor,
        fields={
            "closed_at": timezone.now(),
            # Progress stays what the last report said: closure is the office's verdict, not a report.
            "colour": "green",
            "next_alert_at": None,
        },
    )
    roll_up(task)
    _notify_lead(task, title=f"任务已销号：{task.title}", kind="ledger_closed")
    return task


@transaction.atomic
def reject_closure(*, actor: User, task: Task, reason: str) -> Task:
    _require_office_for(actor, task)
    reason = _clean(reason, "reason", "驳回原因", limit=1000)
    _fresh_status(task)
    TASK.apply(task, "reject_closure", actor=actor, note={"reason": reason})
    refresh_colour(task)
    _notify_lead(
        task,
        title=f"销号申请被驳回：{task.title}",
        body=f"驳回原因：{reason}",
        kind="ledger_closure_rejected",
    )
    return task


@transaction.atomic
def reopen_task(*, actor: User, task: Task, reason: str) -> Task:
    _require_office_for(actor, task)
    reason = _clean(reason, "reason", "重新打开原因", limit=1000)
    _fresh_status(task)
    TASK.apply(
        task,
        "reopen",
        actor=actor,
        note={"reason": reason},
        fields={"closed_at": None, "next_alert_at": timezone.now()},
    )
    refresh_colour(task)
    roll_up(task)
    _notify_lead(task, title=f"任务被重新打开：{task.title}", body=f"原因：{reason}", kind="ledger_reopen")
    return task


# -- supervision (督办) ----------------------------------------------------------------------------


@transaction.atomic
def issue_notice(
    *, actor: User, task: Task, unit: Unit, reason: str, demanded_date: date, colour: str = "yellow"
) -> SupervisionNotice:
    _require_office_for(actor, task)
    if not TaskUnit.objects.filter(task=task, unit=unit).exists():
        raise ValidationFailed("督办单位必须是该任务的责任单位。", fields={"unit_id": "无效"})
    if not task.is_open:
        raise Conflict("任务已办结或撤销，不能督办。", code="bad_state")
    reason = _clean(reason, "reason", "督办事由", limit=2000)
    if demanded_date < clock.today():
        raise ValidationFailed("要求完成日期不能早于今天。", fields={"demanded_date": "无效"})
    if colour not in ("yellow", "red"):
        raise ValidationFailed("督办等级应为黄色或红色。", fields={"colour": "无效"})
    notice = SupervisionNotice.objects.create(
        task=task, unit=unit, reason=reason, demanded_date=demanded_date, colour=colour, issued_by=actor
    )
    record_event(notice, actor=actor, action="issue", to_status=notice.status, note={"text": reason})
    record_event(task, actor=actor, action="supervise", note={"text": reason, "unit": unit.name})
    core_services.notify(
        recipients=unit_users([unit.pk]),
        title=f"督办单：{task.title}",
        body=f"{reason}\n要求于 {demanded_date:%Y-%m-%d} 前答复。",
        url=task_url(task),
        kind="ledger_notice",
    )
    groupchat.notice_issued(notice)
    return notice


@transaction.atomic
def answer_notice(*, actor: User, notice: SupervisionNotice, answer: str) -> SupervisionNotice:
    require_write(actor)
    if not actor.is_unit_user:
        raise NotAllowed("只有被督办单位可以答复督办单。", code="role")
    if actor.unit_id != notice.unit_id:
        raise NotFound("未找到该对象，或您无权查看。")
    answer = _clean(answer, "answer", "答复内容", limit=5000)
    NOTICE.apply(
        notice,
        "answer",
        actor=actor,
        note={"text": answer},
        fields={"answer": answer, "answered_at": timezone.now()},
    )
    core_services.notify(
        recipients=[notice.issued_by],
        title=f"督办单已答复：{notice.task.title}",
        url=task_url(notice.task),
        kind="ledger_notice",
    )
    return notice


@transaction.atomic
def close_notice(*, actor: User, notice: SupervisionNotice) -> SupervisionNotice:
    _require_office_for(actor, notice.task)
    NOTICE.apply(notice, "close", actor=actor)
    return notice


# -- jobs: colours, reminders, escalation ----------------------------------------------------------


def refresh_all_colours(*, on: date | None = None, batch: int = 2000) -> int:
    """Recompute the stored colour of every open task; returns how many changed."""
    changed = 0
    qs = Task.objects.filter(status__in=OPEN_STATUSES).only(
        "id",
        "due_date",
        "status",
        "progress_percent",
        "rollup_percent",
        "is_group",
        "dispatched_at",
        "colour",
    )
    last_id = 0
    while True:
        rows = list(qs.filter(pk__gt=last_id).order_by("pk")[:batch])
        if not rows:
            return changed
        dirty = []
        for t in rows:
            colour = compute_colour(t, on)
            if colour != t.colour:
                t.colour = colour
                dirty.append(t)
        Task.objects.bulk_update(dirty, ["colour"])
        changed += len(dirty)
        last_id = rows[-1].pk


def _remind(task: Task, kind: str, period: str, unit_id: int | None) -> bool:
    """Create the reminder row; False when it was sent before (the unique row makes it once)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(task=task, kind=kind, period=period, unit_id=unit_id)
    except IntegrityError:
        return False
    return True


def _leaders(unit_id: int) -> list[User]:
    return list(User.objects.filter(unit_id=unit_id, role=Role.UNIT_LEADER, is_active=True))


ESCALATE_AFTER_MISSES = 2


def run_reminders(*, now: Any = None) -> dict[str, int]:
    """临期提醒, 催报/催办 and escalation for every open task whose timer is due. Idempotent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    cal_yellow = clock.yellow_workdays()
    from yingshang.core.workdays import get_calendar

    cal = get_calendar()
    counts = {"due_soon": 0, "overdue": 0, "urge_report": 0, "escalate": 0}
    due_tasks = Task.objects.filter(
        status__in=("dispatched", "in_progress"), is_group=False, next_alert_at__lte=now
    ).select_related("lead_unit")
    for task in due_tasks:
        lead = task.lead_unit_id
        if lead is None:
            continue
        url = task_url(task)
        if task.due_date and today > task.due_date:
            if _remind(task, Reminder.Kind.OVERDUE, task.due_date.isoformat(), lead):
                counts["overdue"] += 1
                core_services.notify(
                    recipients=unit_users([lead]),
                    title=f"催办：任务已逾期：{task.title}",
                    url=url,
                    kind="ledger_urge",
                )
                groupchat.reminder(task, "overdue")
        elif task.due_date and cal.workdays_left(task.due_date, today) <= cal_yellow:
            if _remind(task, Reminder.Kind.DUE_SOON, task.due_date.isoformat(), lead):
                counts["due_soon"] += 1
                core_services.notify(
                    recipients=unit_users([lead]),
                    title=f"临期提醒：{task.title} 将于 {task.due_date:%Y-%m-%d} 到期",
                    url=url,
                    kind="ledger_reminder",
                )
                groupchat.reminder(task, "due_soon")
        if task.reporting_rule != Task.ReportingRule.ON_COMPLETION:
            period = clock.previous_period(today, task.reporting_rule)
            deadline = clock.filing_deadline(period)
            end = clock.period_end(period)
            dispatched = timezone.localdate(task.dispatched_at) if task.dispatched_at else today
            if (
                deadline
                and end
                and today > deadline
                and dispatched <= end
                and not Report.objects.filter(task=task, unit_id=lead, period=period).exists()
                and _remind(task, Reminder.Kind.URGE_REPORT, period, lead)
            ):
                counts["urge_report"] += 1
                core_services.notify(
                    recipients=unit_users([lead]),
                    title=f"催报：{task.title} 的 {period} 进展未按期报送",
                    url=url,
                    kind="ledger_urge",
                )
                groupchat.reminder(task, "urge_report", period=period)
                misses = Reminder.objects.filter(task=task, kind=Reminder.Kind.URGE_REPORT).count()
                if misses >= ESCALATE_AFTER_MISSES and _remind(task, Reminder.Kind.ESCALATE, period, lead):
                    counts["escalate"] += 1
                    core_services.notify(
                        recipients=_leaders(lead),
                        title=f"升级督办：{task.title} 已连续 {misses} 次未按期报送",
                        url=url,
                        kind="ledger_escalate",
                    )
                    groupchat.reminder(task, "escalate", misses=misses)
        refresh_colour(task)
        Task.objects.filter(pk=task.pk).update(next_alert_at=clock.next_morning(now))
    late_notices = SupervisionNotice.objects.filter(
        status=SupervisionNotice.Status.ISSUED, demanded_date__lt=today, escalated_at__isnull=True
    ).select_related("task")
    for notice in late_notices:
        if _remind(notice.task, Reminder.Kind.ESCALATE, f"notice-{notice.pk}", notice.unit_id):
            counts["escalate"] += 1
            SupervisionNotice.objects.filter(pk=notice.pk).update(escalated_at=now)
            record_event(notice, actor=None, action="escalate")
            core_services.notify(
                recipients=_leaders(notice.unit_id),
                title=f"升级督办：督办单逾期未答复（{notice.task.title}）",
                url=task_url(notice.task),
                kind="ledger_escalate",
            )
            groupchat.notice_escalated(notice)
    return counts


@transaction.atomic
def update_task(
    *,
    actor: User,
    task: Task,
    title: str | None = None,
    lead_unit: Unit | None = None,
    cooperating_units: Sequence[Unit] | None = None,
    due_date: date | None | str = "keep",
    reason: str = "",
) -> Task:
    """Edit a task's name, units or deadline (Excel re-import, revised documents, 改期 on the web).
    Reports stay. The event keeps every old value and the reason given."""
    _require_office_for(actor, task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    before: dict[str, Any] = {}
    if title is not None and title != task.title:
        before["title"] = task.title
        task.title = _clean(title, "title", "任务名称", limit=300)
    if due_date != "keep" and due_date != task.due_date:
        before["due_date"] = task.due_date.isoformat() if task.due_date else None
        task.due_date = due_date  # type: ignore[assignment]
        task.due_estimated = False
    if lead_unit is not None and lead_unit.pk != task.lead_unit_id:
        before["lead_unit"] = task.lead_unit_id
        task.lead_unit = lead_unit
        TaskUnit.objects.filter(task=task, unit=lead_unit).delete()
        TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD).update(role=TaskUnit.Role.COOPERATING)
        TaskUnit.objects.create(task=task, unit=lead_unit, role=TaskUnit.Role.LEAD)
    if cooperating_units is not None:
        wanted = {u.pk for u in cooperating_units} - {task.lead_unit_id}
        current = set(
            TaskUnit.objects.filter(task=task, role=TaskUnit.Role.COOPERATING).values_list(
                "unit_id", flat=True
            )
        )
        if wanted != current:
            before["cooperating"] = sorted(current)
            TaskUnit.objects.filter(task=task, role=TaskUnit.Role.COOPERATING).exclude(
                unit_id__in=wanted
            ).delete()
            TaskUnit.objects.bulk_create(
                [TaskUnit(task=task, unit_id=u, role=TaskUnit.Role.COOPERATING) for u in wanted - current]
            )
    if not before:
        return task
    task.colour = compute_colour(task)
    task.save(update_fields=["title", "due_date", "due_estimated", "lead_unit", "colour"])
    note: dict[str, Any] = {"before": before}
    if reason:
        note["reason"] = reason
    record_event(task, actor=actor, action="update", note=note)
    return task


@transaction.atomic
def edit_task(
    *,
    actor: User,
    task: Task,
    reason: str,
    lead_unit: Unit | None = None,
    cooperating_units: Sequence[Unit] | None = None,
    due_date: date | None | str = "keep",
) -> Task:
    """The office changes a published task on the web: 改期, or its lead or cooperating units. A reason
    is required; the units concerned (old and new) are told."""
    _require_office_for(actor, task)
    reason = _clean(reason, "reason", "调整原因", limit=1000)
    if task.is_group:
        raise ValidationFailed("分组节点随下属任务汇总，请调整具体任务。", code="group")
    if task.status in (Task.Status.CLOSED, Task.Status.CANCELLED):
        raise Conflict("已销号或已撤销的任务不能调整。", code="bad_transition")
    allowed = visible_unit_ids(task.region)
    for unit in [*(cooperating_units or ()), *([lead_unit] if lead_unit else [])]:
        if unit.pk not in allowed:
            raise ValidationFailed(f"“{unit.name}”不属于该任务的区域。", fields={"units": "无效"})
    old_units = set(TaskUnit.objects.filter(task=task).values_list("unit_id", flat=True))
    old_due = task.due_date
    task = update_task(
        actor=actor,
        task=task,
        lead_unit=lead_unit,
        cooperating_units=cooperating_units,
        due_date=due_date,
        reason=reason,
    )
    new_units = set(TaskUnit.objects.filter(task=task).values_list("unit_id", flat=True))
    if task.due_date != old_due or new_units != old_units:
        due = task.due_date.isoformat() if task.due_date else "未定"
        core_services.notify(
            recipients=unit_users(old_units | new_units),
            title=f"任务已调整：{task.title}",
            body=f"完成时限：{due}。原因：{reason}",
            url=task_url(task),
            kind="ledger_update",
        )
    return task


@transaction.atomic
def cancel_task(*, actor: User, task: Task, reason: str) -> Task:
    """The office withdraws one task (撤销) with a reason; restore_task brings it back."""
    _require_office_for(actor, task)
    reason = _clean(reason, "reason", "撤销原因", limit=1000)
    if task.is_group:
        raise ValidationFailed("分组节点不能单独撤销。", code="group")
    _fresh_status(task)
    TASK.apply(task, "cancel", actor=actor, note={"reason": reason}, fields={"next_alert_at": None})
    roll_up(task)
    _notify_lead(task, title=f"任务已撤销：{task.title}", body=f"原因：{reason}", kind="ledger_cancel")
    return task


@transaction.atomic
def add_evidence(*, actor: User, task: Task, files: Sequence[UploadedFile]) -> list[Evidence]:
    """Attach evidence to a task outside a report (the API's way to prepare a closure request)."""
    _require_task_unit(actor, task)
    if not files:
        raise ValidationFailed("请选择文件。", fields={"files": "必填"})
    validate_evidence(files)
    before = set(Evidence.objects.filter(task=task).values_list("pk", flat=True))
    _save_evidence(actor=actor, task=task, files=files, report=None)
    return list(Evidence.objects.filter(task=task).exclude(pk__in=before))


# -- roll-up weights, restore, campaigns -----------------------------------------------------------

MAX_WEIGHT = Decimal("9999.99")


@transaction.atomic
def set_weights(*, actor: User, parent: Task, weights: dict[int, Any]) -> list[Task]:
    """Set the roll-up weights of `parent`'s children. Weights are non-negative and at least one
    counted (not cancelled) child keeps a positive weight, so the weighted mean is defined."""
    _require_office_for(actor, parent)
    children = {t.pk: t for t in Task.objects.select_for_update().filter(parent=parent).order_by("id")}
    if not children:
        raise ValidationFailed("该任务没有下属任务，无需设置权重。", code="no_children")
    errors: dict[str, str] = {}
    wanted: dict[int, Decimal] = {}
    for key, raw in weights.items():
        if key not in children:
            raise NotFound("未找到该下属任务。")
        try:
            value = Decimal(str(raw).strip())
        except (ArithmeticError, ValueError):
            errors[f"weight_{key}"] = "请填写数字"
            continue
        if not value.is_finite() or value < 0 or value > MAX_WEIGHT:
            errors[f"weight_{key}"] = "须在 0 到 9999.99 之间"
            continue
        wanted[key] = value.quantize(Decimal("0.01"))
    if errors:
        raise ValidationFailed("权重须为 0 到 9999.99 之间的数字。", code="bad_weight", fields=errors)
    counted = [
        wanted.get(pk, child.weight)
        for pk, child in children.items()
        if child.status != Task.Status.CANCELLED
    ]
    if not any(w > 0 for w in counted):
        raise ValidationFailed(
            "至少要有一项（未撤销的）下属任务权重大于 0。",
            code="no_positive_weight",
            fields={"weights": "全为 0"},
        )
    changed = []
    for pk, value in wanted.items():
        child = children[pk]
        if child.weight == value:
            continue
        old = child.weight
        Task.objects.filter(pk=pk).update(weight=value)
        child.weight = value
        # On the parent: the weights belong to its roll-up, and its weights page shows this timeline.
        record_event(
            parent,
            actor=actor,
            action="reweight",
            note={
                "task": child.pk,
                "from": str(old),
                "to": str(value),
                "text": f"{child.path or child.code} {child.title}：权重 {old} → {value}",
            },
        )
        changed.append(child)
    if changed:
        roll_up(changed[0])
    return list(children.values())


@transaction.atomic
def restore_task(*, actor: User, task: Task, reason: str) -> Task:
    """Bring back a cancelled task (e.g. a revision dropped a measure by mistake)."""
    _require_office_for(actor, task)
    reason = _clean(reason, "reason", "恢复原因", limit=1000)
    _fresh_status(task)
    TASK.apply(
        task, "restore", actor=actor, note={"reason": reason}, fields={"next_alert_at": timezone.now()}
    )
    refresh_colour(task)
    roll_up(task)
    _notify_lead(task, title=f"任务已恢复：{task.title}", body=f"原因：{reason}", kind="ledger_restore")
    return task


def _check_campaign_name(region_id: int, name: str) -> None:
    if Campaign.objects.filter(region_id=region_id, name=name).exists():
        raise Conflict("已有同名专项行动。", code="duplicate", fields={"name": "重名"})


def _lock_campaign(campaign: Campaign) -> bool:
    """Row lock that orders assigning a document to a campaign and deleting that campaign.
    False when the campaign is gone (deleted meanwhile)."""
    return bool(list(Campaign.objects.select_for_update().filter(pk=campaign.pk).values_list("pk")))


@transaction.atomic
def create_campaign(*, actor: User, region: Region, name: str) -> Campaign:
    require_office(actor)
    _check_in_scope(actor, region)
    name = _clean(name, "name", "专项行动名称", limit=100)
    _check_campaign_name(region.pk, name)
    campaign = Campaign.objects.create(region=region, name=name)
    record_event(campaign, actor=actor, action="create", note={"name": name, "text": f"新建专项行动：{name}"})
    return campaign


@transaction.atomic
def rename_campaign(*, actor: User, campaign: Campaign, name: str) -> Campaign:
    require_office(actor)
    _check_in_scope(actor, campaign.region)
    name = _clean(name, "name", "专项行动名称", limit=100)
    if name == campaign.name:
        return campaign
    _check_campaign_name(campaign.region_id, name)
    old = campaign.name
    Campaign.objects.filter(pk=campaign.pk).update(name=name)
    campaign.name = name
    record_event(
        campaign,
        actor=actor,
        action="rename",
        note={"from": old, "to": name, "text": f"更名：{old} → {name}"},
    )
    return campaign


@transaction.atomic
def delete_campaign(*, actor: User, campaign: Campaign) -> None:
    """Delete an empty campaign. One that still holds documents or tasks is refused: take them out first
    (on each document's page), so no task silently leaves its campaign."""
    require_office(actor)
    _check_in_scope(actor, campaign.region)
    if not _lock_campaign(campaign):  # an assignment racing this delete waits, then is counted below
        return
    documents = Document.objects.filter(campaign=campaign).count()
    tasks = Task.objects.filter(campaign=campaign).count()
    if documents or tasks:
        raise Conflict(
            f"专项行动「{campaign.name}」下还有 {documents} 份文件、{tasks} 项任务，请先在文件页面移出。",
            code="not_empty",
        )
    record_event(
        campaign,
        actor=actor,
        action="delete",
        note={"name": campaign.name, "text": f"删除专项行动：{campaign.name}"},
    )
    Campaign.objects.filter(pk=campaign.pk).delete()


@transaction.atomic
def assign_campaign(*, actor: User, document: Document, campaign: Campaign | None) -> Document:
    """Put a document and all its tasks in a campaign (None takes them out)."""
    require_office(actor)
    _check_in_scope(actor, document.region)
    if campaign is not None:
        _check_in_scope(actor, campaign.region)
        if not _lock_campaign(campaign):
            raise NotFound("专项行动不存在(可能刚被删除)。")
    old = document.campaign_id
    new = campaign.pk if campaign else None
    if old == new:
        return document
    Document.objects.filter(pk=document.pk).update(campaign_id=new)
    document.campaign = campaign
    moved = Task.objects.filter(document=document).update(campaign_id=new)
    text = f"归入专项行动：{campaign.name}" if campaign else "移出专项行动"
    record_event(
        document,
        actor=actor,
        action="assign_campaign",
        note={"from": old, "to": new, "tasks": moved, "text": f"{text}（{moved} 项任务）"},
    )
    return document
