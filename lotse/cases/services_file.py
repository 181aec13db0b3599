"""Changes to the case file itself: opening (directly or from a desk inquiry), the assessment
by life areas, the journal of contacts and the network around the person. Each is one function
used by the pages and the staff API alike; a closed case refuses them all (`CaseClosed`, which
the API answers with 409)."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.cases.models import (
    JOURNAL_MINUTES_MAX,
    Assessment,
    AssessmentRating,
    CaseFile,
    JournalEntry,
    LifeArea,
    NetworkContact,
    SupportLevel,
)
from lotse.cases.selectors import CHANGE_CASE, PURPOSE
from lotse.cases.services import case_open, case_stage_refresh, check_case_open
from lotse.core.audit import audit_record
from lotse.core.models import Area, Organisation
from lotse.core.permissions import Actor, require
from lotse.core.text_input import has_forbidden
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_close
from lotse.people.models import Person, Proxy

# Longest free texts, in characters: enough for a careful note, short of a pasted document.
REASON_NOTE_LONGEST = 2000
RATING_NOTE_LONGEST = 1000
JOURNAL_NOTE_LONGEST = 5000
NETWORK_NOTE_LONGEST = 2000
# A contact may be logged ahead by at most this much (an appointment later today, tomorrow).
JOURNAL_AHEAD = dt.timedelta(days=1)
# Nothing the case work records happened before this day.
EARLIEST = dt.date(2000, 1, 1)
# Network roles that may be linked to the person's recorded proxy.
PROXY_ROLES = (NetworkContact.Role.GUARDIAN, NetworkContact.Role.ATTORNEY)


def _text(value: str | None, name: str, longest: int) -> str:
    value = (value or "").strip()
    if has_forbidden(value):
        raise ValidationError({name: _("Der Text enthält ein unerlaubtes Zeichen.")})
    if len(value) > longest:
        raise ValidationError(
            {name: _("Der Text darf höchstens %(n)d Zeichen haben.") % {"n": longest}}
        )
    return value


# --- opening ---------------------------------------------------------------------------------


@transaction.atomic
def case_file_open(
    *,
    actor: Actor,
    organisation: Organisation,
    person: Person,
    site: Area | None,
    reason: str,
    source: str,
    responsible: User | None = None,
    source_detail: str = "",
    reason_note: str = "",
    team: Iterable[User] = (),
) -> CaseFile:
    """Opens a case directly or after a referral by a hospital or a doctor (staff record it):
    `lotse.cases.services.case_open` with the texts checked. An inquiry is taken over by
    `case_open_from_inquiry` instead."""
    require(actor, "cases.add_casefile", organisation)
    if source == CaseFile.Source.INQUIRY:
        raise ValidationError(
            {"source": _("Eine Begleitung aus einem Anliegen beginnt auf der Seite des Anliegens.")}
        )
    return case_open(
        actor=actor,
        organisation=organisation,
        person=person,
        site=site,
        reason=reason,
        source=source,
        responsible=responsible,
        source_detail=_text(source_detail, "source_detail", 200),
        reason_note=_text(reason_note, "reason_note", REASON_NOTE_LONGEST),
        team=team,
    )


@transaction.atomic
def case_open_from_inquiry(
    *,
    actor: Actor,
    inquiry: Inquiry,
    person: Person,
    site: Area | None,
    reason: str,
    responsible: User | None = None,
    source_detail: str = "",
    reason_note: str = "",
    team: Iterable[User] = (),
) -> CaseFile:
    """ "Als Begleitung übernehmen": opens a case for the inquiry's person (or, for an inquiry
    without one, the person chosen) and closes the inquiry through the desk's own service, in
    one transaction: if the desk refuses to close it (open referrals), nothing is opened."""
    require(actor, "cases.add_casefile", inquiry.organisation)
    if inquiry.status == Inquiry.Status.CLOSED:
        raise ValidationError(_("Dieses Anliegen ist schon abgeschlossen."))
    if inquiry.person_id is not None and person.pk != inquiry.person_id:
        raise ValidationError({"person": _("Das Anliegen gehört zu einer anderen Person.")})
    case_file = case_open(
        actor=actor,
        organisation=inquiry.organisation,
        person=person,
        site=site,
        reason=reason,
        source=CaseFile.Source.INQUIRY,
        source_inquiry=inquiry,
        responsible=responsible,
        source_detail=_text(source_detail, "source_detail", 200),
        reason_note=_text(reason_note, "reason_note", REASON_NOTE_LONGEST),
        team=team,
    )
    inquiry_close(
        actor=actor,
        inquiry=inquiry,
        note=_("Als Begleitung %(number)s übernommen") % {"number": case_file.number},
    )
    return case_file


# --- assessment ------------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    actor: Actor,
    case_file: CaseFile,
    assessed_on: dt.date,
    ratings: Mapping[str, tuple[int, str]],
) -> Assessment:
    """An assessment on one day: for each of the 8 life areas the support needed (a
    SupportLevel value) and a note, `ratings[area] = (level, note)`. Earlier assessments stay
    beside it. The case's stage follows (first contact → assessment)."""
    require(actor, CHANGE_CASE, case_file)
    check_case_open(case_file)
    assert actor is not None
    if not isinstance(assessed_on, dt.date) or isinstance(assessed_on, dt.datetime):
        raise ValidationError({"assessed_on": _("Geben Sie das Datum der Einschätzung an.")})
    if assessed_on > timezone.localdate():
        raise ValidationError(
            {"assessed_on": _("Das Datum der Einschätzung darf nicht in der Zukunft liegen.")}
        )
    if assessed_on < case_file.opened_on:
        raise ValidationError(
            {
                "assessed_on": _(
                    "Das Datum der Einschätzung darf nicht vor dem Beginn der Begleitung "
                    "(%(day)s) liegen."
                )
                % {"day": case_file.opened_on.strftime("%d.%m.%Y")}
            }
        )
    missing = [str(LifeArea(area).label) for area in LifeArea.values if area not in ratings]
    if missing or set(ratings) - set(LifeArea.values):
        raise ValidationError(
            {
                "ratings": _("Schätzen Sie jeden Lebensbereich ein: %(areas)s")
                % {"areas": ", ".join(missing) or _("unbekannte Bereiche angegeben")}
            }
        )
    rows = []
    for area in LifeArea.values:
        level, note = ratings[area]
        if isinstance(level, bool) or level not in SupportLevel.values:
            raise ValidationError(
                {
                    f"level_{area}": _(
                        "Wählen Sie für „%(area)s“, wie viel Unterstützung nötig ist."
                    )
                    % {"area": LifeArea(area).label}
                }
            )
        rows.append((area, level, _text(note, f"note_{area}", RATING_NOTE_LONGEST)))
    assessment = Assessment(case_file=case_file, assessed_on=assessed_on, recorded_by=actor)
    assessment.full_clean()
    assessment.save(force_insert=True)
    AssessmentRating.objects.bulk_create(
        [
            AssessmentRating(assessment=assessment, area=area, level=level, note=note)
            for area, level, note in rows
        ]
    )
    case_stage_refresh(case_file)
    audit_record(actor=actor, verb="assessment.recorded", target=case_file, purpose=PURPOSE)
    return assessment


# --- journal ---------------------------------------------------------------------------------


@transaction.atomic
def journal_entry_add(
    *,
    actor: Actor,
    case_file: CaseFile,
    kind: str,
    happened_at: dt.datetime,
    minutes: int,
    note: str = "",
) -> JournalEntry:
    """One contact with or about the person: its kind, when (at most a day ahead), the minutes
    spent (1 to 600) and an encrypted note. The case's last contact moves only forward, so a
    contact logged late does not hide a newer one."""
    require(actor, CHANGE_CASE, case_file)
    check_case_open(case_file)
    assert actor is not None
    if kind not in JournalEntry.Kind.values:
        raise ValidationError({"kind": _("Wählen Sie die Art des Kontakts aus der Liste.")})
    if not isinstance(happened_at, dt.datetime) or timezone.is_naive(happened_at):
        raise ValidationError({"happened_at": _("Geben Sie an, wann der Kontakt war.")})
    if happened_at > timezone.now() + JOURNAL_AHEAD:
        raise ValidationError(
            {"happened_at": _("Der Kontakt darf höchstens einen Tag in der Zukunft liegen.")}
        )
    if timezone.localtime(happened_at).date() < EARLIEST:
        raise ValidationError({"happened_at": _("Der Kontakt liegt zu weit in der Vergangenheit.")})
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not (1 <= minutes <= JOURNAL_MINUTES_MAX)
    ):
        raise ValidationError(
            {
                "minutes": _("Geben Sie die Dauer in ganzen Minuten an, von 1 bis %(most)d.")
                % {"most": JOURNAL_MINUTES_MAX}
            }
        )
    entry = JournalEntry(
        case_file=case_file,
        kind=kind,
        happened_at=happened_at,
        minutes=minutes,
        note=_text(note, "note", JOURNAL_NOTE_LONGEST),
        author=actor,
    )
    entry.full_clean()
    entry.save(force_insert=True)
    # One conditional update: two contacts logged at once cannot move it backwards.
    moved = CaseFile.objects.filter(
        Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=happened_at), pk=case_file.pk
    ).update(last_contact_at=happened_at)
    if moved:
        case_file.last_contact_at = happened_at
    audit_record(actor=actor, verb="journal.added", target=case_file, purpose=PURPOSE)
    return entry


# --- network ---------------------------------------------------------------------------------


def _network_fields(
    contact: NetworkContact,
    case_file: CaseFile,
    *,
    role: str,
    name: str,
    phone: str,
    email: str,
    note: str,
    may_contact: bool,
    agreed_on: dt.date | None,
    proxy: Proxy | None,
) -> None:
    if role not in NetworkContact.Role.values:
        raise ValidationError({"role": _("Wählen Sie eine Rolle aus der Liste.")})
    contact.role = role
    contact.name = _text(name, "name", 150)
    if not contact.name:
        raise ValidationError({"name": _("Geben Sie einen Namen ein.")})
    contact.phone = _text(phone, "phone", 40)
    contact.email = _text(email, "email", 254)
    contact.note = _text(note, "note", NETWORK_NOTE_LONGEST)
    contact.may_contact = bool(may_contact)
    if contact.may_contact:
        if agreed_on is None:
            raise ValidationError(
                {"agreed_on": _("Geben Sie an, seit wann die Person einverstanden ist.")}
            )
        if agreed_on > timezone.localdate():
            raise ValidationError(
                {"agreed_on": _("Das Datum der Zustimmung darf nicht in der Zukunft liegen.")}
            )
        if agreed_on < EARLIEST:
            raise ValidationError(
                {"agreed_on": _("Das Datum der Zustimmung liegt zu weit in der Vergangenheit.")}
            )
        contact.agreed_on = agreed_on
    else:
        # Without the person's agreement there is no "since when".
        contact.agreed_on = None
    if proxy is not None:
        if proxy.person_id != case_file.person_id:
            raise ValidationError(
                {"proxy": _("Wählen Sie eine Vertretung, die für diese Person eingetragen ist.")}
            )
        if role not in PROXY_ROLES:
            raise ValidationError(
                {
                    "proxy": _(
                        "Eine eingetragene Vertretung lässt sich nur bei rechtlicher Betreuung "
                        "oder Vollmacht verknüpfen."
                    )
                }
            )
        if proxy.pk != contact.proxy_id and not proxy.is_active:
            raise ValidationError({"proxy": _("Diese Vertretung ist beendet.")})
    contact.proxy = proxy
    contact.full_clean(exclude=["case_file"])


@transaction.atomic
def network_contact_add(
    *,
    actor: Actor,
    case_file: CaseFile,
    role: str,
    name: str,
    phone: str = "",
    email: str = "",
    note: str = "",
    may_contact: bool = False,
    agreed_on: dt.date | None = None,
    proxy: Proxy | None = None,
) -> NetworkContact:
    """Someone around the person, and whether the person agreed that the Kümmerer may talk to
    them (since `agreed_on`). A legal guardian or attorney may be linked to the person's
    recorded proxy (of this person only), whose scope the network page shows."""
    require(actor, CHANGE_CASE, case_file)
    check_case_open(case_file)
    contact = NetworkContact(case_file=case_file)
    _network_fields(
        contact,
        case_file,
        role=role,
        name=name,
        phone=phone,
        email=email,
        note=note,
        may_contact=may_contact,
        agreed_on=agreed_on,
        proxy=proxy,
    )
    contact.save(force_insert=True)
    audit_record(actor=actor, verb="network.added", target=case_file, purpose=PURPOSE)
    return contact


NETWORK_FIELDS = [
    "role",
    "name",
    "phone",
    "email",
    "note",
    "may_contact",
    "agreed_on",
    "proxy",
    "updated_at",
]


@transaction.atomic
def network_contact_change(
    *,
    actor: Actor,
    contact: NetworkContact,
    role: str,
    name: str,
    phone: str = "",
    email: str = "",
    note: str = "",
    may_contact: bool = False,
    agreed_on: dt.date | None = None,
    proxy: Proxy | None = None,
) -> NetworkContact:
    """Corrects a network contact; withdrawing the agreement (may_contact False) clears its
    date."""
    case_file = contact.case_file
    require(actor, CHANGE_CASE, case_file)
    check_case_open(case_file)
    _network_fields(
        contact,
        case_file,
        role=role,
        name=name,
        phone=phone,
        email=email,
        note=note,
        may_contact=may_contact,
        agreed_on=agreed_on,
        proxy=proxy,
    )
    contact.save(update_fields=NETWORK_FIELDS)
    audit_record(actor=actor, verb="network.changed", target=case_file, purpose=PURPOSE)
    return contact


@transaction.atomic
def network_contact_remove(*, actor: Actor, contact: NetworkContact) -> None:
    """Removes someone from the person's network (the audit log keeps that it happened)."""
    case_file = contact.case_file
    require(actor, CHANGE_CASE, case_file)
    check_case_open(case_file)
    contact.delete()
    audit_record(actor=actor, verb="network.removed", target=case_file, purpose=PURPOSE)


def network_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of network_contact_add/_change from a form's or the API's data."""
    return {
        name: data.get(name, default)
        for name, default in (
            ("role", ""),
            ("name", ""),
            ("phone", ""),
            ("email", ""),
            ("note", ""),
            ("may_contact", False),
            ("agreed_on", None),
            ("proxy", None),
        )
    }
