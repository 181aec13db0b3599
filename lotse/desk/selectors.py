"""Reads of inquiries and referrals. `access_inquiry` and `access_referral` are the one way to
fetch one for an actor; reads of personal data are recorded in the audit log."""

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.core.audit import audit_record
from lotse.core.models import Membership, Organisation
from lotse.core.permissions import Actor, refuse_object
from lotse.core.rules import memberships_of
from lotse.desk.models import Inquiry, Referral
from lotse.desk.rules import DESK_ROLES, RECEIVING_ROLES
from lotse.directory.models import Address, Service, TaxonomyTerm
from lotse.directory.selectors import topic_list
from lotse.people.matching import fold
from lotse.people.models import Person

INBOX_LIMIT = 200


def access_inquiry(actor: Actor, inquiry_id: uuid.UUID | str, *, purpose: str) -> Inquiry:
    """An inquiry the actor's office holds, the read recorded; otherwise 404 (403 for a
    colleague of the holding organisation without a desk role)."""
    try:
        inquiry = Inquiry.objects.select_related(
            "organisation", "person", "quarter", "assigned_to"
        ).get(id=inquiry_id)
    except (Inquiry.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm("desk.view_inquiry", inquiry):
        refuse_object(actor, organisation_id=inquiry.organisation_id)
    audit_record(actor=actor, verb="inquiry.read", target=inquiry, purpose=purpose)
    return inquiry


def access_referral(
    actor: Actor, referral_id: uuid.UUID | str, *, perm: str = "desk.view_referral"
) -> Referral:
    """A referral the actor's office holds or that went to the actor's organisation, checked
    against `perm`. Who may see it but not do this, and a member of the holding organisation
    without a desk role, get 403; anyone else 404."""
    try:
        referral = Referral.objects.select_related(
            "inquiry",
            "organisation",
            "receiving_organisation",
            "service",
            "person",
            "consent",
        ).get(id=referral_id)
    except (Referral.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm(perm, referral):
        if actor is not None and actor.has_perm("desk.view_referral", referral):
            raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
        refuse_object(actor, organisation_id=referral.organisation_id)
    audit_record(actor=actor, verb="referral.read", target=referral, purpose="Weitervermittlung")
    return referral


def referral_shows_person(referral: Referral) -> bool:
    """Whether the provider may see the person: a consent to share with it, still in force."""
    return bool(
        referral.shares_personal_data
        and referral.consent is not None
        and referral.consent.withdrawn_at is None
        and referral.consent.recipient_id == referral.receiving_organisation_id
    )


def inbox_organisations(*, actor: Actor) -> QuerySet[Organisation]:
    """The organisations for which the actor answers referrals."""
    if actor is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=actor, memberships__role__in=RECEIVING_ROLES
    ).distinct()


def referral_inbox(*, actor: Actor) -> list[Referral]:
    """Open referrals to the actor's organisations, oldest due first."""
    return list(
        Referral.objects.filter(
            receiving_organisation__in=inbox_organisations(actor=actor),
            status__in=[
                Referral.Status.REQUESTED,
                Referral.Status.ACCEPTED,
                Referral.Status.IN_PROGRESS,
                Referral.Status.EXPIRED,
            ],
        )
        .select_related("service", "organisation", "person", "consent")
        .order_by("answer_due", "created_at")[:INBOX_LIMIT]
    )


def referral_alerts(*, organisation: Organisation) -> QuerySet[Referral]:
    """Referrals the office must look at: the provider did not answer in time."""
    return (
        Referral.objects.filter(organisation=organisation, office_alert_at__isnull=False)
        .select_related("service", "receiving_organisation")
        .order_by("office_alert_at")
    )


def inquiry_follow_ups(
    *, organisation: Organisation, today: dt.date | None = None
) -> QuerySet[Inquiry]:
    """Inquiries due for a follow-up call, "Hat es geklappt?" ones included."""
    today = today or timezone.localdate()
    return (
        Inquiry.objects.filter(organisation=organisation, follow_up_on__lte=today)
        .exclude(status=Inquiry.Status.CLOSED)
        .select_related("person", "assigned_to")
        .order_by("follow_up_on")
    )


def service_phone_numbers(service: Service) -> list[str]:
    """The offer's phone numbers, then those of its locations."""
    numbers = [p.number for p in service.phones.all()]
    for sal in service.service_at_locations.select_related("location"):
        numbers += [p.number for p in sal.location.phones.all()]
    return list(dict.fromkeys(numbers))


def service_addresses(service: Service) -> list[str]:
    lines = []
    for sal in service.service_at_locations.select_related("location"):
        for address in sal.location.addresses.all():
            lines.append(f"{address.address_1}, {address.postal_code} {address.city}")
    return lines


def offer_card_addresses(offers: list[Service]) -> dict[uuid.UUID, str]:
    """The first address of each offer ("Marktstraße 3, 34117 Kassel"), from the locations the
    search loaded with its page (`card_links`): one query for the whole page."""
    first_location: dict[uuid.UUID, uuid.UUID] = {}
    for offer in offers:
        links = getattr(offer, "card_links", None)
        if links is None:
            links = offer.service_at_locations.all()
        for link in links:
            first_location.setdefault(offer.id, link.location_id)
    lines: dict[uuid.UUID, str] = {}
    for address in Address.objects.filter(location_id__in=set(first_location.values())).order_by(
        "address_1"
    ):
        lines.setdefault(
            address.location_id, f"{address.address_1}, {address.postal_code} {address.city}"
        )
    return {
        offer_id: lines[location_id]
        for offer_id, location_id in first_location.items()
        if location_id in lines
    }


def platform_organisation_ids(organisation_ids) -> set[uuid.UUID]:
    """Those of the organisations where someone can answer referrals here (one query for a
    whole list of offers or referrals)."""
    return set(
        Membership.objects.filter(
            organisation_id__in=organisation_ids, role__in=RECEIVING_ROLES
        ).values_list("organisation_id", flat=True)
    )


# The office's pages ----------------------------------------------------------------------------


def desk_organisations(*, actor: Actor) -> list[Organisation]:
    """The organisations whose inquiries the actor works with, by name (the first is the one
    pages and API use unless another is chosen). From the memberships the permission checks
    read anyway: no query of its own."""
    if actor is None:
        return []
    chosen = {
        m.organisation_id: m.organisation for m in memberships_of(actor) if m.role in DESK_ROLES
    }
    return sorted(chosen.values(), key=lambda organisation: organisation.name)


def desk_organisation_chosen(*, actor: Actor, wanted: str | uuid.UUID | None) -> Organisation:
    """The office a page or API call works with: `wanted` (an id, as the office chooser
    sends it), or the first by name when none is given. An office where the actor has no
    desk role, or none at all, is refused with 403, never silently swapped for another."""
    organisations = desk_organisations(actor=actor)
    if wanted:
        organisations = [o for o in organisations if str(o.pk) == str(wanted)]
    if not organisations:
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    return organisations[0]


def desk_staff(*, organisation: Organisation) -> QuerySet[User]:
    """Who may be given an inquiry of the organisation: its members with a desk role."""
    return (
        User.objects.filter(
            memberships__organisation=organisation, memberships__role__in=DESK_ROLES
        )
        .distinct()
        .order_by("name", "email")
    )


def inquiry_persons(*, organisation: Organisation) -> QuerySet[Person]:
    """The persons an inquiry of the organisation may be about, with the quarter an inquiry
    about them takes over."""
    return Person.objects.filter(
        organisation=organisation, anonymised_at__isnull=True
    ).select_related("quarter")


def inquiry_open_list(*, organisation: Organisation) -> QuerySet[Inquiry]:
    """The organisation's inquiries not yet closed, newest first."""
    return (
        Inquiry.objects.filter(organisation=organisation)
        .exclude(status=Inquiry.Status.CLOSED)
        .select_related("person", "assigned_to")
        .order_by("-created_at")
    )


def inquiry_list(
    *,
    organisation: Organisation,
    state: str = "offen",
    assignee: str = "",
    topic: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    name: str = "",
) -> QuerySet[Inquiry]:
    """The organisation's inquiries for the dashboard, newest first. `state`: "offen" (not
    closed), "abgeschlossen" or "alle"; `assignee`: a colleague's public id or "niemand";
    `topic`: a topic code; `since`/`until`: the days recorded (both included); `name`: words
    of the person's name (spelt as the person search allows: "Mueller" finds "Müller") or of
    the name a web inquiry came with."""
    inquiries = Inquiry.objects.filter(organisation=organisation)
    if state == "offen":
        inquiries = inquiries.exclude(status=Inquiry.Status.CLOSED)
    elif state == "abgeschlossen":
        inquiries = inquiries.filter(status=Inquiry.Status.CLOSED)
    if assignee == "niemand":
        inquiries = inquiries.filter(assigned_to__isnull=True)
    elif assignee:
        try:
            inquiries = inquiries.filter(assigned_to__public_id=uuid.UUID(assignee))
        except ValueError:
            inquiries = inquiries.none()
    if topic:
        tagged = Inquiry.topics.through.objects.filter(taxonomyterm__code=topic)
        inquiries = inquiries.filter(pk__in=tagged.values("inquiry_id"))
    zone = timezone.get_current_timezone()
    if since is not None:
        inquiries = inquiries.filter(
            created_at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=zone)
        )
    if until is not None:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        inquiries = inquiries.filter(created_at__lt=end)
    words = fold(name).split()
    if words:
        by_person = Q()
        for word in words:
            by_person &= Q(person__search_name__contains=word)
        typed = name.strip()
        inquiries = inquiries.filter(
            by_person | Q(person_name__icontains=typed) | Q(contact_name__icontains=typed)
        )
    return inquiries.select_related("person", "assigned_to").order_by("-created_at")


def brief_contact_count(*, organisation: Organisation, day: dt.date | None = None) -> int:
    """How many Kurzkontakte the office counted on the day (today)."""
    day = day or timezone.localdate()
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return Inquiry.objects.filter(
        organisation=organisation,
        brief=True,
        contacted_at__gte=start,
        contacted_at__lt=start + dt.timedelta(days=1),
    ).count()


def inquiry_referrals(*, inquiry: Inquiry) -> list[Referral]:
    """The inquiry's referrals, newest first, each with its events."""
    return list(
        inquiry.referrals.select_related("service", "receiving_organisation")
        .prefetch_related("events")
        .order_by("-created_at")
    )


def inquiry_topic_list(*, codes: list[str]) -> QuerySet[TaxonomyTerm]:
    """The topics an inquiry may carry (those of the inquiry form) with these codes."""
    return topic_list().filter(code__in=codes)


# How many of their messages to the office a resident sees on "Mein Konto", newest first.
WRITTEN_LIST_SIZE = 20


def inquiry_list_written_by(*, user: User) -> list[Inquiry]:
    """The web inquiries a resident wrote logged in, newest first: for "Mein Konto", which
    shows when, to whom, the topics and the state, never the office's notes."""
    return list(
        Inquiry.objects.filter(written_by=user)
        .select_related("organisation")
        .prefetch_related("topics")
        .order_by("-created_at")[:WRITTEN_LIST_SIZE]
    )
