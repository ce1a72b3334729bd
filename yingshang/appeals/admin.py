"""Django admin for the appeals tables: a technical back door for support staff, not the office's work
surface, so foreign keys are raw ids (no huge drop-downs) and statuses are read-only (they move only
through the services and their transition table)."""

from django.contrib import admin

from yingshang.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealExtension,
    AppealReply,
    AppealUnit,
    Service,
)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "group", "default_unit_name", "close_workdays", "is_active", "order")
    list_filter = ("is_active", "group")
    search_fields = ("code", "name")


class AppealUnitInline(admin.TabularInline):
    model = AppealUnit
    extra = 0
    raw_id_fields = ("unit",)


class AppealReplyInline(admin.TabularInline):
    model = AppealReply
    extra = 0
    raw_id_fields = ("unit", "author")


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("tracking_code", "title", "service", "status", "colour", "channel", "created_at")
    list_filter = ("status", "colour", "channel", "service")
    search_fields = ("tracking_code", "title", "enterprise_name", "credit_code")
    raw_id_fields = ("region", "enterprise", "filed_by", "parent", "repeat_of")
    readonly_fields = ("status", "created_at")
    date_hierarchy = "created_at"
    inlines = [AppealUnitInline, AppealReplyInline]


@admin.register(AppealExtension)
class AppealExtensionAdmin(admin.ModelAdmin):
    list_display = ("appeal", "workdays", "status", "created_at", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("appeal", "requested_by", "decided_by")


@admin.register(AppealAttachment)
class AppealAttachmentAdmin(admin.ModelAdmin):
    list_display = ("name", "appeal", "kind", "size", "content_type", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("appeal", "uploaded_by")
