"""The residents' web inquiry to an office ("Ich brauche Hilfe bei …"), at the office's address
/buero/<slug>/anliegen/, without an account."""

import hashlib

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.desk.forms.web_inquiries import FOR_ME, FOR_OTHER, WebInquiryForm, WebInquiryWhomForm
from lotse.desk.services import inquiries as services
from lotse.directory.selectors import topic_list
from lotse.office.selectors import office_get, office_hour_lines

# Session key: a digest of the last web inquiry sent from this browser, so that a double click
# on "Anliegen senden" does not send it twice.
WEB_INQUIRY_SENT_HERE = "desk_web_inquiry_sent_here"


def _web_inquiry_digest(office_id: object, data: dict) -> str:
    text = "\n".join([str(office_id), *(str(value) for value in data.values())])
    return hashlib.sha256(text.encode()).hexdigest()


@require_http_methods(["GET", "POST"])
def web_inquiry(request: ActorRequest, office_slug: str) -> HttpResponse:
    """ "Ich brauche Hilfe bei …": a resident writes to an office, without an account. First
    "Für wen brauchen Sie Hilfe?" (its own page, a GET form), then the form for the answer
    (`?fuer=mich` or `?fuer=andere`, which the form sends along)."""
    office = office_get(slug=office_slug)
    if request.method == "POST":
        fuer = FOR_OTHER if request.POST.get("fuer") == FOR_OTHER else FOR_ME
    else:
        # `gefragt`: the question page was sent (maybe without an answer).
        asked = "fuer" in request.GET or "gefragt" in request.GET
        whom = WebInquiryWhomForm(request.GET if asked else None)
        if not whom.is_valid():
            context = {"office": office, "form": whom}
            return render(request, "desk/web_inquiry_whom.html", context)
        fuer = whom.cleaned_data["fuer"]
    for_other = fuer == FOR_OTHER
    initial = {}
    if request.actor is not None:
        initial = {"contact_name": request.actor.name, "contact_email": request.actor.email}
    form = WebInquiryForm(
        request.POST if request.method == "POST" else None,
        topics=topic_list(),
        for_other=for_other,
        initial=initial,
    )
    status = 0
    if request.method == "POST" and form.is_valid():
        digest = _web_inquiry_digest(office.pk, form.inquiry_data())
        if request.session.get(WEB_INQUIRY_SENT_HERE) == digest:
            return redirect("desk:web_inquiry_sent", office_slug=office.slug)
        status = form.refusal(request, "desk:web_inquiry", phone=office.phone)
        if not status:
            try:
                services.web_inquiry_submit(
                    office=office, written_by=request.actor, **form.inquiry_data()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                request.session[WEB_INQUIRY_SENT_HERE] = digest
                return redirect("desk:web_inquiry_sent", office_slug=office.slug)
    context = {"office": office, "form": form, "fuer": fuer, "for_other": for_other}
    return render(request, "desk/web_inquiry.html", context, status=status or 200)


def web_inquiry_sent(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = office_get(slug=office_slug)
    context = {"office": office, "hour_lines": office_hour_lines(office=office)}
    return render(request, "desk/web_inquiry_sent.html", context)
