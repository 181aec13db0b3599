"""Opening a case file, and the stage it is in. The other changes live beside this module by
subject (services_file.py: assessment, journal, network; services_plan.py: goals, actions,
reviews, closing; services_team.py: handover, team, cover); each calls `case_stage_refresh`
and `case_event_add` from here."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.cases.models import (
    REVIEW_WEEKS_DEFAULT,
    Action,
    CaseEvent,
    CaseFile,
    Stage,
)
from lotse.cases.rules import CASE_WORKER_ROLES
from lotse.cases.selectors import PURPOSE
from lotse.core.audit import audit_record
from lotse.core.models import Area, Organisation
from lotse.core.permissions import Actor, require
from lotse.core.rules import has_role
from lotse.desk.models import Inquiry
from lotse.people.models import Person

NUMBER_ATTEMPTS = 5


class CaseConflict(ValidationError):
    """The case, or a part of it, is in a state that does not allow the change, or changed
    meanwhile: the API answers 409 (lotse.cases.api_router.refusal), not 422."""


class CaseClosed(CaseConflict):
    """The case is closed: its file and plan are read-only until it is reopened."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or _(
                "Diese Begleitung ist abgeschlossen. Einträge lassen sich erst wieder ändern, "
                "wenn sie wieder aufgenommen wird."
            )
        )


def check_case_open(case_file: CaseFile) -> None:
    if case_file.is_closed:
        raise CaseClosed


def check_case_worker(user: User | None, organisation_id) -> None:
    """`user` is a Kümmerer of the organisation (responsible, team member, cover)."""
    if user is None or not has_role(user, CASE_WORKER_ROLES, organisation_id=organisation_id):
        raise ValidationError(_("Wählen Sie eine Kümmerin oder einen Kümmerer dieses Trägers."))


def check_site(site: Area | None, organisation: Organisation) -> None:
    if (
        site is None
        or site.region_id != organisation.region_id
        or site.kind not in (Area.Kind.QUARTER, Area.Kind.MUNICIPALITY)
    ):
        raise ValidationError({"site": _("Wählen Sie einen Standort aus der Liste.")})


def case_event_add(
    *,
    case_file: CaseFile,
    kind: str,
    actor: Actor,
    note: str = "",
    from_user: User | None = None,
    to_user: User | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case_file=case_file,
        kind=kind,
        actor=actor,
        note=note,
        from_user=from_user,
        to_user=to_user,
    )


def case_stage_of(case_file: CaseFile) -> str:
    """The stage from what has happened: closed; no assessment yet (first contact); assessed
    but no goal (assessment); goals but no action yet (plan); otherwise implementation. A
    case whose review date has come shows as in review (`CaseFile.stage_today`)."""
    if case_file.closed_on is not None:
        return Stage.CLOSED
    if not case_file.assessments.exists():
        return Stage.FIRST_CONTACT
    if not case_file.goals.exists():
        return Stage.ASSESSMENT
    if not Action.objects.filter(case_file=case_file).exists():
        return Stage.PLAN
    return Stage.IMPLEMENTATION


def case_stage_refresh(case_file: CaseFile) -> str:
    """Stores the stage derived from what has happened; a case entering implementation for
    the first time gets its first review date."""
    stage = case_stage_of(case_file)
    fields = []
    if stage != case_file.stage:
        case_file.stage = stage
        fields.append("stage")
    if stage == Stage.IMPLEMENTATION and case_file.next_review_on is None:
        case_file.next_review_on = timezone.localdate() + dt.timedelta(weeks=case_file.review_weeks)
        fields.append("next_review_on")
    if fields:
        case_file.save(update_fields=[*fields, "updated_at"])
    return stage


def _next_number(organisation: Organisation) -> int:
    highest = CaseFile.objects.filter(organisation=organisation).aggregate(Max("number"))
    return (highest["number__max"] or 0) + 1


@transaction.atomic
def case_open(
    *,
    actor: Actor,
    organisation: Organisation,
    person: Person,
    site: Area | None,
    reason: str,
    source: str,
    responsible: User | None = None,
    source_detail: str = "",
    source_inquiry: Inquiry | None = None,
    reason_note: str = "",
    opened_on: dt.date | None = None,
    team: Iterable[User] = (),
    review_weeks: int = REVIEW_WEEKS_DEFAULT,
) -> CaseFile:
    """Opens a case file for a person the organisation holds, with its responsible Kümmerer
    (the actor when none is named) and a number said on the phone."""
    require(actor, "cases.add_casefile", organisation)
    assert actor is not None
    if person.organisation_id != organisation.pk:
        raise ValidationError({"person": _("Diese Person wird von einem anderen Träger betreut.")})
    if person.anonymised_at is not None:
        raise ValidationError({"person": _("Diese Person wurde gelöscht.")})
    if source_inquiry is not None and source_inquiry.organisation_id != organisation.pk:
        raise ValidationError(_("Das Anliegen gehört zu einem anderen Träger."))
    check_site(site, organisation)
    responsible = responsible or actor
    check_case_worker(responsible, organisation.pk)
    team = [user for user in team if user.pk != responsible.pk]
    for member in team:
        check_case_worker(member, organisation.pk)
    today = timezone.localdate()
    case_file = CaseFile(
        organisation=organisation,
        region_id=organisation.region_id,
        site=site,
        person=person,
        responsible=responsible,
        opened_on=opened_on or today,
        source=source,
        source_detail=source_detail.strip(),
        source_inquiry=source_inquiry,
        reason=reason,
        reason_note=reason_note.strip(),
        review_weeks=review_weeks,
        created_by=actor,
    )
    if case_file.opened_on > today:
        raise ValidationError({"opened_on": _("Der Beginn darf nicht in der Zukunft liegen.")})
    case_file.full_clean(exclude=["number"])
    for _attempt in range(NUMBER_ATTEMPTS):
        case_file.number = _next_number(organisation)
        try:
            with transaction.atomic():
                case_file.save(force_insert=True)
            break
        except IntegrityError:
            if not CaseFile.objects.filter(
                organisation=organisation, number=case_file.number
            ).exists():
                raise
    else:
        raise RuntimeError("case number: no free number after several attempts")
    if team:
        case_file.team.set(team)
    case_event_add(
        case_file=case_file, kind=CaseEvent.Kind.OPENED, actor=actor, to_user=responsible
    )
    audit_record(actor=actor, verb="casefile.opened", target=case_file, purpose=PURPOSE)
    return case_file
