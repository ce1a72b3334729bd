"""Policy documents into tasks: import (text, Word, PDF), review, publish, revisions and discarding a draft."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

import policyparse
from yingshang.core import services as core_services
from yingshang.core.errors import Conflict, TooLarge, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.models import Event, Region, Unit, User
from yingshang.core.text import clean_document_text
from yingshang.ledger import groupchat, read_jobs, review, scan_review
from yingshang.ledger.models import (
    Campaign,
    Document,
    Task,
    TaskIndicator,
    TaskUnit,
)
from yingshang.ledger.services.common import (
    MAX_TEXT,
    _check_in_scope,
    _clean,
    compute_colour,
    regions_under,
    require_office,
    roll_up,
    unit_users,
    units_under,
)
from yingshang.ledger.transitions import DOCUMENT, TASK

# -- import, review, publish -----------------------------------------------------------------------


def read_upload(upload: UploadedFile) -> str:
    """The text of an uploaded document whose format reads at once (text, .docx, OFD, PDF with text).

    The format is told by content, never by the name. Scans, photos and Word 97/WPS files take the
    worker (read_jobs.py): the web upload sends them there; the API refuses them with a clear message."""
    name = upload.name or "upload"
    suffix = Path(name).suffix.lower()
    if upload.size and upload.size > settings.UPLOAD_MAX_BYTES:
        raise TooLarge("文件过大。", fields={"file": "文件过大"})
    with tempfile.TemporaryDirectory() as tmp:
        # the name only tells a text file named .xls from a text file: the content decides the format
        path = Path(tmp) / f"document{suffix if suffix[1:].isalnum() and len(suffix) <= 8 else ''}"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        if read_jobs.needs_worker(path):
            raise ValidationFailed(
                "扫描件、图片和 Word 97/WPS 文件需要在后台识别，请在网页“导入文件”页面上传。",
                code="needs_background",
                fields={"file": "请在网页上传"},
            )
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
    source: policyparse.Source | None = None,
    original: tuple[str, bytes] | None = None,
    scan_folder: str = "",
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
    if source is not None:  # read in the worker (OCR, Word 97/WPS): see read_jobs.py
        text = clean_document_text(source.text)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed("请上传文件或粘贴文件正文。", code="empty", fields={"text": "必填"})
    if len(text) > MAX_TEXT:
        raise ValidationFailed("文件正文过长。", code="too_long", fields={"text": "过长"})
    # a scan's lines are its paragraphs: its layout decided them from the page
    scanned = source is not None and source.scan is not None
    ledger = policyparse.parse(text, options={"issued_on": issued_on, "paragraphs": scanned})
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
    if source is not None:
        if source.scan is not None:
            scan_review.annotate(document.review, ledger, source.scan, scan_folder)
        document.review["read_warnings"] = list(source.warnings)
    if original is not None:
        document.original.save(Path(original[0]).name, ContentFile(original[1]), save=False)
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
            # A heading that names its own lead (一、…（市发改委牵头）) shows it on the group task too.
            leads, _ = unit_sets.get(path) or review.units_of(document.review, m)
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
