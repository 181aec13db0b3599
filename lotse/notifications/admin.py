from django.contrib import admin

from lotse.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "status", "attempts", "subject"]
    list_filter = ["status", "channel"]
    readonly_fields = [field.name for field in Message._meta.fields]
