"""Who may run an office's appointments: staff of the organisation that runs it; who may
change its consultation hours and closures: its managers and administrators; who may create
an office and change its contact data, quarter and short name (see below)."""

import uuid

import rules

from lotse.core.models import Area, Role
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


# Keeping the offices themselves (lotse/office/views_manage.py), so that nobody needs Django's
# admin for it: the region coordination creates the Quartiersbüros of its region and changes
# any of them; managers and administrators of the running organisation change their office's
# contact data, appointment length and booking period (`office.change_office_details`).
@rules.predicate
def coordinates_region_of_office(user, obj) -> bool:
    """`obj` is an Office, an Organisation or an Area (a region itself or an area inside one):
    the user is a region coordinator of its region (the running organisation's, for an
    Office)."""
    if obj is None or not user.is_authenticated:
        return False
    region_id: uuid.UUID | None
    if isinstance(obj, Office):
        region_id = obj.organisation.region_id
    elif isinstance(obj, Area):
        # A region is its own region (the staff menu asks about `Area(pk=region_id)`).
        region_id = obj.pk if obj.kind in (Area.Kind.REGION, "") else obj.region_id
    else:
        region_id = getattr(obj, "region_id", None)
    if region_id is None:
        return False
    return has_role(user, [Role.REGION_COORDINATOR], region_id=region_id)


rules.add_perm("office.add_office", coordinates_region_of_office)
rules.add_perm("office.change_office_details", manages_office | coordinates_region_of_office)
# The quarter and the short name in the office's public address.
rules.add_perm("office.relocate_office", coordinates_region_of_office)
