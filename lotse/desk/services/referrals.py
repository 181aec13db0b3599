"""Every change of referrals (Weitervermittlungen) to an offer, with a closed loop: created with a
short code, answered by the provider (or the office for it), withdrawn, expired, confirmed by code.
Each step checks the permission, writes the audit log and one event."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.codes import short_code_new, short_code_normalise
from lotse.core.models import Organisation
from lotse.core.permissions import Actor, require
from lotse.desk.models import Inquiry, Referral, ReferralEvent
from lotse.desk.selectors import platform_organisation_ids
from lotse.desk.services import outbox
from lotse.directory.models import Service
from lotse.people.models import Consent, Person
from lotse.people.services import ConsentMissing, consent_require

REFERRAL_PURPOSE = "Weitervermittlung"
# How many days after an outcome the office asks "Hat es geklappt?".
FOLLOW_UP_DAYS = 3
CODE_ATTEMPTS = 5
_S = Referral.Status
# Which status each step may start from.
ACCEPT_FROM = (_S.REQUESTED, _S.EXPIRED)
DECLINE_FROM = (_S.REQUESTED, _S.EXPIRED)
START_FROM = (_S.REQUESTED, _S.ACCEPTED, _S.EXPIRED)
COMPLETE_FROM = (_S.ACCEPTED, _S.IN_PROGRESS)
WITHDRAW_FROM = (_S.REQUESTED, _S.ACCEPTED, _S.IN_PROGRESS, _S.EXPIRED)
EXPIRE_FROM = (_S.REQUESTED,)
# A code on the public page marks an arrival only while the person is expected.
CONFIRM_FROM = (_S.REQUESTED, _S.ACCEPTED, _S.EXPIRED)
OPEN_STATUSES = (_S.REQUESTED, _S.ACCEPTED, _S.IN_PROGRESS, _S.EXPIRED)


def answer_days() -> int:
    """Days a provider has to answer a referral (setting LOTSE_REFERRAL_ANSWER_DAYS)."""
    return settings.LOTSE_REFERRAL_ANSWER_DAYS


def _follow_up(inquiry: Inquiry | None, *, on: dt.date, outcome: bool) -> None:
    """Puts the inquiry on the office's follow-up list (the earlier date wins). A referral
    without an inquiry (from a help plan) is followed up where it was made."""
    if inquiry is None:
        return
    if inquiry.follow_up_on is None or on < inquiry.follow_up_on:
        inquiry.follow_up_on = on
    inquiry.follow_up_outcome = inquiry.follow_up_outcome or outcome
    inquiry.save(update_fields=["follow_up_on", "follow_up_outcome", "updated_at"])


def provider_on_platform(organisation: Organisation) -> bool:
    """Whether someone of the organisation can answer referrals here."""
    return organisation.pk in platform_organisation_ids([organisation.pk])


@transaction.atomic
def referral_create(
    *, actor: Actor, inquiry: Inquiry, service: Service, note: str = ""
) -> Referral:
    """Refers the inquiry's person to an offer. The provider gets the person's data only with
    a consent to share it with the offer's organisation; without one the referral still goes
    out, carrying only the offer, the code and the office's contact."""
    require(actor, "desk.add_referral", inquiry)
    if inquiry.status == Inquiry.Status.CLOSED:
        raise ValidationError(_("Dieses Anliegen ist abgeschlossen."))
    return _referral_new(
        actor=actor,
        organisation_id=inquiry.organisation_id,
        region_id=inquiry.region_id,
        person=inquiry.person,
        inquiry=inquiry,
        service=service,
        note=note,
    )


@transaction.atomic
def referral_create_for_person(
    *, actor: Actor, organisation: Organisation, person: Person, service: Service, note: str = ""
) -> Referral:
    """Refers a person the organisation holds to an offer without an inquiry (a Kümmerer's
    help plan): the same consent rule, code, event, audit entry and provider notice as
    `referral_create`. The caller links the referral to what it came from."""
    require(actor, "desk.add_referral", organisation)
    if person.organisation_id != organisation.pk:
        raise ValidationError(_("Diese Person wird von einem anderen Träger betreut."))
    if person.anonymised_at is not None:
        raise ValidationError(_("Diese Person wurde gelöscht."))
    return _referral_new(
        actor=actor,
        organisation_id=organisation.pk,
        region_id=organisation.region_id,
        person=person,
        inquiry=None,
        service=service,
        note=note,
    )


def _referral_new(
    *,
    actor: Actor,
    organisation_id,
    region_id,
    person: Person | None,
    inquiry: Inquiry | None,
    service: Service,
    note: str,
) -> Referral:
    """The body of both ways to refer; the caller has checked the permission."""
    assert actor is not None
    if service.status != Service.Status.ACTIVE:
        raise ValidationError({"service": _("Dieses Angebot gibt es zurzeit nicht")})
    consent: Consent | None = None
    if person is not None:
        try:
            consent = consent_require(
                person=person,
                purpose=Consent.Purpose.SHARE,
                recipient=service.organization,
            )
        except ConsentMissing:
            consent = None
    referral = Referral(
        inquiry=inquiry,
        organisation_id=organisation_id,
        region_id=region_id,
        person=person,
        service=service,
        receiving_organisation=service.organization,
        shares_personal_data=consent is not None,
        consent=consent,
        note=note.strip(),
        answer_due=timezone.localdate() + dt.timedelta(days=answer_days()),
        created_by=actor,
    )
    _save_with_new_code(referral)
    ReferralEvent.objects.create(referral=referral, actor=actor, to_status=referral.status)
    audit_record(
        actor=actor,
        verb="referral.created",
        target=referral,
        note="mit Personendaten" if consent else "ohne Personendaten",
        purpose=REFERRAL_PURPOSE,
    )
    if provider_on_platform(referral.receiving_organisation):
        _notify_provider(referral)
    return referral


def _save_with_new_code(referral: Referral) -> None:
    """Saves with a fresh short code; the unique constraint decides a clash, then it retries."""
    referral.full_clean(exclude=["short_code"])
    for _attempt in range(CODE_ATTEMPTS):
        referral.short_code = short_code_new()
        try:
            with transaction.atomic():
                referral.save(force_insert=True)
            return
        except IntegrityError:
            if not Referral.objects.filter(short_code=referral.short_code).exists():
                raise
    raise RuntimeError("referral short code: no free code after several attempts")


def _notify_provider(referral: Referral) -> None:
    """An e-mail to the provider's address with a link to its inbox; never personal data."""
    email = referral.receiving_organisation.email
    if not email:
        return
    outbox.enqueue(
        template="desk/referral_arrived",
        context={
            "offer": referral.service.name,
            "office": referral.organisation.name,
            "short_code": referral.short_code,
            "path": reverse("desk:referral_inbox"),
            "link": outbox.page_link("desk:referral_inbox"),
        },
        email=email,
        channel="email",
        dedupe_key=f"referral-arrived:{referral.pk}",
    )


def _transition(
    *,
    actor: Actor,
    referral: Referral,
    to: str,
    allowed_from: tuple[str, ...],
    note: str = "",
    fields: dict[str, Any] | None = None,
) -> Referral:
    """Moves the referral from an allowed status to `to`, with an event and an audit entry.
    The caller has checked the permission."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status not in allowed_from:
        raise ValidationError(
            _("Das geht nicht: Die Weitervermittlung hat den Stand „%(status)s“.")
            % {"status": referral.get_status_display()}
        )
    from_status = referral.status
    now = timezone.now()
    referral.status = to
    changed = ["status", "updated_at"]
    if referral.office_alert_at is not None and to != _S.EXPIRED:
        referral.office_alert_at = None
        changed.append("office_alert_at")
    if referral.answered_at is None and to in (_S.ACCEPTED, _S.DECLINED, _S.IN_PROGRESS):
        referral.answered_at = now
        changed.append("answered_at")
    if to in (_S.DECLINED, _S.COMPLETED, _S.WITHDRAWN):
        referral.closed_at = now
        changed.append("closed_at")
    for name, value in (fields or {}).items():
        setattr(referral, name, value)
        changed.append(name)
    referral.full_clean()
    referral.save(update_fields=changed)
    ReferralEvent.objects.create(
        referral=referral, actor=actor, from_status=from_status, to_status=to, note=note.strip()
    )
    audit_record(
        actor=actor,
        verb=f"referral.{to}",
        target=referral,
        note=f"{from_status} -> {to}",
        purpose=REFERRAL_PURPOSE,
    )
    return referral


@transaction.atomic
def referral_accept(*, actor: Actor, referral: Referral, note: str = "") -> Referral:
    require(actor, "desk.answer_referral", referral)
    return _transition(
        actor=actor, referral=referral, to=_S.ACCEPTED, allowed_from=ACCEPT_FROM, note=note
    )


def _check_reason(reason: str) -> None:
    if reason not in Referral.Reason.values:
        raise ValidationError({"reason": _("Wählen Sie einen Grund")})


@transaction.atomic
def referral_decline(*, actor: Actor, referral: Referral, reason: str, note: str = "") -> Referral:
    """The provider cannot take the person; the office gets the inquiry back on its list."""
    require(actor, "desk.answer_referral", referral)
    _check_reason(reason)
    referral = _transition(
        actor=actor,
        referral=referral,
        to=_S.DECLINED,
        allowed_from=DECLINE_FROM,
        note=note,
        fields={"reason": reason, "outcome_note": note.strip()},
    )
    _follow_up(referral.inquiry, on=timezone.localdate(), outcome=False)
    return referral


@transaction.atomic
def referral_start(*, actor: Actor, referral: Referral, note: str = "") -> Referral:
    """The person has arrived at the provider: the help is under way."""
    require(actor, "desk.answer_referral", referral)
    return _transition(
        actor=actor, referral=referral, to=_S.IN_PROGRESS, allowed_from=START_FROM, note=note
    )


@transaction.atomic
def referral_complete(
    *, actor: Actor, referral: Referral, succeeded: bool, reason: str = "", note: str = ""
) -> Referral:
    """Records the outcome; the office then asks the person "Hat es geklappt?"."""
    require(actor, "desk.answer_referral", referral)
    if succeeded:
        reason = ""
    else:
        _check_reason(reason)
    referral = _transition(
        actor=actor,
        referral=referral,
        to=_S.COMPLETED,
        allowed_from=COMPLETE_FROM,
        note=note,
        fields={"succeeded": succeeded, "reason": reason, "outcome_note": note.strip()},
    )
    _follow_up(
        referral.inquiry,
        on=timezone.localdate() + dt.timedelta(days=FOLLOW_UP_DAYS),
        outcome=True,
    )
    return referral


@transaction.atomic
def referral_withdraw(*, actor: Actor, referral: Referral, note: str = "") -> Referral:
    """The office takes the referral back, at any time before it ended."""
    require(actor, "desk.manage_referral", referral)
    return _transition(
        actor=actor, referral=referral, to=_S.WITHDRAWN, allowed_from=WITHDRAW_FROM, note=note
    )


@transaction.atomic
def referral_expire(*, referral: Referral, today: dt.date | None = None) -> Referral:
    """The worker's step (no actor): the provider did not answer by `answer_due`. Alerts the
    office on its dashboard and by e-mail."""
    today = today or timezone.localdate()
    if referral.answer_due >= today:
        raise ValidationError(_("Die Frist für die Antwort läuft noch."))
    referral = _transition(
        actor=None,
        referral=referral,
        to=_S.EXPIRED,
        allowed_from=EXPIRE_FROM,
        note=_("Keine Antwort bis %(date)s") % {"date": referral.answer_due.strftime("%d.%m.%Y")},
        fields={"office_alert_at": timezone.now()},
    )
    office = referral.organisation
    if office.email:
        outbox.enqueue(
            template="desk/referral_expired",
            context={
                "offer": referral.service.name,
                "short_code": referral.short_code,
                "path": reverse("desk:referral_slip", args=[referral.pk]),
                "link": outbox.page_link("desk:referral_slip", referral.pk),
            },
            email=office.email,
            channel="email",
            dedupe_key=f"referral-expired:{referral.pk}",
        )
    return referral


def referrals_expire_due(*, today: dt.date | None = None) -> int:
    """Expires every requested referral whose answer is overdue; returns how many. Each in its
    own transaction, so one failure does not stop the rest."""
    today = today or timezone.localdate()
    due = list(
        Referral.objects.filter(status=_S.REQUESTED, answer_due__lt=today).values_list(
            "pk", flat=True
        )
    )
    count = 0
    for pk in due:
        referral = Referral.objects.select_related("service", "organisation").get(pk=pk)
        try:
            referral_expire(referral=referral, today=today)
        except ValidationError:
            continue  # answered meanwhile
        count += 1
    return count


@transaction.atomic
def referral_confirm_by_code(*, code: str) -> bool:
    """The public page: a provider confirms with the slip's code that the person arrived.
    True when a referral waiting for the person was found (or was already under way)."""
    normalised = short_code_normalise(code)
    if normalised is None:
        return False
    referral = (
        Referral.objects.select_for_update()
        .filter(short_code=normalised, status__in=(*CONFIRM_FROM, _S.IN_PROGRESS))
        .first()
    )
    if referral is None:
        return False
    if referral.status != _S.IN_PROGRESS:
        _transition(
            actor=None,
            referral=referral,
            to=_S.IN_PROGRESS,
            allowed_from=CONFIRM_FROM,
            note=_("Ankunft mit dem Kurzcode bestätigt"),
        )
    return True
