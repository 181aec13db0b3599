"""The Quartiersbüro's work: inquiries (Anliegen), referrals to offers with a closed loop, and
unmet needs. Every record carries its region, so a region's data can move with it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from lotse.core.crypto import EncryptedTextField
from lotse.core.models import Area, Organisation
from lotse.directory.models import Service, TaxonomyTerm
from lotse.people.models import Consent, Person


class Inquiry(models.Model):
    """One Anliegen: a call, a visit or a web message, with or without a known person."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Telefon")
        WALK_IN = "walk_in", _("Persönlich im Büro")
        WEB = "web", _("Internet")
        EMAIL = "email", _("E-Mail")
        HOME_VISIT = "home_visit", _("Hausbesuch")
        OUTREACH = "outreach", _("Aufsuchende Arbeit")
        EVENT = "event", _("Veranstaltung")

    class Status(models.TextChoices):
        OPEN = "open", _("Offen")
        IN_PROGRESS = "in_progress", _("In Bearbeitung")
        WAITING = "waiting", _("Wartet auf Antwort")
        CLOSED = "closed", _("Abgeschlossen")

    class CallerKind(models.TextChoices):
        PERSON = "person", _("Die Person selbst")
        RELATIVE = "relative", _("Angehörige")
        NEIGHBOUR = "neighbour", _("Nachbarin oder Nachbar")
        PROFESSIONAL = "professional", _("Fachkraft, zum Beispiel Pflegedienst oder Arztpraxis")
        OTHER = "other", _("Jemand anderes")

    class FollowUpAnswer(models.TextChoices):
        WORKED = "worked", _("Ja, es hat geklappt")
        PARTLY = "partly", _("Zum Teil")
        NOT_WORKED = "not_worked", _("Nein, es hat nicht geklappt")
        UNREACHED = "unreached", _("Person nicht erreicht")

    # The erasure protocol (compliance): erasing the person keeps the row and clears its free text.
    PERSON_ERASURE = "keep"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The Träger of the office that holds the inquiry.
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
    channel = models.CharField(_("Kontaktweg"), max_length=12, choices=Channel.choices)
    # Empty: anonymous, or a resident's web inquiry not yet linked to a person record.
    # A visible reverse name (not "+"): the erasure finds the models that point to Person
    # through Person._meta.related_objects, which leaves hidden relations out.
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="desk_inquiries",
        verbose_name=_("Person"),
    )
    # When the person (or someone for them) got in touch; a call recorded later keeps its time.
    contacted_at = models.DateTimeField(_("Zeitpunkt des Kontakts"), default=timezone.now)
    # Who got in touch, when not the person: a relative, a neighbour, a professional. Their
    # name and phone are contact_name and contact_phone.
    caller_kind = models.CharField(
        _("Wer hat sich gemeldet?"), max_length=12, choices=CallerKind.choices, blank=True
    )
    caller_relation = models.CharField(_("Beziehung zur Person"), max_length=100, blank=True)
    # Who wrote a web inquiry, so the office can call back; staff may fill them in too.
    contact_name = models.CharField(_("Name"), max_length=200, blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    # Whom it is about, as someone else wrote it on the web ("für jemand anderen"), while no
    # person record is linked: the writer is then the caller above (caller_kind, contact_*).
    person_name = models.CharField(_("Name der Person"), max_length=200, blank=True)
    person_phone = models.CharField(_("Telefon der Person"), max_length=40, blank=True)
    topics = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="+", verbose_name=_("Themen")
    )
    # May hold health details, so it is stored encrypted.
    description = EncryptedTextField(_("Beschreibung"), blank=True)
    minutes_spent = models.PositiveIntegerField(_("Dauer in Minuten"), default=0)
    # A Kurzkontakt: a quick question answered at once, only counted (channel, topic, minutes);
    # no person, no description, closed when recorded.
    brief = models.BooleanField(_("Kurzkontakt"), default=False)
    status = models.CharField(
        _("Stand"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Zuständig"),
    )
    follow_up_on = models.DateField(_("Wiedervorlage am"), null=True, blank=True)
    # Set when a referral ended: the office asks the person "Hat es geklappt?".
    follow_up_outcome = models.BooleanField(_("Nachfragen, ob es geklappt hat"), default=False)
    # The last answer to "Hat es geklappt?", when the office asked, and what the person said.
    follow_up_answer = models.CharField(
        _("Hat es geklappt?"), max_length=12, choices=FollowUpAnswer.choices, blank=True
    )
    follow_up_note = EncryptedTextField(_("Was die Person gesagt hat"), blank=True)
    followed_up_at = models.DateTimeField(_("Nachgefragt am"), null=True, blank=True)
    # Why or how the office closed it; may hold health details, so encrypted.
    closing_note = EncryptedTextField(_("Bemerkung zum Abschluss"), blank=True)
    # A web inquiry written while logged in: its writer sees it and its state on "Mein Konto".
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Geschrieben von Benutzerkonto"),
    )
    # Empty for a resident's web inquiry.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("Erfasst am"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)

    ENCRYPTED_FIELDS = ("description", "follow_up_note", "closing_note")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Anliegen")
        verbose_name_plural = _("Anliegen")
        indexes = [
            models.Index(fields=["organisation", "status"], name="inquiry_org_status_idx"),
            models.Index(
                fields=["organisation", "follow_up_on"],
                condition=Q(follow_up_on__isnull=False),
                name="inquiry_org_follow_up_idx",
            ),
            models.Index(fields=["organisation", "-created_at"], name="inquiry_org_created_idx"),
            # The dashboard's open inquiries, newest first, and their count: without it both
            # read every inquiry the office ever had (30,000 rows: 13 ms instead of 0.4 ms).
            models.Index(
                fields=["organisation", "-created_at"],
                condition=~Q(status="closed"),
                name="inquiry_org_open_idx",
            ),
            # The dashboard's count of today's Kurzkontakte.
            models.Index(
                fields=["organisation", "contacted_at"],
                condition=Q(brief=True),
                name="inquiry_org_brief_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.created_at:%d.%m.%Y}"

    @cached_property
    def topic_codes(self) -> list[str]:
        """The codes of its topics, from a prefetch of `topics` where there is one."""
        return [term.code for term in self.topics.all()]

    def erase_personal_text(self) -> list[str]:
        """Clears the free text; the caller saves the returned fields."""
        self.description = ""
        self.contact_name = ""
        self.contact_phone = ""
        self.contact_email = ""
        self.person_name = ""
        self.person_phone = ""
        self.caller_relation = ""
        self.follow_up_note = ""
        self.closing_note = ""
        return [
            "description",
            "contact_name",
            "contact_phone",
            "contact_email",
            "person_name",
            "person_phone",
            "caller_relation",
            "follow_up_note",
            "closing_note",
        ]


class Referral(models.Model):
    """A Weitervermittlung of a person to an offer, followed until it worked or not: from an
    inquiry at the desk, or without one (a Kümmerer's help plan refers the person directly)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Angefragt")
        ACCEPTED = "accepted", _("Angenommen")
        DECLINED = "declined", _("Abgelehnt")
        IN_PROGRESS = "in_progress", _("Läuft")
        COMPLETED = "completed", _("Abgeschlossen")
        WITHDRAWN = "withdrawn", _("Zurückgezogen")
        EXPIRED = "expired", _("Keine Antwort")

    class Reason(models.TextChoices):
        PERSON_DECLINED = "person_declined", _("Die Person wollte nicht mehr")
        NO_CAPACITY = "no_capacity", _("Kein Platz frei")
        NO_LONGER_NEEDED = "no_longer_needed", _("Nicht mehr nötig")
        PERSON_UNREACHABLE = "person_unreachable", _("Person nicht erreichbar")
        PROVIDER_UNREACHABLE = "provider_unreachable", _("Anbieter nicht erreichbar")
        NOT_ELIGIBLE = "not_eligible", _("Voraussetzungen nicht erfüllt")
        OTHER = "other", _("Anderer Grund")

    PERSON_ERASURE = "keep"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Empty for a referral made without an inquiry (referral_create_for_person).
    inquiry = models.ForeignKey(
        Inquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    # The organisation that referred (the inquiry's office), copied for the dashboard's index.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="desk_referrals"
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("Angebot")
    )
    receiving_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Anbieter")
    )
    status = models.CharField(
        _("Stand"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    short_code = models.CharField(_("Kurzcode"), max_length=9, unique=True, editable=False)
    # The provider sees the person only with a consent to share with it (and while it holds).
    shares_personal_data = models.BooleanField(default=False)
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("Hinweis für den Anbieter"), blank=True)
    answer_due = models.DateField(_("Antwort erwartet bis"))
    succeeded = models.BooleanField(_("Hat es geklappt?"), null=True, blank=True)
    # Why it was declined or did not work out.
    reason = models.CharField(_("Grund"), max_length=25, choices=Reason.choices, blank=True)
    outcome_note = models.TextField(_("Bemerkung zum Ergebnis"), blank=True)
    # Set when the provider did not answer in time; the office dashboard shows it until the
    # office acts on the referral.
    office_alert_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Weitervermittlung")
        verbose_name_plural = _("Weitervermittlungen")
        indexes = [
            models.Index(fields=["organisation", "status"], name="referral_org_status_idx"),
            models.Index(
                fields=["receiving_organisation", "status"], name="referral_receiver_status_idx"
            ),
            models.Index(fields=["status", "answer_due"], name="referral_status_due_idx"),
            models.Index(
                fields=["organisation", "office_alert_at"],
                condition=Q(office_alert_at__isnull=False),
                name="referral_org_alert_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(shares_personal_data=False) | Q(consent__isnull=False),
                name="referral_shares_only_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.short_code

    def erase_personal_text(self) -> list[str]:
        self.note = ""
        self.outcome_note = ""
        return ["note", "outcome_note"]


class ReferralEvent(models.Model):
    """One step of a referral: who (empty for the worker or the public code page), when, from
    which status to which, and a note."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=12, choices=Referral.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Referral.Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("Schritt der Weitervermittlung")
        verbose_name_plural = _("Schritte der Weitervermittlung")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class UnmetNeed(models.Model):
    """A need no offer could meet: what the region's planners should hear about."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    quarter = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Quartier"),
    )
    topic = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="+", verbose_name=_("Thema")
    )
    note = models.TextField(_("Was fehlt?"), blank=True)
    inquiry = models.ForeignKey(
        Inquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="unmet_needs"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("Fehlendes Angebot")
        verbose_name_plural = _("Fehlende Angebote")
        indexes = [
            models.Index(fields=["region", "topic"], name="unmetneed_region_topic_idx"),
        ]

    def __str__(self) -> str:
        return str(self.topic)
