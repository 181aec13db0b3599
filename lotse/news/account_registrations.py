"""What registrations add to "Mein Konto" (lotse.accounts.registry): the section "Meine
Anmeldungen", with "Absagen" for the coming ones; registered in NewsConfig.ready."""

from typing import Any

from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.registry import AccountSection, account_section_register
from lotse.news.models import Occurrence, Registration
from lotse.news.selectors_registrations import (
    date_label,
    event_place,
    own_registration_lists,
    position_words,
    waiting_position,
)


def _row(registration: Registration, user: User, now) -> dict[str, Any]:
    booker = (registration.booker_email or "").lower() == user.email.lower()
    position = waiting_position(registration)
    return {
        "registration": registration,
        "when": date_label(registration.occurrence),
        "where": event_place(registration.event),
        # Registered by the account's holder for someone else: who is registered.
        "for_name": registration.name if booker and registration.name else "",
        "position": position_words(position) if position else "",
        "occurrence_cancelled": registration.occurrence.status == Occurrence.Status.CANCELLED,
        "may_cancel": registration.status in Registration.LIVE
        and registration.occurrence.start > now,
    }


def registrations_context(user: User) -> dict[str, Any]:
    now = timezone.now()
    coming, past = own_registration_lists(user=user, now=now)
    return {
        "coming": [_row(registration, user, now) for registration in coming],
        "past": [_row(registration, user, now) for registration in past],
    }


def register() -> None:
    account_section_register(
        "anmeldungen",
        AccountSection(
            order=15,
            template="news/registration_account.html",
            context=registrations_context,
        ),
    )
