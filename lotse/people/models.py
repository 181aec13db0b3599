"""Persons served (no login needed) and their purpose-bound consents."""

import json
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.core.crypto import EncryptedTextField
from lotse.core.models import Area, Organisation


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
    # Set by lotse.compliance.erasure.person_anonymise; hidden from list and search.
    anonymised_at = models.DateTimeField(_("Anonymisiert am"), null=True, blank=True)

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
        # `is not None`: 0 is a year too, and as wrong as 1066 (only a missing one is skipped,
        # because full_clean reports that itself).
        if self.birth_year is not None and not 1900 <= self.birth_year <= this_year:
            raise ValidationError(
                {"birth_year": _("Das Geburtsjahr muss zwischen 1900 und heute liegen")}
            )


class Proxy(models.Model):
    """Someone who may act for the person: a relative, a legal guardian (rechtliche Betreuung)
    or the holder of a power of attorney, with the evidence staff have seen."""

    class Kind(models.TextChoices):
        RELATIVE = "relative", _("Angehörige/r")
        GUARDIAN = "guardian", _("Rechtliche Betreuung")
        ATTORNEY = "attorney", _("Vorsorgevollmacht")

    class Scope(models.TextChoices):
        # The Aufgabenkreise of a Betreuung; a Vorsorgevollmacht names the same areas.
        HEALTH = "health", _("Gesundheitssorge")
        RESIDENCE = "residence", _("Aufenthaltsbestimmung")
        ASSETS = "assets", _("Vermögenssorge")
        AUTHORITIES = "authorities", _("Behörden- und Ämterangelegenheiten")
        HOUSING = "housing", _("Wohnungsangelegenheiten")
        MAIL = "mail", _("Entgegennahme der Post")

    class Evidence(models.TextChoices):
        GUARDIAN_CARD = "guardian_card", _("Betreuerausweis")
        ORIGINAL = "original", _("Vollmachtsurkunde im Original")
        COPY = "copy", _("Kopie")
        VERBAL = "verbal", _("nur mündliche Angabe")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="proxies")
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("Art der Vertretung"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("Name"), max_length=200)
    relationship = models.CharField(_("Beziehung zur Person"), max_length=100, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    address = models.TextField(_("Adresse"), blank=True)
    # Codes of Scope; empty for relatives, who act only as far as the person asks them to.
    scope = models.JSONField(_("Aufgabenkreise"), default=list, blank=True)
    evidence_kind = models.CharField(
        _("Gesehener Nachweis"), max_length=15, choices=Evidence.choices
    )
    evidence_note = models.TextField(_("Bemerkung zum Nachweis"), blank=True)
    evidence_seen_on = models.DateField(_("Nachweis gesehen am"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("Erfasst am"), default=timezone.now)
    valid_until = models.DateField(_("Gültig bis"), null=True, blank=True)
    ended_at = models.DateTimeField(_("Beendet am"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["ended_at", "name"]
        verbose_name = _("Vertretung")
        verbose_name_plural = _("Vertretungen")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def is_active(self) -> bool:
        if self.ended_at is not None:
            return False
        return self.valid_until is None or self.valid_until >= timezone.localdate()

    def scope_labels(self) -> list[str]:
        return [str(self.Scope(code).label) for code in self.scope if code in self.Scope.values]

    def clean(self) -> None:
        if not isinstance(self.scope, list) or any(
            code not in self.Scope.values for code in self.scope
        ):
            raise ValidationError({"scope": _("Wählen Sie Aufgabenkreise aus der Liste")})
        if self.kind == self.Kind.RELATIVE and self.scope:
            raise ValidationError(
                {"scope": _("Aufgabenkreise gibt es nur bei Betreuung und Vollmacht")}
            )
        if self.kind != self.Kind.RELATIVE and not self.scope:
            raise ValidationError({"scope": _("Wählen Sie mindestens einen Aufgabenkreis")})
        if self.valid_until and self.evidence_seen_on and self.valid_until < self.evidence_seen_on:
            raise ValidationError(
                {"valid_until": _("„Gültig bis“ darf nicht vor dem Tag des Nachweises liegen")}
            )


class PersonCorrection(models.Model):
    """One change of a person's data (Art. 16 DSGVO): who, when, why, and per field the old
    and new value. The values are personal data, so they are stored encrypted."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Berichtigung")
        MERGE = "merge", _("Zusammenführung")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections")
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CORRECTION)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("Geändert am"), default=timezone.now)
    reason = EncryptedTextField(_("Grund der Änderung"), blank=True)
    # The names of the changed fields (no values): what lists may show without decrypting.
    fields = models.JSONField(default=list, blank=True)
    # JSON {field: [old, new]} as display text, encrypted.
    change_values = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("Änderung")
        verbose_name_plural = _("Änderungen")

    def __str__(self) -> str:
        return f"{self.person_id} {self.changed_at:%Y-%m-%d %H:%M}"

    def changes(self) -> dict[str, list[str]]:
        return json.loads(self.change_values) if self.change_values else {}

    def rows(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) per changed field, for the history table."""
        changes = self.changes()
        rows = []
        for name in self.fields:
            old, new = changes.get(name, ["", ""])
            rows.append((person_field_label(name), old, new))
        return rows


def person_field_label(name: str) -> str:
    """The German label of a Person field."""
    return str(getattr(Person._meta.get_field(name), "verbose_name", name))


class Consent(models.Model):
    """One purpose-bound consent: how it was given, who recorded it, when; withdrawable."""

    class Purpose(models.TextChoices):
        KEEP = "keep", _("Daten speichern")
        SHARE = "share", _("Daten an eine Organisation weitergeben")
        CONTACT = "contact", _("Kontakt aufnehmen")
        PHOTOS = "photos", _("Fotos")
        # A volunteer's phone or e-mail given to the people they help (lotse.volunteers).
        PASS_ON = "pass_on", _("Kontaktdaten an Menschen geben, denen geholfen wird")

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
    # Empty: the person gave it themself on a public form (online), recorded by nobody.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence_note = models.TextField(_("Nachweis"), blank=True)
    withdrawn_at = models.DateTimeField(_("Widerrufen am"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who gave it, when given "Durch eine Vertretung".
    proxy = models.ForeignKey(
        Proxy,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("Vertretung"),
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
        if self.given_how == self.GivenHow.PROXY and not self.proxy_id:
            raise ValidationError({"proxy": _("Wählen Sie die Vertretung, die eingewilligt hat")})
        if self.given_how != self.GivenHow.PROXY and self.proxy_id:
            raise ValidationError(
                {"proxy": _("Eine Vertretung gibt es nur bei „Durch eine Vertretung“")}
            )
