"""Inquiries recorded before the contact time was a field: they were dated when recorded."""

from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):
    Inquiry = apps.get_model("desk", "Inquiry")
    Inquiry.objects.update(contacted_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0004_add_inquiry_contacted_at_and_caller"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
