"""Reads of case files. `access_case_file` is the one way to fetch a case for an actor; it
records the read with its purpose in the audit log, as `access_person` does for persons."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lotse.cases.models import CaseFile
from lotse.cases.rules import CASE_LEAD_ROLES, CASE_WORKER_ROLES, covered_user_ids, team_ids
from lotse.core.audit import audit_record
from lotse.core.models import Organisation
from lotse.core.permissions import Actor, refuse_object
from lotse.core.rules import memberships_of

VIEW_CASE = "cases.view_casefile"
CHANGE_CASE = "cases.change_casefile"
# Why a page shows a case.
PURPOSE = "Begleitung"


def access_case_file(
    actor: Actor, case_id: uuid.UUID | str, *, purpose: str = PURPOSE, perm: str = VIEW_CASE
) -> CaseFile:
    """A case file the actor may see, its read recorded with `purpose`. Another organisation's
    case, or one of the same organisation the actor is not on, answers 404 for anyone without a
    role there and 403 for a colleague (`refuse_object`); a page that needs more than seeing
    (`perm`) refuses with 403 before the read is recorded."""
    try:
        case_file = CaseFile.objects.select_related(
            "person", "organisation", "site", "site__parent", "responsible"
        ).get(id=case_id)
    except (CaseFile.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm(VIEW_CASE, case_file):
        refuse_object(actor, organisation_id=case_file.organisation_id)
    if perm != VIEW_CASE and not actor.has_perm(perm, case_file):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    audit_record(actor=actor, verb="casefile.read", target=case_file, purpose=purpose)
    return case_file


def case_reach(actor: Actor) -> Q:
    """Which case files the actor may see, as one filter (nothing for none): the rules of
    lotse.cases.rules as a query, for lists."""
    reach = Q(pk__in=[])
    if actor is None or not actor.is_authenticated:
        return reach
    worker_orgs = set()
    for membership in memberships_of(actor):
        if membership.role in CASE_WORKER_ROLES:
            worker_orgs.add(membership.organisation_id)
        elif membership.role in CASE_LEAD_ROLES:
            area_ids = [area.pk for area in membership.areas.all()]
            here = Q(organisation_id=membership.organisation_id)
            if area_ids:
                here &= Q(site_id__in=area_ids) | Q(site__parent_id__in=area_ids)
            reach |= here
    if worker_orgs:
        mine = Q(responsible=actor) | Q(team=actor) | Q(responsible_id__in=covered_user_ids(actor))
        reach |= Q(organisation_id__in=worker_orgs) & mine
    return reach


def case_file_list(*, actor: Actor) -> QuerySet[CaseFile]:
    """Every case file the actor may see (open and closed), newest first."""
    return (
        CaseFile.objects.filter(pk__in=CaseFile.objects.filter(case_reach(actor)).values("pk"))
        .select_related("person", "site", "responsible")
        .order_by("-opened_on", "-number")
    )


def case_worker_organisations(*, actor: Actor) -> list[Organisation]:
    """The organisations where the actor may open cases."""
    if actor is None or not actor.is_authenticated:
        return []
    found = {
        membership.organisation_id: membership.organisation
        for membership in memberships_of(actor)
        if membership.role in (*CASE_WORKER_ROLES, *CASE_LEAD_ROLES)
    }
    return sorted(found.values(), key=lambda organisation: organisation.name)


def case_team_ids(*, case_file: CaseFile) -> set:
    return team_ids(case_file)
