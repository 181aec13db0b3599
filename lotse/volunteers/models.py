"""Digital helpers (Digital-Helfer): who they are, what they can help with, when and where,
their status, the credentials staff have seen; and the help requests of residents, the offers
to helpers, the sessions helpers report. Every record carries its region.

No copy of a certificate is ever stored: a Credential records only that staff saw it."""

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.core.models import Area, Organisation
from lotse.people.models import Person


class Device(models.TextChoices):
    ANDROID = "android", _("Android-Handy")
    IPHONE = "iphone", _("iPhone")
    TABLET = "tablet", _("iPad oder Tablet")
    WINDOWS = "windows", _("Windows-Computer")
    MAC = "mac", _("Mac")
    SMART_TV = "smart_tv", _("Smart-TV")
    EREADER = "ereader", _("E-Book-Reader")
    OTHER = "other", _("Anderes Gerät")


class Topic(models.TextChoices):
    MESSENGER = "messenger", _("Nachrichten und Videoanrufe")
    PHOTOS = "photos", _("Fotos")
    BANKING = "banking", _("Online-Banking")
    SHOPPING = "shopping", _("Online einkaufen")
    FORMS = "forms", _("Termine und Formulare im Internet")
    HEALTH = "health", _("Gesundheits-Apps und E-Rezept")
    SCAMS = "scams", _("Schutz vor Betrug")
    ACCESSIBILITY = "accessibility", _("Einstellungen für besseres Sehen und Hören")
    OTHER = "other", _("Anderes Thema")


# Languages a helper can help in (ISO 639-1), with their German names.
LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ru", _("Russisch")),
    ("pl", _("Polnisch")),
    ("ar", _("Arabisch")),
    ("uk", _("Ukrainisch")),
    ("fa", _("Persisch")),
    ("ro", _("Rumänisch")),
    ("it", _("Italienisch")),
    ("el", _("Griechisch")),
    ("fr", _("Französisch")),
    ("es", _("Spanisch")),
]


def code_labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    """The labels of the known codes in `codes`, in their order (unknown codes are left out)."""
    return [str(choices(code).label) for code in codes if code in choices.values]


def _clean_codes(value: object, choices: type[models.TextChoices]) -> bool:
    return isinstance(value, list) and all(code in choices.values for code in value)


class Helper(models.Model):
    """A digital helper: a person (people.Person) who volunteers, coordinated by an organisation."""

    class Status(models.TextChoices):
        INTERESTED = "interested", _("Interessiert")
        TALKING = "talking", _("Im Gespräch")
        QUALIFYING = "qualifying", _("In Qualifizierung")
        ACTIVE = "active", _("Aktiv")
        PAUSED = "paused", _("Pause")
        LEFT = "left", _("Ausgeschieden")

    # Allowed status changes (from → to). Anyone who left may come back as interested.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.INTERESTED: (Status.TALKING, Status.QUALIFYING, Status.ACTIVE, Status.LEFT),
        Status.TALKING: (Status.QUALIFYING, Status.ACTIVE, Status.PAUSED, Status.LEFT),
        Status.QUALIFYING: (Status.ACTIVE, Status.PAUSED, Status.LEFT),
        Status.ACTIVE: (Status.PAUSED, Status.QUALIFYING, Status.LEFT),
        Status.PAUSED: (Status.ACTIVE, Status.LEFT),
        Status.LEFT: (Status.INTERESTED,),
    }

    # The erasure protocol (compliance): erasing the person keeps the row (hours and counts)
    # and clears what locates them.
    PERSON_ERASURE = "keep"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="helper", verbose_name=_("Person")
    )
    # The helper's own login (role Digital-Helfer), if they have one.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="helper",
        verbose_name=_("Benutzerkonto"),
    )
    # The organisation that coordinates the helper.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Träger")
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    home_quarter = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Wohnquartier"),
    )
    quarters = models.ManyToManyField(
        Area, blank=True, related_name="+", verbose_name=_("Quartiere, in denen sie helfen")
    )
    # Codes of Device and Topic.
    devices = models.JSONField(_("Geräte"), default=list, blank=True)
    topics = models.JSONField(_("Themen"), default=list, blank=True)
    # ISO 639-1 codes, e.g. ["de", "tr"].
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    home_visits = models.BooleanField(_("Hausbesuche"), default=False)
    radius_km = models.PositiveSmallIntegerField(
        _("Wie weit (km)"), default=0, validators=[MaxValueValidator(100)]
    )
    phone_help = models.BooleanField(_("Hilfe am Telefon"), default=False)
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.INTERESTED
    )
    paused_until = models.DateField(_("Pause bis"), null=True, blank=True)
    is_multiplier_qualified = models.BooleanField(_("Darf Kurse geben"), default=False)
    # Home coordinates, for distance only; never shown.
    latitude = models.FloatField(
        _("Breitengrad der Wohnung"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("Längengrad der Wohnung"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person__family_name", "person__given_name"]
        verbose_name = _("Digital-Helfer/in")
        verbose_name_plural = _("Digital-Helfer/innen")
        indexes = [
            models.Index(fields=["region", "status"], name="helper_region_status_idx"),
            models.Index(fields=["organisation", "status"], name="helper_org_status_idx"),
            models.Index(fields=["home_quarter", "status"], name="helper_quarter_status_idx"),
        ]

    def __str__(self) -> str:
        return str(self.person)

    def device_labels(self) -> list[str]:
        return code_labels(Device, self.devices)

    def topic_labels(self) -> list[str]:
        return code_labels(Topic, self.topics)

    def language_labels(self) -> list[str]:
        names = dict(LANGUAGES)
        return [str(names.get(code, code)) for code in self.languages]

    def erase_personal_text(self) -> list[str]:
        """Erasure of the person: the row stays for counts, without location or login."""
        self.latitude = None
        self.longitude = None
        self.user = None
        self.status = self.Status.LEFT
        self.paused_until = None
        return ["latitude", "longitude", "user", "status", "paused_until", "updated_at"]

    def clean(self) -> None:
        if not _clean_codes(self.devices, Device):
            raise ValidationError({"devices": _("Wählen Sie Geräte aus der Liste")})
        if not _clean_codes(self.topics, Topic):
            raise ValidationError({"topics": _("Wählen Sie Themen aus der Liste")})
        if not isinstance(self.languages, list) or any(
            not isinstance(code, str) or len(code) != 2 for code in self.languages
        ):
            raise ValidationError({"languages": _("Wählen Sie Sprachen aus der Liste")})
        if self.status == self.Status.PAUSED and not self.paused_until:
            raise ValidationError({"paused_until": _("Geben Sie an, bis wann die Pause dauert")})
        if self.status != self.Status.PAUSED and self.paused_until:
            raise ValidationError({"paused_until": _("Ein Pausenende gibt es nur bei „Pause“")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Geben Sie beide Koordinaten an oder keine"))


class HelperAvailability(models.Model):
    """A weekly time window in which the helper can help."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Montag")
        TUESDAY = 1, _("Dienstag")
        WEDNESDAY = 2, _("Mittwoch")
        THURSDAY = 3, _("Donnerstag")
        FRIDAY = 4, _("Freitag")
        SATURDAY = 5, _("Samstag")
        SUNDAY = 6, _("Sonntag")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    helper = models.ForeignKey(
        Helper,
        on_delete=models.CASCADE,
        related_name="availabilities",
        verbose_name=_("Digital-Helfer/in"),
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    start_time = models.TimeField(_("Von"))
    end_time = models.TimeField(_("Bis"))

    class Meta:
        ordering = ["weekday", "start_time"]
        verbose_name = _("Zeitfenster")
        verbose_name_plural = _("Zeitfenster")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="helper_availability_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="helper_availability_weekday_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("„Bis“ muss nach „Von“ liegen")})


class HelperStatusChange(models.Model):
    """One change of a helper's status, with the date it takes effect and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    helper = models.ForeignKey(
        Helper,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("Digital-Helfer/in"),
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(
        _("Bisheriger Status"), max_length=12, choices=Helper.Status.choices, blank=True
    )
    to_status = models.CharField(_("Neuer Status"), max_length=12, choices=Helper.Status.choices)
    effective_on = models.DateField(_("Gültig ab"), default=timezone.localdate)
    reason = models.TextField(_("Grund"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Geändert von"),
    )
    changed_at = models.DateTimeField(_("Geändert am"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")

    def __str__(self) -> str:
        return f"{self.helper_id}: {self.from_status} → {self.to_status}"


class Credential(models.Model):
    """A document staff have seen (never a copy of it): a police certificate, a signed
    confidentiality pledge, a finished qualification; with the date the next check is due."""

    class Kind(models.TextChoices):
        POLICE_CERTIFICATE = "police_certificate", _("Führungszeugnis gesehen")
        PLEDGE = "pledge", _("Verschwiegenheitserklärung unterschrieben")
        QUALIFICATION = "qualification", _("Qualifizierung abgeschlossen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    helper = models.ForeignKey(
        Helper,
        on_delete=models.CASCADE,
        related_name="credentials",
        verbose_name=_("Digital-Helfer/in"),
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    issued_on = models.DateField(_("Ausgestellt am"))
    seen_on = models.DateField(_("Gesehen am"), default=timezone.localdate)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Gesehen von"),
    )
    # When the next check is due; empty: no expiry (a pledge, a qualification).
    valid_until = models.DateField(_("Nächste Prüfung fällig am"), null=True, blank=True)
    note = models.TextField(_("Bemerkung"), blank=True)
    # Set when the expiry reminder was written to the outbox, so it goes out once.
    reminded_at = models.DateTimeField(
        _("An die Prüfung erinnert am"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-issued_on"]
        verbose_name = _("Nachweis")
        verbose_name_plural = _("Nachweise")
        indexes = [
            models.Index(fields=["region", "valid_until"], name="credential_region_valid_idx"),
            models.Index(fields=["helper", "kind"], name="credential_helper_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.issued_on:%d.%m.%Y})"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.issued_on <= day and (self.valid_until is None or day <= self.valid_until)

    def clean(self) -> None:
        if self.issued_on and self.seen_on and self.seen_on < self.issued_on:
            raise ValidationError(
                {"seen_on": _("„Gesehen am“ darf nicht vor dem Ausstellungsdatum liegen")}
            )
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            raise ValidationError(
                {
                    "valid_until": _(
                        "Die nächste Prüfung darf nicht vor dem Ausstellungsdatum liegen"
                    )
                }
            )


class Place(models.TextChoices):
    HOME = "home", _("Zu Hause")
    OFFICE = "office", _("Im Quartiersbüro")
    CAFE = "cafe", _("Im Digital-Café")
    PHONE = "phone", _("Am Telefon")


def new_offer_token() -> str:
    return secrets.token_urlsafe(24)


def new_sms_code() -> str:
    # Six digits, easy to type on a phone; unique among open offers is checked by the service.
    return f"{secrets.randbelow(1_000_000):06d}"


class HelpRequest(models.Model):
    """A resident's wish for help with a device (Hilfeanfrage)."""

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        SOON = "soon", _("Bald")
        URGENT = "urgent", _("Dringend")

    class State(models.TextChoices):
        OPEN = "open", _("Offen")
        OFFERED = "offered", _("Angeboten")
        AGREED = "agreed", _("Zugesagt")
        DONE = "done", _("Erledigt")
        NOT_DONE = "not_done", _("Nicht erledigt")
        WITHDRAWN = "withdrawn", _("Zurückgezogen")

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        State.OPEN: (State.OFFERED, State.AGREED, State.WITHDRAWN, State.NOT_DONE),
        State.OFFERED: (State.OPEN, State.AGREED, State.WITHDRAWN, State.NOT_DONE),
        State.AGREED: (State.OPEN, State.DONE, State.NOT_DONE, State.WITHDRAWN),
        State.DONE: (),
        State.NOT_DONE: (State.OPEN,),
        State.WITHDRAWN: (State.OPEN,),
    }

    PERSON_ERASURE = "keep"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The organisation that holds the request (coordinates the quarter).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Träger")
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    quarter = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Quartier"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="help_requests",
        verbose_name=_("Person"),
    )
    topics = models.JSONField(_("Themen"), default=list, blank=True)
    device = models.CharField(_("Gerät"), max_length=10, choices=Device.choices, blank=True)
    language = models.CharField(_("Sprache"), max_length=2, default="de")
    place = models.CharField(_("Ort"), max_length=10, choices=Place.choices, default=Place.HOME)
    urgency = models.CharField(
        _("Dringlichkeit"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    free_times = models.TextField(_("Wann die Person Zeit hat"), blank=True)
    # Optional weekday slots: [{"weekday": 0, "part": "morning"}, …].
    free_slots = models.JSONField(_("Freie Zeiten"), default=list, blank=True)
    description = models.TextField(_("Worum es geht"), blank=True)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.OPEN)
    outcome_reason = models.TextField(_("Grund"), blank=True)
    assigned_helper = models.ForeignKey(
        Helper,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_requests",
        verbose_name=_("Digital-Helfer/in"),
    )
    appointment_at = models.DateTimeField(_("Termin"), null=True, blank=True)
    appointment_place = models.CharField(_("Treffpunkt"), max_length=200, blank=True)
    # The desk inquiry this request came from; an id only, because volunteers does not import desk.
    source_inquiry_id = models.UUIDField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Erfasst von"),
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Zuletzt geändert am"), auto_now=True)
    first_contact_at = models.DateTimeField(_("Erster Kontakt"), null=True, blank=True)
    # Where the help takes place (the person's postcode centre for a home visit), for the
    # distance to helpers only; never shown.
    latitude = models.FloatField(
        _("Breitengrad des Ortes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("Längengrad des Ortes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Hilfeanfrage")
        verbose_name_plural = _("Hilfeanfragen")
        indexes = [
            models.Index(fields=["region", "state"], name="helprequest_region_state_idx"),
            models.Index(fields=["organisation", "state"], name="helprequest_org_state_idx"),
            models.Index(fields=["quarter", "state"], name="helprequest_quarter_state_idx"),
            models.Index(fields=["source_inquiry_id"], name="helprequest_inquiry_idx"),
            models.Index(fields=["assigned_helper", "state"], name="helprequest_helper_state_idx"),
            models.Index(fields=["person", "state"], name="helprequest_person_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()} ({self.created_at:%d.%m.%Y})" if self.created_at else ""

    def topic_labels(self) -> list[str]:
        return code_labels(Topic, self.topics)

    def erase_personal_text(self) -> list[str]:
        self.free_times = ""
        self.description = ""
        self.outcome_reason = ""
        self.appointment_place = ""
        self.latitude = None
        self.longitude = None
        return [
            "free_times",
            "description",
            "outcome_reason",
            "appointment_place",
            "latitude",
            "longitude",
            "updated_at",
        ]

    def clean(self) -> None:
        if not _clean_codes(self.topics, Topic):
            raise ValidationError({"topics": _("Wählen Sie Themen aus der Liste")})


class HelpOffer(models.Model):
    """A request offered to one helper, who accepts or declines by link or SMS code."""

    class State(models.TextChoices):
        OFFERED = "offered", _("Angeboten")
        ACCEPTED = "accepted", _("Angenommen")
        DECLINED = "declined", _("Abgelehnt")
        TAKEN = "taken", _("Vergeben")
        EXPIRED = "expired", _("Abgelaufen")

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        State.OFFERED: (State.ACCEPTED, State.DECLINED, State.TAKEN, State.EXPIRED),
        State.ACCEPTED: (),
        State.DECLINED: (),
        State.TAKEN: (),
        State.EXPIRED: (),
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(
        HelpRequest,
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("Hilfeanfrage"),
    )
    helper = models.ForeignKey(
        Helper, on_delete=models.PROTECT, related_name="offers", verbose_name=_("Digital-Helfer/in")
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_offer_token, editable=False)
    sms_code = models.CharField(
        _("Code für die SMS-Antwort"), max_length=6, default=new_sms_code, editable=False
    )
    state = models.CharField(
        _("Stand"), max_length=10, choices=State.choices, default=State.OFFERED
    )
    offered_at = models.DateTimeField(_("Angeboten am"), default=timezone.now)
    expires_at = models.DateTimeField(_("Gültig bis"))
    answered_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Angeboten von"),
    )

    class Meta:
        ordering = ["-offered_at"]
        verbose_name = _("Angebot an Helfer/in")
        verbose_name_plural = _("Angebote an Helfer/innen")
        indexes = [
            models.Index(fields=["helper", "state"], name="helpoffer_helper_state_idx"),
            models.Index(fields=["state", "expires_at"], name="helpoffer_state_expires_idx"),
            models.Index(fields=["sms_code", "state"], name="helpoffer_sms_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.helper_id} ({self.get_state_display()})"


class HelpSession(models.Model):
    """A helper's short report of one help session (or a café shift without a request)."""

    class Solved(models.TextChoices):
        YES = "yes", _("Ja")
        PARTLY = "partly", _("Teilweise")
        NO = "no", _("Nein")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(
        HelpRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("Hilfeanfrage"),
    )
    helper = models.ForeignKey(
        Helper,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("Digital-Helfer/in"),
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("Datum"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(
        _("Dauer in Minuten"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    topics = models.JSONField(_("Themen"), default=list, blank=True)
    solved = models.CharField(_("Gelöst"), max_length=10, choices=Solved.choices)
    follow_up_needed = models.BooleanField(_("Weitere Hilfe nötig"), default=False)
    note = models.TextField(_("Bemerkung"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("Einsatzbericht")
        verbose_name_plural = _("Einsatzberichte")
        indexes = [
            models.Index(fields=["helper", "date"], name="helpsession_helper_date_idx"),
            models.Index(fields=["region", "date"], name="helpsession_region_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.helper_id} {self.date:%d.%m.%Y} ({self.duration_minutes} min)"

    def clean(self) -> None:
        if not _clean_codes(self.topics, Topic):
            raise ValidationError({"topics": _("Wählen Sie Themen aus der Liste")})


# --- Group formats and training: Handy-Café with helper shifts, qualification courses ---------


class Cafe(models.Model):
    """A recurring Digital-Sprechstunde or Handy-Café: weekly at one place, where residents come
    with their devices and helpers on shift answer their questions. Its dates are computed
    (weekly from `starts_on`, public holidays skipped, cancelled dates left out); only a date
    with a shift or a cancellation has rows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Träger")
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    quarter = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("Quartier")
    )
    name = models.CharField(_("Name"), max_length=120)
    # Where: a place of the directory, or in words. The offer whose page shows the next dates.
    # (By name, not import: volunteers does not import directory.)
    location = models.ForeignKey(
        "directory.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Ort"),
    )
    address = models.CharField(_("Wo (Adresse und Raum)"), max_length=200, blank=True)
    service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Angebot im Wegweiser"),
    )
    weekday = models.PositiveSmallIntegerField(
        _("Wochentag"), choices=HelperAvailability.Weekday.choices
    )
    start_time = models.TimeField(_("Von"))
    end_time = models.TimeField(_("Bis"))
    starts_on = models.DateField(_("Erster Termin ab"))
    ends_on = models.DateField(_("Letzter Termin bis"), null=True, blank=True)
    skip_holidays = models.BooleanField(_("An Feiertagen fällt es aus"), default=True)
    helpers_wanted = models.PositiveSmallIntegerField(
        _("So viele Helfer pro Termin"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Handy-Café")
        verbose_name_plural = _("Handy-Cafés")
        indexes = [
            models.Index(fields=["organisation"], name="cafe_org_idx"),
            models.Index(fields=["quarter"], name="cafe_quarter_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="cafe_end_after_start",
            ),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="cafe_weekday_range"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="cafe_ends_after_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def minutes(self) -> int:
        start = self.start_time.hour * 60 + self.start_time.minute
        return self.end_time.hour * 60 + self.end_time.minute - start

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("„Bis“ muss nach „Von“ liegen")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("Der letzte Termin darf nicht vor dem ersten liegen")}
            )


class CafeCancellation(models.Model):
    """One date of a café that does not take place, with the reason residents are told."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="cancellations", verbose_name=_("Handy-Café")
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("Datum"))
    reason = models.CharField(_("Grund"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("Ausfall")
        verbose_name_plural = _("Ausfälle")
        constraints = [
            models.UniqueConstraint(fields=["cafe", "date"], name="cafe_cancellation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.cafe_id} {self.date:%d.%m.%Y}"


class CafeShift(models.Model):
    """A helper on shift at one date of a café. `minutes` is the café's length on that day, kept
    so that later changes of its times do not change hours already given."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("Handy-Café")
    )
    helper = models.ForeignKey(Helper, on_delete=models.PROTECT, related_name="cafe_shifts")
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("Datum"))
    minutes = models.PositiveSmallIntegerField(
        _("Dauer in Minuten"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "helper__person__family_name"]
        verbose_name = _("Schicht im Handy-Café")
        verbose_name_plural = _("Schichten im Handy-Café")
        constraints = [
            models.UniqueConstraint(fields=["cafe", "date", "helper"], name="cafe_shift_once"),
        ]
        indexes = [
            models.Index(fields=["helper", "date"], name="cafeshift_helper_date_idx"),
            models.Index(fields=["region", "date"], name="cafeshift_region_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.helper_id} {self.date:%d.%m.%Y}"


class Course(models.Model):
    """A qualification course for helpers, run by a multiplier: what it covers, its sessions,
    who takes part and who was there."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Träger")
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("Titel"), max_length=160)
    # What the course covers, one item per line on the certificate.
    content = models.JSONField(_("Inhalte"), default=list, blank=True)
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Kursleitung"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Kurs")
        verbose_name_plural = _("Kurse")
        indexes = [models.Index(fields=["organisation"], name="course_org_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not isinstance(self.content, list) or any(
            not isinstance(item, str) or not item.strip() or len(item) > 200
            for item in self.content
        ):
            raise ValidationError({"content": _("Schreiben Sie jeden Inhalt in eine Zeile")})


class CourseSession(models.Model):
    """One meeting of a course."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("Datum"))
    start_time = models.TimeField(_("Von"))
    end_time = models.TimeField(_("Bis"))
    place = models.CharField(_("Ort"), max_length=200)

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("Kurstermin")
        verbose_name_plural = _("Kurstermine")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="course_session_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.start_time:%H:%M}"

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("„Bis“ muss nach „Von“ liegen")})


class CourseParticipant(models.Model):
    """A helper taking part in a course; `completed_on` once they finished it (with the
    qualification credential it recorded)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="participants", verbose_name=_("Kurs")
    )
    helper = models.ForeignKey(Helper, on_delete=models.PROTECT, related_name="courses")
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(_("Abgeschlossen am"), null=True, blank=True)
    credential = models.ForeignKey(
        Credential,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Nachweis der Qualifizierung"),
    )
    added_at = models.DateTimeField(_("Angemeldet am"), auto_now_add=True)

    class Meta:
        ordering = ["helper__person__family_name", "helper__person__given_name"]
        verbose_name = _("Kursteilnahme")
        verbose_name_plural = _("Kursteilnahmen")
        constraints = [
            models.UniqueConstraint(fields=["course", "helper"], name="course_participant_once"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.helper_id}"


class CourseAttendance(models.Model):
    """A participant was at a session (a row means present)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        CourseSession,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("Kurstermin"),
    )
    participant = models.ForeignKey(
        CourseParticipant, on_delete=models.CASCADE, related_name="attendance"
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheiten")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="course_attendance_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.participant_id}"
