"""Who may work with digital helpers.

The organisation that coordinates a helper keeps their record: its multipliers and quarter
managers (and its administration) manage the helpers of their areas, the region coordination
those of its region. A helper sees and changes only their own record (availability, devices
and topics, a pause). Residents and relatives: nothing. Who exactly is listed in the role
catalogue (lotse/accounts/role_catalogue.py)."""

import rules

from lotse.core.models import Organisation, Role
from lotse.core.rules import has_role, memberships_of

# Roles of the coordinating organisation that manage its helpers.
HELPER_MANAGER_ROLES = [Role.MULTIPLIER, Role.MANAGER, Role.ADMINISTRATOR]


def _membership_areas(membership) -> set:
    """The ids of the areas a membership is limited to (empty: the whole organisation), read
    once per membership object."""
    cached = getattr(membership, "_lotse_area_ids", None)
    if cached is None:
        cached = {area.pk for area in membership.areas.all()}
        membership._lotse_area_ids = cached
    return cached


def _helper_area_ids(helper) -> set:
    """The helper's home quarter and the municipality it lies in."""
    ids = set()
    if helper.home_quarter_id:
        ids.add(helper.home_quarter_id)
        quarter = helper.home_quarter
        if quarter.parent_id:
            ids.add(quarter.parent_id)
    return ids


@rules.predicate
def manages_helpers_of(user, obj) -> bool:
    """`obj` is an Organisation or a Helper: the user is a multiplier, quarter manager or
    administrator of the organisation that coordinates it; for a helper, a membership limited
    to some areas must cover the helper's home quarter (or its municipality)."""
    if obj is None or not user.is_authenticated:
        return False
    if isinstance(obj, Organisation):
        return has_role(user, HELPER_MANAGER_ROLES, organisation_id=obj.pk)
    for membership in memberships_of(user):
        if membership.role not in HELPER_MANAGER_ROLES:
            continue
        if membership.organisation_id != obj.organisation_id:
            continue
        areas = _membership_areas(membership)
        if not areas or areas & _helper_area_ids(obj):
            return True
    return False


@rules.predicate
def coordinates_region_of(user, obj) -> bool:
    """`obj` is an Organisation or a Helper: the user coordinates its region."""
    if obj is None or not user.is_authenticated:
        return False
    return has_role(user, [Role.REGION_COORDINATOR], region_id=obj.region_id)


@rules.predicate
def is_the_helper(user, helper) -> bool:
    """`helper` is a Helper: its own login."""
    if helper is None or not user.is_authenticated:
        return False
    # Asked about an organisation too (the staff menu): that is nobody's own record.
    user_id = getattr(helper, "user_id", None)
    return user_id is not None and user_id == user.pk


@rules.predicate
def is_digital_helper(user, obj) -> bool:
    """Asked without an object (the staff menu, the role catalogue): whether the user has the
    role Digital-Helfer, so has an own page at all."""
    return obj is None and user.is_authenticated and has_role(user, [Role.HELPER])


manages = manages_helpers_of | coordinates_region_of

rules.add_perm("volunteers.view_helper", manages | is_the_helper)
rules.add_perm("volunteers.add_helper", manages)
rules.add_perm("volunteers.change_helper", manages)
rules.add_perm("volunteers.change_helper_status", manages)
rules.add_perm("volunteers.add_credential", manages)
# The helper's own page: availability, devices and topics, pause and resume. Asked about a
# helper: only their own; asked about nothing: anyone with the role (who has such a page).
rules.add_perm("volunteers.change_own_helper", is_the_helper | is_digital_helper)


# --- Group formats and training (Handy-Café, courses) -------------------------------------------
# A café or course is held by the organisation that runs it. Its multipliers, quarter managers
# and administration plan cafés (a membership limited to areas: cafés in those quarters), the
# region coordination sees them. Courses are run by the organisation's multipliers (the role
# is their qualification to train others) and by its helpers whose own qualification entitles
# them (Helper.is_multiplier_qualified, while active); managers and coordination see them.


def _group_area_ids(obj) -> set:
    quarter_id = getattr(obj, "quarter_id", None)
    if quarter_id is None:
        return set()
    ids = {quarter_id}
    parent_id = getattr(getattr(obj, "quarter", None), "parent_id", None)
    if parent_id:
        ids.add(parent_id)
    return ids


@rules.predicate
def manages_group_of(user, obj) -> bool:
    """`obj` is an Organisation, a Cafe or a Course: the user is a multiplier, quarter manager
    or administrator of its organisation (limited to areas: covering a café's quarter)."""
    if obj is None or not user.is_authenticated:
        return False
    organisation_id = obj.pk if isinstance(obj, Organisation) else obj.organisation_id
    for membership in memberships_of(user):
        if membership.role not in HELPER_MANAGER_ROLES:
            continue
        if membership.organisation_id != organisation_id:
            continue
        areas = _membership_areas(membership)
        if not areas or isinstance(obj, Organisation) or areas & _group_area_ids(obj):
            return True
    return False


@rules.predicate
def is_multiplier_of(user, obj) -> bool:
    """`obj` is an Organisation or a Course: the user is a multiplier of its organisation."""
    if obj is None or not user.is_authenticated:
        return False
    organisation_id = obj.pk if isinstance(obj, Organisation) else obj.organisation_id
    return has_role(user, [Role.MULTIPLIER], organisation_id=organisation_id)


@rules.predicate
def is_qualified_helper_of(user, obj) -> bool:
    """`obj` is an Organisation or a Course: the user's own helper record, of its organisation,
    is active and entitled to train others."""
    if obj is None or not user.is_authenticated or not has_role(user, [Role.HELPER]):
        return False
    organisation_id = obj.pk if isinstance(obj, Organisation) else obj.organisation_id
    helper = getattr(user, "helper", None)
    return (
        helper is not None
        and helper.organisation_id == organisation_id
        and helper.is_multiplier_qualified
        and helper.status == "active"
    )


runs_courses = is_multiplier_of | is_qualified_helper_of

rules.add_perm("volunteers.view_cafe", manages_group_of | coordinates_region_of)
rules.add_perm("volunteers.change_cafe", manages_group_of)
rules.add_perm("volunteers.run_course", runs_courses)
rules.add_perm("volunteers.view_course", runs_courses | manages_group_of | coordinates_region_of)


# Requests for help (lotse/volunteers/request_services.py). Who records a request for someone:
# the coordinating organisation's multipliers, office staff, Kümmerer (from a help plan), quarter
# managers, administration;
# who dispatches it to helpers: its multipliers, quarter managers and administration; the
# region coordination for the whole region. A helper sees only the requests offered or given
# to them, through their own page ("Meine Einsätze"), never the board.
REQUEST_STAFF_ROLES = [
    Role.MULTIPLIER,
    Role.OFFICE_STAFF,
    Role.CARE_NAVIGATOR,
    Role.MANAGER,
    Role.ADMINISTRATOR,
]


def _organisation_id(obj):
    return obj.pk if isinstance(obj, Organisation) else getattr(obj, "organisation_id", None)


@rules.predicate
def works_on_requests_of(user, obj) -> bool:
    """`obj` is an Organisation or a HelpRequest: the user records requests there."""
    if obj is None or not user.is_authenticated:
        return False
    return has_role(user, REQUEST_STAFF_ROLES, organisation_id=_organisation_id(obj))


@rules.predicate
def dispatches_requests_of(user, obj) -> bool:
    """`obj` is an Organisation or a HelpRequest: the user offers its requests to helpers."""
    if obj is None or not user.is_authenticated:
        return False
    return has_role(user, HELPER_MANAGER_ROLES, organisation_id=_organisation_id(obj))


@rules.predicate
def coordinates_region_of_request(user, obj) -> bool:
    if obj is None or not user.is_authenticated:
        return False
    return has_role(user, [Role.REGION_COORDINATOR], region_id=getattr(obj, "region_id", None))


rules.add_perm("volunteers.view_help_request", works_on_requests_of | coordinates_region_of_request)
rules.add_perm("volunteers.add_help_request", works_on_requests_of)
rules.add_perm("volunteers.change_help_request", works_on_requests_of)
rules.add_perm(
    "volunteers.dispatch_help_request", dispatches_requests_of | coordinates_region_of_request
)
# "Meine Einsätze": asked about nothing, anyone with the role Digital-Helfer.
rules.add_perm("volunteers.view_own_assignments", is_digital_helper)
