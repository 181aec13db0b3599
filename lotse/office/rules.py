"""Who may run an office's appointments: staff of the organisation that runs it; who may
change its consultation hours and closures: its managers and administrators."""

import rules

from lotse.core.models import Role
from lotse.core.rules import has_role
from lotse.office.models import Appointment, Office

OFFICE_ROLES = [Role.OFFICE_STAFF, Role.CARE_NAVIGATOR, Role.MANAGER, Role.ADMINISTRATOR]
OFFICE_MANAGING_ROLES = [Role.MANAGER, Role.ADMINISTRATOR]


@rules.predicate
def works_in_office_of(user, obj) -> bool:
    """`obj` is an Office or an Appointment (with its office loaded): the user has an office
    role in the organisation that runs the office."""
    if obj is None or not user.is_authenticated:
        return False
    if isinstance(obj, Appointment):
        obj = obj.office
    if not isinstance(obj, Office):
        return False
    return has_role(user, OFFICE_ROLES, organisation_id=obj.organisation_id)


@rules.predicate
def manages_office(user, obj) -> bool:
    """`obj` is an Office: the user is a manager or administrator of the organisation that
    runs it."""
    if not isinstance(obj, Office) or not user.is_authenticated:
        return False
    return has_role(user, OFFICE_MANAGING_ROLES, organisation_id=obj.organisation_id)


rules.add_perm("office.view_appointments", works_in_office_of)
rules.add_perm("office.book_appointment", works_in_office_of)
rules.add_perm("office.change_appointment", works_in_office_of)
rules.add_perm("office.change_office", manages_office)
