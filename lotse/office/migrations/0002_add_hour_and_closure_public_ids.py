"""Consultation hours and closures get a UUID for URLs (house style: public ids are UUIDs, never
the integer key).

Added empty first, then each existing row gets its own id, then (in
0003_hour_and_closure_public_ids_unique) the field becomes required and unique: a default on
AddField would give every existing row the same id.
"""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    for name in ("ConsultationHour", "OfficeClosure"):
        for row in apps.get_model("office", name).objects.only("pk").iterator():
            row.public_id = uuid.uuid4()
            row.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("office", "0001_add_office_and_appointment"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationhour",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="officeclosure",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
