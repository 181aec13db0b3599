"""Re-encrypts every encrypted value with the first key of LOTSE_FERNET_KEYS: every
`EncryptedTextField` of every installed model (a person's health notes, the reasons and values
of corrections, an inquiry's description and notes, and whatever a new app adds).

Put the new key first, run this, then remove the old key. Rows are read in batches by primary
key, each batch in its own transaction, so a large table never sits in memory at once. Only the
encrypted columns are written (no time stamp changes, so retention sees no new activity)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction

from lotse.core.crypto import EncryptedTextField

BATCH_SIZE = 500


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Each concrete model with encrypted fields, and their names."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or model._meta.abstract:
            continue
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


class Command(BaseCommand):
    help = "Re-encrypts all encrypted free text with the first key of LOTSE_FERNET_KEYS."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, batch_size: int, **options) -> None:
        for model, fields in encrypted_fields():
            rows, values = self._rotate(model, fields, batch_size)
            self.stdout.write(
                f"{model._meta.label}: {rows} Zeilen, {values} verschlüsselte Werte neu "
                "verschlüsselt."
            )

    def _rotate(
        self, model: type[models.Model], fields: list[str], batch_size: int
    ) -> tuple[int, int]:
        rows = values = 0
        last_pk = None
        while True:
            with transaction.atomic():
                batch = model._default_manager.order_by("pk").select_for_update()
                batch = batch.only("pk", *fields)
                if last_pk is not None:
                    batch = batch.filter(pk__gt=last_pk)
                objects = list(batch[:batch_size])
                if not objects:
                    return rows, values
                # Loading decrypted with any key; saving encrypts with the first.
                model._default_manager.bulk_update(objects, fields)
            rows += len(objects)
            values += sum(1 for obj in objects for name in fields if getattr(obj, name))
            last_pk = objects[-1].pk
