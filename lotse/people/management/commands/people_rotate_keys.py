"""Re-encrypts every encrypted value with the first key of LOTSE_FERNET_KEYS.

Put the new key first, run this, then remove the old key. Rows are read in batches by primary
key, each batch in its own transaction, so a large table never sits in memory at once."""

from django.core.management.base import BaseCommand
from django.db import transaction

from lotse.people.models import Person

BATCH_SIZE = 500


class Command(BaseCommand):
    help = "Re-encrypts sensitive free text with the first key of LOTSE_FERNET_KEYS."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, batch_size: int, **options) -> None:
        fields = list(Person.ENCRYPTED_FIELDS)
        rows = values = 0
        last_pk = None
        while True:
            with transaction.atomic():
                batch = Person.objects.order_by("pk").select_for_update().only("pk", *fields)
                if last_pk is not None:
                    batch = batch.filter(pk__gt=last_pk)
                persons = list(batch[:batch_size])
                if not persons:
                    break
                # Loading decrypted with any key; saving encrypts with the first.
                Person.objects.bulk_update(persons, fields)
            rows += len(persons)
            values += sum(1 for p in persons for name in fields if getattr(p, name))
            last_pk = persons[-1].pk
        self.stdout.write(f"{rows} Personen, {values} verschlüsselte Werte neu verschlüsselt.")
