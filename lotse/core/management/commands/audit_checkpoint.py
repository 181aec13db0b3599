"""Appends a signed checkpoint of each audit chain's head to the checkpoint file (daily, cron).

Before it signs a head it checks the chain from its last checkpoint on (the whole chain the
first time): links, keys, and that the checkpointed entry is still there with the same hash. A
broken chain gets no checkpoint; the command names it and exits with 1 (after writing the
checkpoints of the good chains). Chains whose head has not moved get no new line.
See lotse.core.audit_checkpoints for the file.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lotse.core.audit import Anchor, anchors_by_chain, audit_chain_walk, audit_chains
from lotse.core.audit_checkpoints import (
    Checkpoint,
    checkpoint_path,
    checkpoints_append,
    checkpoints_read,
)


class Command(BaseCommand):
    help = (
        "Schreibt für jede Kette des Prüfprotokolls einen signierten Prüfpunkt (letzte Nummer "
        "und Hash) in die Datei in LOTSE_AUDIT_CHECKPOINT_DIR."
    )

    def handle(self, *args, **options) -> None:
        try:
            self._handle(options)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error

    def _handle(self, options: dict) -> None:
        path = checkpoint_path()
        if path is None:
            raise CommandError("LOTSE_AUDIT_CHECKPOINT_DIR ist leer: kein Ort für Prüfpunkte")
        existing = checkpoints_read()
        problems = list(existing.problems)
        anchors = anchors_by_chain((c.region_id, c.anchor) for c in existing.checkpoints)
        now = timezone.now()
        new: list[Checkpoint] = []
        unchanged = 0
        for region_id, label in audit_chains(extra=anchors):
            last = max(anchors.get(region_id, ()), key=lambda a: a.sequence, default=None)
            walk = audit_chain_walk(region_id, start=last)
            if walk.problem:
                problems.append(f"{label}: {walk.problem}")
            elif last is not None and walk.sequence == last.sequence:
                unchanged += 1
            else:
                new.append(Checkpoint(region_id, Anchor(walk.sequence, walk.hash, now)))
        written = checkpoints_append(new)
        self.stdout.write(
            f"Prüfpunkte geschrieben: {written}, Ketten unverändert: {unchanged} ({path})"
        )
        if problems:
            raise CommandError("Kein Prüfpunkt für beschädigte Ketten:\n" + "\n".join(problems))
