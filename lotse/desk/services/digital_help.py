"""The hand-over of an inquiry to the digital helpers ("An Digital-Hilfe weitergeben") and the
way back: volunteers calls `digital_help_finished` (registered in DeskConfig.ready) when the
request ends, and the inquiry is marked for the follow-up call ("Hat es geklappt?") with an
entry in the audit log. Desk calls volunteers' services; volunteers never imports desk."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.permissions import Actor, require
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import PURPOSE
from lotse.volunteers import request_services


@transaction.atomic
def inquiry_hand_over_to_digital_help(*, actor: Actor, inquiry: Inquiry, data: dict[str, Any]):
    """A request for help for the inquiry's person, linked to the inquiry. The person and
    their quarter must be known; volunteers checks the consents and the right to record."""
    require(actor, "desk.change_inquiry", inquiry)
    if inquiry.status == Inquiry.Status.CLOSED:
        raise ValidationError(_("Dieses Anliegen ist schon abgeschlossen."))
    if inquiry.person is None:
        raise ValidationError(
            _("Tragen Sie zuerst ein, um wen es geht. Ohne Person geht keine Weitergabe.")
        )
    help_request = request_services.help_request_hand_over(
        actor=actor,
        person=inquiry.person,
        source_inquiry_id=inquiry.pk,
        quarter=inquiry.quarter or inquiry.person.quarter,
        # The inquiry's text stays with the desk (it is encrypted there); the request says
        # only device, topics, place and urgency.
        data=data,
    )
    audit_record(
        actor=actor, verb="inquiry.handed_to_digital_help", target=inquiry, purpose=PURPOSE
    )
    return help_request


def digital_help_finished(help_request) -> None:
    """The request that came from an inquiry ended: the inquiry comes up for the follow-up
    call, and its log says how the digital help ended."""
    inquiry = Inquiry.objects.select_for_update().filter(pk=help_request.source_inquiry_id).first()
    if inquiry is None:
        return
    audit_record(
        actor=None,
        verb="inquiry.digital_help_finished",
        target=inquiry,
        note=help_request.state,
        purpose=PURPOSE,
    )
    if inquiry.status != Inquiry.Status.CLOSED and not inquiry.follow_up_outcome:
        inquiry.follow_up_outcome = True
        inquiry.save(update_fields=["follow_up_outcome", "updated_at"])


def register() -> None:
    request_services.request_finished_hook_register("desk", digital_help_finished)
