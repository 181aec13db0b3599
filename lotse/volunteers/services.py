"""Every change of helpers: sign-up (on the public form or entered by staff from paper), their
profile and weekly times, status changes, credentials seen, the reminders before a credential
runs out. Pages, the API and the worker call these; each checks the permission and writes the
audit log. Who may take home visits: `home_visits_allowed`."""

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.core.audit import audit_record
from lotse.core.links import site_link
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.core.permissions import Actor, require
from lotse.notifications.services import message_enqueue
from lotse.people.models import Consent, ContactChannel
from lotse.people.services import person_register
from lotse.volunteers.models import (
    Credential,
    Helper,
    HelperAvailability,
    HelperStatusChange,
)
from lotse.volunteers.rules import HELPER_MANAGER_ROLES
from lotse.volunteers.selectors import coordinating_organisation, current_credentials

logger = logging.getLogger(__name__)

PURPOSE = "Digital-Helfer"
# The fields of Helper a profile form may set.
PROFILE_FIELDS = (
    "devices",
    "topics",
    "languages",
    "home_visits",
    "radius_km",
    "phone_help",
    "is_multiplier_qualified",
)
# What a helper may change on their own page.
OWN_PROFILE_FIELDS = ("devices", "topics", "languages", "home_visits", "radius_km", "phone_help")
# A status change may be dated back this far (a call last week recorded today).
STATUS_BACKDATE_DAYS = 366
# A pause ends at the latest after this many days (then status and pause are looked at again).
PAUSE_LONGEST_DAYS = 366


@dataclass(frozen=True)
class Slot:
    """One weekly time window."""

    weekday: int
    start: dt.time
    end: dt.time


def _person_data_check(data: dict[str, Any]) -> None:
    errors = {}
    if not str(data.get("given_name", "")).strip():
        errors["given_name"] = _("Geben Sie den Vornamen ein")
    if not str(data.get("family_name", "")).strip():
        errors["family_name"] = _("Geben Sie den Nachnamen ein")
    if not (str(data.get("phone", "")).strip() or str(data.get("email", "")).strip()):
        errors["phone"] = _(
            "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein, damit wir Sie erreichen"
        )
    if errors:
        raise ValidationError(errors)


def _check_quarters(quarters: Iterable[Area], organisation: Organisation) -> list[Area]:
    quarters = list(quarters)
    if any(q.kind != Area.Kind.QUARTER or q.region_id != organisation.region_id for q in quarters):
        raise ValidationError({"quarters": _("Wählen Sie Quartiere aus der Liste")})
    return quarters


def _check_slots(slots: Iterable[Slot]) -> list[Slot]:
    slots = list(slots)
    for slot in slots:
        if not 0 <= slot.weekday <= 6:
            raise ValidationError({"availability": _("Wählen Sie einen Wochentag aus der Liste")})
        if slot.end <= slot.start:
            raise ValidationError({"availability": _("„Bis“ muss nach „Von“ liegen")})
    return slots


def _set_slots(helper: Helper, slots: list[Slot]) -> None:
    helper.availabilities.all().delete()
    HelperAvailability.objects.bulk_create(
        HelperAvailability(
            helper=helper,
            region_id=helper.region_id,
            weekday=slot.weekday,
            start_time=slot.start,
            end_time=slot.end,
        )
        for slot in slots
    )


@transaction.atomic
def helper_register(
    *,
    actor: Actor,
    home_quarter: Area,
    person_data: dict[str, Any],
    profile: dict[str, Any],
    quarters: Iterable[Area] = (),
    slots: Iterable[Slot] = (),
    consent_pass_on: bool = False,
    organisation: Organisation | None = None,
) -> Helper:
    """Someone who wants to help: a Person (with their consents) and a Helper in status
    "Interessiert", held by the organisation that coordinates `home_quarter` (staff may name
    their own `organisation`). Without an actor it is the public sign-up: the person gave
    their consents online; with one, a multiplier or quarter manager enters a paper form,
    signed by the person. The managers of the quarter hear of it by e-mail (a link, no
    personal data).

    `person_data`: given_name, family_name, birth_year, phone, email, contact_channel.
    `profile`: the PROFILE_FIELDS. To store the data is the purpose of the sign-up, so its
    consent (KEEP) and the consent to be contacted on the chosen way (CONTACT) are recorded
    with it; `consent_pass_on`: the person agrees that their phone or e-mail is given to the
    people they help."""
    if organisation is None:
        organisation = coordinating_organisation(quarter=home_quarter)
        if organisation is None:
            raise ValidationError(
                {"home_quarter": _("In diesem Quartier gibt es noch keine Koordination")}
            )
    if actor is not None:
        require(actor, "volunteers.add_helper", organisation)
    _person_data_check(person_data)
    quarters = _check_quarters([home_quarter, *quarters], organisation)
    slots = _check_slots(slots)
    channel = person_data.get("contact_channel") or (
        ContactChannel.EMAIL if person_data.get("email") else ContactChannel.PHONE
    )
    if channel == ContactChannel.EMAIL and not person_data.get("email"):
        raise ValidationError({"email": _("Geben Sie Ihre E-Mail-Adresse ein")})
    if channel in (ContactChannel.PHONE, ContactChannel.SMS) and not person_data.get("phone"):
        raise ValidationError({"phone": _("Geben Sie Ihre Telefonnummer ein")})
    consents: list[tuple[str, str]] = [
        (Consent.Purpose.KEEP, ""),
        (Consent.Purpose.CONTACT, str(channel)),
    ]
    if consent_pass_on:
        consents.append((Consent.Purpose.PASS_ON, ""))
    person = person_register(
        actor=actor,
        organisation=organisation,
        data={
            **person_data,
            "contact_channel": channel,
            "quarter": home_quarter,
        },
        consents=consents,
        given_how=Consent.GivenHow.ONLINE if actor is None else Consent.GivenHow.WRITTEN,
        purpose=PURPOSE,
    )
    helper = Helper(
        person=person,
        organisation=organisation,
        region_id=organisation.region_id,
        home_quarter=home_quarter,
        status=Helper.Status.INTERESTED,
    )
    for name in PROFILE_FIELDS if actor is not None else OWN_PROFILE_FIELDS:
        if name in profile:
            setattr(helper, name, profile[name])
    if not helper.home_visits:
        helper.radius_km = 0
    helper.full_clean(exclude=["person"])
    helper.save(force_insert=True)
    helper.quarters.set(quarters)
    _set_slots(helper, slots)
    HelperStatusChange.objects.create(
        helper=helper,
        region_id=helper.region_id,
        from_status="",
        to_status=Helper.Status.INTERESTED,
        reason=_("Online angemeldet") if actor is None else _("Vom Papierbogen erfasst"),
        changed_by=actor,
    )
    audit_record(actor=actor, verb="helper.created", target=helper, purpose=PURPOSE)
    _notify_managers(helper)
    return helper


def helper_managers(*, helper: Helper) -> list[User]:
    """The multipliers, quarter managers and administrators of the coordinating organisation
    whose areas cover the helper's home quarter (or who are not limited to areas)."""
    area_ids = {helper.home_quarter_id}
    if helper.home_quarter is not None and helper.home_quarter.parent_id:
        area_ids.add(helper.home_quarter.parent_id)
    memberships = (
        Membership.objects.filter(
            organisation_id=helper.organisation_id, role__in=HELPER_MANAGER_ROLES
        )
        .filter(Q(areas__isnull=True) | Q(areas__in=area_ids))
        .select_related("user")
        .distinct()
    )
    users = {m.user_id: m.user for m in memberships if m.user.is_active}
    # Multipliers first: they coordinate the helpers; the others only when there is none.
    multipliers = [
        m.user for m in memberships if m.role == HELPER_MANAGER_ROLES[0] and m.user.is_active
    ]
    return multipliers or list(users.values())


def _notify_managers(helper: Helper) -> None:
    link = site_link(reverse("volunteers:helper_detail", args=[helper.pk]))
    for user in helper_managers(helper=helper):
        try:
            message_enqueue(
                template="volunteers/helper_signed_up",
                context={"link": link, "quarter": str(helper.home_quarter or "")},
                email=user.email,
                channel=ContactChannel.EMAIL,
                dedupe_key=f"helper-signed-up:{helper.pk}:{user.pk}",
            )
        except ValidationError:
            # An address the outbox refuses must not lose the sign-up; the list shows it.
            logger.warning("sign-up notice not sent: helper=%s user=%s", helper.pk, user.pk)


@transaction.atomic
def helper_profile_update(*, actor: Actor, helper: Helper, data: dict[str, Any]) -> Helper:
    """Devices, topics, languages, home visits and how far, phone help; the helper on their
    own page (OWN_PROFILE_FIELDS), or their managers (PROFILE_FIELDS, `quarters` too)."""
    fields: tuple[str, ...]
    if actor is not None and actor.has_perm("volunteers.change_helper", helper):
        fields = PROFILE_FIELDS
    else:
        require(actor, "volunteers.change_own_helper", helper)
        fields = OWN_PROFILE_FIELDS
    helper = Helper.objects.select_for_update().get(pk=helper.pk)
    changed = []
    for name in fields:
        if name in data and getattr(helper, name) != data[name]:
            setattr(helper, name, data[name])
            changed.append(name)
    if not helper.home_visits and helper.radius_km:
        helper.radius_km = 0
        changed.append("radius_km")
    helper.full_clean(exclude=["person"])
    if "quarters" in data and fields is PROFILE_FIELDS:
        quarters = _check_quarters(data["quarters"], helper.organisation)
        helper.quarters.set(quarters)
        changed.append("quarters")
    if changed:
        helper.save(update_fields=[n for n in set(changed) if n != "quarters"] + ["updated_at"])
        audit_record(
            actor=actor,
            verb="helper.changed",
            target=helper,
            note=", ".join(sorted(set(changed))),
            purpose=PURPOSE,
        )
    return helper


@transaction.atomic
def helper_availability_set(*, actor: Actor, helper: Helper, slots: Iterable[Slot]) -> Helper:
    """Replaces the helper's weekly times: the helper themself or their managers."""
    if actor is None or not actor.has_perm("volunteers.change_helper", helper):
        require(actor, "volunteers.change_own_helper", helper)
    slots = _check_slots(slots)
    _set_slots(helper, slots)
    audit_record(
        actor=actor,
        verb="helper.availability_changed",
        target=helper,
        note=str(len(slots)),
        purpose=PURPOSE,
    )
    return helper


@transaction.atomic
def helper_user_link(*, actor: Actor, helper: Helper, user: User | None) -> Helper:
    """Links the helper's record to their login (an account with the role Digital-Helfer in
    the coordinating organisation, invited as staff are), so they find it under "Meine
    Angaben"; None unlinks it."""
    require(actor, "volunteers.change_helper", helper)
    helper = Helper.objects.select_for_update(of=("self",)).get(pk=helper.pk)
    if user is not None:
        if not Membership.objects.filter(
            user=user, organisation_id=helper.organisation_id, role=Role.HELPER
        ).exists():
            raise ValidationError(
                {"user": _("Das Konto hat keine Rolle als Digital-Helfer in Ihrer Organisation")}
            )
        if Helper.objects.filter(user=user).exclude(pk=helper.pk).exists():
            raise ValidationError({"user": _("Das Konto gehört schon zu einer anderen Person")})
    if helper.user_id == (user.pk if user else None):
        return helper
    helper.user = user
    helper.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=actor,
        verb="helper.user_linked" if user else "helper.user_unlinked",
        target=helper,
        purpose=PURPOSE,
    )
    return helper


def _status_label(status: str) -> str:
    return str(Helper.Status(status).label)


def status_change_allowed(helper: Helper, to_status: str) -> bool:
    return to_status in Helper.TRANSITIONS.get(helper.status, ())


def status_choices(helper: Helper) -> list[tuple[str, str]]:
    """The statuses the helper may move to now, as (value, label)."""
    return [(s, _status_label(s)) for s in Helper.TRANSITIONS.get(helper.status, ())]


def _status_set(
    *,
    actor: Actor,
    helper: Helper,
    to_status: str,
    effective_on: dt.date,
    reason: str,
    paused_until: dt.date | None,
) -> Helper:
    today = timezone.localdate()
    helper = (
        Helper.objects.select_for_update(of=("self",))
        .select_related("home_quarter")
        .get(pk=helper.pk)
    )
    if to_status not in Helper.Status.values:
        raise ValidationError({"to_status": _("Wählen Sie einen Status aus der Liste")})
    if to_status == helper.status:
        raise ValidationError(
            {
                "to_status": _("Der Status ist schon „%(status)s“.")
                % {"status": helper.get_status_display()}
            }
        )
    if not status_change_allowed(helper, to_status):
        raise ValidationError(
            {
                "to_status": _("Von „%(old)s“ geht es nicht direkt zu „%(new)s“.")
                % {"old": helper.get_status_display(), "new": _status_label(to_status)}
            }
        )
    if effective_on > today:
        raise ValidationError({"effective_on": _("Das Datum darf nicht in der Zukunft liegen")})
    if effective_on < today - dt.timedelta(days=STATUS_BACKDATE_DAYS):
        raise ValidationError({"effective_on": _("Das Datum darf höchstens ein Jahr zurückliegen")})
    if to_status == Helper.Status.PAUSED:
        if paused_until is None:
            raise ValidationError({"paused_until": _("Geben Sie an, bis wann die Pause dauert")})
        if paused_until <= today:
            raise ValidationError({"paused_until": _("Das Ende der Pause muss nach heute liegen")})
        if paused_until > today + dt.timedelta(days=PAUSE_LONGEST_DAYS):
            raise ValidationError({"paused_until": _("Eine Pause dauert höchstens ein Jahr")})
    else:
        paused_until = None
    if to_status == Helper.Status.LEFT and not reason.strip():
        raise ValidationError({"reason": _("Geben Sie an, warum die Person aufhört")})
    if to_status == Helper.Status.ACTIVE and not _has_valid(helper, Credential.Kind.PLEDGE, today):
        raise ValidationError(
            {
                "to_status": _(
                    "Für „Aktiv“ fehlt die unterschriebene Verschwiegenheitserklärung. Erfassen "
                    "Sie sie zuerst bei den Nachweisen."
                )
            }
        )
    HelperStatusChange.objects.create(
        helper=helper,
        region_id=helper.region_id,
        from_status=helper.status,
        to_status=to_status,
        effective_on=effective_on,
        reason=reason.strip(),
        changed_by=actor,
    )
    old = helper.status
    helper.status = to_status
    helper.paused_until = paused_until
    helper.save(update_fields=["status", "paused_until", "updated_at"])
    audit_record(
        actor=actor,
        verb="helper.status_changed",
        target=helper,
        note=f"{old} -> {to_status}",
        purpose=PURPOSE,
    )
    return helper


@transaction.atomic
def helper_status_change(
    *,
    actor: Actor,
    helper: Helper,
    to_status: str,
    effective_on: dt.date | None = None,
    reason: str = "",
    paused_until: dt.date | None = None,
) -> Helper:
    """Moves the helper to another status (Helper.TRANSITIONS), dated `effective_on` (today
    when not given, never in the future); a pause needs its end, leaving a reason, and
    "Aktiv" a signed confidentiality pledge. Refusals are German ValidationErrors."""
    require(actor, "volunteers.change_helper_status", helper)
    return _status_set(
        actor=actor,
        helper=helper,
        to_status=to_status,
        effective_on=effective_on or timezone.localdate(),
        reason=reason,
        paused_until=paused_until,
    )


@transaction.atomic
def helper_pause(
    *, actor: Actor, helper: Helper, until: dt.date | None, reason: str = ""
) -> Helper:
    """The helper pauses themself (on their own page) until a date."""
    require(actor, "volunteers.change_own_helper", helper)
    if helper.status != Helper.Status.ACTIVE:
        raise ValidationError(_("Eine Pause geht nur, solange Sie aktiv helfen."))
    return _status_set(
        actor=actor,
        helper=helper,
        to_status=Helper.Status.PAUSED,
        effective_on=timezone.localdate(),
        reason=reason or _("Selbst eine Pause eingetragen"),
        paused_until=until,
    )


@transaction.atomic
def helper_resume(*, actor: Actor, helper: Helper) -> Helper:
    """The helper ends their pause early (on their own page)."""
    require(actor, "volunteers.change_own_helper", helper)
    if helper.status != Helper.Status.PAUSED:
        raise ValidationError(_("Sie machen gerade keine Pause."))
    return _status_set(
        actor=actor,
        helper=helper,
        to_status=Helper.Status.ACTIVE,
        effective_on=timezone.localdate(),
        reason=_("Pause selbst beendet"),
        paused_until=None,
    )


def pauses_end(*, today: dt.date | None = None) -> int:
    """Helpers whose pause ended before today are active again (the worker, daily)."""
    today = today or timezone.localdate()
    ended = 0
    for helper_id in Helper.objects.filter(
        status=Helper.Status.PAUSED, paused_until__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            helper = Helper.objects.select_for_update().get(pk=helper_id)
            if helper.status != Helper.Status.PAUSED or not helper.paused_until:
                continue
            if helper.paused_until >= today:
                continue
            try:
                _status_set(
                    actor=None,
                    helper=helper,
                    to_status=Helper.Status.ACTIVE,
                    effective_on=helper.paused_until + dt.timedelta(days=1),
                    reason=_("Pause zu Ende"),
                    paused_until=None,
                )
            except ValidationError:
                # No valid pledge any more: the managers see it on the helper's page.
                logger.info("pause not ended: helper=%s", helper.pk)
                continue
            ended += 1
    return ended


def police_certificate_valid_until(issued_on: dt.date) -> dt.date:
    """The next check of a police certificate: LOTSE_POLICE_CERTIFICATE_YEARS after its issue
    (29 February becomes 28 February)."""
    years = settings.LOTSE_POLICE_CERTIFICATE_YEARS
    try:
        return issued_on.replace(year=issued_on.year + years)
    except ValueError:
        return issued_on.replace(year=issued_on.year + years, day=28)


@transaction.atomic
def credential_record(
    *,
    actor: Actor,
    helper: Helper,
    kind: str,
    issued_on: dt.date,
    seen_on: dt.date | None = None,
    valid_until: dt.date | None = None,
    note: str = "",
) -> Credential:
    """Records that the actor saw a document of the helper (never a copy of it). A police
    certificate's next check is due LOTSE_POLICE_CERTIFICATE_YEARS after its issue unless
    `valid_until` says otherwise."""
    require(actor, "volunteers.add_credential", helper)
    assert actor is not None
    today = timezone.localdate()
    seen_on = seen_on or today
    if kind not in Credential.Kind.values:
        raise ValidationError({"kind": _("Wählen Sie die Art des Nachweises aus der Liste")})
    if issued_on > today:
        raise ValidationError(
            {"issued_on": _("Das Ausstellungsdatum darf nicht in der Zukunft liegen")}
        )
    if seen_on > today:
        raise ValidationError({"seen_on": _("„Gesehen am“ darf nicht in der Zukunft liegen")})
    if kind == Credential.Kind.POLICE_CERTIFICATE and valid_until is None:
        valid_until = police_certificate_valid_until(issued_on)
    if valid_until is not None and valid_until < today:
        raise ValidationError(
            {
                "valid_until": _(
                    "Dieser Nachweis ist schon abgelaufen. Bitte einen neuen zeigen lassen."
                )
            }
        )
    credential = Credential(
        helper=helper,
        region_id=helper.region_id,
        kind=kind,
        issued_on=issued_on,
        seen_on=seen_on,
        seen_by=actor,
        valid_until=valid_until,
        note=note.strip(),
    )
    credential.full_clean()
    credential.save(force_insert=True)
    audit_record(
        actor=actor, verb="credential.recorded", target=credential, note=kind, purpose=PURPOSE
    )
    return credential


def _has_valid(helper: Helper, kind: str, on_date: dt.date) -> bool:
    return any(
        credential.is_valid_on(on_date)
        for credential in current_credentials().filter(helper_id=helper.pk, kind=kind)
    )


def home_visits_allowed(helper: Helper, on_date: dt.date) -> bool:
    """Whether the helper may visit people at home on `on_date`: status "Aktiv", a police
    certificate valid on that day and a signed confidentiality pledge. (Whether they offered
    home visits at all is `helper.home_visits`, the ranking's own question.)"""
    return not home_visit_blockers(helper, on_date)


def home_visit_blockers(helper: Helper, on_date: dt.date) -> list[str]:
    """Why the helper may not visit people at home on `on_date`, in German; empty: they may."""
    reasons = []
    if helper.status != Helper.Status.ACTIVE:
        reasons.append(
            _("Status ist „%(status)s“, nicht „Aktiv“") % {"status": helper.get_status_display()}
        )
    if not _has_valid(helper, Credential.Kind.POLICE_CERTIFICATE, on_date):
        reasons.append(_("kein gültiges Führungszeugnis gesehen"))
    if not _has_valid(helper, Credential.Kind.PLEDGE, on_date):
        reasons.append(_("keine unterschriebene Verschwiegenheitserklärung"))
    return reasons


def credential_reminders_send(*, today: dt.date | None = None) -> int:
    """Reminds the helper (on their contact way, with consent) and their managers (by e-mail)
    once per credential whose next check is within LOTSE_CREDENTIAL_WARNING_DAYS or past;
    returns how many credentials were reminded. Each credential's messages are written in the
    transaction that marks it reminded: never twice, never marked without its messages."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=settings.LOTSE_CREDENTIAL_WARNING_DAYS)
    due_ids = list(
        current_credentials()
        .filter(valid_until__isnull=False, valid_until__lte=horizon, reminded_at__isnull=True)
        .exclude(helper__status=Helper.Status.LEFT)
        .values_list("pk", flat=True)
    )
    reminded = 0
    for credential_id in due_ids:
        try:
            reminded += _credential_remind(credential_id=credential_id, horizon=horizon)
        except ValidationError:
            logger.warning("credential reminder not sent: credential=%s", credential_id)
    return reminded


@transaction.atomic
def _credential_remind(*, credential_id: uuid.UUID, horizon: dt.date) -> bool:
    credential = (
        Credential.objects.select_for_update(of=("self",))
        .select_related("helper__person", "helper__home_quarter")
        .get(pk=credential_id)
    )
    if credential.reminded_at is not None or credential.valid_until is None:
        return False
    if credential.valid_until > horizon:
        return False
    helper = credential.helper
    context = {
        "kind": credential.get_kind_display(),
        "valid_until": credential.valid_until,
    }
    message_enqueue(
        template="volunteers/credential_due_helper",
        context=context,
        person=helper.person,
        dedupe_key=f"credential-due-helper:{credential.pk}",
    )
    link = site_link(reverse("volunteers:credentials_due"))
    for user in helper_managers(helper=helper):
        message_enqueue(
            template="volunteers/credential_due_manager",
            context={**context, "link": link},
            email=user.email,
            channel=ContactChannel.EMAIL,
            dedupe_key=f"credential-due:{credential.pk}:{user.pk}",
        )
    credential.reminded_at = timezone.now()
    credential.save(update_fields=["reminded_at"])
    return True
