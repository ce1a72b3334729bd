"""Django admin for the appeals tables: a technical back door for support staff, not the office's work
surface, so foreign keys are raw ids (no huge drop-downs). Appeals, their units, replies, extensions and
attachments are read-only and never deleted here: statuses, clocks, contacts and ratings move only through
the services, which write events. Only a service's wording and switches are edited here, with an event."""

from django.contrib import admin

from yingshang.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealExtension,
    AppealReply,
    AppealUnit,
    FilerNotice,
    KnowledgeEntry,
    Service,
)
from yingshang.core.admin import AuditedAdmin, AuditedInline


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    list_display = ("code", "name", "group", "default_unit_name", "close_workdays", "is_active", "order")
    list_filter = ("is_active", "group")
    search_fields = ("code", "name")
    # The time limits stay with the office's catalogue page (update_service checks their range).
    editable_fields = ("name", "group", "description", "default_unit_name", "is_active", "order")
    change_action = "update"


class AppealUnitInline(AuditedInline):
    model = AppealUnit
    raw_id_fields = ("unit",)


class AppealReplyInline(AuditedInline):
    model = AppealReply
    raw_id_fields = ("unit", "author")


@admin.register(Appeal)
class AppealAdmin(AuditedAdmin):
    list_display = ("tracking_code", "title", "service", "status", "colour", "channel", "created_at")
    list_filter = ("status", "colour", "channel", "service")
    search_fields = ("tracking_code", "title", "enterprise_name", "credit_code")
    raw_id_fields = ("region", "enterprise", "filed_by", "parent", "repeat_of")
    date_hierarchy = "created_at"
    inlines = [AppealUnitInline, AppealReplyInline]


@admin.register(AppealExtension)
class AppealExtensionAdmin(AuditedAdmin):
    list_display = ("appeal", "workdays", "status", "created_at", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("appeal", "requested_by", "decided_by")


@admin.register(AppealAttachment)
class AppealAttachmentAdmin(AuditedAdmin):
    list_display = ("name", "appeal", "kind", "size", "content_type", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("appeal", "uploaded_by")


# -- 热线知识库 and notices to filers without an account ----------------------------------------------


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(AuditedAdmin):
    """Entries are written on their pages (versions, moves, review); admin only shows them."""

    list_display = ("question", "owner_unit", "status", "version", "review_date", "valid_until")
    list_filter = ("status",)
    search_fields = ("question", "keywords", "policy_number")
    raw_id_fields = ("owner_unit", "created_by")


@admin.register(FilerNotice)
class FilerNoticeAdmin(AuditedAdmin):
    list_display = ("created_at", "appeal", "event", "channel", "status")
    list_filter = ("channel", "status", "event")
    raw_id_fields = ("appeal",)
