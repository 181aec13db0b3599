"""Neighbourhood offices (Quartiersbüros), their consultation hours and appointments.

Consultation hours are the office's own rows with the fields of a directory `Schedule`
(weekly or monthly rules), so that `lotse.directory.hours` evaluates them unchanged
(`as_rule`): an office is not a directory offer, and its staff change its hours without
touching the directory.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotse.core.models import Area, Organisation
from lotse.directory.models import Closure, Schedule
from lotse.people.models import ContactChannel, Person

# Slugs that name pages under /buero/ and so cannot name an office.
RESERVED_SLUGS = {"termin", "termine", "absagen", "verwalten"}


class Office(models.Model):
    """A Quartiersbüro: run by an organisation of kind office, in one quarter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Träger")
    )
    quarter = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("Quartier")
    )
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(_("Postleitzahl"), max_length=5)
    city = models.CharField(_("Ort"), max_length=100)
    phone = models.CharField(_("Telefon"), max_length=40)
    email = models.EmailField(_("E-Mail"), blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("Länge eines Termins in Minuten"), default=30)
    days_ahead = models.PositiveSmallIntegerField(_("Wie viele Tage im Voraus buchbar"), default=28)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Quartiersbüro")
        verbose_name_plural = _("Quartiersbüros")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Dieser Kurzname ist vergeben. Bitte wählen Sie einen anderen.")
        if not 5 <= self.slot_minutes <= 240:
            errors["slot_minutes"] = _("Ein Termin dauert zwischen 5 und 240 Minuten.")
        if not 1 <= self.days_ahead <= 366:
            errors["days_ahead"] = _("Geben Sie zwischen 1 und 366 Tagen an.")
        if self.organisation_id and self.organisation.kind != Organisation.Kind.OFFICE:
            errors["organisation"] = _("Der Träger muss ein Quartiersbüro sein.")
        if errors:
            raise ValidationError(errors)


class ConsultationHour(models.Model):
    """A Sprechstunde: a weekly or monthly rule like the directory's `Schedule`."""

    # The id in URLs (house style: never the integer key).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hours")
    freq = models.CharField(
        _("Wiederholung"), max_length=10, choices=Schedule.Freq.choices, default="WEEKLY"
    )
    byday = models.CharField(_("Tage"), max_length=40, help_text="MO,TU or 1WE,-1FR")
    opens_at = models.TimeField(_("Von"))
    closes_at = models.TimeField(_("Bis"))
    valid_from = models.DateField(_("Gültig ab"), null=True, blank=True)
    valid_to = models.DateField(_("Gültig bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("Sprechstunde")
        verbose_name_plural = _("Sprechstunden")

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": _("Das Ende muss nach dem Beginn liegen.")})

    def as_rule(self) -> Schedule:
        """An unsaved directory rule with the same times, for `lotse.directory.hours`."""
        return Schedule(
            freq=self.freq,
            byday=self.byday,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
        )


class OfficeClosure(models.Model):
    """Days the office is closed besides public holidays (holidays apply by themselves)."""

    # The id in URLs (house style: never the integer key).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("Von"))
    ends_on = models.DateField(_("Bis"))
    note = models.CharField(_("Grund"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Schließzeit")
        verbose_name_plural = _("Schließzeiten")

    def as_closure(self) -> Closure:
        return Closure(starts_on=self.starts_on, ends_on=self.ends_on)


class Appointment(models.Model):
    """A Termin in an office: for a person the organisation holds, or for someone who booked
    online with a name and a phone number or e-mail address."""

    class Kind(models.TextChoices):
        # Booked into a free slot of the consultation hours (online or by staff).
        SLOT = "slot", _("Termin in der Sprechstunde")
        # Booked by staff at any time they enter: not a slot, does not take one.
        HOME_VISIT = "home_visit", _("Hausbesuch")
        OFFICE_EXTRA = "office_extra", _("Termin im Büro außerhalb der Sprechzeit")

    class Status(models.TextChoices):
        BOOKED = "booked", _("Gebucht")
        CANCELLED = "cancelled", _("Abgesagt")
        ATTENDED = "attended", _("Erschienen")
        NO_SHOW = "no_show", _("Nicht erschienen")

    # The erasure protocol (compliance): erasing a person keeps the row (counts stay right) and
    # clears its free text.
    PERSON_ERASURE = "keep"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="appointments")
    # The office's region, so that the record can move with its region.
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("Art des Termins"), max_length=12, choices=Kind.choices, default="slot"
    )
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    # Where a home visit takes place (the person's address unless staff enter another).
    place = models.CharField(_("Ort des Besuchs"), max_length=300, blank=True)
    # Who of the staff keeps a visit (their appointments must not overlap); empty for slots.
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Wer den Termin wahrnimmt"),
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("Name"), max_length=200, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    note = models.TextField(_("Anliegen"), blank=True)
    # Someone who booked for the person above (a relative, a neighbour): their own contact,
    # to which the confirmation and reminders go. Empty when the person booked themselves.
    booker_name = models.CharField(_("Gebucht von"), max_length=200, blank=True)
    booker_relation = models.CharField(_("Beziehung zur Person"), max_length=100, blank=True)
    booker_phone = models.CharField(_("Telefon der buchenden Person"), max_length=40, blank=True)
    booker_email = models.EmailField(_("E-Mail der buchenden Person"), blank=True)
    # The postal address for a confirmation and reminder by letter, given on the public form
    # (a person the office holds gets letters at their own address).
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How the reminder goes out: e-mail, SMS, letter, or none.
    channel = models.CharField(
        _("Erinnerung"), max_length=10, choices=ContactChannel.choices, blank=True
    )
    status = models.CharField(
        _("Stand"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    # SHA-256 of the cancel link's token; the token itself is only in the booker's link.
    cancel_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # A short code to cancel with on /buero/absagen/ or to read out on the phone
    # (`Q7KD-4KD2`, see lotse.core.codes); unique among booked appointments.
    short_code = models.CharField(_("Kurzcode"), max_length=9, blank=True, editable=False)
    # When the confirmation went out (message queued, or the office called); empty: not yet.
    confirmed_at = models.DateTimeField(_("Bestätigt am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        constraints = [
            # One live appointment per slot, enforced by the database even for bookings made
            # at the same moment (visits booked by staff take no slot).
            models.UniqueConstraint(
                fields=["office", "start"],
                condition=~Q(status="cancelled") & Q(kind="slot"),
                name="appointment_one_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="appointment_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["short_code"],
                condition=Q(status="booked") & ~Q(short_code=""),
                name="appointment_short_code_unique_booked",
            ),
        ]
        indexes = [models.Index(fields=["start", "status"], name="appointment_start_status_idx")]

    def __str__(self) -> str:
        return f"{self.office} {self.start:%Y-%m-%d %H:%M}"

    @property
    def display_name(self) -> str:
        return str(self.person) if self.person_id else self.name

    @property
    def reminded_by_call(self) -> bool:
        """The booker wants to be phoned: no reminder goes out by itself, staff call the day
        before (the day view says so)."""
        if self.status != self.Status.BOOKED:
            return False
        channel = self.person.contact_channel if self.person else self.channel
        return channel == ContactChannel.PHONE

    @property
    def is_visit(self) -> bool:
        """Booked by staff outside the slots: a home visit or an extra office appointment."""
        return self.kind != self.Kind.SLOT

    @property
    def postal_address(self) -> str:
        """The lines a letter is addressed with: the person's, else those given when booking;
        empty if incomplete."""
        source = self.person or self
        if not (source.street and source.postcode and source.city):
            return ""
        name = self.booker_name or self.display_name
        return f"{name}\n{source.street}\n{source.postcode} {source.city}"

    @property
    def booked_for_other(self) -> bool:
        return bool(self.booker_name)

    @property
    def reach_email(self) -> str:
        """Where confirmations and reminders go: the booker's own contact if someone booked
        for the person, else the person's."""
        if self.person:
            return self.person.email
        return self.booker_email if self.booked_for_other else self.email

    @property
    def reach_phone(self) -> str:
        if self.person:
            return self.person.phone
        return self.booker_phone if self.booked_for_other else self.phone

    @property
    def reminder_reachable(self) -> bool:
        """Whether the reminder can reach the booker: a way is chosen and its address is
        known (consent aside, which the outbox checks). The day view marks the others."""
        person = self.person
        channel = person.contact_channel if person else self.channel
        email, phone = self.reach_email, self.reach_phone
        if channel in (ContactChannel.EMAIL,):
            return bool(email)
        if channel in (ContactChannel.SMS, ContactChannel.PHONE):
            return bool(phone)
        if channel == ContactChannel.LETTER:
            return bool(self.postal_address)
        return False

    @property
    def call_number(self) -> str:
        return self.reach_phone

    def erase_personal_text(self) -> list[str]:
        """Clears the free text about the booker; returns the changed fields (the caller saves
        them, see lotse.compliance.erasure)."""
        fields = (
            "name",
            "phone",
            "email",
            "note",
            "booker_name",
            "booker_relation",
            "booker_phone",
            "booker_email",
            "street",
            "postcode",
            "city",
            "place",
        )
        changed = [name for name in fields if getattr(self, name)]
        for name in changed:
            setattr(self, name, "")
        return changed
