"""Memberships get a UUID for URLs (house style: public ids are UUIDs, never the integer key).

Added empty first, then each existing row gets its own id, then (in
0010_membership_public_id_unique) the field becomes required and unique: a default on AddField
would give every existing row the same id.
"""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    for row in apps.get_model("core", "Membership").objects.only("pk").iterator():
        row.public_id = uuid.uuid4()
        row.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_audit_entry_german_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
