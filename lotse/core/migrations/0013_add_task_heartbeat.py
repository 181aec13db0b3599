import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_seal_unkeyed_audit_chains"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.CreateModel(
            name="TaskHeartbeat",
            fields=[
                (
                    "task",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="heartbeat",
                        serialize=False,
                        to="django_tasks_database.dbtaskresult",
                    ),
                ),
                ("worker_id", models.CharField(max_length=64)),
                ("beat_at", models.DateTimeField()),
            ],
        ),
    ]
