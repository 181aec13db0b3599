"""Booked appointments get a short code, so that their bookers can cancel with it too."""

import secrets

from django.db import migrations

# As lotse.core.codes (migrations never import app code).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{symbols[:4]}-{symbols[4:]}"


def fill(apps, schema_editor):
    Appointment = apps.get_model("office", "Appointment")
    used = set(
        Appointment.objects.filter(status="booked")
        .exclude(short_code="")
        .values_list("short_code", flat=True)
    )
    for appointment in Appointment.objects.filter(status="booked", short_code="").only("pk"):
        code = _code()
        while code in used:
            code = _code()
        used.add(code)
        Appointment.objects.filter(pk=appointment.pk).update(short_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("office", "0004_add_appointment_short_code"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
