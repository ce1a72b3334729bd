"""What a filer without an account is told on reply and on closure, and to whom it goes.

Only the appeal's own phone and email receive its notice, and the notice carries only what the tracking
code already shows: the tracking code, the step, a link to the tracking page and — where the visibility
rule lets the tracker read it (core.visibility.text_for) — the reply's text. Never internal notes, never
another filer's contact (a merged appeal's filers each get their own notice with their own code).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from yingshang.appeals.models import Appeal, AppealReply
from yingshang.appeals.notices.models import FilerNotice
from yingshang.appeals.notices.sms import backend_path, get_backend
from yingshang.core.models import User
from yingshang.core.visibility import Audience, text_for

log = logging.getLogger(__name__)
Role = User.Role
APPEAL = "appeals.appeal"
EVENTS = {"reply": "已答复", "close": "已办结"}
SMS_SIGNATURE = "【营商环境】"


@dataclass(frozen=True)
class Notice:
    sms: str
    subject: str
    email: str


def has_no_account(appeal: Appeal) -> bool:
    """Filed from the public form or Open311 (no filer), or by the office for a caller: no inbox to reach."""
    if appeal.filed_by_id is None:
        return True
    return User.objects.filter(pk=appeal.filed_by_id, role=Role.OFFICE_ADMIN).exists()


def tracking_link(appeal: Appeal) -> str:
    query = urlencode({"code": appeal.tracking_code})
    site = settings.YINGSHANG["SITE_URL"]
    return f"{site}{reverse('appeals:track')}?{query}"


def compose(appeal: Appeal, event: str) -> Notice:
    step = EVENTS[event]
    link = tracking_link(appeal)
    sms = f"{SMS_SIGNATURE}您的诉求(查询码{appeal.tracking_code}){step}，请凭查询码查看办理进度和答复：{link}"
    lines = [f"您好！您提交的诉求“{appeal.title}”(查询码 {appeal.tracking_code}){step}。", ""]
    if event == "reply":
        reply = AppealReply.objects.filter(appeal=appeal, kind=AppealReply.Kind.REPLY).last()
        text = text_for(Audience.TRACKER, APPEAL, "reply", reply.text if reply else "")
        if text:
            lines += ["答复内容：", text, ""]
    lines += [f"查看办理进度和答复：{link}", "", "本邮件由系统自动发送，请勿直接回复。"]
    return Notice(sms=sms, subject=f"您的诉求{step}(查询码{appeal.tracking_code})", email="\n".join(lines))


def queue_filer_notices(appeal: Appeal, event: str) -> None:
    """Call inside the service's transaction: the worker sends once it commits, so a slow or failing
    gateway never holds up, nor undoes, the reply or the closure."""
    if event not in EVENTS or not has_no_account(appeal):
        return
    from yingshang.appeals.notices.tasks import send_filer_notices

    appeal_id = appeal.pk
    transaction.on_commit(lambda: send_filer_notices.enqueue(appeal_id, event))


def _record(appeal: Appeal, event: str, channel: str, recipient: str, body: str, backend: str, send) -> bool:  # type: ignore[no-untyped-def]
    try:
        send()
    except Exception as exc:  # any gateway failure is recorded, never raised
        log.warning("%s notice for appeal %s failed: %s", channel, appeal.pk, exc)
        status, error = FilerNotice.Status.FAILED, str(exc)[:300] or type(exc).__name__
    else:
        status, error = FilerNotice.Status.SENT, ""
    FilerNotice.objects.create(
        appeal=appeal,
        event=event,
        channel=channel,
        recipient=recipient,
        body=body,
        backend=backend,
        status=status,
        error=error,
    )
    return status == FilerNotice.Status.SENT


def send_filer_notices(appeal: Appeal, event: str) -> int:
    """Send the SMS (and the email, when the filer gave one) and record each in the outbox."""
    notice = compose(appeal, event)
    sent = 0
    phone = appeal.contact_phone.strip()
    if phone:
        backend = get_backend()
        sent += _record(
            appeal,
            event,
            FilerNotice.Channel.SMS,
            phone,
            notice.sms,
            backend_path(),
            lambda: backend.send(phone, notice.sms),
        )
    email = appeal.contact_email.strip()
    if email:
        sent += _record(
            appeal,
            event,
            FilerNotice.Channel.EMAIL,
            email,
            notice.email,
            settings.EMAIL_BACKEND,
            lambda: send_mail(notice.subject, notice.email, settings.DEFAULT_FROM_EMAIL, [email]),
        )
    return sent
