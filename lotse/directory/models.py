"""Offers modelled one to one on Open Referral HSDS 3.0, plus a German profile on `Service`."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.models import Area, Organisation

# Languages an offer can be given in (ISO 639-1), with their German names.
LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ru", _("Russisch")),
    ("pl", _("Polnisch")),
    ("ar", _("Arabisch")),
    ("uk", _("Ukrainisch")),
]
# Names of the two taxonomies of the German profile.
TOPICS = "Themen"
TARGET_GROUPS = "Zielgruppen"


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """Topics and target groups are terms of two taxonomies."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="term_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("aktiv")
        INACTIVE = "inactive", _("archiviert")
        DEFUNCT = "defunct", _("eingestellt")
        TEMPORARILY_CLOSED = "temporarily closed", _("vorübergehend geschlossen")

    class Reach(models.TextChoices):
        COME = "komm", _("Sie kommen zum Angebot")
        GO = "geh", _("Das Angebot kommt zu Ihnen nach Hause")
        PHONE = "telefon", _("Am Telefon")
        ONLINE = "online", _("Im Internet")

    class Cost(models.TextChoices):
        FREE = "kostenlos", _("kostenlos")
        DONATION = "spende", _("gegen Spende")
        FEE = "beitrag", _("mit Beitrag")

    class Staffing(models.TextChoices):
        PROFESSIONAL = "hauptamtlich", _("hauptamtlich")
        VOLUNTEER = "ehrenamtlich", _("ehrenamtlich")
        MIXED = "gemischt", _("haupt- und ehrenamtlich")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("Name des Angebots"), max_length=200)
    alternate_name = models.CharField(_("Anderer Name"), max_length=200, blank=True)
    description = models.TextField(_("Beschreibung"))
    easy_language_description = models.TextField(_("Beschreibung in Leichter Sprache"), blank=True)
    url = models.URLField(_("Internetseite"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    reach = models.CharField(
        _("So erreichen Sie das Angebot"), max_length=10, choices=Reach.choices, default=Reach.COME
    )
    cost = models.CharField(_("Kosten"), max_length=10, choices=Cost.choices, default=Cost.FREE)
    fee_amount = models.DecimalField(
        _("Beitrag in Euro"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    care_level_required = models.PositiveSmallIntegerField(
        _("Pflegegrad nötig ab"), null=True, blank=True
    )
    recognised_45a = models.BooleanField(_("Anerkannt nach § 45a SGB XI"), default=False)
    staffing = models.CharField(
        _("Wer hilft"), max_length=15, choices=Staffing.choices, default=Staffing.PROFESSIONAL
    )
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    last_verified_at = models.DateField(_("Zuletzt geprüft am"), null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_reminded_at = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    class Kind(models.TextChoices):
        PHYSICAL = "physical", _("Ort")
        VIRTUAL = "virtual", _("online")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="locations"
    )
    location_type = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PHYSICAL)
    name = models.CharField(_("Name des Ortes"), max_length=200)
    description = models.TextField(blank=True)
    transportation = models.TextField(_("So kommen Sie hin"), blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    quarter = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Free text about access that fits none of the features (an import's "Handicap accessible").
    accessibility_description = models.TextField(_("Barrierefreiheit (Beschreibung)"), blank=True)

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    address_1 = models.CharField(_("Straße und Hausnummer"), max_length=200)
    city = models.CharField(_("Ort"), max_length=100)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10)
    state_province = models.CharField(max_length=100, default="Nordrhein-Westfalen")
    country = models.CharField(max_length=2, default="DE")
    address_type = models.CharField(max_length=10, default="physical")


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="service_at_locations"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="sal_unique")]


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(_("Telefonnummer"), max_length=40)
    extension = models.CharField(max_length=10, blank=True)
    type = models.CharField(max_length=20, default="voice")
    description = models.CharField(max_length=200, blank=True)


class Schedule(models.Model):
    """An HSDS schedule rule: weekly or monthly (`byday` "1WE" = first Wednesday)."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("wöchentlich")
        MONTHLY = "MONTHLY", _("monatlich")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    freq = models.CharField(max_length=10, choices=Freq.choices, default=Freq.WEEKLY)
    byday = models.CharField(max_length=40, help_text="MO,TU or 1WE,-1FR")
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)


class Closure(models.Model):
    """One-off closures (holidays of the Bundesland are applied automatically)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField()
    ends_on = models.DateField()
    note = models.CharField(max_length=200, blank=True)


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=80)


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("Ansprechperson"), max_length=200)
    title = models.CharField(_("Aufgabe"), max_length=200, blank=True)
    email = models.EmailField(blank=True)


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=200, blank=True)
    currency = models.CharField(max_length=3, default="EUR")


class ServiceArea(models.Model):
    """Where a service is available, e.g. a Geh-Struktur offer visiting a whole municipality."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200, blank=True)


class Accessibility(models.Model):
    class Feature(models.TextChoices):
        STEP_FREE = "stufenlos", _("stufenlos erreichbar")
        ROLLATOR = "rollator", _("mit Rollator gut erreichbar")
        WHEELCHAIR_WC = "rollstuhl_wc", _("Rollstuhl-WC")
        HEARING_LOOP = "hoerschleife", _("Hörschleife")
        SIGN_LANGUAGE = "gebaerdensprache", _("Gebärdensprache")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    feature = models.CharField(max_length=20, choices=Feature.choices)
    details = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "accessibility"


class SearchEntry(models.Model):
    """Derived search document of one active service, rebuilt by `search_index_service`."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="search_entry")
    document = models.TextField()
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)

    class Meta:
        # Distance filters narrow by a bounding box first; the index covers the service too,
        # so SQLite answers "nearest first" without reading the rows (and their long documents).
        # The full-text index over `document` is created per database in migration 0003 (see
        # search/index.py).
        indexes = [
            models.Index(
                fields=["latitude", "longitude", "service"], name="search_entry_lat_lon_service"
            )
        ]


class Lexeme(models.Model):
    """Every normalised word of the index, for typo tolerance."""

    term = models.CharField(max_length=80, unique=True)


class SearchChange(models.Model):
    """One row per change of a search entry, read by the in-process tantivy cache
    (search/cache.py) to catch up. A row without a service means "rebuild everything" (bulk
    loads); rows are small and only ever appended."""

    id = models.BigAutoField(primary_key=True)
    service_id = models.UUIDField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)


class OrganisationReview(models.Model):
    """An organisation an import made as a placeholder: the file named it for an offer or a
    location but did not bring it (or brought it without a name). Staff see it in the review
    queue; the mark goes when an import brings the organisation or staff confirm it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="directory_review"
    )
    # The organisation's id as the file wrote it, and the file.
    source_ref = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class ImportUpload(models.Model):
    """An uploaded import file between the check and the import (interop/staging.py), kept in
    the database so that every app server can read it; found by the hash of a token that only
    the uploader's session knows."""

    token_hash = models.CharField(max_length=64, unique=True)
    suffix = models.CharField(max_length=10, blank=True)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)


class SavedService(models.Model):
    """An offer on a resident's Merkliste ("Merken" on the offer page, listed on Mein Konto).
    Goes with the account or the offer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_services",
        verbose_name=_("Benutzerkonto"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="+", verbose_name=_("Angebot")
    )
    created_at = models.DateTimeField(_("Gemerkt am"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Gemerktes Angebot")
        verbose_name_plural = _("Merkliste")
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="saved_service_once")
        ]

    def __str__(self) -> str:
        return str(self.service_id)
