"""The pages of requests for help: the resident's form, the staff's form from a call, the
dispatch board and one request (ranking, offer, state changes), the helper's answer by the
e-mail link, "Meine Einsätze" with the report, and the SMS gateway's hook."""

import hmac
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.core.permissions import personal_data_view
from lotse.volunteers import ranking, request_selectors, request_services, selectors
from lotse.volunteers.models import HelpRequest
from lotse.volunteers.request_forms import (
    AcceptForm,
    HelpRequestForm,
    HelpRequestStaffForm,
    OfferForm,
    ReasonForm,
    ReportForm,
    SmsAnswerForm,
)

REQUEST_SCOPE = "volunteers:request_new"
BOARD_PAGE_SIZE = 50


# --- residents ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def request_new(request: ActorRequest) -> HttpResponse:
    """ "Ich brauche Hilfe mit meinem Handy", without an account."""
    quarters = selectors.public_quarter_choices()
    form = HelpRequestForm(request.POST if request.method == "POST" else None, quarters=quarters)
    status = 200
    if request.method == "POST" and form.is_valid():
        status = form.refusal(request, REQUEST_SCOPE, phone=settings.LOTSE_CONTACT_PHONE) or 200
        if not form.errors:
            try:
                request_services.help_request_submit(
                    quarter=form.cleaned_data["home_quarter"],
                    person_data=form.person_data(),
                    data=form.request_data(),
                    consent_pass_on=form.cleaned_data["consent_pass_on"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("volunteers:request_thanks")
    return render(request, "volunteers/requests/request_new.html", {"form": form}, status=status)


def request_thanks(request: ActorRequest) -> HttpResponse:
    return render(request, "volunteers/requests/request_thanks.html")


# --- staff ----------------------------------------------------------------------------------


@personal_data_view
@require_http_methods(["GET", "POST"])
def staff_request_new(request: ActorRequest) -> HttpResponse:
    """ "Hilfeanfrage erfassen": staff record a request from a call."""
    organisations = [
        o
        for o in request_selectors.request_organisations(actor=request.actor)
        if request.user.has_perm("volunteers.add_help_request", o)
    ]
    if not organisations:
        raise PermissionDenied
    organisation = organisations[0]
    quarters = selectors.quarter_choices(organisations=[organisation])
    form = HelpRequestStaffForm(
        request.POST if request.method == "POST" else None, quarters=quarters
    )
    if request.method == "POST" and form.is_valid():
        try:
            help_request = request_services.help_request_record(
                actor=request.actor,
                organisation=organisation,
                quarter=form.cleaned_data["home_quarter"],
                person_data=form.person_data(),
                data=form.request_data(),
                consent_pass_on=form.cleaned_data["consent_pass_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Anfrage ist erfasst."))
            if request.user.has_perm("volunteers.view_help_request", help_request):
                return redirect("volunteers:request_detail", request_id=help_request.pk)
            return redirect("volunteers:staff_request_new")
    return render(
        request,
        "volunteers/requests/staff_request_new.html",
        {"form": form, "organisation": organisation},
    )


@personal_data_view
def board(request: ActorRequest) -> HttpResponse:
    """ "Digital-Hilfe vermitteln": open requests of the multiplier's quarters."""
    if not request_selectors.may_dispatch(actor=request.actor):
        raise PermissionDenied
    paginator = Paginator(
        request_selectors.dispatch_board_ids(actor=request.actor), BOARD_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("seite"))
    rows = request_selectors.board_requests(ids=list(page.object_list))
    return render(request, "volunteers/requests/board.html", {"page": page, "rows": rows})


@personal_data_view
def request_detail(request: ActorRequest, request_id) -> HttpResponse:
    help_request = request_selectors.access_help_request(request.actor, request_id)
    return _detail(request, help_request)


def _detail(
    request: ActorRequest,
    help_request: HelpRequest,
    *,
    offer_form: OfferForm | None = None,
    reason_form: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_dispatch = request.user.has_perm("volunteers.dispatch_help_request", help_request)
    ranked = []
    if can_dispatch and help_request.state in request_selectors.OPEN_STATES:
        ranked = ranking.helper_ranking(help_request)
    if offer_form is None:
        offer_form = OfferForm(choices=[(str(r.helper_id), r.name) for r in ranked])
    context = {
        "help_request": help_request,
        "offers": request_selectors.request_offers(help_request=help_request),
        "sessions": request_selectors.request_sessions(help_request=help_request),
        "ranked": ranked,
        "offer_form": offer_form,
        "reason_form": reason_form or ReasonForm(),
        "can_dispatch": can_dispatch,
        "can_change": request.user.has_perm("volunteers.change_help_request", help_request),
        "allowed": HelpRequest.TRANSITIONS.get(help_request.state, ()),
        "State": HelpRequest.State,
    }
    return render(request, "volunteers/requests/request_detail.html", context, status=status)


@personal_data_view
@require_POST
def request_offer(request: ActorRequest, request_id) -> HttpResponse:
    help_request = request_selectors.access_help_request(
        request.actor, request_id, perm="volunteers.dispatch_help_request"
    )
    chosen = request.POST.getlist("helpers")
    form = OfferForm(request.POST, choices=[(value, value) for value in chosen[:50]])
    if form.is_valid():
        try:
            try:
                ids = [uuid.UUID(value) for value in form.cleaned_data["helpers"]]
            except ValueError as exc:
                raise ValidationError({"helpers": _("Wählen Sie aus der Liste")}) from exc
            helpers = request_selectors.helpers_for_offer(help_request=help_request, ids=ids)
            if len(helpers) != len(set(ids)):
                raise ValidationError({"helpers": _("Wählen Sie aus der Liste")})
            request_services.help_request_offer(
                actor=request.actor, help_request=help_request, helpers=helpers
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Anfrage ist angeboten. Die Antworten kommen hier an."))
            return redirect("volunteers:request_detail", request_id=help_request.pk)
    help_request.refresh_from_db()
    return _detail(request, help_request, offer_form=form, status=200)


def _change(request: ActorRequest, request_id, *, change: str) -> HttpResponse:
    perm = (
        "volunteers.dispatch_help_request"
        if change == "reopen"
        else "volunteers.change_help_request"
    )
    help_request = request_selectors.access_help_request(request.actor, request_id, perm=perm)
    form = ReasonForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if change == "done":
                request_services.help_request_done(actor=request.actor, help_request=help_request)
            elif change == "not_done":
                request_services.help_request_not_done(
                    actor=request.actor, help_request=help_request, reason=reason
                )
            elif change == "withdraw":
                request_services.help_request_withdraw(
                    actor=request.actor, help_request=help_request, reason=reason
                )
            else:
                request_services.help_request_reopen(
                    actor=request.actor, help_request=help_request, reason=reason
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Der Stand der Anfrage ist geändert."))
            return redirect("volunteers:request_detail", request_id=help_request.pk)
    help_request.refresh_from_db()
    return _detail(request, help_request, reason_form=form)


@personal_data_view
@require_POST
def request_done(request: ActorRequest, request_id) -> HttpResponse:
    return _change(request, request_id, change="done")


@personal_data_view
@require_POST
def request_not_done(request: ActorRequest, request_id) -> HttpResponse:
    return _change(request, request_id, change="not_done")


@personal_data_view
@require_POST
def request_withdraw(request: ActorRequest, request_id) -> HttpResponse:
    return _change(request, request_id, change="withdraw")


@personal_data_view
@require_POST
def request_reopen(request: ActorRequest, request_id) -> HttpResponse:
    return _change(request, request_id, change="reopen")


# --- helpers --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def offer_answer(request: ActorRequest, token: str) -> HttpResponse:
    """The e-mail link: no login needed; shows only what the helper needs to decide (no name,
    no address). POST "annehmen" or "ablehnen"."""
    offer = request_selectors.offer_by_token(token)
    form = AcceptForm(request.POST if request.method == "POST" else None)
    answer = request.POST.get("antwort", "")
    if request.method == "POST":
        try:
            if answer == "ablehnen":
                request_services.help_offer_decline(offer=offer)
                messages.success(request, _("Danke für Ihre Antwort."))
                return redirect("volunteers:offer_answer", token=token)
            if answer != "annehmen":
                raise ValidationError(_("Wählen Sie „Ich übernehme das“ oder „Ich kann nicht“."))
            if form.is_valid():
                request_services.help_offer_accept(
                    offer=offer,
                    appointment_at=form.appointment_at(),
                    appointment_place=form.cleaned_data["appointment_place"],
                )
                messages.success(
                    request, _("Danke! Die Anfrage gehört Ihnen. Sie steht unter „Meine Einsätze“.")
                )
                return redirect("volunteers:offer_answer", token=token)
        except ValidationError as exc:
            add_service_errors(form, exc)
        offer.refresh_from_db()
    context = {"offer": offer, "help_request": offer.request, "form": form}
    return render(request, "volunteers/requests/offer_answer.html", context)


def _own_helper(request: ActorRequest):
    if not request.user.has_perm("volunteers.view_own_assignments"):
        raise PermissionDenied
    return selectors.own_helper(actor=request.actor)


@personal_data_view
def own_assignments(request: ActorRequest) -> HttpResponse:
    """ "Meine Einsätze": offers to answer, requests given to the helper (with the person's
    contact only when the person agreed), each with its report form."""
    helper = _own_helper(request)
    context: dict = {"helper": helper}
    if helper is not None:
        agreed = list(request_selectors.own_requests(helper=helper))
        context |= {
            "offers": request_selectors.own_offers(helper=helper),
            "assignments": [
                (r, request_services.contact_for_helper(help_request=r)) for r in agreed
            ],
            "finished": request_selectors.own_requests(
                helper=helper, states=[HelpRequest.State.DONE, HelpRequest.State.NOT_DONE]
            )[:20],
        }
    return render(request, "volunteers/requests/own_assignments.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def own_report(request: ActorRequest, request_id) -> HttpResponse:
    """The two-minute report after a session."""
    helper = _own_helper(request)
    if helper is None:
        raise Http404
    help_request = request_selectors.own_request(helper=helper, request_id=request_id)
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        initial={"topics": help_request.topics},
    )
    if request.method == "POST" and form.is_valid():
        try:
            request_services.help_session_report(
                actor=request.actor, help_request=help_request, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Danke für Ihren Bericht!"))
            return redirect("volunteers:own_assignments")
    context = {"form": form, "help_request": help_request}
    return render(request, "volunteers/requests/own_report.html", context)


# --- the SMS gateway ------------------------------------------------------------------------


@csrf_exempt
@require_POST
def sms_answer(request: ActorRequest) -> HttpResponse:
    """The SMS gateway posts each SMS a helper sends back (form fields `sender`, `text`),
    with `Authorization: Bearer <LOTSE_SMS_INBOUND_TOKEN>`. Answers 200 with {"reply": …},
    the text to send back; 403 without the right token; 404 when no token is set (the hook
    is off); 400 for a malformed post. Documented in docs/operations.md."""
    expected = settings.LOTSE_SMS_INBOUND_TOKEN
    if not expected:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return JsonResponse({"detail": _("Nicht berechtigt.")}, status=403)
    form = SmsAnswerForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"detail": _("Absender und Text fehlen.")}, status=400)
    answer = request_services.answer_by_sms(
        phone=form.cleaned_data["sender"], text=form.cleaned_data["text"]
    )
    return JsonResponse({"reply": answer.reply, "accepted": answer.accepted})
