import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("office", "0002_add_hour_and_closure_public_ids"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consultationhour",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="officeclosure",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
