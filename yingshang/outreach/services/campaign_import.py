"""回访名单 from Excel: enterprises served off the platform (窗口、线下办件…) added to a campaign's list,
matched by 统一社会信用代码. A dry run lists each row's fate and error; nothing is written unless every row
is good and the office applies it. Imported enterprises are all called: sampling is for the list built
from the platform (``build_campaign_list``)."""

from __future__ import annotations

from typing import IO

from django.db import transaction

from yingshang.core.creditcode import InvalidCreditCode, normalize_credit_code, validate_credit_code
from yingshang.core.errors import ValidationFailed
from yingshang.core.events import record_event
from yingshang.core.excel import ImportPlan, RowError, read_sheet, write_sheet
from yingshang.core.models import Enterprise, User
from yingshang.outreach.models import CallbackCampaign, CampaignTarget
from yingshang.outreach.services.common import check_scope, in_scope, require_office

CODE = "统一社会信用代码"
NAME = "企业名称"
IMPORT_SOURCE = "import"


def campaign_import_template() -> bytes:
    """The empty sheet to fill in: the code is read; the name only to warn when it does not match."""
    return write_sheet("回访名单导入", (CODE, NAME), (), widths=(26, 40))


def _row_code(value: object) -> str:
    return normalize_credit_code("" if value is None else str(value))


@transaction.atomic
def import_campaign_targets(
    *, actor: User, campaign: CallbackCampaign, fileobj: IO[bytes], apply: bool = False
) -> ImportPlan:
    """One row per enterprise. ``plan.created``: enterprises that would join the list; ``unchanged``:
    already on it; ``errors``: empty, malformed or unknown codes, enterprises outside the campaign's
    region, the same enterprise twice; ``notices``: a name that differs from the registered one."""
    require_office(actor)
    check_scope(actor, campaign.region)
    rows = read_sheet(fileobj, (CODE,), (NAME,))
    if not rows:
        raise ValidationFailed("表格中没有企业：请在表头下逐行填写统一社会信用代码。", code="empty_file")
    codes = {_row_code(r.get(CODE)) for _, r in rows}
    enterprises = {
        e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes).select_related("region")
    }
    listed = set(
        campaign.targets.filter(enterprise__in=enterprises.values()).values_list("enterprise_id", flat=True)
    )
    plan = ImportPlan()
    todo: list[Enterprise] = []
    seen: dict[int, int] = {}
    for number, row in rows:
        code = _row_code(row.get(CODE))
        enterprise = enterprises.get(code)
        if not code:
            plan.errors.append(RowError(number, "请填写统一社会信用代码。"))
            continue
        if enterprise is None or not in_scope(actor, enterprise.region):
            try:
                validate_credit_code(code)
            except InvalidCreditCode as exc:
                plan.errors.append(RowError(number, f"统一社会信用代码“{code}”有误：{exc.message}。"))
            else:
                plan.errors.append(RowError(number, f"平台中没有统一社会信用代码为“{code}”的企业。"))
            continue
        if f"/{campaign.region_id}/" not in enterprise.region.tree_path:
            message = f"{enterprise.name}不在本次回访活动的区域({campaign.region.name})内。"
            plan.errors.append(RowError(number, message))
            continue
        if enterprise.pk in seen:
            plan.errors.append(
                RowError(number, f"与第{seen[enterprise.pk]}行是同一家企业({enterprise.name})。")
            )
            continue
        seen[enterprise.pk] = number
        name = str(row.get(NAME) or "").strip()
        if name and name != enterprise.name:
            message = f"企业名称“{name}”与平台登记的“{enterprise.name}”不一致，以统一社会信用代码为准。"
            plan.notices.append(RowError(number, message))
        if enterprise.pk in listed:
            plan.unchanged += 1
            continue
        plan.created.append(
            {"row": number, "enterprise": enterprise.name, "credit_code": enterprise.credit_code}
        )
        todo.append(enterprise)
    if apply and plan.ok and todo:
        CampaignTarget.objects.bulk_create(
            CampaignTarget(campaign=campaign, enterprise=e, source=IMPORT_SOURCE) for e in todo
        )
        record_event(campaign, actor=actor, action="import_list", note={"count": len(todo)})
    return plan
