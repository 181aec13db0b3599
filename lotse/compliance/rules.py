"""Who may read the record of processing activities and run the retention rules, and who may
export a person's data (Art. 15) or anonymise a person (Art. 17).

The record (Art. 30 DSGVO) is an internal document of those accountable for the processing:
neighbourhood management, region coordination and administration; it holds no personal data.

Retention runs are made per holding organisation: its managers and administrators release the
deletion of its records, the same people who may anonymise a person by hand. The
platform run (records of no organisation, such as barrier reports) is released by region
coordination and administration.
"""

import rules
from django.db.models import QuerySet

from lotse.core.models import Role
from lotse.core.rules import has_role
from lotse.people.rules import works_with_people_of

RECORD_ROLES = [Role.MANAGER, Role.REGION_COORDINATOR, Role.ADMINISTRATOR]
# Anonymisation cannot be undone: only those who answer for the office's data decide it.
ERASURE_ROLES = [Role.MANAGER, Role.ADMINISTRATOR]
# The same roles as ERASURE_ROLES: the worker applies a run with the releasing user as actor,
# and anonymising a person asks that user for exactly these roles.
RELEASE_ROLES = ERASURE_ROLES
PLATFORM_ROLES = [Role.REGION_COORDINATOR, Role.ADMINISTRATOR]


def releasing_organisation_ids(user) -> QuerySet:
    """The organisations whose retention runs `user` may release (a subquery)."""
    return user.memberships.filter(role__in=RELEASE_ROLES).values("organisation_id")


def releases_platform_runs(user) -> bool:
    return has_role(user, PLATFORM_ROLES)


@rules.predicate
def reads_processing_record(user) -> bool:
    return has_role(user, RECORD_ROLES)


@rules.predicate
def runs_retention(user) -> bool:
    """May open the retention page and start a dry run (which changes nothing)."""
    return has_role(user, RELEASE_ROLES + PLATFORM_ROLES)


@rules.predicate
def releases_retention_run(user, run) -> bool:
    """A manager or administrator of the organisation the run is for; for the platform run a
    region coordinator or an administrator."""
    if run is None or not user.is_authenticated:
        return False
    if run.organisation_id is None:
        return releases_platform_runs(user)
    return has_role(user, RELEASE_ROLES, organisation_id=run.organisation_id)


rules.add_perm("compliance.view_processing_record", reads_processing_record)
rules.add_perm("compliance.view_retention", runs_retention)
rules.add_perm("compliance.add_retention_run", runs_retention)
rules.add_perm("compliance.release_retention_run", releases_retention_run)


@rules.predicate
def manages_people_of(user, person) -> bool:
    """The user is a manager or an administrator of the organisation that holds the person."""
    if person is None or not user.is_authenticated:
        return False
    return has_role(user, ERASURE_ROLES, organisation_id=person.organisation_id)


# Every colleague who works with the person may answer the person's request for information.
rules.add_perm("compliance.export_person", works_with_people_of)
rules.add_perm("compliance.anonymise_person", manages_people_of)
