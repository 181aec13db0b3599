"""Staff pages: messages that could not be delivered, and the letters waiting to be printed.
Both show personal data, so both sit behind the second-factor gate."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotse.core.middleware import ActorRequest
from lotse.core.pdf import pdf_response
from lotse.core.permissions import personal_data_view
from lotse.notifications import selectors, services
from lotse.people.selectors import person_organisations


def _require_person_role(request: ActorRequest) -> None:
    if not person_organisations(actor=request.actor).exists():
        raise PermissionDenied


def _uuids(values: list[str]) -> list[uuid.UUID]:
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(value))
        except ValueError:
            continue
    return found


@personal_data_view
def message_overview(request: ActorRequest) -> HttpResponse:
    _require_person_role(request)
    context = {
        "failed": selectors.messages_failed(actor=request.actor),
        "letters": selectors.letters_waiting(actor=request.actor),
    }
    return render(request, "notifications/message_overview.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def letter_list(request: ActorRequest) -> HttpResponse:
    """GET lists the waiting letters; POST marks the listed ones printed as one batch and sends
    the browser on to the batch's PDF, so a reload or a double click prints nothing twice."""
    _require_person_role(request)
    if request.method == "POST":
        ids = _uuids(request.POST.getlist("brief"))
        letters = selectors.letters_waiting(actor=request.actor, ids=ids)
        if not letters:
            messages.info(request, _("Es warten keine Briefe auf den Druck."))
            return redirect("notifications:letter_list")
        try:
            printed = services.letters_print(actor=request.actor, letters=letters)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("notifications:letter_list")
        return redirect("notifications:letter_batch", batch_id=printed[0].print_batch)
    context = {
        "letters": selectors.letters_waiting(actor=request.actor),
        "batches": selectors.letter_batches_recent(actor=request.actor),
    }
    return render(request, "notifications/letter_list.html", context)


@personal_data_view
@require_GET
def letter_batch(request: ActorRequest, batch_id) -> HttpResponse:
    """One PDF with every letter of a printed batch, one letter per page; again on request."""
    letters = selectors.access_letter_batch(request.actor, batch_id)
    printed_at = timezone.localtime(letters[0].printed_at)
    return pdf_response(
        "notifications/letters.pdf.html",
        {"letters": letters, "today": printed_at.date()},
        request=request,
        filename=f"briefe-{printed_at:%Y-%m-%d-%H%M}.pdf",
    )
