"""Art. 15 exports: each one is recorded in the audit log."""

from typing import Any, Literal

from django.db import transaction

from lotse.core.audit import audit_record
from lotse.core.permissions import Actor
from lotse.people.models import Person
from lotse.privacy.selectors import subject_access_collect

EXPORT_PURPOSE = "Auskunft nach Art. 15 DSGVO"


@transaction.atomic
def subject_access_export(
    *, actor: Actor, person: Person, file_format: Literal["json", "pdf"]
) -> dict[str, Any]:
    """The collected data for a download, the export recorded (`person.exported`)."""
    data = subject_access_collect(actor=actor, person=person)
    audit_record(
        actor=actor, verb="person.exported", target=person, note=file_format, purpose=EXPORT_PURPOSE
    )
    return data
