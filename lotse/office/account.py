"""What the office app adds to accounts: the appointments section of "Mein Konto", the
staff menu's "office" scope and the role catalogue's sample office (lotse.accounts.registry);
registered in OfficeConfig.ready."""

from collections.abc import Collection
from typing import Any
from uuid import UUID

from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.registry import (
    AccountSection,
    account_section_register,
    menu_scope_register,
    role_samples_register,
)
from lotse.office.finder import offices_of
from lotse.office.labels import slot_label
from lotse.office.models import Appointment, Office
from lotse.office.selectors import own_appointment_lists


def _row(appointment: Appointment, user: User, now) -> dict[str, Any]:
    booker = (appointment.booker_email or "").lower() == user.email.lower()
    return {
        "appointment": appointment,
        "label": slot_label(appointment.start),
        # Booked by the account's holder for someone else: whose appointment it is.
        "for_name": appointment.name if booker and appointment.name else "",
        "may_cancel": appointment.status == Appointment.Status.BOOKED and appointment.start > now,
    }


def appointments_context(user: User) -> dict[str, Any]:
    """The coming appointments with "Termin absagen", and the last few past ones."""
    now = timezone.now()
    coming, past = own_appointment_lists(user=user, now=now)
    return {
        "coming": [_row(appointment, user, now) for appointment in coming],
        "past": [_row(appointment, user, now) for appointment in past],
    }


def _offices(organisation_ids: Collection[UUID]) -> list[Any]:
    return list(offices_of(organisation_ids=organisation_ids))


def role_samples(world: dict[str, Any]) -> dict[str, Any]:
    """An office of the catalogue's organisation (unsaved: the rules read only its ids)."""
    return {"office": Office(organisation=world["organisation"], quarter=world["quarter"])}


def register() -> None:
    account_section_register(
        "termine",
        AccountSection(
            order=10, template="office/account_appointments.html", context=appointments_context
        ),
    )
    menu_scope_register("office", _offices)
    role_samples_register("office", role_samples)
