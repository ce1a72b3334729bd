"""Django admin for the indicators tables. Observations and warnings are read-only and never deleted here
(values, results and explanations change through the services, which write events); of the catalogue
only the wording and switches are edited here, with the same event the office's indicator form writes.
Targets and thresholds stay with that form, which checks them."""

from django.contrib import admin

from yingshang.core.admin import AuditedAdmin
from yingshang.indicators.models import Indicator, IndicatorWarning, Observation


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ("code", "name", "parent", "direction", "target_value", "is_active", "order")
    list_filter = ("is_active", "reporting_period")
    search_fields = ("code", "name")
    editable_fields = ("name", "unit_of_measure", "keywords", "is_active", "order")
    change_action = "update_indicator"


@admin.register(Observation)
class ObservationAdmin(AuditedAdmin):
    list_display = ("indicator", "period", "region", "value", "result", "source", "created_at")
    list_filter = ("result", "source")
    search_fields = ("indicator__code", "indicator__name", "period")
    raw_id_fields = ("indicator", "region", "unit", "entered_by")


@admin.register(IndicatorWarning)
class IndicatorWarningAdmin(AuditedAdmin):
    list_display = ("indicator", "region", "lead_unit", "level", "status", "due_date")
    list_filter = ("status", "level")
    raw_id_fields = ("observation", "indicator", "region", "lead_unit")
