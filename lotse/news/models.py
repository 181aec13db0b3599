"""Life in the quarter: events (one-off and recurring) with their dates and registrations, news,
the neighbourhood noticeboard (Biete / Suche), pictures, and the weekly e-mail digest.

An event's dates: the event holds its first date and an RFC 5545 rule (`rrule`, e.g.
"FREQ=WEEKLY;BYDAY=TU"); `EventException` holds a date cancelled or moved, with the reason
shown. `Occurrence` is derived from both (lotse.news.occurrences), one row per date up to a
horizon, so that "this week" is one indexed query and each date can take registrations. The
calendar feeds carry the rule and the exceptions as such, not the derived rows.

Every record carries its region, as elsewhere."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lotse.core.models import Area, Organisation
from lotse.directory.models import Location, TaxonomyTerm
from lotse.people.models import ContactChannel, Person


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    IN_REVIEW = "in_review", _("Wartet auf Freigabe")
    PUBLISHED = "published", _("Veröffentlicht")
    # Withdrawn by the organiser (an event called off as a whole stays visible as cancelled).
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


class Picture(models.Model):
    """An image of an event or a news item, stored in the database (every app server reads it)
    after it was decoded and encoded again (no metadata, bounded size). The alternative text
    lives with the event or news item that shows it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    content_type = models.CharField(max_length=40)
    data = models.BinaryField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)


class PublicationRule(models.Model):
    """A quarter manager's decision that what is published for an area (events, news) needs
    their release first. No row: published at once."""

    area = models.OneToOneField(
        Area, on_delete=models.CASCADE, related_name="+", verbose_name=_("Gebiet")
    )
    review_required = models.BooleanField(_("Freigabe vor Veröffentlichung"), default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)


class Event(models.Model):
    """A Veranstaltung of an organisation for a quarter, a municipality or the region."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("Vor Ort")
        PHONE = "phone", _("Am Telefon")
        ONLINE = "online", _("Online")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Veranstalter")
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    # The quarter, municipality or region the event is for.
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("Für welches Gebiet")
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), max_length=5000)
    easy_text = models.TextField(_("Text in Leichter Sprache"), max_length=5000, blank=True)
    topics = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="+", verbose_name=_("Themen")
    )
    target_groups = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="+", verbose_name=_("Für wen")
    )
    mode = models.CharField(
        _("Wie findet es statt?"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON
    )
    # A place of the directory, or a free address.
    location = models.ForeignKey(
        Location,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Ort aus dem Verzeichnis"),
    )
    place_name = models.CharField(_("Name des Ortes"), max_length=200, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    # For events by phone or online: the number to dial or the address to open.
    access_details = models.CharField(
        _("Telefonnummer oder Internetadresse"), max_length=300, blank=True
    )
    is_free = models.BooleanField(_("Kostenlos"), default=True)
    cost = models.CharField(_("Kosten"), max_length=200, blank=True)
    # None: not known.
    step_free = models.BooleanField(_("Stufenlos erreichbar"), null=True, blank=True)
    picture = models.ForeignKey(
        Picture, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    picture_alt = models.CharField(_("Bildbeschreibung"), max_length=300, blank=True)
    contact_phone = models.CharField(_("Telefon für Fragen"), max_length=40, blank=True)
    # The first date (local time), and how long each date lasts.
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    # RFC 5545 RRULE without "RRULE:" ("FREQ=WEEKLY;BYDAY=TU"); empty: a one-off event.
    rrule = models.CharField(_("Wiederholung"), max_length=300, blank=True)
    # Public holidays of the state are skipped unless the organiser says otherwise.
    skip_holidays = models.BooleanField(_("An Feiertagen fällt es aus"), default=True)
    registration_required = models.BooleanField(_("Anmeldung nötig"), default=False)
    # Places per date; None: no limit.
    capacity = models.PositiveIntegerField(
        _("Plätze je Termin"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
    )
    waiting_list = models.BooleanField(_("Warteliste, wenn voll"), default=True)
    status = models.CharField(
        _("Stand"), max_length=10, choices=PublicationStatus.choices, default="draft"
    )
    # The whole event called off (shown as "Fällt aus" with the reason).
    cancelled_reason = models.CharField(_("Grund der Absage"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why a quarter manager sent the event back instead of releasing it (shown to its staff).
    review_note = models.CharField(_("Hinweis zur Freigabe"), max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        indexes = [models.Index(fields=["region", "status"], name="event_region_status")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Das Ende muss nach dem Beginn liegen.")
        if self.picture_id and not self.picture_alt.strip():
            errors["picture_alt"] = _("Bitte beschreiben Sie, was auf dem Bild zu sehen ist.")
        if self.mode == self.Mode.IN_PERSON and not (self.location_id or self.street):
            errors["location"] = _("Bitte wählen Sie einen Ort oder geben Sie eine Adresse an.")
        if self.mode != self.Mode.IN_PERSON and not self.access_details.strip():
            errors["access_details"] = _(
                "Bitte geben Sie die Telefonnummer oder Internetadresse an."
            )
        if not self.is_free and not self.cost.strip():
            errors["cost"] = _("Bitte geben Sie an, was es kostet.")
        if errors:
            raise ValidationError(errors)


class EventException(models.Model):
    """One date of a recurring event cancelled or moved, with the reason shown to residents."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", _("Fällt aus")
        MOVED = "moved", _("Verlegt")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="exceptions")
    # The start the rule gives for the date (as in iCalendar's RECURRENCE-ID).
    original_start = models.DateTimeField(_("Ursprünglicher Termin"))
    kind = models.CharField(_("Was ändert sich?"), max_length=10, choices=Kind.choices)
    new_start = models.DateTimeField(_("Neuer Beginn"), null=True, blank=True)
    new_end = models.DateTimeField(_("Neues Ende"), null=True, blank=True)
    reason = models.CharField(_("Grund"), max_length=300)

    class Meta:
        ordering = ["original_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "original_start"], name="event_exception_unique_date"
            )
        ]


class Occurrence(models.Model):
    """One date of an event, derived from the event's rule and exceptions (never edited by
    hand). Kept, not deleted, while it has registrations."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Findet statt")
        CANCELLED = "cancelled", _("Fällt aus")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    # Copies of the event's, so that a week of a quarter is one indexed query.
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    is_public = models.BooleanField(default=False)
    original_start = models.DateTimeField()
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default="scheduled")
    # Why the date is cancelled or moved (shown beside it).
    note = models.CharField(max_length=300, blank=True)
    # Places taken (confirmed registrations' places), kept by the registration services under
    # the occurrence's row lock.
    places_taken = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "original_start"], name="occurrence_unique_date"
            )
        ]
        indexes = [
            models.Index(fields=["region", "start"], name="occurrence_region_start"),
            models.Index(fields=["area", "start"], name="occurrence_area_start"),
            # The public week of a region or a quarter (lotse.news.selectors_events), with what
            # its filters read of the date: counted from the index alone, without reading a row
            # (PostgreSQL; scripts/bench/events_bench.py).
            models.Index(
                fields=["region", "start"],
                include=["event", "status", "places_taken"],
                condition=Q(is_public=True),
                name="occurrence_public_region",
            ),
            models.Index(
                fields=["area", "start"],
                include=["event", "status", "places_taken"],
                condition=Q(is_public=True),
                name="occurrence_public_area",
            ),
        ]

    def __str__(self) -> str:
        # How a date is named where it stands alone (the Art. 15 copy of a registration).
        return timezone.localtime(self.start).strftime("%d.%m.%Y %H:%M")


class Registration(models.Model):
    """An Anmeldung for one date: online by the resident (with or without an account) or by a
    relative, or by staff for a person who called or came in."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Angemeldet")
        WAITING = "waiting", _("Auf der Warteliste")
        CANCELLED = "cancelled", _("Abgesagt")
        ATTENDED = "attended", _("War da")
        NO_SHOW = "no_show", _("War nicht da")

    class CallReason(models.TextChoices):
        PROMOTED = "promoted", _("Platz frei geworden")
        CANCELLED = "cancelled", _("Termin fällt aus")
        MOVED = "moved", _("Termin verlegt")

    # The erasure protocol (compliance): erasing a person keeps the row (attendance counts) and
    # clears what identifies them.
    PERSON_ERASURE = "keep"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.PROTECT, related_name="registrations"
    )
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The resident's own account, when they registered logged in.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("Name"), max_length=200)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    places = models.PositiveSmallIntegerField(
        _("Wie viele Personen?"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    # Someone who registered for the person (a relative, a neighbour): their own contact, to
    # which the messages go.
    booker_name = models.CharField(_("Angemeldet von"), max_length=200, blank=True)
    booker_relation = models.CharField(_("Beziehung zur Person"), max_length=100, blank=True)
    booker_phone = models.CharField(_("Telefon der anmeldenden Person"), max_length=40, blank=True)
    booker_email = models.EmailField(_("E-Mail der anmeldenden Person"), blank=True)
    # How the person hears of a place from the waiting list or a cancellation.
    channel = models.CharField(
        _("Benachrichtigung"), max_length=10, choices=ContactChannel.choices, blank=True
    )
    # The postal address for messages by letter, given online or to staff (a person the office
    # holds gets letters at their own address); kept only when a letter is wanted.
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    # A call staff still have to make (the participant list shows it until it is done): the
    # person wants to be phoned, or no message can reach them.
    call_reason = models.CharField(
        _("Anrufen"), max_length=10, choices=CallReason.choices, blank=True
    )
    status = models.CharField(
        _("Stand"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # SHA-256 of the cancel link's token; the token itself is only in the link.
    cancel_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # A short code to cancel with or to read out on the phone (lotse.core.codes).
    short_code = models.CharField(_("Kurzcode"), max_length=9, blank=True, editable=False)
    # When a place from the waiting list was given.
    promoted_at = models.DateTimeField(null=True, blank=True)
    # When the person was told that the organiser cancelled the date (by message, or a call
    # put on the participant list), so that nobody is told twice.
    cancellation_told_at = models.DateTimeField(
        _("Über den Ausfall informiert am"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("Anmeldung zu einer Veranstaltung")
        verbose_name_plural = _("Anmeldungen zu Veranstaltungen")
        indexes = [models.Index(fields=["occurrence", "status"], name="registration_occ_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["short_code"],
                condition=Q(status__in=["confirmed", "waiting"]) & ~Q(short_code=""),
                name="registration_unique_live_code",
            )
        ]

    # Places are taken by these states (a registration that came or did not come still held
    # its place).
    HOLDS_PLACES = (Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)
    LIVE = (Status.CONFIRMED, Status.WAITING)

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.person) if self.person_id else self.name

    @property
    def for_other(self) -> bool:
        """Someone else (a relative, a neighbour) registered the person."""
        return bool(self.booker_name)

    @property
    def reach_email(self) -> str:
        """Where messages go: the person the office holds, else the one who registered."""
        if self.person_id and self.person is not None:
            return self.person.email
        return self.booker_email if self.for_other else self.email

    @property
    def reach_phone(self) -> str:
        if self.person_id and self.person is not None:
            return self.person.phone
        return self.booker_phone if self.for_other else self.phone

    @property
    def postal_address(self) -> str:
        """The lines a letter is addressed with: the person's, else those given when
        registering; empty if incomplete."""
        source: Person | Registration = (
            self.person if self.person_id and self.person is not None else self
        )
        if not (source.street and source.postcode and source.city):
            return ""
        name = self.booker_name or self.display_name
        return f"{name}\n{source.street}\n{source.postcode} {source.city}"

    def erase_personal_text(self) -> list[str]:
        """Clears what identifies the person and who registered them; returns the changed
        fields (the caller saves them, see lotse.compliance.erasure)."""
        fields = (
            "name",
            "phone",
            "email",
            "booker_name",
            "booker_relation",
            "booker_phone",
            "booker_email",
            "street",
            "postcode",
            "city",
        )
        changed = [name for name in fields if getattr(self, name)]
        for name in changed:
            setattr(self, name, "")
        return changed


class NewsPost(models.Model):
    """Short news for a quarter, a municipality or the region ("Neue Sprechzeiten")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Von")
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("Für welches Gebiet")
    )
    title = models.CharField(_("Überschrift"), max_length=200)
    body = models.TextField(_("Text"), max_length=5000)
    easy_text = models.TextField(_("Text in Leichter Sprache"), max_length=5000, blank=True)
    picture = models.ForeignKey(
        Picture, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    picture_alt = models.CharField(_("Bildbeschreibung"), max_length=300, blank=True)
    publish_at = models.DateTimeField(_("Veröffentlichen ab"))
    expires_at = models.DateTimeField(_("Sichtbar bis"), null=True, blank=True)
    status = models.CharField(
        _("Stand"), max_length=10, choices=PublicationStatus.choices, default="draft"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-publish_at"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Aktuelles")
        indexes = [models.Index(fields=["region", "status", "publish_at"], name="news_pub")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.expires_at and self.publish_at and self.expires_at <= self.publish_at:
            errors["expires_at"] = _("„Sichtbar bis“ muss nach dem Veröffentlichen liegen.")
        if self.picture_id and not self.picture_alt.strip():
            errors["picture_alt"] = _("Bitte beschreiben Sie, was auf dem Bild zu sehen ist.")
        if errors:
            raise ValidationError(errors)


class BoardPost(models.Model):
    """A noticeboard post (Biete / Suche) of a neighbour: checked by staff before it appears,
    gone after four weeks unless renewed. Never shows a phone number or address: contact goes
    through the relay (BoardReply)."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Biete")
        SEEK = "seek", pgettext_lazy("Pinnwand", "Suche")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Wartet auf Prüfung")
        PUBLISHED = "published", _("Sichtbar")
        REJECTED = "rejected", _("Nicht veröffentlicht")
        REMOVED = "removed", _("Entfernt")
        EXPIRED = "expired", _("Abgelaufen")
        WITHDRAWN = "withdrawn", _("Zurückgezogen")

    # The erasure protocol (compliance): erasing the person keeps the row and removes the
    # posts' text, name and address for replies (lotse.news.processing.board_post_erase).
    PERSON_ERASURE = "keep"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("Quartier")
    )
    kind = models.CharField(_("Biete oder Suche?"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("Überschrift"), max_length=120)
    body = models.TextField(_("Text"), max_length=2000)
    # The resident who posted with their account, or the person staff posted for.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How the name is shown ("Frau K. aus Altstadt"): never the full name.
    display_name = models.CharField(_("So steht Ihr Name da"), max_length=80)
    # Where replies are relayed: this e-mail address, or the office (for people without e-mail).
    contact_email = models.EmailField(_("E-Mail für Antworten"), blank=True)
    posted_by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("Stand"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("Begründung"), max_length=300, blank=True)
    expires_on = models.DateField(_("Sichtbar bis"), null=True, blank=True)
    renewed_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Pinnwand-Eintrag")
        verbose_name_plural = _("Pinnwand-Einträge")
        indexes = [models.Index(fields=["area", "status"], name="boardpost_area_status")]

    def __str__(self) -> str:
        return self.title


class BoardReply(models.Model):
    """A message to the author of a post, relayed by e-mail or through the office."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Wird weitergeleitet")
        RELAYED = "relayed", _("Weitergeleitet")
        FOR_OFFICE = "for_office", _("Das Büro gibt es weiter")
        DONE = "done", _("Vom Büro weitergegeben")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    post = models.ForeignKey(BoardPost, on_delete=models.CASCADE, related_name="replies")
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    sender_name = models.CharField(_("Ihr Name"), max_length=200)
    sender_email = models.EmailField(_("Ihre E-Mail"), blank=True)
    sender_phone = models.CharField(_("Ihre Telefonnummer"), max_length=40, blank=True)
    text = models.TextField(_("Ihre Nachricht"), max_length=2000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Antwort auf einen Pinnwand-Eintrag")
        verbose_name_plural = _("Antworten auf Pinnwand-Einträge")


class BoardReport(models.Model):
    """Somebody reported a post (wrong, commercial, offensive): staff look at it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    post = models.ForeignKey(BoardPost, on_delete=models.CASCADE, related_name="reports")
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("Was stimmt nicht?"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Meldung zu einem Pinnwand-Eintrag")
        verbose_name_plural = _("Meldungen zu Pinnwand-Einträgen")


class DigestSubscription(models.Model):
    """The weekly e-mail "Was ist los in <Quartier>?": double opt-in, one-click unsubscribe."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="+", verbose_name=_("Quartier")
    )
    email = models.EmailField(_("E-Mail"))
    # SHA-256 of the token in the confirmation and unsubscribe links.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The Monday of the last week sent, so that a rerun after a crash sends no second copy.
    last_sent_week = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Bestellung der E-Mail „Was ist los?“")
        verbose_name_plural = _("Bestellungen der E-Mail „Was ist los?“")
        constraints = [
            models.UniqueConstraint(fields=["area", "email"], name="digest_unique_address")
        ]
