"""Persons served (no login needed) and their purpose-bound consents."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.core.models import Area, Organisation
from lotse.people.crypto import EncryptedTextField


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-Mail")
    SMS = "sms", _("SMS")
    LETTER = "letter", _("Brief")
    NONE = "none", _("Bitte nicht kontaktieren")


class Person(models.Model):
    """A person an office advises. Held by one organisation; carries its region."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Träger")
    )
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    given_name = models.CharField(_("Vorname"), max_length=100)
    family_name = models.CharField(_("Nachname"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(_("Geburtsjahr"))
    birth_date = models.DateField(_("Geburtsdatum"), null=True, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    quarter = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Quartier"),
    )
    # ISO 639-1 codes, e.g. ["de", "tr"].
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    contact_channel = models.CharField(
        _("Bevorzugter Kontaktweg"),
        max_length=10,
        choices=ContactChannel.choices,
        default=ContactChannel.PHONE,
    )
    hearing_note = EncryptedTextField(_("Hören"), blank=True)
    sight_note = EncryptedTextField(_("Sehen"), blank=True)
    mobility_note = EncryptedTextField(_("Beweglichkeit"), blank=True)
    # Lower-case, umlauts and ß folded, phone as digits: what search and duplicates compare.
    search_name = models.CharField(max_length=210, blank=True, editable=False)
    search_phone = models.CharField(max_length=40, blank=True, editable=False)
    search_street = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    ENCRYPTED_FIELDS = ("hearing_note", "sight_note", "mobility_note")

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        indexes = [
            models.Index(fields=["organisation", "search_name"], name="person_org_name_idx"),
            models.Index(fields=["organisation", "search_phone"], name="person_org_phone_idx"),
            models.Index(fields=["organisation", "search_street"], name="person_org_street_idx"),
            models.Index(fields=["organisation", "birth_year"], name="person_org_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def clean(self) -> None:
        if self.birth_date and self.birth_year and self.birth_date.year != self.birth_year:
            raise ValidationError({"birth_date": _("Das Geburtsdatum muss im Geburtsjahr liegen")})
        this_year = timezone.localdate().year
        if self.birth_year and not 1900 <= self.birth_year <= this_year:
            raise ValidationError(
                {"birth_year": _("Das Geburtsjahr muss zwischen 1900 und heute liegen")}
            )


class Consent(models.Model):
    """One purpose-bound consent: how it was given, who recorded it, when; withdrawable."""

    class Purpose(models.TextChoices):
        KEEP = "keep", _("Daten speichern")
        SHARE = "share", _("Daten an eine Organisation weitergeben")
        CONTACT = "contact", _("Kontakt aufnehmen")
        PHOTOS = "photos", _("Fotos")

    class GivenHow(models.TextChoices):
        WRITTEN = "written", _("Schriftlich")
        VERBAL_PHONE = "verbal_phone", _("Mündlich am Telefon")
        ONLINE = "online", _("Online")
        PROXY = "proxy", _("Durch eine Vertretung")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    # The person's region, so the record can move with its region.
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("Zweck"), max_length=10, choices=Purpose.choices)
    recipient = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Empfänger"),
    )
    channel = models.CharField(
        _("Kontaktweg"), max_length=10, choices=ContactChannel.choices, blank=True
    )
    given_how = models.CharField(_("Wie erteilt"), max_length=15, choices=GivenHow.choices)
    given_at = models.DateTimeField(_("Erteilt am"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    evidence_note = models.TextField(_("Nachweis"), blank=True)
    withdrawn_at = models.DateTimeField(_("Widerrufen am"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        indexes = [
            models.Index(fields=["person", "purpose"], name="consent_person_purpose_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.person})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    def clean(self) -> None:
        if self.purpose == self.Purpose.SHARE and not self.recipient_id:
            raise ValidationError(
                {"recipient": _("Wählen Sie die Organisation, die die Daten bekommt")}
            )
        if self.purpose != self.Purpose.SHARE and self.recipient_id:
            raise ValidationError(
                {"recipient": _("Eine Organisation gibt es nur bei der Weitergabe")}
            )
        if self.purpose == self.Purpose.CONTACT and self.channel in ("", ContactChannel.NONE):
            raise ValidationError({"channel": _("Wählen Sie den Kontaktweg")})
        if self.purpose != self.Purpose.CONTACT and self.channel:
            raise ValidationError({"channel": _("Einen Kontaktweg gibt es nur beim Kontakt")})
