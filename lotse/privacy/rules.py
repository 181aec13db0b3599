"""Who may export a person's data (Art. 15) and who may anonymise a person (Art. 17)."""

import rules

from lotse.core.models import Role
from lotse.people.rules import works_with_people_of

# Anonymisation cannot be undone: only those who answer for the office's data decide it.
ERASURE_ROLES = [Role.MANAGER, Role.ADMINISTRATOR]


@rules.predicate
def manages_people_of(user, person) -> bool:
    """The user is a manager or an administrator of the organisation that holds the person."""
    if person is None or not user.is_authenticated:
        return False
    return user.memberships.filter(
        organisation_id=person.organisation_id, role__in=ERASURE_ROLES
    ).exists()


# Every colleague who works with the person may answer the person's request for information.
rules.add_perm("privacy.export_person", works_with_people_of)
rules.add_perm("privacy.anonymise_person", manages_people_of)
