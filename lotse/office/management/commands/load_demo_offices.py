"""Gives every Quartiersbüro of the demo region (`load_demo`) its office with consultation
hours, so appointments can be booked after `make run`. Running it again changes nothing."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction

from lotse.core.models import Organisation
from lotse.directory.demo_region import OFFICE_ADDRESSES, POSTCODES
from lotse.office.models import ConsultationHour, Office


class Command(BaseCommand):
    help = "Legt für jedes Quartiersbüro der Demo-Region ein Büro mit Sprechstunden an."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        created = 0
        offices = Organisation.objects.filter(
            kind=Organisation.Kind.OFFICE, region__slug="kreis-lindenau"
        ).prefetch_related("coordinates__parent")
        for organisation in offices:
            quarter = organisation.coordinates.first()
            if quarter is None or Office.objects.filter(organisation=organisation).exists():
                continue
            town = quarter.parent.name if quarter.parent else quarter.name
            street, phone = OFFICE_ADDRESSES[quarter.name]
            office = Office.objects.create(
                organisation=organisation,
                quarter=quarter,
                name=f"Quartiersbüro {quarter.name}",
                slug=quarter.slug,
                street=street,
                postcode=POSTCODES[town],
                city=town,
                phone=phone,
                email=organisation.email,
            )
            ConsultationHour.objects.create(
                office=office, byday="MO,TU,WE,TH,FR", opens_at=dt.time(9), closes_at=dt.time(12)
            )
            ConsultationHour.objects.create(
                office=office, byday="TU", opens_at=dt.time(14), closes_at=dt.time(17)
            )
            created += 1
        self.stdout.write(f"{created} Quartiersbüros mit Sprechstunden angelegt.")
