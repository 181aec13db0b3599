from django.contrib import admin
from django.http import HttpRequest

from lotse.core.models import AuditEntry, BarrierReport


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    """Reports come only from the public form; the admin lists and reads them (and may delete)."""

    list_display = ["created_at", "page", "message", "name", "email", "phone"]
    list_display_links = ["created_at"]
    search_fields = ["page", "message", "name", "email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: BarrierReport | None = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: entries are written by `audit_record` and the database refuses changes."""

    list_display = ["created_at", "actor", "verb", "target_type", "target_id", "purpose", "region"]
    list_select_related = ["actor", "region"]
    search_fields = ["=target_id"]
    # Counting millions of rows on every page costs more than the number is worth.
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
