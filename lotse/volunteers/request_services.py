"""Every change of a request for help: recorded (by the person on the public form, by staff
from a call, handed over from the desk), offered to helpers, accepted or declined (by link or
SMS code; the first acceptance wins), expired, done or not done (by the helper's report or by
staff), withdrawn, opened again. One function per change; each checks the permission and the
allowed transition (HelpRequest.TRANSITIONS), writes the audit log and the messages. Pages,
the API, the SMS hook and the worker call these.

The consent gate: the helper gets the person's phone and e-mail only when the person agreed to
pass them on (people.Consent purpose PASS_ON), see `contact_for_helper`.

The loop back to a desk inquiry: volunteers does not import desk; desk registers a hook
(`request_finished_hook_register`) that is called when a request linked to an inquiry ends."""

import datetime as dt
import logging
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.links import site_link
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.core.permissions import Actor, require
from lotse.core.text_input import has_forbidden
from lotse.notifications.services import message_enqueue
from lotse.people.models import Consent, ContactChannel, Person
from lotse.people.services import ConsentMissing, consent_require, person_register
from lotse.volunteers import ranking
from lotse.volunteers.models import (
    LANGUAGES,
    Device,
    Helper,
    HelpOffer,
    HelpRequest,
    HelpSession,
    Place,
    Topic,
    new_sms_code,
)
from lotse.volunteers.selectors import coordinating_organisation
from lotse.volunteers.services import home_visit_blockers

logger = logging.getLogger(__name__)

PURPOSE = "Digital-Hilfe"
State = HelpRequest.State
OfferState = HelpOffer.State
# Longest free text of a request (what it is about, when the person is free, a reason).
TEXT_LONGEST = 2000
# At most this many helpers in one offer.
OFFER_MOST = 10


class TransitionRefused(ValidationError):
    """A change the request's state does not allow (the API answers 409)."""


# --- the loop back to a desk inquiry --------------------------------------------------------

# (help_request) -> None; called in the transaction that ends a request linked to an inquiry.
RequestFinishedHook = Callable[[HelpRequest], None]
_finished_hooks: dict[str, RequestFinishedHook] = {}


def request_finished_hook_register(key: str, hook: RequestFinishedHook) -> None:
    """Another app (desk) wants to hear when a request linked to one of its records ends
    (done, not done, withdrawn)."""
    _finished_hooks[key] = hook


def _finished(help_request: HelpRequest) -> None:
    if help_request.source_inquiry_id is None:
        return
    for key in sorted(_finished_hooks):
        _finished_hooks[key](help_request)


# --- checks ---------------------------------------------------------------------------------


def _state_label(state: str) -> str:
    return str(State(state).label)


def _move(help_request: HelpRequest, to_state: str) -> str:
    """Checks the transition; returns the old state. Refusals are German."""
    if to_state not in HelpRequest.TRANSITIONS.get(help_request.state, ()):
        raise TransitionRefused(
            _("Die Anfrage ist „%(old)s“; „%(new)s“ geht von dort nicht.")
            % {"old": _state_label(help_request.state), "new": _state_label(to_state)}
        )
    old = help_request.state
    help_request.state = to_state
    return old


def _locked(help_request: HelpRequest) -> HelpRequest:
    return (
        HelpRequest.objects.select_for_update(of=("self",))
        .select_related("person", "assigned_helper__person", "quarter", "organisation")
        .get(pk=help_request.pk)
    )


def _text(value: str, name: str) -> str:
    value = (value or "").strip()
    if has_forbidden(value):
        raise ValidationError({name: _("Der Text enthält ein unerlaubtes Zeichen")})
    if len(value) > TEXT_LONGEST:
        raise ValidationError(
            {name: _("Der Text darf höchstens %(n)d Zeichen haben") % {"n": TEXT_LONGEST}}
        )
    return value


def _check_request_data(data: dict[str, Any]) -> dict[str, Any]:
    topics = list(data.get("topics") or [])
    if not all(isinstance(t, str) and t in Topic.values for t in topics):
        raise ValidationError({"topics": _("Wählen Sie Themen aus der Liste")})
    device = data.get("device") or ""
    if device not in Device.values and device != "":
        raise ValidationError({"device": _("Wählen Sie ein Gerät aus der Liste")})
    language = data.get("language") or "de"
    if language not in dict(LANGUAGES):
        raise ValidationError({"language": _("Wählen Sie eine Sprache aus der Liste")})
    place = data.get("place") or Place.HOME
    if place not in Place.values:
        raise ValidationError({"place": _("Wählen Sie aus, wo Ihnen geholfen werden soll")})
    urgency = data.get("urgency") or HelpRequest.Urgency.NORMAL
    if urgency not in HelpRequest.Urgency.values:
        raise ValidationError({"urgency": _("Wählen Sie aus, wie eilig es ist")})
    slots = []
    for slot in data.get("free_slots") or []:
        if (
            not isinstance(slot, dict)
            or slot.get("weekday") not in range(7)
            or slot.get("part") not in ranking.DAY_PARTS
        ):
            raise ValidationError({"free_slots": _("Wählen Sie Tage und Tageszeiten aus")})
        slots.append({"weekday": slot["weekday"], "part": slot["part"]})
    return {
        "topics": topics,
        "device": device,
        "language": language,
        "place": place,
        "urgency": urgency,
        "free_slots": slots,
        "free_times": _text(data.get("free_times", ""), "free_times"),
        "description": _text(data.get("description", ""), "description"),
    }


def _check_quarter(quarter: Area | None, organisation: Organisation) -> None:
    if quarter is not None and (
        quarter.kind != Area.Kind.QUARTER or quarter.region_id != organisation.region_id
    ):
        raise ValidationError({"quarter": _("Wählen Sie ein Quartier aus der Liste")})


# --- recording a request --------------------------------------------------------------------


def _request_new(
    *,
    actor: Actor,
    organisation: Organisation,
    quarter: Area | None,
    person: Person,
    data: dict[str, Any],
    source_inquiry_id: uuid.UUID | None = None,
) -> HelpRequest:
    values = _check_request_data(data)
    point = ranking.postcode_point(person.postcode)
    help_request = HelpRequest(
        organisation=organisation,
        region_id=organisation.region_id,
        quarter=quarter or person.quarter,
        person=person,
        source_inquiry_id=source_inquiry_id,
        created_by=actor,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        **values,
    )
    help_request.full_clean(exclude=["person", "organisation", "region", "quarter"])
    help_request.save(force_insert=True)
    audit_record(
        actor=actor,
        verb="help_request.created",
        target=help_request,
        note="inquiry" if source_inquiry_id else "",
        purpose=PURPOSE,
    )
    return help_request


@transaction.atomic
def help_request_submit(
    *,
    quarter: Area,
    person_data: dict[str, Any],
    data: dict[str, Any],
    consent_pass_on: bool = False,
) -> HelpRequest:
    """A resident asks for help on the public form, without an account. The person is stored
    with the consents they gave there: to keep the data (the purpose of the form), to be
    contacted on the chosen way, and (`consent_pass_on`) to give their phone or e-mail to the
    helper. The request belongs to the organisation that coordinates `quarter`."""
    organisation = coordinating_organisation(quarter=quarter)
    if organisation is None:
        raise ValidationError({"quarter": _("In diesem Quartier gibt es noch keine Digitalhilfe")})
    _check_quarter(quarter, organisation)
    return _submit(
        actor=None,
        organisation=organisation,
        quarter=quarter,
        person_data=person_data,
        data=data,
        consent_pass_on=consent_pass_on,
        given_how=Consent.GivenHow.ONLINE,
    )


def _submit(
    *,
    actor: Actor,
    organisation: Organisation,
    quarter: Area,
    person_data: dict[str, Any],
    data: dict[str, Any],
    consent_pass_on: bool,
    given_how: str,
) -> HelpRequest:
    errors = {}
    if not str(person_data.get("given_name", "")).strip():
        errors["given_name"] = _("Geben Sie den Vornamen ein")
    if not str(person_data.get("family_name", "")).strip():
        errors["family_name"] = _("Geben Sie den Nachnamen ein")
    phone = str(person_data.get("phone", "")).strip()
    email = str(person_data.get("email", "")).strip()
    if not (phone or email):
        errors["phone"] = _(
            "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein, damit wir Sie erreichen"
        )
    if errors:
        raise ValidationError(errors)
    channel = person_data.get("contact_channel") or (
        ContactChannel.PHONE if phone else ContactChannel.EMAIL
    )
    if channel == ContactChannel.EMAIL and not email:
        raise ValidationError({"email": _("Geben Sie Ihre E-Mail-Adresse ein")})
    if channel in (ContactChannel.PHONE, ContactChannel.SMS) and not phone:
        raise ValidationError({"phone": _("Geben Sie Ihre Telefonnummer ein")})
    consents: list[tuple[str, str]] = [
        (Consent.Purpose.KEEP, ""),
        (Consent.Purpose.CONTACT, str(channel)),
    ]
    if consent_pass_on:
        consents.append((Consent.Purpose.PASS_ON, ""))
    _check_request_data(data)
    person = person_register(
        actor=actor,
        organisation=organisation,
        data={**person_data, "contact_channel": channel, "quarter": quarter},
        consents=consents,
        given_how=given_how,
        purpose=PURPOSE,
    )
    help_request = _request_new(
        actor=actor, organisation=organisation, quarter=quarter, person=person, data=data
    )
    _notify_dispatchers(help_request)
    return help_request


@transaction.atomic
def help_request_record(
    *,
    actor: Actor,
    organisation: Organisation,
    quarter: Area,
    person_data: dict[str, Any],
    data: dict[str, Any],
    consent_pass_on: bool = False,
) -> HelpRequest:
    """Staff record a request for someone who called (multiplier, office, quarter manager):
    the person said yes on the phone to the consents recorded with it."""
    require(actor, "volunteers.add_help_request", organisation)
    _check_quarter(quarter, organisation)
    return _submit(
        actor=actor,
        organisation=organisation,
        quarter=quarter,
        person_data=person_data,
        data=data,
        consent_pass_on=consent_pass_on,
        given_how=Consent.GivenHow.VERBAL_PHONE,
    )


@transaction.atomic
def help_request_hand_over(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    source_inquiry_id: uuid.UUID | None = None,
    quarter: Area | None = None,
) -> HelpRequest:
    """Staff hand a person they work with over to the digital helpers ("An Digital-Hilfe
    weitergeben"): from a desk inquiry (linked to it, once while it runs) or from a Kümmerer's
    help plan (no inquiry; the plan's action links the request). The request is held by the
    organisation that coordinates the person's quarter (or the person's own organisation when
    none does). The caller has checked that the actor may see the inquiry or case; here: that
    they may record requests there."""
    quarter = quarter or person.quarter
    organisation = (coordinating_organisation(quarter=quarter) if quarter else None) or (
        person.organisation
    )
    require(actor, "volunteers.add_help_request", person.organisation)
    if quarter is None:
        raise ValidationError({"quarter": _("Tragen Sie zuerst das Quartier der Person ein")})
    if organisation.pk != person.organisation_id:
        # The request's data goes to another organisation: only with the person's consent.
        consent_require(person=person, purpose=Consent.Purpose.SHARE, recipient=organisation)
    if (
        source_inquiry_id is not None
        and HelpRequest.objects.filter(
            source_inquiry_id=source_inquiry_id,
            state__in=[State.OPEN, State.OFFERED, State.AGREED],
        ).exists()
    ):
        raise TransitionRefused(_("Dieses Anliegen ist schon an die Digital-Hilfe gegeben."))
    help_request = _request_new(
        actor=actor,
        organisation=organisation,
        quarter=quarter,
        person=person,
        data=data,
        source_inquiry_id=source_inquiry_id,
    )
    _notify_dispatchers(help_request)
    return help_request


def _dispatcher_emails(help_request: HelpRequest) -> list[str]:
    return sorted(
        {
            m.user.email
            for m in Membership.objects.filter(
                organisation_id=help_request.organisation_id, role=Role.MULTIPLIER
            ).select_related("user")
            if m.user.is_active and m.user.email
        }
    )


def _notify_dispatchers(help_request: HelpRequest) -> None:
    """The organisation's multipliers hear of a new request (a link, no personal data)."""
    link = site_link(reverse("volunteers:request_detail", args=[help_request.pk]))
    for email in _dispatcher_emails(help_request):
        try:
            message_enqueue(
                template="volunteers/help_request_new",
                context={"link": link, "quarter": str(help_request.quarter or "")},
                email=email,
                channel=ContactChannel.EMAIL,
                dedupe_key=f"help-request-new:{help_request.pk}:{email}",
            )
        except ValidationError:
            logger.warning("request notice not sent: request=%s", help_request.pk)


# --- offering to helpers --------------------------------------------------------------------


def offer_blockers(help_request: HelpRequest, helper: Helper, *, on_date: dt.date) -> list[str]:
    """Why the request may not be offered to the helper, in German; empty: it may. For a home
    visit the credentials (services.home_visit_blockers) and the helper's own radius count."""
    reasons = []
    if helper.region_id != help_request.region_id:
        return [_("gehört zu einem anderen Kreis")]
    if helper.status != Helper.Status.ACTIVE:
        reasons.append(_("ist nicht aktiv"))
    if help_request.place == Place.PHONE and not helper.phone_help:
        reasons.append(_("hilft nicht am Telefon"))
    if help_request.place == Place.HOME:
        if not helper.home_visits:
            reasons.append(_("macht keine Hausbesuche"))
        else:
            reasons.extend(b for b in home_visit_blockers(helper, on_date) if b not in reasons)
            if (
                help_request.latitude is not None
                and help_request.longitude is not None
                and helper.latitude is not None
                and helper.longitude is not None
            ):
                km = ranking.distance_km(
                    (help_request.latitude, help_request.longitude),
                    (helper.latitude, helper.longitude),
                )
                if km > helper.radius_km:
                    reasons.append(
                        _("wohnt %(km)s entfernt, fährt aber nur %(radius)d km")
                        % {"km": ranking.km_text(km), "radius": helper.radius_km}
                    )
    return reasons


def _unique_sms_code() -> str:
    for _try in range(20):
        code = new_sms_code()
        if not HelpOffer.objects.filter(sms_code=code, state=OfferState.OFFERED).exists():
            return code
    raise RuntimeError("no free SMS code")  # pragma: no cover - a million codes


@transaction.atomic
def help_request_offer(
    *,
    actor: Actor,
    help_request: HelpRequest,
    helpers: Iterable[Helper],
    hours: int | None = None,
) -> list[HelpOffer]:
    """Offers the request to one or several helpers: an offer each with a link and an SMS
    code, valid LOTSE_HELP_OFFER_HOURS. Offen → Angeboten (or stays Angeboten when offered to
    more). Refused for a helper who may not take it (offer_blockers), in German."""
    require(actor, "volunteers.dispatch_help_request", help_request)
    help_request = _locked(help_request)
    helpers = list(helpers)
    if not helpers:
        raise ValidationError(
            {"helpers": _("Wählen Sie mindestens eine Helferin oder einen Helfer")}
        )
    if len(helpers) > OFFER_MOST:
        raise ValidationError(
            {"helpers": _("Bieten Sie die Anfrage höchstens %(n)d Menschen an") % {"n": OFFER_MOST}}
        )
    if help_request.state not in (State.OPEN, State.OFFERED):
        raise TransitionRefused(
            _("Die Anfrage ist „%(state)s“ und kann nicht mehr angeboten werden.")
            % {"state": help_request.get_state_display()}
        )
    day = (
        help_request.appointment_at.date() if help_request.appointment_at else timezone.localdate()
    )
    already = set(
        help_request.offers.filter(state=OfferState.OFFERED).values_list("helper_id", flat=True)
    )
    refused = []
    for helper in helpers:
        blockers = offer_blockers(help_request, helper, on_date=day)
        if helper.pk in already:
            blockers.append(_("hat das Angebot schon"))
        if blockers:
            refused.append(f"{helper.person}: {', '.join(blockers)}")
    if refused:
        raise ValidationError(
            {"helpers": [_("Nicht möglich für %(why)s") % {"why": r} for r in refused]}
        )
    hours = hours or settings.LOTSE_HELP_OFFER_HOURS
    now = timezone.now()
    offers = []
    for helper in helpers:
        offer = HelpOffer(
            request=help_request,
            helper=helper,
            region_id=help_request.region_id,
            sms_code=_unique_sms_code(),
            offered_at=now,
            expires_at=now + dt.timedelta(hours=hours),
            offered_by=actor,
        )
        offer.full_clean(exclude=["request", "helper", "region"])
        offer.save(force_insert=True)
        offers.append(offer)
        audit_record(actor=actor, verb="help_offer.created", target=offer, purpose=PURPOSE)
        _notify_offer(offer, help_request=help_request)
    if help_request.state == State.OPEN:
        old = _move(help_request, State.OFFERED)
        help_request.save(update_fields=["state", "updated_at"])
        audit_record(
            actor=actor,
            verb="help_request.offered",
            target=help_request,
            note=f"{old} -> {help_request.state}",
            purpose=PURPOSE,
        )
    return offers


def _offer_context(offer: HelpOffer, help_request: HelpRequest) -> dict[str, Any]:
    return {
        "link": site_link(reverse("volunteers:offer_answer", args=[offer.token])),
        "code": offer.sms_code,
        "topics": ", ".join(help_request.topic_labels()),
        "device": help_request.get_device_display(),
        "place": help_request.get_place_display(),
        "quarter": str(help_request.quarter or ""),
        "expires_at": offer.expires_at,
    }


def _notify_offer(offer: HelpOffer, *, help_request: HelpRequest) -> None:
    """To the helper on their way (e-mail with the links, SMS with the code): no name, no
    address of the person, only what the helper needs to decide."""
    helper_person = offer.helper.person
    channel = (
        ContactChannel.SMS
        if helper_person.contact_channel == ContactChannel.SMS
        else ContactChannel.EMAIL
    )
    message_enqueue(
        template="volunteers/help_offer",
        context=_offer_context(offer, help_request),
        person=helper_person,
        channel=channel,
        dedupe_key=f"help-offer:{offer.pk}",
    )


# --- answers of the helper ------------------------------------------------------------------


def _offer_locked(offer: HelpOffer) -> HelpOffer:
    return (
        HelpOffer.objects.select_for_update(of=("self",))
        .select_related("helper__person")
        .get(pk=offer.pk)
    )


def _answerable(offer: HelpOffer) -> None:
    if offer.state == OfferState.TAKEN:
        raise TransitionRefused(_("Jemand anderes hat diese Anfrage schon übernommen. Danke!"))
    if offer.state == OfferState.ACCEPTED:
        raise TransitionRefused(_("Sie haben diese Anfrage schon angenommen."))
    if offer.state == OfferState.DECLINED:
        raise TransitionRefused(_("Sie haben diese Anfrage schon abgelehnt."))
    if offer.state == OfferState.EXPIRED or offer.expires_at <= timezone.now():
        raise TransitionRefused(
            _("Die Zeit für eine Antwort ist um. Die Anfrage ist wieder bei der Vermittlung.")
        )


@transaction.atomic
def help_offer_accept(
    *,
    offer: HelpOffer,
    actor: Actor = None,
    appointment_at: dt.datetime | None = None,
    appointment_place: str = "",
) -> HelpRequest:
    """The helper takes the request (by the link, the SMS code or on "Meine Einsätze"). The
    request row is locked first, so of two helpers answering at once one wins; the other
    offers become "Vergeben" and those helpers are told. Angeboten → Zugesagt. The person is
    told who comes (and when, if the helper named a time) on their way."""
    # Lock the request before the offer: every path that changes offers of a request does so.
    help_request = _locked(offer.request)
    offer = _offer_locked(offer)
    if actor is not None and offer.helper.user_id != actor.pk:
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    _answerable(offer)
    if help_request.state != State.OFFERED:
        raise TransitionRefused(_("Jemand anderes hat diese Anfrage schon übernommen. Danke!"))
    appointment_place = _text(appointment_place, "appointment_place")[:200]
    if appointment_at is not None and appointment_at < timezone.now() - dt.timedelta(hours=1):
        raise ValidationError({"appointment_at": _("Der Termin muss in der Zukunft liegen")})
    now = timezone.now()
    offer.state = OfferState.ACCEPTED
    offer.answered_at = now
    offer.save(update_fields=["state", "answered_at"])
    audit_record(actor=actor, verb="help_offer.accepted", target=offer, purpose=PURPOSE)
    old = _move(help_request, State.AGREED)
    help_request.assigned_helper = offer.helper
    help_request.appointment_at = appointment_at
    help_request.appointment_place = appointment_place
    help_request.first_contact_at = help_request.first_contact_at or now
    help_request.save(
        update_fields=[
            "state",
            "assigned_helper",
            "appointment_at",
            "appointment_place",
            "first_contact_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        verb="help_request.agreed",
        target=help_request,
        note=f"{old} -> {help_request.state}",
        purpose=PURPOSE,
    )
    for other in (
        help_request.offers.select_for_update(of=("self",))
        .filter(state=OfferState.OFFERED)
        .select_related("helper__person")
    ):
        other.state = OfferState.TAKEN
        other.answered_at = now
        other.save(update_fields=["state", "answered_at"])
        audit_record(actor=None, verb="help_offer.taken", target=other, purpose=PURPOSE)
        message_enqueue(
            template="volunteers/help_offer_taken",
            context={"quarter": str(help_request.quarter or "")},
            person=other.helper.person,
            dedupe_key=f"help-offer-taken:{other.pk}",
        )
    helper_person = offer.helper.person
    message_enqueue(
        template="volunteers/help_request_agreed",
        context={
            "helper_name": f"{helper_person.given_name} {helper_person.family_name[:1]}.",
            "appointment_at": appointment_at,
            "appointment_place": appointment_place,
            "place": help_request.get_place_display(),
        },
        person=help_request.person,
        dedupe_key=f"help-request-agreed:{help_request.pk}:{offer.pk}",
    )
    return help_request


@transaction.atomic
def help_offer_decline(*, offer: HelpOffer, actor: Actor = None) -> HelpOffer:
    """The helper says no. When nobody else still has the offer, the request goes back to the
    board (Angeboten → Offen)."""
    help_request = _locked(offer.request)
    offer = _offer_locked(offer)
    if actor is not None and offer.helper.user_id != actor.pk:
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    _answerable(offer)
    offer.state = OfferState.DECLINED
    offer.answered_at = timezone.now()
    offer.save(update_fields=["state", "answered_at"])
    audit_record(actor=actor, verb="help_offer.declined", target=offer, purpose=PURPOSE)
    _back_to_board_if_unanswered(help_request)
    return offer


def _back_to_board_if_unanswered(help_request: HelpRequest) -> None:
    if help_request.state != State.OFFERED:
        return
    if help_request.offers.filter(state=OfferState.OFFERED).exists():
        return
    old = _move(help_request, State.OPEN)
    help_request.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=None,
        verb="help_request.reopened",
        target=help_request,
        note=f"{old} -> {help_request.state}",
        purpose=PURPOSE,
    )


# The SMS answer: the six-digit code and a yes or no, in any order ("123456 ja", "Nein 123456").
SMS_CODE = re.compile(r"\b(\d{6})\b")
SMS_YES = {"ja", "j", "yes", "ok", "jo", "gerne"}
SMS_NO = {"nein", "n", "no", "nee"}


@dataclass(frozen=True)
class SmsAnswer:
    accepted: bool
    reply: str  # what to answer the helper by SMS


def _phone_digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0049"):
        digits = "0" + digits[4:]
    elif digits.startswith("49") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def answer_by_sms(*, phone: str, text: str) -> SmsAnswer:
    """An SMS a helper sent back to the gateway (POST /digitalhilfe/sms/antwort/): the offer
    with this code, still open, of a helper with this phone number is accepted ("ja") or
    declined ("nein"). Anything else gets a short German reply and changes nothing."""
    text = (text or "").replace("\x00", "")[:500]
    match = SMS_CODE.search(text)
    words = {w.strip(".,!") for w in text.lower().split()}
    if match is None:
        return SmsAnswer(False, _("Bitte schicken Sie den Code aus unserer SMS und JA oder NEIN."))
    yes, no = bool(words & SMS_YES), bool(words & SMS_NO)
    if yes == no:
        return SmsAnswer(False, _("Bitte schicken Sie den Code und JA oder NEIN."))
    sender = _phone_digits(phone)
    offer = (
        HelpOffer.objects.filter(sms_code=match.group(1), state=OfferState.OFFERED)
        .select_related("helper__person")
        .first()
    )
    if offer is None or not sender or _phone_digits(offer.helper.person.phone) != sender:
        return SmsAnswer(False, _("Zu diesem Code gibt es keine offene Anfrage."))
    try:
        if yes:
            help_offer_accept(offer=offer)
            return SmsAnswer(True, _("Danke! Die Anfrage gehört Ihnen. Wir melden uns."))
        help_offer_decline(offer=offer)
        return SmsAnswer(False, _("Danke für Ihre Antwort."))
    except ValidationError as exc:
        return SmsAnswer(False, " ".join(exc.messages))


# --- no answer in time ----------------------------------------------------------------------


def help_offers_expire(*, now: dt.datetime | None = None) -> int:
    """Offers without an answer past their time become "Abgelaufen"; a request whose offers
    all ran out goes back to the board (where it shows a warning). Each request in its own
    transaction, so a run that stops half-way is continued by the next (the worker, hourly)."""
    now = now or timezone.now()
    request_ids = list(
        HelpOffer.objects.filter(state=OfferState.OFFERED, expires_at__lte=now)
        .values_list("request_id", flat=True)
        .distinct()
    )
    expired = 0
    for request_id in request_ids:
        with transaction.atomic():
            help_request = _locked(HelpRequest(pk=request_id))
            for offer in help_request.offers.select_for_update(of=("self",)).filter(
                state=OfferState.OFFERED, expires_at__lte=now
            ):
                offer.state = OfferState.EXPIRED
                offer.save(update_fields=["state"])
                audit_record(actor=None, verb="help_offer.expired", target=offer, purpose=PURPOSE)
                expired += 1
            _back_to_board_if_unanswered(help_request)
    return expired


# --- the end of a request -------------------------------------------------------------------


def _end(
    *, actor: Actor, help_request: HelpRequest, to_state: str, reason: str, verb: str
) -> HelpRequest:
    old = _move(help_request, to_state)
    help_request.outcome_reason = reason
    fields = ["state", "outcome_reason", "updated_at"]
    if to_state == State.OPEN:
        help_request.assigned_helper = None
        help_request.appointment_at = None
        help_request.appointment_place = ""
        fields += ["assigned_helper", "appointment_at", "appointment_place"]
    help_request.save(update_fields=fields)
    audit_record(
        actor=actor,
        verb=verb,
        target=help_request,
        note=f"{old} -> {to_state}",
        purpose=PURPOSE,
    )
    if to_state in (State.DONE, State.NOT_DONE, State.WITHDRAWN):
        _finished(help_request)
    return help_request


@transaction.atomic
def help_request_done(*, actor: Actor, help_request: HelpRequest) -> HelpRequest:
    """Staff mark the request done (Zugesagt → Erledigt), e.g. after the helper called."""
    require(actor, "volunteers.change_help_request", help_request)
    help_request = _locked(help_request)
    return _end(
        actor=actor,
        help_request=help_request,
        to_state=State.DONE,
        reason="",
        verb="help_request.done",
    )


@transaction.atomic
def help_request_not_done(*, actor: Actor, help_request: HelpRequest, reason: str) -> HelpRequest:
    """The request ends without help (→ Nicht erledigt), with a reason."""
    require(actor, "volunteers.change_help_request", help_request)
    reason = _text(reason, "reason")
    if not reason:
        raise ValidationError({"reason": _("Geben Sie an, warum nicht geholfen wurde")})
    help_request = _locked(help_request)
    _close_offers(help_request)
    return _end(
        actor=actor,
        help_request=help_request,
        to_state=State.NOT_DONE,
        reason=reason,
        verb="help_request.not_done",
    )


@transaction.atomic
def help_request_withdraw(
    *, actor: Actor, help_request: HelpRequest, reason: str = ""
) -> HelpRequest:
    """The person no longer needs help (→ Zurückgezogen); open offers are taken back."""
    require(actor, "volunteers.change_help_request", help_request)
    reason = _text(reason, "reason")
    help_request = _locked(help_request)
    _close_offers(help_request)
    return _end(
        actor=actor,
        help_request=help_request,
        to_state=State.WITHDRAWN,
        reason=reason,
        verb="help_request.withdrawn",
    )


@transaction.atomic
def help_request_reopen(
    *, actor: Actor, help_request: HelpRequest, reason: str = ""
) -> HelpRequest:
    """Back to the board (→ Offen): the helper cannot go after all, or a closed request is
    needed again. Open offers are taken back."""
    require(actor, "volunteers.dispatch_help_request", help_request)
    reason = _text(reason, "reason")
    help_request = _locked(help_request)
    _close_offers(help_request)
    return _end(
        actor=actor,
        help_request=help_request,
        to_state=State.OPEN,
        reason=reason,
        verb="help_request.reopened",
    )


def _close_offers(help_request: HelpRequest) -> None:
    for offer in help_request.offers.select_for_update(of=("self",)).filter(
        state=OfferState.OFFERED
    ):
        offer.state = OfferState.TAKEN
        offer.answered_at = timezone.now()
        offer.save(update_fields=["state", "answered_at"])
        audit_record(actor=None, verb="help_offer.withdrawn", target=offer, purpose=PURPOSE)


@transaction.atomic
def help_session_report(
    *,
    actor: Actor,
    help_request: HelpRequest,
    duration_minutes: int,
    solved: str,
    topics: list[str],
    follow_up_needed: bool = False,
    note: str = "",
    date: dt.date | None = None,
) -> HelpSession:
    """The helper's two-minute report after the session: a HelpSession, and the request is
    Erledigt (solved yes or partly) or Nicht erledigt (no). Only the assigned helper."""
    help_request = _locked(help_request)
    helper = help_request.assigned_helper
    if actor is None or helper is None or helper.user_id != actor.pk:
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    if help_request.state != State.AGREED:
        raise TransitionRefused(
            _("Die Anfrage ist „%(state)s“; ein Bericht geht nur nach einer Zusage.")
            % {"state": help_request.get_state_display()}
        )
    if solved not in HelpSession.Solved.values:
        raise ValidationError({"solved": _("Wählen Sie aus, ob das Problem gelöst ist")})
    today = timezone.localdate()
    date = date or today
    if date > today:
        raise ValidationError({"date": _("Das Datum darf nicht in der Zukunft liegen")})
    session = HelpSession(
        request=help_request,
        helper=helper,
        region_id=help_request.region_id,
        date=date,
        duration_minutes=duration_minutes,
        topics=list(topics),
        solved=solved,
        follow_up_needed=follow_up_needed,
        note=_text(note, "note"),
    )
    session.full_clean(exclude=["request", "helper", "region"])
    session.save(force_insert=True)
    audit_record(actor=actor, verb="help_session.reported", target=session, purpose=PURPOSE)
    if solved == HelpSession.Solved.NO:
        _end(
            actor=actor,
            help_request=help_request,
            to_state=State.NOT_DONE,
            reason=_("Im Einsatz nicht gelöst"),
            verb="help_request.not_done",
        )
    else:
        _end(
            actor=actor,
            help_request=help_request,
            to_state=State.DONE,
            reason="",
            verb="help_request.done",
        )
    return session


# --- the consent gate -----------------------------------------------------------------------


@dataclass(frozen=True)
class HelperContact:
    shown: bool
    name: str
    phone: str = ""
    email: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    why_not: str = ""


def contact_for_helper(*, help_request: HelpRequest) -> HelperContact:
    """What the assigned helper may see of the person: the name always (first name and
    initial), phone, e-mail and (for a home visit) the address only when the person agreed
    to pass them on (Consent purpose PASS_ON); otherwise the office gives the contact."""
    person = help_request.person
    name = ranking.person_label(person)
    try:
        consent_require(person=person, purpose=Consent.Purpose.PASS_ON)
    except ConsentMissing:
        return HelperContact(
            shown=False,
            name=name,
            why_not=_(
                "Die Person möchte ihre Kontaktdaten nicht weitergeben. Das Quartiersbüro "
                "stellt den Kontakt her."
            ),
        )
    home = help_request.place == Place.HOME
    return HelperContact(
        shown=True,
        name=f"{person.given_name} {person.family_name}",
        phone=person.phone,
        email=person.email,
        street=person.street if home else "",
        postcode=person.postcode if home else "",
        city=person.city if home else "",
    )
