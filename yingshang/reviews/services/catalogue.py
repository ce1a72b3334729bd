"""What is rated: service matters (entered or imported from Excel), service points and their visit
tokens, and the questionnaire versions."""

from __future__ import annotations

import secrets
from datetime import date
from typing import IO, Any

from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL

from yingshang.core.access import region_q, require_write
from yingshang.core.errors import Conflict, NotAllowed, ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.excel import ImportPlan, RowError, read_sheet
from yingshang.core.models import Region, Unit, User
from yingshang.core.text import forbidden_character
from yingshang.core.unit_directory import resolve_unit_name
from yingshang.reviews.models import (
    Channel,
    MatterVolume,
    Questionnaire,
    ServiceMatter,
    ServicePoint,
    VisitToken,
)
from yingshang.reviews.questionnaires import NATIONAL_ITEMS

Role = User.Role
MATTER_HEADERS = ["事项编码", "事项名称", "实施单位"]
TOKEN_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed from a ticket


def new_code(length: int = 10) -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(length))


def may_manage_catalogue(user: User) -> bool:
    """Who registers matters and points, imports matters and edits the questionnaires: the office."""
    return user.role == Role.OFFICE_ADMIN


def require_catalogue_manager(actor: User, *, write: bool = True) -> None:
    """The one rule of the catalogue, for the services, the pages and the API alike."""
    if write:
        require_write(actor)
    if not may_manage_catalogue(actor):
        raise NotAllowed("只有营商办可以管理服务事项、评价点位和评价问卷。", code="role")


def _clean_line(value: Any, label: str, *, max_length: int, field: str = "") -> str:
    key = field or label
    text = str(value or "").strip()
    if not text:
        raise ValidationFailed(f"请填写{label}。", fields={key: "必填"})
    if len(text) > max_length:
        raise ValidationFailed(f"{label}不能超过{max_length}个字。", fields={key: "过长"})
    problem = forbidden_character(text, multiline=False)
    if problem:
        raise ValidationFailed(f"{label}{problem}", fields={key: problem})
    return text


def _check_unit_region(actor: User, unit: Unit) -> None:
    if not Unit.objects.filter(region_q(actor, field="region"), pk=unit.pk).exists():
        raise NotAllowed("只能为本区域的单位登记。", code="region")


# -- matters ---------------------------------------------------------------------------------------


@transaction.atomic
def create_matter(*, actor: User, unit: Unit, code: str, name: str) -> ServiceMatter:
    require_catalogue_manager(actor)
    _check_unit_region(actor, unit)
    code = _clean_line(code, "事项编码", max_length=40, field="code")
    name = _clean_line(name, "事项名称", max_length=200, field="name")
    if ServiceMatter.objects.filter(region=unit.region, code=code).exists():
        raise ValidationFailed(f"事项编码“{code}”已存在。", fields={"code": "重复"})
    matter = ServiceMatter.objects.create(region=unit.region, unit=unit, code=code, name=name)
    record_event(matter, actor=actor, action="create", note={"name": name, "unit": unit.name})
    return matter


def plan_matter_import(fileobj: IO[bytes], *, actor: User) -> ImportPlan:
    """Dry run: what the sheet would create or update, and each bad row with its Excel row number."""
    require_catalogue_manager(actor)
    rows = read_sheet(fileobj, MATTER_HEADERS)
    units = list(
        Unit.objects.filter(region_q(actor, field="region"), is_active=True).select_related("region")
    )
    regions = list(Region.objects.filter(region_q(actor, field="")))
    existing = {(m.region_id, m.code): m for m in ServiceMatter.objects.filter(region__in=regions)}
    by_id = {u.pk: u for u in units}
    plan = ImportPlan()
    seen: set[str] = set()
    for number, row in rows:
        code = str(row.get("事项编码") or "").strip()
        name = str(row.get("事项名称") or "").strip()
        unit_text = str(row.get("实施单位") or "").strip()
        if not code or not name or not unit_text:
            plan.errors.append(RowError(number, "事项编码、事项名称、实施单位均为必填。"))
            continue
        if len(code) > 40 or len(name) > 200:
            plan.errors.append(RowError(number, "事项编码不超过40字，事项名称不超过200字。"))
            continue
        if code in seen:
            plan.errors.append(RowError(number, f"事项编码“{code}”在表中重复。"))
            continue
        seen.add(code)
        resolution = resolve_unit_name(unit_text, units=units, regions=regions)
        if resolution.unit_id is None:
            plan.errors.append(RowError(number, f"无法确定实施单位“{unit_text}”，请写单位全称。"))
            continue
        unit = by_id[resolution.unit_id]
        current = existing.get((unit.region_id, code))
        item = {"row": number, "code": code, "name": name, "unit_id": unit.pk, "unit": unit.name}
        if current is None:
            plan.created.append(item)
        elif current.name != name or current.unit_id != unit.pk:
            plan.updated.append({**item, "id": current.pk})
        else:
            plan.unchanged += 1
    return plan


@transaction.atomic
def apply_matter_import(*, actor: User, plan: ImportPlan) -> int:
    require_catalogue_manager(actor)
    if not plan.ok:
        raise ValidationFailed("导入文件有错误行，请修改后重新上传。", code="import_errors")
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[i["unit_id"] for i in plan.created + plan.updated])}
    for item in plan.created:
        unit = units[item["unit_id"]]
        try:
            with transaction.atomic():
                matter = ServiceMatter.objects.create(
                    region=unit.region, unit=unit, code=item["code"], name=item["name"]
                )
        except IntegrityError:  # registered since the preview was made
            raise Conflict(
                f"事项编码“{item['code']}”已在预览之后被登记，未导入任何事项；请重新上传。",
                code="stale_import",
            ) from None
        record_event(
            matter, actor=actor, action="import_create", note={"name": item["name"], "unit": unit.name}
        )
    for item in plan.updated:
        unit = units[item["unit_id"]]
        ServiceMatter.objects.filter(pk=item["id"]).update(name=item["name"], unit=unit)
        matter = ServiceMatter.objects.get(pk=item["id"])
        record_event(
            matter, actor=actor, action="import_update", note={"name": item["name"], "unit": unit.name}
        )
    return len(plan.created) + len(plan.updated)


@transaction.atomic
def record_volume(*, actor: User, matter: ServiceMatter, month: date, handled: int) -> MatterVolume:
    """办件量 of a matter in a month (from the approval platform), the base of 主动评价率."""
    require_catalogue_manager(actor)
    if handled < 0:
        raise ValidationFailed("办件量不能为负数。", fields={"handled": "无效"})
    volume, _ = MatterVolume.objects.update_or_create(
        matter=matter, month=month.replace(day=1), defaults={"handled": handled}
    )
    return volume


# -- points and tokens -----------------------------------------------------------------------------


@transaction.atomic
def create_point(
    *, actor: User, unit: Unit, name: str, kind: str = ServicePoint.Kind.WINDOW, **hours: Any
) -> ServicePoint:
    require_catalogue_manager(actor)
    _check_unit_region(actor, unit)
    name = _clean_line(name, "名称", max_length=100)
    if kind not in ServicePoint.Kind.values:
        raise ValidationFailed("点位类型无效。", fields={"kind": "无效"})
    point = ServicePoint.objects.create(
        region=unit.region,
        unit=unit,
        name=name,
        kind=kind,
        public_key=secrets.token_urlsafe(12)[:16],
        kiosk_key=secrets.token_urlsafe(24)[:32],
        **{k: v for k, v in hours.items() if k in ("opens_at", "closes_at") and v},
    )
    record_event(point, actor=actor, action="create", note={"name": name, "unit": unit.name})
    return point


def can_issue_tokens(user: User, point: ServicePoint) -> bool:
    return not user.is_read_only and (
        user.role == Role.OFFICE_ADMIN or (user.is_unit_user and user.unit_id == point.unit_id)
    )


@transaction.atomic
def issue_visit_token(*, actor: User, point: ServicePoint, matter: ServiceMatter | None = None) -> VisitToken:
    """一次一评: the code printed on the ticket or shown at the window when a visit is served."""
    if not can_issue_tokens(actor, point):
        raise NotAllowed("只有本窗口所属单位或营商办可以生成评价码。", code="role")
    return VisitToken.objects.create(point=point, matter=matter, code=new_code())


# -- questionnaires --------------------------------------------------------------------------------


def current_questionnaire(channel: str) -> Questionnaire:
    """The channel's current version; the national content is version 1 when none was published."""
    return _current_or_new(channel)[0]


def _current_or_new(channel: str) -> tuple[Questionnaire, bool]:
    found = Questionnaire.objects.filter(channel=channel, is_current=True).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return Questionnaire.objects.create(
                channel=channel, version=1, items=NATIONAL_ITEMS[channel]
            ), True
    except IntegrityError:  # made by a concurrent first rating
        return Questionnaire.objects.get(channel=channel, is_current=True), False


# Each process keeps the versions it has used: a version never changes (an edit is a new version). Which
# version is current is read with the rating's own query (current_version_ids), so a published version
# is used at once by every server.
_versions: dict[int, Questionnaire] = {}


def current_version_ids() -> dict[str, RawSQL]:
    """Annotations naming each channel's current version, for the query that reads a rating's door
    (written out: a rating's query is built per request, and these would cost more to compile than to
    run)."""
    q = connection.ops.quote_name
    sql = (
        f"SELECT {q('id')} FROM {q(Questionnaire._meta.db_table)} "
        f"WHERE {q('channel')} = %s AND {q('is_current')} = %s"
    )
    return {f"current_{channel}": RawSQL(sql, (channel, True)) for channel in Channel.values}


def questionnaire_version(pk: int | None, channel: str) -> Questionnaire:
    """The version `pk`, found current by the caller's query; None: the channel has none yet, the
    national content becomes version 1."""
    if pk is None:
        return current_questionnaire(channel)
    found = _versions.get(pk)
    if found is None:
        found = _versions[pk] = Questionnaire.objects.get(pk=pk)
    return found


def forget_questionnaires() -> None:
    _versions.clear()


@transaction.atomic
def publish_questionnaire(*, actor: User, channel: str, labels: list[str]) -> Questionnaire:
    """A new version: the labels of the sub-items (the first is the overall level). Old ratings keep
    the version they were given with."""
    require_catalogue_manager(actor)
    if channel not in Channel.values:
        raise ValidationFailed("渠道无效。", fields={"channel": "无效"})
    cleaned = [
        _clean_line(label, "评价项", max_length=30, field="labels") for label in labels if str(label).strip()
    ]
    if not 1 <= len(cleaned) <= 10:
        raise ValidationFailed("评价项应为1至10项。", fields={"labels": "数量无效"})
    old = Questionnaire.objects.select_for_update().get(pk=current_questionnaire(channel).pk)
    if not old.is_current:  # another version was published while this one waited for the lock
        raise Conflict("问卷刚被他人修改，请刷新后重新编辑。", code="concurrent_change")
    old_codes = {item["label"]: item["code"] for item in old.items}
    items = [
        {"code": "overall" if i == 0 else old_codes.get(label, f"item{i}"), "label": label}
        for i, label in enumerate(cleaned)
    ]
    Questionnaire.objects.filter(pk=old.pk).update(is_current=False)
    new = Questionnaire.objects.create(channel=channel, version=old.version + 1, items=items)
    record_event(new, actor=actor, action="publish", note={"version": new.version})
    return new
