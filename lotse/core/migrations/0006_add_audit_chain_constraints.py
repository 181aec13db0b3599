from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_link_existing_audit_entries"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("region__isnull", False)),
                fields=("region", "sequence"),
                name="auditentry_region_sequence_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("region__isnull", True)),
                fields=("sequence",),
                name="auditentry_global_sequence_unique",
            ),
        ),
    ]
