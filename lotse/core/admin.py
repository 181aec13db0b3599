from django.contrib import admin
from django.http import HttpRequest

from lotse.core.models import BarrierReport


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
