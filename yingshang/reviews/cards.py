"""The printed rating card of a window: its QR code (segno) as PNG, and a PDF card with the window's name,
made as the bulletins are (a .docx rendered by LibreOffice, assessment.pdf)."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from yingshang.reviews.models import ServicePoint


def rating_url(request: HttpRequest | None, point: ServicePoint) -> str:
    path = reverse("reviews:rate", args=[point.public_key])
    site = str(settings.YINGSHANG.get("SITE_URL", ""))
    if site:
        return site + path
    return str(request.build_absolute_uri(path)) if request is not None else path


def qr_png(url: str, *, scale: int = 10) -> bytes:
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()


def card_docx(point: ServicePoint, url: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("政务服务“好差评”")
    run.font.size, run.bold = Pt(26), True
    name = doc.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = name.add_run(f"{point.unit.name} · {point.name}")
    run.font.size = Pt(20)
    picture = doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(qr_png(url)), width=Cm(10))
    hint = doc.add_paragraph()
    hint.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hint.add_run(
        "微信或手机浏览器扫码，输入办事小票上的评价码，对本次服务进行评价。\n一次办事，一次评价；您的评价不会告知被评价单位。"
    ).font.size = Pt(14)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def card_pdf(point: ServicePoint, url: str) -> bytes:
    """Raises assessment.pdf.ConversionFailed (its message is Chinese) when LibreOffice is missing."""
    from yingshang.assessment.pdf import docx_to_pdf

    return docx_to_pdf(card_docx(point, url))
