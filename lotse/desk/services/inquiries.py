"""Every change of inquiries (Anliegen): recorded by staff or written on the web ("Ich brauche Hilfe
bei …"), counted as a Kurzkontakt, corrected, assigned, closed, followed up. Pages, the API and the
worker call these; each one checks the permission and writes the audit log."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.core.audit import audit_record
from lotse.core.models import Area, Organisation
from lotse.core.permissions import Actor, require
from lotse.desk.models import Inquiry
from lotse.desk.rules import DESK_ROLES
from lotse.desk.services import outbox
from lotse.desk.services.referrals import OPEN_STATUSES
from lotse.directory.models import TaxonomyTerm
from lotse.office.models import Office
from lotse.people.models import ContactChannel, Person

PURPOSE = "Beratung"
# A contact time a little ahead of the server's clock (a PC clock running fast) still counts.
CONTACT_CLOCK_SLACK = dt.timedelta(minutes=5)
# How long after a contact it may still be recorded.
CONTACT_LATEST_RECORDING = dt.timedelta(days=366)
# The fields of Inquiry a form may set with inquiry_update.
# The foreign keys of Inquiry.
INQUIRY_RELATIONS = [
    "organisation",
    "region",
    "quarter",
    "person",
    "assigned_to",
    "created_by",
    "written_by",
]
INQUIRY_FIELDS = (
    "channel",
    "quarter",
    "person",
    "contact_name",
    "contact_phone",
    "contact_email",
    "description",
    "minutes_spent",
    "status",
    "follow_up_on",
)


def _check_person(person: Person | None, organisation: Organisation) -> None:
    if person is not None and person.organisation_id != organisation.pk:
        raise ValidationError({"person": _("Wählen Sie eine Person aus Ihrem Büro")})


def check_quarter(quarter: Area | None, organisation: Organisation) -> None:
    if quarter is not None and (
        quarter.kind != Area.Kind.QUARTER or quarter.region_id != organisation.region_id
    ):
        raise ValidationError({"quarter": _("Wählen Sie ein Quartier aus Ihrem Kreis")})


@transaction.atomic
def inquiry_create(
    *,
    actor: Actor,
    organisation: Organisation,
    channel: str,
    person: Person | None = None,
    quarter: Area | None = None,
    topics: Iterable[TaxonomyTerm] = (),
    description: str = "",
    minutes_spent: int = 0,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    assigned_to: User | None = None,
    follow_up_on: dt.date | None = None,
    contacted_at: dt.datetime | None = None,
    caller_kind: str = "",
    caller_relation: str = "",
    person_name: str = "",
    person_phone: str = "",
    written_by: User | None = None,
) -> Inquiry:
    """Staff record an inquiry for a person or anonymously. Without an actor it is a
    resident's web inquiry ("Ich brauche Hilfe bei …") to an office: it needs a name, a phone
    number or e-mail address and a description, and is linked to no person record;
    `written_by` is the account of a resident who wrote it logged in (they follow its state on
    "Mein Konto"). Written for someone else, it names that person (`person_name`, maybe
    `person_phone`) and how the writer is connected to them (`caller_kind`, not the person,
    and maybe `caller_relation`); the writer's own contact stays in `contact_*`.

    `contacted_at`: when the call or visit was (now when not given; never in the future), so a
    call recorded later is dated right. `caller_kind`: who got in touch when it was not the
    person (Inquiry.CallerKind), with `caller_relation` ("Tochter") and the caller's name and
    phone in `contact_name` and `contact_phone`."""
    if actor is None:
        if organisation.kind != Organisation.Kind.OFFICE:
            raise ValidationError(_("Wählen Sie ein Quartiersbüro"))
        if person is not None or assigned_to is not None:
            raise ValidationError(_("Ein Anliegen aus dem Internet gehört noch zu keiner Person."))
        errors = {}
        if not contact_name.strip():
            errors["contact_name"] = _("Geben Sie Ihren Namen ein")
        if not (contact_phone.strip() or contact_email.strip()):
            errors["contact_phone"] = _(
                "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein, damit wir Sie erreichen"
            )
        if not description.strip():
            errors["description"] = _("Schreiben Sie, wobei Sie Hilfe brauchen")
        for_other = caller_kind not in ("", Inquiry.CallerKind.PERSON)
        if for_other and not person_name.strip():
            errors["person_name"] = _("Geben Sie den Namen der Person ein, für die Sie schreiben")
        if person_name.strip() and not for_other:
            errors["caller_kind"] = _("Wählen Sie, wie Sie mit der Person verbunden sind")
        if errors:
            raise ValidationError(errors)
        channel = Inquiry.Channel.WEB
        minutes_spent = 0
        follow_up_on = None
    else:
        require(actor, "desk.add_inquiry", organisation)
        _check_person(person, organisation)
        if assigned_to is not None:
            _check_assignee(assigned_to, organisation)
    if quarter is None and person is not None:
        quarter = person.quarter
    check_quarter(quarter, organisation)
    now = timezone.now()
    if actor is None or contacted_at is None:
        contacted_at = now
    elif contacted_at > now + CONTACT_CLOCK_SLACK:
        raise ValidationError(
            {"contacted_at": _("Der Zeitpunkt des Kontakts darf nicht in der Zukunft liegen")}
        )
    elif contacted_at < now - CONTACT_LATEST_RECORDING:
        raise ValidationError(
            {"contacted_at": _("Der Zeitpunkt des Kontakts darf höchstens ein Jahr zurückliegen")}
        )
    if actor is not None:
        written_by = None  # staff record inquiries; only a web inquiry has a writer
    if caller_kind and caller_kind not in Inquiry.CallerKind.values:
        raise ValidationError({"caller_kind": _("Wählen Sie, wer sich gemeldet hat")})
    if caller_kind == Inquiry.CallerKind.PERSON:
        caller_relation = ""
    inquiry = Inquiry(
        organisation=organisation,
        region_id=organisation.region_id,
        quarter=quarter,
        channel=channel,
        person=person,
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        description=description.strip(),
        minutes_spent=minutes_spent,
        assigned_to=assigned_to,
        follow_up_on=follow_up_on,
        contacted_at=contacted_at,
        caller_kind=caller_kind,
        caller_relation=caller_relation.strip(),
        person_name=person_name.strip(),
        person_phone=person_phone.strip(),
        created_by=actor,
        written_by=written_by,
    )
    # The related objects are checked above or come from the caller's own records, and the id
    # is new: validating them again would only cost six queries per inquiry.
    inquiry.full_clean(exclude=INQUIRY_RELATIONS, validate_unique=False)
    inquiry.save(force_insert=True)
    topics = list(topics)
    inquiry.topics.add(*topics)
    inquiry.topic_codes = [term.code for term in topics]  # known: no query to answer with them
    audit_record(actor=actor, verb="inquiry.created", target=inquiry, purpose=PURPOSE)
    if assigned_to is not None:
        _notify_assignee(inquiry, user=assigned_to, actor=actor)
    return inquiry


@transaction.atomic
def web_inquiry_submit(
    *,
    office: Office,
    description: str,
    contact_name: str,
    contact_phone: str = "",
    contact_email: str = "",
    topic: TaxonomyTerm | None = None,
    person_name: str = "",
    person_phone: str = "",
    caller_kind: str = "",
    caller_relation: str = "",
    written_by: User | None = None,
) -> Inquiry:
    """A resident's web inquiry ("Ich brauche Hilfe bei …") to the organisation that runs the
    office; the office hears of it by e-mail (its own address, else its organisation's) with
    a link to the inquiry and no personal data. `written_by`: the account of a writer who is
    logged in, who then sees it on "Mein Konto". Someone writing for another person (a
    relative, a neighbour) names that person in `person_name` and `person_phone` and themself
    as the caller (`caller_kind`, `caller_relation`, `contact_*`), as `inquiry_create` says."""
    inquiry = inquiry_create(
        actor=None,
        organisation=office.organisation,
        channel=Inquiry.Channel.WEB,
        quarter=office.quarter,
        topics=[topic] if topic else [],
        description=description,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        person_name=person_name,
        person_phone=person_phone,
        caller_kind=caller_kind,
        caller_relation=caller_relation,
        written_by=written_by,
    )
    email = office.email or office.organisation.email
    if email:
        outbox.enqueue(
            template="desk/inquiry_arrived",
            context={
                "office_name": office.name,
                "link": outbox.page_link("desk:inquiry_detail", inquiry.pk),
            },
            email=email,
            channel=ContactChannel.EMAIL,
            dedupe_key=f"inquiry-arrived:{inquiry.pk}",
        )
    return inquiry


@transaction.atomic
def inquiry_brief_record(
    *,
    actor: Actor,
    organisation: Organisation,
    channel: str,
    topic: TaxonomyTerm | None,
    minutes_spent: int,
    contacted_at: dt.datetime | None = None,
) -> Inquiry:
    """Counts a Kurzkontakt in one step: a quick question answered at once, with its channel,
    topic and minutes, about no person and without a description. It is recorded closed, so
    it counts in the figures without waiting on the dashboard."""
    if channel == Inquiry.Channel.WEB:
        raise ValidationError({"channel": _("Wählen Sie, wie die Person sich gemeldet hat")})
    inquiry = inquiry_create(
        actor=actor,
        organisation=organisation,
        channel=channel,
        topics=[topic] if topic is not None else [],
        minutes_spent=minutes_spent,
        contacted_at=contacted_at,
    )
    inquiry.brief = True
    inquiry.status = Inquiry.Status.CLOSED
    inquiry.closed_at = timezone.now()
    inquiry.save(update_fields=["brief", "status", "closed_at", "updated_at"])
    audit_record(actor=actor, verb="inquiry.brief", target=inquiry, purpose=PURPOSE)
    return inquiry


@transaction.atomic
def inquiry_update(
    *,
    actor: Actor,
    inquiry: Inquiry,
    data: dict[str, Any],
    topics: Iterable[TaxonomyTerm] | None = None,
) -> Inquiry:
    """Changes the given fields. Closing goes through `inquiry_close`; setting a closed
    inquiry back to open or in progress reopens it."""
    require(actor, "desk.change_inquiry", inquiry)
    unknown = set(data) - set(INQUIRY_FIELDS)
    if unknown:
        raise ValueError(f"inquiry_update: unknown fields {sorted(unknown)}")
    if data.get("status") == Inquiry.Status.CLOSED and inquiry.status != Inquiry.Status.CLOSED:
        raise ValidationError({"status": _("Schließen Sie das Anliegen mit „Abschließen“ ab")})
    if "person" in data:
        _check_person(data["person"], inquiry.organisation)
    if "quarter" in data:
        check_quarter(data["quarter"], inquiry.organisation)
    changed = [name for name in data if getattr(inquiry, name) != data[name]]
    for name in changed:
        setattr(inquiry, name, data[name])
    if "status" in changed and inquiry.closed_at is not None:
        inquiry.closed_at = None
        changed.append("closed_at")
    inquiry.full_clean()
    if changed:
        inquiry.save(update_fields=[*changed, "updated_at"])
    if topics is not None:
        topics = list(topics)
        inquiry.topics.set(topics)
        inquiry.topic_codes = [term.code for term in topics]  # not the codes read before
        changed.append("topics")
    if changed:
        audit_record(
            actor=actor,
            verb="inquiry.changed",
            target=inquiry,
            note=" ".join(changed),
            purpose=PURPOSE,
        )
    return inquiry


def _check_assignee(user: User, organisation: Organisation) -> None:
    if not user.memberships.filter(organisation=organisation, role__in=DESK_ROLES).exists():
        raise ValidationError({"assigned_to": _("Wählen Sie jemanden aus Ihrem Büro")})


@transaction.atomic
def inquiry_assign(*, actor: Actor, inquiry: Inquiry, user: User | None) -> Inquiry:
    """Gives the inquiry to a colleague of the office (None: to nobody)."""
    require(actor, "desk.change_inquiry", inquiry)
    if user is not None:
        _check_assignee(user, inquiry.organisation)
    previous_id = inquiry.assigned_to_id
    inquiry.assigned_to = user
    inquiry.save(update_fields=["assigned_to", "updated_at"])
    audit_record(
        actor=actor,
        verb="inquiry.assigned",
        target=inquiry,
        note=str(user.public_id) if user else "",
        purpose=PURPOSE,
    )
    if user is not None and user.pk != previous_id:
        _notify_assignee(inquiry, user=user, actor=actor)
    return inquiry


def _notify_assignee(inquiry: Inquiry, *, user: User, actor: Actor) -> None:
    """An e-mail to a colleague who was given the inquiry (not to whoever gave it to
    themselves): the office and an absolute link, never the person's name or the topic."""
    if actor is not None and actor.pk == user.pk:
        return
    if not user.email:
        return
    outbox.enqueue(
        template="desk/inquiry_assigned",
        context={
            "office": inquiry.organisation.name,
            "by": str(actor) if actor is not None else "",
            "recorded": inquiry.created_at,
            "link": outbox.page_link("desk:inquiry_detail", inquiry.pk),
        },
        email=user.email,
        channel="email",
    )


@transaction.atomic
def inquiry_close(*, actor: Actor, inquiry: Inquiry, note: str = "") -> Inquiry:
    """Closes the inquiry once no referral of it is still open; ends its follow-up."""
    require(actor, "desk.change_inquiry", inquiry)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status == Inquiry.Status.CLOSED:
        raise ValidationError(_("Dieses Anliegen ist schon abgeschlossen."))
    if inquiry.referrals.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _(
                "Dieses Anliegen hat noch offene Weitervermittlungen. Tragen Sie zuerst das "
                "Ergebnis ein oder ziehen Sie sie zurück."
            )
        )
    inquiry.status = Inquiry.Status.CLOSED
    inquiry.closed_at = timezone.now()
    inquiry.follow_up_on = None
    inquiry.follow_up_outcome = False
    inquiry.closing_note = note.strip()
    inquiry.save(
        update_fields=[
            "status",
            "closed_at",
            "follow_up_on",
            "follow_up_outcome",
            "closing_note",
            "updated_at",
        ]
    )
    # The note is on the inquiry (encrypted); the log only says that there is one.
    audit_record(
        actor=actor,
        verb="inquiry.closed",
        target=inquiry,
        note="mit Bemerkung" if inquiry.closing_note else "",
        purpose=PURPOSE,
    )
    return inquiry


@transaction.atomic
def inquiry_follow_up_done(
    *, actor: Actor, inquiry: Inquiry, note: str = "", answer: str = ""
) -> Inquiry:
    """The office asked "Hat es geklappt?": the answer (Inquiry.FollowUpAnswer, or "" when
    the form left it open) and what the person said are kept on the inquiry, and the follow-up
    leaves the dashboard."""
    require(actor, "desk.change_inquiry", inquiry)
    if answer and answer not in Inquiry.FollowUpAnswer.values:
        raise ValidationError({"answer": _("Wählen Sie eine der Antworten")})
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.follow_up_on is None and not inquiry.follow_up_outcome:
        raise ValidationError(_("Für dieses Anliegen ist keine Nachfrage fällig."))
    inquiry.follow_up_on = None
    inquiry.follow_up_outcome = False
    inquiry.follow_up_answer = answer
    inquiry.follow_up_note = note.strip()
    inquiry.followed_up_at = timezone.now()
    inquiry.save(
        update_fields=[
            "follow_up_on",
            "follow_up_outcome",
            "follow_up_answer",
            "follow_up_note",
            "followed_up_at",
            "updated_at",
        ]
    )
    # The answer's code only: what the person said stays on the inquiry (encrypted).
    audit_record(
        actor=actor, verb="inquiry.followed_up", target=inquiry, note=answer, purpose=PURPOSE
    )
    return inquiry
