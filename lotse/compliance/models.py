"""Retention runs: a dry-run report of the records due, released by a person, then applied."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionRun(models.Model):
    """One pass over the retention rules for the records one organisation holds, or, with
    `organisation` None, for the records of no organisation (the platform run).

    One dry run makes a run for every organisation with due records plus the platform run, so
    whoever may erase a record is the one who releases its deletion.

    `report` is the dry run: {kind: {"days": int, "action": str, "ids": [str, …]}}. Nothing
    changes until someone releases the run; the worker then applies, as the releasing user,
    exactly the listed records that are still due and counts them in `result`:
    {kind: {"applied": n, "skipped": n, "failed": n}}.

    Applying is resumable: each record is changed in its own transaction together with its
    count in `result`, so the counts of a kind say how many of its listed ids are done, and a
    worker that takes over after a crash goes on with the next one. The worker applying a run
    holds it by `claim_token` and shows it is alive by `heartbeat_at` (every record); a run
    applying without a heartbeat for LOTSE_RETENTION_LEASE_SECONDS is stuck, and may be
    claimed again.
    """

    class Status(models.TextChoices):
        DRY_RUN = "dry_run", _("Probelauf, wartet auf Freigabe")
        SUPERSEDED = "superseded", _("Durch neueren Probelauf ersetzt")
        RELEASED = "released", _("Freigegeben, wird bald ausgeführt")
        APPLYING = "applying", _("Wird ausgeführt")
        APPLIED = "applied", _("Ausgeführt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("Probelauf am"), auto_now_add=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Träger"),
    )
    status = models.CharField(
        _("Stand"), max_length=12, choices=Status.choices, default=Status.DRY_RUN
    )
    report = models.JSONField(_("Bericht"), default=dict)
    released_at = models.DateTimeField(_("Freigegeben am"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Freigegeben von"),
    )
    applied_at = models.DateTimeField(_("Ausgeführt am"), null=True, blank=True)
    result = models.JSONField(_("Ergebnis"), default=dict)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("Zuletzt gearbeitet am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Aufbewahrungslauf")
        verbose_name_plural = _("Aufbewahrungsläufe")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.organisation or '-'} {self.status}"

    @property
    def due_total(self) -> int:
        return sum(len(entry["ids"]) for entry in self.report.values())

    def result_total(self, outcome: str) -> int:
        return sum(counts.get(outcome, 0) for counts in self.result.values())

    @property
    def done_total(self) -> int:
        """Listed records handled so far, whatever the outcome."""
        return sum(sum(counts.values()) for counts in self.result.values())

    def is_stuck(self, now: dt.datetime | None = None) -> bool:
        """Released or applying, but no worker has shown a sign of life for the lease: the
        worker died, or none runs. Its releasers may resume it."""
        if self.status not in (self.Status.RELEASED, self.Status.APPLYING):
            return False
        last_sign = self.heartbeat_at or self.released_at
        lease = dt.timedelta(seconds=settings.LOTSE_RETENTION_LEASE_SECONDS)
        return last_sign is None or last_sign < (now or timezone.now()) - lease

    @property
    def stuck(self) -> bool:
        return self.is_stuck()

    @property
    def applied_total(self) -> int:
        return self.result_total("applied")

    @property
    def skipped_total(self) -> int:
        return self.result_total("skipped")

    @property
    def failed_total(self) -> int:
        return self.result_total("failed")
