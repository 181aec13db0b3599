"""Who may see and change the persons an organisation holds."""

import rules

from lotse.core.models import Organisation, Role
from lotse.core.rules import has_role

# Roles that advise people and so work with the records their organisation holds.
PERSON_ROLES = [Role.OFFICE_STAFF, Role.CARE_NAVIGATOR, Role.MANAGER, Role.ADMINISTRATOR]


@rules.predicate
def works_with_people_of(user, obj) -> bool:
    """`obj` is a Person, a Consent, a Proxy or an Organisation: the user has a person role in
    the organisation that holds it."""
    if obj is None or not user.is_authenticated:
        return False
    if isinstance(obj, Organisation):
        organisation_id = obj.pk
    elif hasattr(obj, "organisation_id"):
        organisation_id = obj.organisation_id
    else:
        organisation_id = obj.person.organisation_id
    return has_role(user, PERSON_ROLES, organisation_id=organisation_id)


rules.add_perm("people.view_person", works_with_people_of)
rules.add_perm("people.add_person", works_with_people_of)
rules.add_perm("people.change_person", works_with_people_of)
rules.add_perm("people.add_consent", works_with_people_of)
rules.add_perm("people.change_consent", works_with_people_of)
rules.add_perm("people.add_proxy", works_with_people_of)
rules.add_perm("people.change_proxy", works_with_people_of)
rules.add_perm("people.merge_person", works_with_people_of)
