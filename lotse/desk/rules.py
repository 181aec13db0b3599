"""Who may work with inquiries and referrals.

The office (the organisation holding the inquiry) may do everything, including recording a
provider's answer after a phone call. The receiving provider may answer a referral to it.
"""

import rules

from lotse.core.models import Organisation, Role
from lotse.core.rules import has_role

# Roles that advise people and so work with the inquiries their organisation holds (the same
# as for persons: lotse.people.rules.PERSON_ROLES).
DESK_ROLES = [Role.OFFICE_STAFF, Role.CARE_NAVIGATOR, Role.MANAGER, Role.ADMINISTRATOR]
# Roles of a receiving organisation that may answer referrals to it.
RECEIVING_ROLES = [Role.PROVIDER_STAFF, *DESK_ROLES]


def _holding_organisation_id(obj):
    if isinstance(obj, Organisation):
        return obj.pk
    return obj.organisation_id


@rules.predicate
def works_at_holding_office(user, obj) -> bool:
    """`obj` is an Organisation, an Inquiry, a Referral or an UnmetNeed: the user has a desk
    role in the organisation that holds it."""
    if obj is None or not user.is_authenticated:
        return False
    return has_role(user, DESK_ROLES, organisation_id=_holding_organisation_id(obj))


@rules.predicate
def works_at_receiving_provider(user, referral) -> bool:
    """`referral` is a Referral: the user may answer for the organisation it went to."""
    if referral is None or not user.is_authenticated:
        return False
    return has_role(user, RECEIVING_ROLES, organisation_id=referral.receiving_organisation_id)


rules.add_perm("desk.view_inquiry", works_at_holding_office)
rules.add_perm("desk.add_inquiry", works_at_holding_office)
rules.add_perm("desk.change_inquiry", works_at_holding_office)
rules.add_perm("desk.add_referral", works_at_holding_office)
rules.add_perm("desk.add_unmetneed", works_at_holding_office)
# The office only: withdraw, print the slip, act on an alert.
rules.add_perm("desk.manage_referral", works_at_holding_office)
# Accept, decline, start, complete: the provider, or the office for a provider not on the
# platform.
rules.add_perm("desk.answer_referral", works_at_holding_office | works_at_receiving_provider)
rules.add_perm("desk.view_referral", works_at_holding_office | works_at_receiving_provider)
