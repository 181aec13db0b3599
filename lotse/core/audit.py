from django.db import models

from lotse.core.models import AuditEntry
from lotse.core.permissions import Actor


def audit_record(*, actor: Actor, verb: str, target: models.Model, note: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        verb=verb,
        target_type=target._meta.label,
        target_id=str(target.pk),
        note=note,
    )
