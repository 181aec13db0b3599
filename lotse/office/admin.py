from django.contrib import admin

from lotse.office.models import ConsultationHour, Office, OfficeClosure


class ConsultationHourInline(admin.TabularInline):
    model = ConsultationHour
    extra = 1


class OfficeClosureInline(admin.TabularInline):
    model = OfficeClosure
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "quarter", "slot_minutes", "days_ahead"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ConsultationHourInline, OfficeClosureInline]
