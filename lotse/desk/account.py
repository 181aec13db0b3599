"""The messages section of "Mein Konto" (lotse.accounts.registry), registered in
DeskConfig.ready: what a resident wrote to a Quartiersbüro while logged in, with the office's
name, the date, their own text and how far the office is with it."""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.accounts.registry import AccountSection, account_section_register
from lotse.desk.models import Inquiry
from lotse.desk.selectors import inquiry_list_written_by
from lotse.office.finder import office_name_for, offices_of

# What a resident reads as the state of their message to the office.
STATE_WORDS: dict[str, Promise] = {
    Inquiry.Status.OPEN: _("Angekommen. Das Quartiersbüro meldet sich bei Ihnen."),
    Inquiry.Status.IN_PROGRESS: _("In Bearbeitung"),
    Inquiry.Status.WAITING: _("In Bearbeitung"),
    Inquiry.Status.CLOSED: _("Erledigt"),
}


def messages_context(user: User) -> dict[str, Any]:
    inquiries = inquiry_list_written_by(user=user)
    offices = offices_of(organisation_ids={inquiry.organisation_id for inquiry in inquiries})
    return {
        "messages_sent": [
            {
                "inquiry": inquiry,
                # The office the resident wrote to; its organisation only if it runs none now.
                "office_name": office_name_for(
                    offices=offices,
                    organisation_id=inquiry.organisation_id,
                    quarter_id=inquiry.quarter_id,
                )
                or inquiry.organisation.name,
                "state": STATE_WORDS.get(inquiry.status, inquiry.get_status_display()),
            }
            for inquiry in inquiries
        ]
    }


def register() -> None:
    account_section_register(
        "nachrichten",
        AccountSection(order=20, template="desk/account_messages.html", context=messages_context),
    )
