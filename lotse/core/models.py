import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """One tree: region (Kreis) -> municipality (Kommune) -> quarter (Quartier)."""

    class Kind(models.TextChoices):
        REGION = "region", _("Kreis oder kreisfreie Stadt")
        MUNICIPALITY = "municipality", _("Kommune")
        QUARTER = "quarter", _("Quartier")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The top-level area; every personal record carries it so a region can move to its own cluster.
    region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Gebiet")
        verbose_name_plural = _("Gebiete")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A Träger; doubles as HSDS `organization`."""

    class Kind(models.TextChoices):
        PROVIDER = "provider", _("Anbieter")
        # The neighbourhood office (Quartiersbüro) advises people and forwards them to providers.
        OFFICE = "office", _("Quartiersbüro")
        ADMINISTRATION = "administration", _("Verwaltung")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.PROVIDER)
    name = models.CharField(_("Name"), max_length=200)
    alternate_name = models.CharField(_("Anderer Name"), max_length=200, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Internetseite"), blank=True)
    region = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    coordinates = models.ManyToManyField(Area, blank=True, related_name="coordinators")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    RESIDENT = "resident", _("Bewohnerin oder Bewohner")
    RELATIVE = "relative", _("Angehörige")
    HELPER = "helper", _("Digital-Helfer")
    MULTIPLIER = "multiplier", _("Multiplikator")
    OFFICE_STAFF = "office_staff", _("Mitarbeitende im Quartiersbüro")
    CARE_NAVIGATOR = "care_navigator", _("Kümmerer")
    PROVIDER_STAFF = "provider_staff", _("Mitarbeitende eines Anbieters")
    MANAGER = "manager", _("Quartiersmanagement")
    REGION_COORDINATOR = "region_coordinator", _("Koordination Kreis")
    RESEARCHER = "researcher", _("Wissenschaftliche Begleitung")
    ADMINISTRATOR = "administrator", _("Administration")


class Membership(models.Model):
    # The id in URLs (house style: never the integer key).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("Rolle"), max_length=30, choices=Role.choices)
    # Empty means: the membership is not limited to some areas.
    areas = models.ManyToManyField(Area, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]


class AuditEntry(models.Model):
    """One read or change of data: who, why, when, which record. Append-only and chained with
    a key.

    Entries form one chain per region (the target's `region`; every personal record carries
    one) plus one global chain for entries whose target has no region, such as changes of
    public offers. One chain per region rather than one global chain, because a region's data
    may later move to its own database cluster and must take a complete, verifiable chain with
    it; it also means appends in different regions never wait for each other.

    `sequence` counts 1, 2, 3 … without gaps within a chain. `hash` is the HMAC-SHA256 (hex),
    with the audit key `key_id` names (`LOTSE_AUDIT_KEYS`, never in the database), of the
    canonical form of the row (`lotse.core.audit.audit_hmac`) including `previous_hash`, the
    hash of the entry before it (64 zeros for the first). An edited, removed or reordered entry
    breaks the chain, and without the key nobody can write an entry that fits it; signed
    checkpoints of each chain's head kept outside the database (`manage.py audit_checkpoint`)
    show when the newest entries were removed. `manage.py audit_verify` walks every chain and
    reports the first break. Entries written before the chain had a key have no `key_id` and a
    plain SHA-256; migration core/0012 sealed each such chain with a keyed entry.

    Written only by `audit_record`. Database triggers refuse UPDATE, DELETE (and on PostgreSQL
    TRUNCATE) on this table, so the application cannot change the log even by mistake.
    Redaction of old notes (retention, a later task) must not edit entries either: it has to
    append a redaction entry to the chain, and the verifier has to learn to honour it.
    """

    # German names for the privacy notice; the chain's own columns (sequence, hashes) have none.
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    # The chain this entry belongs to; empty: the global chain.
    region = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    sequence = models.PositiveBigIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(_("Was getan wurde"), max_length=80)
    target_type = models.CharField(_("Art der Angaben"), max_length=80)
    target_id = models.CharField(_("Kennung der Angaben"), max_length=64)
    # Why personal data was used ("Beratung", "Weitervermittlung"); empty for public data.
    purpose = models.CharField(_("Zweck"), max_length=100, blank=True)
    note = models.TextField(_("Bemerkung"), blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # Which of LOTSE_AUDIT_KEYS signed the entry (`audit_key_id`); NULL: written before the chain
    # had a key. Nullable so that adding it never rebuilds the table on SQLite (which would drop
    # the append-only triggers).
    key_id = models.CharField(max_length=16, null=True)  # noqa: DJ001

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Prüfprotokoll")
        # A NULL region never collides in a unique index, so the global chain has its own.
        constraints = [
            models.UniqueConstraint(
                fields=["region", "sequence"],
                condition=models.Q(region__isnull=False),
                name="auditentry_region_sequence_unique",
            ),
            models.UniqueConstraint(
                fields=["sequence"],
                condition=models.Q(region__isnull=True),
                name="auditentry_global_sequence_unique",
            ),
        ]


class BarrierReport(models.Model):
    """A report from the public "Barriere melden" form (BITV § 7), answered within a month."""

    page = models.CharField(_("Seite"), max_length=500, blank=True)
    message = models.TextField(_("Problem"))
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("Eingegangen am"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Gemeldete Barriere")
        verbose_name_plural = _("Gemeldete Barrieren")

    def __str__(self) -> str:
        return self.message[:60]


class TaskHeartbeat(models.Model):
    """The sign of life of the worker running a task (`manage.py task_worker`, lotse.core
    .tasks_reclaim): the worker writes it every few seconds while the task runs. A task RUNNING
    whose last sign (this, or its start) is older than LOTSE_TASK_TIMEOUT_SECONDS was left by a
    dead worker; a long task of a living worker is never taken from it."""

    task = models.OneToOneField(
        "django_tasks_database.DBTaskResult",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="heartbeat",
    )
    worker_id = models.CharField(max_length=64)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.task_id} {self.worker_id} {self.beat_at.isoformat()}"
