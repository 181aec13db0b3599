import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("office", "0006_add_appointment_booker"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="kind",
            field=models.CharField(
                choices=[
                    ("slot", "Termin in der Sprechstunde"),
                    ("home_visit", "Hausbesuch"),
                    ("office_extra", "Termin im Büro außerhalb der Sprechzeit"),
                ],
                default="slot",
                max_length=12,
                verbose_name="Art des Termins",
            ),
        ),
        migrations.AddField(
            model_name="appointment",
            name="place",
            field=models.CharField(blank=True, max_length=300, verbose_name="Ort des Besuchs"),
        ),
        migrations.AddField(
            model_name="appointment",
            name="staff_member",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="Wer den Termin wahrnimmt",
            ),
        ),
        migrations.AddField(
            model_name="appointment",
            name="street",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="Straße und Hausnummer"
            ),
        ),
        migrations.AddField(
            model_name="appointment",
            name="postcode",
            field=models.CharField(blank=True, max_length=5, verbose_name="Postleitzahl"),
        ),
        migrations.AddField(
            model_name="appointment",
            name="city",
            field=models.CharField(blank=True, max_length=100, verbose_name="Ort"),
        ),
        migrations.RemoveConstraint(
            model_name="appointment",
            name="appointment_one_per_slot",
        ),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "cancelled"), _negated=True)
                & models.Q(("kind", "slot")),
                fields=("office", "start"),
                name="appointment_one_per_slot",
            ),
        ),
    ]
