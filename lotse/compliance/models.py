"""Retention runs: a dry-run report of the records due, released by a person, then applied."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionRun(models.Model):
    """One pass over the retention rules for the records one organisation holds, or, with
    `organisation` None, for the records of no organisation (the platform run).

    One dry run makes a run for every organisation with due records plus the platform run, so
    whoever may erase a record is the one who releases its deletion.

    `report` is the dry run: {kind: {"days": int, "action": str, "ids": [str, …]}}. Nothing
    changes until someone releases the run; the worker then applies, as the releasing user,
    exactly the listed records that are still due and writes `result`:
    {kind: {"applied": n, "skipped": n, "failed": n}}.
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
    def applied_total(self) -> int:
        return self.result_total("applied")

    @property
    def skipped_total(self) -> int:
        return self.result_total("skipped")

    @property
    def failed_total(self) -> int:
        return self.result_total("failed")
