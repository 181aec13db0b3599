"""Kümmerer case files (Fallakten): a person accompanied by a care navigator for weeks or months.

A case file holds the assessment by life areas, the help plan (goals in the person's own words,
actions for each goal), the journal of contacts, the network around the person, the reviews, the
handovers and the closing with its outcome. Its stage is derived from what has happened
(`CaseFile.stage`, kept by lotse.cases.services.case_stage_refresh), never set by hand.

Every record carries its region through the case file; free text about the person is encrypted
like the people notes."""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotse.core.crypto import EncryptedTextField
from lotse.core.models import Area, Organisation
from lotse.desk.models import Inquiry, Referral
from lotse.office.models import Appointment
from lotse.people.models import Person, Proxy
from lotse.volunteers.models import HelpRequest

# Default weeks between two reviews.
REVIEW_WEEKS_DEFAULT = 8
# Days without a contact after which the caseload asks for one.
NO_CONTACT_DAYS = 30
# Longest contact one journal entry may record (a whole working day).
JOURNAL_MINUTES_MAX = 600


class Stage(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("Erstkontakt")
    ASSESSMENT = "assessment", _("Einschätzung")
    PLAN = "plan", _("Hilfeplan")
    IMPLEMENTATION = "implementation", _("Umsetzung")
    REVIEW = "review", _("Überprüfung")
    CLOSED = "closed", _("Abgeschlossen")


class LifeArea(models.TextChoices):
    HEALTH = "health", _("Gesundheit")
    EVERYDAY = "everyday", _("Alltag und Pflege")
    HOUSING = "housing", _("Wohnen")
    MONEY = "money", _("Geld und Ansprüche")
    SOCIAL = "social", _("Soziale Kontakte")
    MOBILITY = "mobility", _("Mobilität")
    DIGITAL = "digital", _("Digitale Fähigkeiten")
    LEGAL = "legal", _("Rechtliches und Behörden")


class SupportLevel(models.IntegerChoices):
    NONE = 0, _("Keine Unterstützung nötig")
    SOME = 1, _("Etwas Unterstützung")
    MUCH = 2, _("Viel Unterstützung")
    URGENT = 3, _("Dringend")


class CaseFile(models.Model):
    """A Fallakte: one person accompanied by one responsible Kümmerer and their team."""

    class Source(models.TextChoices):
        INQUIRY = "inquiry", _("Anliegen im Quartiersbüro")
        HOSPITAL = "hospital", _("Entlassmanagement eines Krankenhauses")
        DOCTOR = "doctor", _("Hausärztin oder Hausarzt")
        DIRECT = "direct", _("Direkt (die Person oder Angehörige)")
        OTHER = "other", _("Andere Stelle")

    class Reason(models.TextChoices):
        STROKE = "stroke", _("Schlaganfall")
        ILLNESS = "illness", _("Andere Erkrankung")
        BEREAVEMENT = "bereavement", _("Trauerfall")
        CARE_NEED = "care_need", _("Pflegebedarf entsteht")
        DISCHARGE = "discharge", _("Entlassung aus dem Krankenhaus")
        ISOLATION = "isolation", _("Einsamkeit")
        MONEY = "money", _("Geldsorgen")
        OTHER = "other", _("Anderer Grund")

    class ClosingReason(models.TextChoices):
        GOALS_REACHED = "goals_reached", _("Ziele erreicht")
        DECLINED = "declined", _("Die Person möchte keine weitere Begleitung")
        MOVED = "moved", _("Umgezogen")
        RESIDENTIAL_CARE = "residential_care", _("Lebt jetzt in einer Pflegeeinrichtung")
        DIED = "died", _("Verstorben")
        OTHER = "other", _("Anderer Grund")

    # Erasing the person keeps the row for the counts and clears its free text.
    PERSON_ERASURE = "keep"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The organisation holding the case (the Kümmerer's employer) and its region.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Träger")
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    # The site (Standort): the quarter or municipality where the Kümmerer works.
    site = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("Standort")
    )
    # Said on the phone: "Begleitung 142". Unique in the organisation, counted up.
    number = models.PositiveIntegerField(_("Nummer"), editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="case_files", verbose_name=_("Person")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Verantwortlich"),
    )
    # Colleagues who may see and work on the case besides the responsible Kümmerer.
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("Team")
    )
    opened_on = models.DateField(_("Begonnen am"))
    source = models.CharField(
        _("Wie kam die Begleitung zustande?"), max_length=10, choices=Source.choices
    )
    # Who referred, in words ("Klinikum Nord, Sozialdienst Frau Berg").
    source_detail = models.CharField(_("Wer hat vermittelt?"), max_length=200, blank=True)
    source_inquiry = models.ForeignKey(
        Inquiry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Anliegen"),
    )
    reason = models.CharField(_("Anlass"), max_length=12, choices=Reason.choices)
    reason_note = EncryptedTextField(_("Anlass in eigenen Worten"), blank=True)
    # Kept by lotse.cases.services.case_stage_refresh from what has happened.
    stage = models.CharField(
        _("Phase"), max_length=14, choices=Stage.choices, default=Stage.FIRST_CONTACT
    )
    review_weeks = models.PositiveSmallIntegerField(
        _("Überprüfung alle … Wochen"),
        default=REVIEW_WEEKS_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    next_review_on = models.DateField(_("Nächste Überprüfung"), null=True, blank=True)
    # The last journal entry's time, for "no contact for 30 days" without reading the journal.
    last_contact_at = models.DateTimeField(_("Letzter Kontakt"), null=True, blank=True)
    closed_on = models.DateField(_("Abgeschlossen am"), null=True, blank=True)
    closing_reason = models.CharField(
        _("Grund für den Abschluss"), max_length=16, choices=ClosingReason.choices, blank=True
    )
    closing_note = EncryptedTextField(_("Bemerkung zum Abschluss"), blank=True)
    # An optional call three months after closing ("Wie geht es Ihnen?").
    check_in_on = models.DateField(_("Nachfrage am"), null=True, blank=True)
    check_in_done_on = models.DateField(_("Nachgefragt am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-number"]
        verbose_name = _("Begleitung")
        verbose_name_plural = _("Begleitungen")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="casefile_org_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(stage="closed", closed_on__isnull=False)
                | (~Q(stage="closed") & Q(closed_on__isnull=True)),
                name="casefile_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["responsible", "stage"], name="casefile_resp_stage_idx"),
            models.Index(fields=["organisation", "stage"], name="casefile_org_stage_idx"),
            models.Index(fields=["site", "stage"], name="casefile_site_stage_idx"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _("Begleitung %(number)s") % {"number": self.number}

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    def stage_today(self, today: dt.date) -> str:
        """The stage as the pages show it: a case being implemented whose review date has
        come is in review."""
        if (
            self.stage == Stage.IMPLEMENTATION
            and self.next_review_on is not None
            and self.next_review_on <= today
        ):
            return Stage.REVIEW
        return self.stage

    def erase_personal_text(self) -> list[str]:
        self.reason_note = ""
        self.closing_note = ""
        self.source_detail = ""
        return ["reason_note", "closing_note", "source_detail", "updated_at"]


class CaseEvent(models.Model):
    """What happened to the file itself: opened, handed over, team changed, closed, reopened."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Begonnen")
        HANDED_OVER = "handed_over", _("Übergeben")
        TEAM = "team", _("Team geändert")
        CLOSED = "closed", _("Abgeschlossen")
        REOPENED = "reopened", _("Wieder aufgenommen")
        CHECKED_IN = "checked_in", _("Nachgefragt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For a handover: who had the case, who has it now.
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The handover note, the reason to reopen.
    note = EncryptedTextField(_("Notiz"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def erase_personal_text(self) -> list[str]:
        self.note = ""
        return ["note"]


class Assessment(models.Model):
    """An Einschätzung by life areas on one day; later ones sit beside the earlier ones."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("Datum der Einschätzung"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "created_at"]


class AssessmentRating(models.Model):
    """How much support one life area needs, with a note."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    area = models.CharField(_("Lebensbereich"), max_length=10, choices=LifeArea.choices)
    level = models.PositiveSmallIntegerField(_("Unterstützung"), choices=SupportLevel.choices)
    note = EncryptedTextField(_("Notiz"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "area"], name="assessmentrating_area_unique"
            ),
        ]

    def erase_personal_text(self) -> list[str]:
        self.note = ""
        return ["note"]


class Goal(models.Model):
    """A Hilfeplan-Ziel in the person's own words."""

    class Status(models.TextChoices):
        OPEN = "open", _("Offen")
        REACHED = "reached", _("Erreicht")
        PARTLY = "partly", _("Teilweise erreicht")
        NOT_REACHED = "not_reached", _("Nicht erreicht")
        DROPPED = "dropped", _("Nicht mehr verfolgt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="goals")
    text = EncryptedTextField(_("Ziel in den Worten der Person"))
    area = models.CharField(_("Lebensbereich"), max_length=10, choices=LifeArea.choices, blank=True)
    status = models.CharField(
        _("Stand"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    outcome_note = EncryptedTextField(_("Bemerkung zum Ergebnis"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "created_at"]

    def erase_personal_text(self) -> list[str]:
        self.text = ""
        self.outcome_note = ""
        return ["text", "outcome_note", "updated_at"]


class Action(models.Model):
    """A Maßnahme for a goal: a task with a due date and who does it, a referral (the desk's
    closed loop), an appointment, or a request to the digital helpers."""

    class Kind(models.TextChoices):
        TASK = "task", _("Aufgabe")
        REFERRAL = "referral", _("Weitervermittlung")
        APPOINTMENT = "appointment", _("Termin")
        DIGITAL_HELP = "digital_help", _("Digital-Hilfe")

    class Doer(models.TextChoices):
        NAVIGATOR = "navigator", _("Kümmerer")
        PERSON = "person", _("Die Person selbst")
        RELATIVE = "relative", _("Angehörige")
        PROVIDER = "provider", _("Anbieter")
        OTHER = "other", _("Jemand anderes")

    class Status(models.TextChoices):
        OPEN = "open", _("Offen")
        DONE = "done", _("Erledigt")
        CANCELLED = "cancelled", _("Entfällt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(
        Goal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("Ziel"),
    )
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices, default=Kind.TASK)
    title = models.CharField(_("Was ist zu tun?"), max_length=200)
    doer = models.CharField(
        _("Wer macht es?"), max_length=10, choices=Doer.choices, default=Doer.NAVIGATOR
    )
    # The relative's or provider's name, when the doer is not the Kümmerer or the person.
    doer_name = models.CharField(_("Name"), max_length=120, blank=True)
    due_on = models.DateField(_("Bis wann?"), null=True, blank=True)
    status = models.CharField(
        _("Stand"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("Erledigt am"), null=True, blank=True)
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    help_request = models.ForeignKey(
        HelpRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(
                fields=["case_file", "due_on"],
                condition=Q(status="open"),
                name="action_open_due_idx",
            ),
        ]

    def clean(self) -> None:
        if self.kind == self.Kind.REFERRAL and self.referral_id is None:
            raise ValidationError(_("Eine Weitervermittlung braucht ein Angebot."))
        if self.status == self.Status.DONE and self.done_on is None:
            raise ValidationError({"done_on": _("Geben Sie an, wann es erledigt war.")})


class JournalEntry(models.Model):
    """One contact with or about the person, with the time spent."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("Hausbesuch")
        PHONE = "phone", _("Telefonat")
        OFFICE = "office", _("Gespräch im Büro")
        VIDEO = "video", _("Videogespräch")
        WITH_OTHERS = "with_others", _("Gespräch mit anderen (Netzwerk)")
        WRITTEN = "written", _("Brief oder E-Mail")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="journal")
    kind = models.CharField(_("Art des Kontakts"), max_length=12, choices=Kind.choices)
    happened_at = models.DateTimeField(_("Wann?"))
    minutes = models.PositiveSmallIntegerField(
        _("Zeitaufwand in Minuten"),
        validators=[MinValueValidator(1), MaxValueValidator(JOURNAL_MINUTES_MAX)],
    )
    note = EncryptedTextField(_("Notiz"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_at"]
        verbose_name = _("Journaleintrag")
        verbose_name_plural = _("Journal")
        indexes = [
            models.Index(fields=["case_file", "-happened_at"], name="journal_case_time_idx"),
        ]

    def erase_personal_text(self) -> list[str]:
        self.note = ""
        return ["note"]


class NetworkContact(models.Model):
    """Someone around the person, and whether the person agreed that the Kümmerer may talk
    to them. A legal guardian or holder of a power of attorney is linked to the person's
    recorded proxy, whose scope counts."""

    class Role(models.TextChoices):
        RELATIVE = "relative", _("Angehörige")
        NEIGHBOUR = "neighbour", _("Nachbarin oder Nachbar")
        DOCTOR = "doctor", _("Hausarztpraxis")
        CARE_SERVICE = "care_service", _("Pflegedienst")
        GUARDIAN = "guardian", _("Rechtliche Betreuung")
        ATTORNEY = "attorney", _("Bevollmächtigte Person")
        PHARMACY = "pharmacy", _("Apotheke")
        OTHER = "other", _("Andere")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="network")
    role = models.CharField(_("Rolle"), max_length=12, choices=Role.choices)
    name = models.CharField(_("Name"), max_length=150)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    note = EncryptedTextField(_("Notiz"), blank=True)
    may_contact = models.BooleanField(
        _("Die Person ist einverstanden, dass wir mit ihr oder ihm sprechen"), default=False
    )
    agreed_on = models.DateField(_("Einverstanden seit"), null=True, blank=True)
    proxy = models.ForeignKey(
        Proxy,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Eingetragene Vertretung"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["role", "name"]

    def clean(self) -> None:
        if self.may_contact and self.agreed_on is None:
            raise ValidationError({"agreed_on": _("Geben Sie an, seit wann.")})

    def erase_personal_text(self) -> list[str]:
        self.name = "—"
        self.phone = ""
        self.email = ""
        self.note = ""
        return ["name", "phone", "email", "note", "updated_at"]


class Review(models.Model):
    """An Überprüfung: what changed, which goals were reached, the plan adjusted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("Datum der Überprüfung"))
    what_changed = EncryptedTextField(_("Was hat sich verändert?"))
    plan_note = EncryptedTextField(_("Was am Plan geändert wird"), blank=True)
    # The assessment made with the review, if one was.
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]

    def erase_personal_text(self) -> list[str]:
        self.what_changed = ""
        self.plan_note = ""
        return ["what_changed", "plan_note"]


class Cover(models.Model):
    """Vertretung: while a Kümmerer is away, a named colleague sees and works on their cases."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    absent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Wer ist abwesend?"),
    )
    covering = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_covers",
        verbose_name=_("Wer vertritt?"),
    )
    starts_on = models.DateField(_("Von"))
    ends_on = models.DateField(_("Bis"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]
        indexes = [
            models.Index(fields=["covering", "ends_on"], name="cover_covering_end_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cover_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(absent=models.F("covering")), name="cover_not_oneself"
            ),
        ]
