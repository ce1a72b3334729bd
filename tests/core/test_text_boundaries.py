"""Control characters are refused at every text boundary: Open311, API schemas, forms, POST fields, imports.

The rule itself is `yingshang.core.text`; each test here sends a refused character through one boundary
and checks the refusal names the field and stores nothing.
"""

from __future__ import annotations

import importlib
import inspect
import io
import json
import pkgutil
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from ninja import Schema
from openpyxl import Workbook

import yingshang
from tests.appeals.makers import ensure_services, make_appeal
from tests.ledger.helpers import publish_small
from yingshang.appeals.models import Appeal
from yingshang.core.models import Unit
from yingshang.core.schemas import InSchema
from yingshang.core.text import clean_document_text, forbidden_character
from yingshang.core.textforms import CleanTextForm
from yingshang.ledger.models import Task

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# -- the rule ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "char", ["\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\x9f", "\ud800", "\udfff", "\ufffe", "\uffff"]
)
def test_refused_everywhere(char: str) -> None:
    assert forbidden_character(f"王{char}五") is not None
    assert forbidden_character(f"王{char}五", multiline=False) is not None


def test_line_breaks_only_in_multiline_text() -> None:
    for char in "\t\n\r":
        assert forbidden_character(f"第一行{char}第二行") is None
        assert "换行或制表符" in (forbidden_character(f"王{char}五", multiline=False) or "")
    assert forbidden_character("王五 ·（有限公司）—— 😀 \u3000") is None
    assert "U+000B(第2个字符)" in (forbidden_character("王\x0b五") or "")


def test_document_files_keep_their_text_without_layout_characters() -> None:
    assert clean_document_text("第一页\x0c第二页\x0b续\x01") == "第一页\n第二页\n续"


# -- Open311 (form-encoded and JSON) ---------------------------------------------------------------------


def test_open311_refuses_a_control_character_that_broke_the_appeals_export(cast: Any) -> None:
    ensure_services()
    data = {"service_code": "consult", "description": "咨询", "phone": "13900000000"}
    client = Client(REMOTE_ADDR="10.9.0.1")
    r = client.post("/open311/v2/requests.json", {**data, "last_name": "王\x0b", "first_name": "五"})
    assert r.status_code == 422, r.content
    assert r.json()[0]["code"] == 422 and r.json()[0]["description"].startswith("last_name：")
    r = client.post(
        "/open311/v2/requests.json",
        json.dumps({**data, "address_string": "工业园区\n3号路"}),
        content_type="application/json",
    )
    assert r.status_code == 422 and "address_string" in r.json()[0]["description"]
    assert not Appeal.objects.exists()
    # A multi-line description is fine, and the export keeps working for everyone.
    r = client.post(
        "/open311/v2/requests.json", {**data, "description": "第一行\r\n第二行", "last_name": "王"}
    )
    assert r.status_code == 201
    export = cast.client("office").get("/appeals/", {"format": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"] == XLSX


# -- API schemas ---------------------------------------------------------------------------------------


def test_api_schema_refuses_control_characters_naming_the_field(cast: Any) -> None:
    client = cast.client("office")
    base = {"region_id": cast.county.pk, "kind": "department"}
    r = client.post("/api/v1/units", {**base, "name": "税务\x0b局"}, content_type="application/json")
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation" and "U+000B" in body["fields"]["name"]
    r = client.post(
        "/api/v1/units",
        {**base, "name": "税务局", "aliases": ["税务", "税\x1b"]},
        content_type="application/json",
    )
    assert r.status_code == 422 and "U+001B" in r.json()["fields"]["aliases"]
    # A lone surrogate arrives as a JSON escape (pydantic refuses it before our check).
    raw = '{"name": "税务\\ud800局", "region_id": ' + str(cast.county.pk) + "}"
    r = client.post("/api/v1/units", raw, content_type="application/json")
    assert r.status_code == 422 and "name" in r.json()["fields"]
    assert not Unit.objects.filter(name__startswith="税务").exists()
    # Multi-line text passes.
    r = client.post("/api/v1/units", {**base, "name": "税务局"}, content_type="application/json")
    assert r.status_code == 201


def test_api_schema_refuses_control_characters_in_json_and_multipart(cast: Any) -> None:
    appeal = make_appeal(cast)
    r = cast.client("office").post(
        f"/api/v1/appeals/{appeal.pk}/dispatch",
        {"lead_unit_id": cast.lead_unit.pk, "note": "请\x07办理"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "U+0007" in r.json()["fields"]["note"]
    _, tasks = publish_small(cast)
    task = Task.objects.filter(is_group=False, lead_unit=cast.lead_unit).first()
    r = cast.client("lead").post(
        f"/api/v1/ledger/tasks/{task.pk}/reports/upload",
        {"period": "2025-03", "progress_text": "已完成\x0c一半", "percent": "50"},
    )
    assert r.status_code == 422 and "U+000C" in r.json()["fields"]["progress_text"]
    assert not task.reports.exists()


def _api_input_schemas() -> set[type]:
    """Every schema class an API operation reads its body, form or query fields from."""
    from yingshang.api import api

    found: set[type] = set()

    def walk(annotation: Any) -> None:
        if inspect.isclass(annotation) and issubclass(annotation, Schema):
            if annotation in found:
                return
            found.add(annotation)
            for f in annotation.model_fields.values():
                walk(f.annotation)
        for arg in getattr(annotation, "__args__", ()):
            walk(arg)

    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for op in view.operations:
                for model in op.models:
                    for f in model.model_fields.values():
                        walk(f.annotation)
    return found


def test_every_api_input_schema_is_checked() -> None:
    schemas = _api_input_schemas()
    named_in = {s for s in schemas if s.__name__.endswith("In")}
    assert len(named_in) > 30, "the walk over the operations no longer finds the input schemas"
    unchecked = sorted(
        s.__name__
        for s in schemas
        if s.__module__.startswith("yingshang")
        and not issubclass(s, InSchema)
        and any(f.annotation is str or "str" in str(f.annotation) for f in s.model_fields.values())
    )
    assert unchecked == []


# -- forms and POST fields of pages ----------------------------------------------------------------------


def test_form_refuses_with_a_chinese_message_and_keeps_what_was_typed(cast: Any) -> None:
    client = cast.client("office")
    r = client.post(
        "/units/new/",
        {"name": "税务\x0b局", "short_name": "税务", "kind": "department", "region": cast.county.pk},
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "含有不允许的控制字符 U+000B" in page
    assert 'value="税务\x0b局"' in page  # what was typed, ready to correct
    assert r.context["form"].data["name"] == "税务\x0b局"
    assert not Unit.objects.filter(short_name="税务").exists()


def test_one_line_field_refuses_line_breaks_textarea_keeps_them(cast: Any) -> None:
    ensure_services()
    client = cast.client("enterprise_user")
    base = {"service": "complaint", "contact_phone": "13900000000"}
    r = client.post("/appeals/new/", {**base, "title": "标题\n换行", "description": "第一行\r\n第二行"})
    assert r.status_code in (200, 422)
    assert "换行或制表符" in r.context["form"].errors["title"][0]
    assert "description" not in r.context["form"].errors


def test_post_fields_read_directly_are_refused_naming_the_field(cast: Any) -> None:
    appeal = make_appeal(cast)
    r = cast.client("office").post(
        f"/appeals/{appeal.pk}/act/dispatch/",
        {"lead_unit": cast.lead_unit.pk, "note": "请\x1b办理"},
        follow=True,
    )
    assert "“note”含有不允许的控制字符 U+001B" in r.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.SUBMITTED


def _project_forms() -> list[type]:
    for mod in pkgutil.walk_packages(yingshang.__path__, "yingshang."):
        if mod.name.rsplit(".", 1)[-1] in ("forms", "views") or ".forms" in mod.name:
            importlib.import_module(mod.name)

    def subclasses(cls: type) -> list[type]:
        out = []
        for sub in cls.__subclasses__():
            out += [sub, *subclasses(sub)]
        return out

    return [c for c in subclasses(forms.BaseForm) if c.__module__.startswith("yingshang.")]


def test_every_form_of_the_product_refuses_control_characters() -> None:
    found = _project_forms()
    assert len(found) >= 15, [c.__name__ for c in found]
    assert (
        sorted(c.__name__ for c in found if not issubclass(c, CleanTextForm) and c is not CleanTextForm) == []
    )


# -- file imports -------------------------------------------------------------------------------------------


def test_excel_import_refuses_a_cell_with_a_control_character(cast: Any) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["名称", "简称", "别名", "类型", "所属区域", "启用"])
    ws.append(["税务局", "", "", "党政部门", "奈曼旗", "是"])
    # DEL and the C1 controls are legal XML, so an .xlsx made elsewhere can carry them.
    ws.append(["人社局\x7f", "", "", "党政部门", "奈曼旗", "是"])
    buf = io.BytesIO()
    wb.save(buf)
    client = cast.client("office")
    r = client.post(
        "/units/import/", {"file": SimpleUploadedFile("u.xlsx", buf.getvalue(), content_type=XLSX)}
    )
    page = r.content.decode()
    assert "第3行“名称”列含有不允许的控制字符 U+007F" in page
    assert not Unit.objects.filter(name="税务局").exists()
