"""Who may export a person's data (Art. 15) and who may anonymise a person (Art. 17)."""

import rules

from lotse.core.models import Role
from lotse.core.rules import has_role
from lotse.people.rules import works_with_people_of

# Anonymisation cannot be undone: only those who answer for the office's data decide it.
ERASURE_ROLES = [Role.MANAGER, Role.ADMINISTRATOR]


@rules.predicate
def manages_people_of(user, person) -> bool:
    """The user is a manager or an administrator of the organisation that holds the person."""
    if person is None or not user.is_authenticated:
        return False
    return has_role(user, ERASURE_ROLES, organisation_id=person.organisation_id)


# Every colleague who works with the person may answer the person's request for information.
rules.add_perm("privacy.export_person", works_with_people_of)
rules.add_perm("privacy.anonymise_person", manages_people_of)
