"""Who may see and work on Kümmerer case files.

Need to know: a case file is seen by its responsible Kümmerer, the colleagues on its team, the
colleague who covers the responsible Kümmerer's absence today, and the managers (and
administration) of the organisation that holds it; a manager's membership limited to some areas
must cover the case's site. Nobody else: not a Kümmerer of another site, not the office staff,
not the region coordination. Managers see and reassign; they do not write in someone's case.
Who exactly is listed in the role catalogue (lotse/accounts/role_catalogue.py)."""

import datetime as dt

import rules
from django.utils import timezone

from lotse.core.models import Organisation, Role
from lotse.core.rules import has_role, memberships_of

# Roles of the holding organisation that oversee its cases (team leaders).
CASE_LEAD_ROLES = [Role.MANAGER, Role.ADMINISTRATOR]
# Roles that open and carry cases.
CASE_WORKER_ROLES = [Role.CARE_NAVIGATOR]


def covered_user_ids(user, today: dt.date | None = None) -> set:
    """The ids of the colleagues the user covers today (Vertretung), read once per user object
    and day."""
    if not user.is_authenticated:
        return set()
    today = today or timezone.localdate()
    cached = getattr(user, "_lotse_covered", None)
    if cached is None or cached[0] != today:
        from lotse.cases.models import Cover

        ids = set(
            Cover.objects.filter(
                covering=user, starts_on__lte=today, ends_on__gte=today
            ).values_list("absent_id", flat=True)
        )
        cached = (today, ids)
        user._lotse_covered = cached
    return cached[1]


def team_ids(case_file) -> set:
    """The ids of the case's team, read once per case object (the selectors prefetch them)."""
    cached = getattr(case_file, "_lotse_team_ids", None)
    if cached is None:
        cached = set(case_file.team.values_list("pk", flat=True)) if case_file.pk else set()
        case_file._lotse_team_ids = cached
    return cached


def _organisation_id(obj):
    return obj.pk if isinstance(obj, Organisation) else getattr(obj, "organisation_id", None)


@rules.predicate
def works_on_case(user, case_file) -> bool:
    """`case_file` is a CaseFile: the user is its responsible Kümmerer, on its team, or covers
    the responsible Kümmerer today; and still a Kümmerer of the holding organisation."""
    if case_file is None or not user.is_authenticated or isinstance(case_file, Organisation):
        return False
    if not has_role(user, CASE_WORKER_ROLES, organisation_id=case_file.organisation_id):
        return False
    return (
        case_file.responsible_id == user.pk
        or user.pk in team_ids(case_file)
        or case_file.responsible_id in covered_user_ids(user)
    )


@rules.predicate
def leads_cases_of(user, obj) -> bool:
    """`obj` is an Organisation or a CaseFile: the user is a manager or administrator of the
    holding organisation; limited to areas, covering the case's site (or its municipality)."""
    if obj is None or not user.is_authenticated:
        return False
    organisation_id = _organisation_id(obj)
    for membership in memberships_of(user):
        if membership.role not in CASE_LEAD_ROLES or membership.organisation_id != organisation_id:
            continue
        if isinstance(obj, Organisation):
            return True
        areas = {area.pk for area in membership.areas.all()}
        site = obj.site
        if not areas or obj.site_id in areas or (site is not None and site.parent_id in areas):
            return True
    return False


@rules.predicate
def is_case_worker_of(user, obj) -> bool:
    """`obj` is an Organisation: the user is a Kümmerer there (opens cases, has a caseload)."""
    if obj is None or not user.is_authenticated or not isinstance(obj, Organisation):
        return False
    return has_role(user, CASE_WORKER_ROLES, organisation_id=obj.pk)


@rules.predicate
def is_case_worker(user, obj) -> bool:
    """Asked about nothing (the staff menu): whether the user is a Kümmerer anywhere, so has a
    caseload of their own."""
    return obj is None and user.is_authenticated and has_role(user, CASE_WORKER_ROLES)


rules.add_perm("cases.view_casefile", works_on_case | leads_cases_of)
# Journal, assessment, plan, network, reviews, closing and reopening: the people on the case.
rules.add_perm("cases.change_casefile", works_on_case)
# Open a case in an organisation: its Kümmerer and team leaders.
rules.add_perm("cases.add_casefile", is_case_worker_of | leads_cases_of)
# Hand over to a colleague: the responsible Kümmerer (or their cover), or a team leader.
rules.add_perm("cases.hand_over_casefile", works_on_case | leads_cases_of)
# "Meine Begleitungen".
rules.add_perm("cases.view_own_caseload", is_case_worker | is_case_worker_of)
# The caseload of the whole team per Kümmerer and site, and the covers.
rules.add_perm("cases.view_team_caseload", leads_cases_of)
rules.add_perm("cases.manage_cover", leads_cases_of | is_case_worker_of)
