"""Pages of the referral loop: referring from the inquiry page, the public code page, the provider
inbox and its steps, withdrawing, the referral slip."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lotse.core.middleware import ActorRequest
from lotse.core.pdf import pdf_response
from lotse.core.permissions import personal_data_view
from lotse.core.throttle import try_allowed
from lotse.desk import selectors
from lotse.desk.forms.referrals import ConfirmCodeForm, ReferForm, ReferralAnswerForm, WithdrawForm
from lotse.desk.models import Referral
from lotse.desk.services import referrals as services
from lotse.desk.services.inquiries import PURPOSE
from lotse.desk.views.inquiries import inquiry_page
from lotse.directory.selectors import offer_get

# The public code page: tries per address and window.
RATE_LIMIT_TRIES = 10
RATE_LIMIT_SECONDS = 10 * 60


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_code(request: HttpRequest) -> HttpResponse:
    """A provider confirms with the slip's code that the person arrived. No login; the answer
    says only whether the code is known, never whose or for what."""
    form = ConfirmCodeForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        if not try_allowed(
            request, "desk:confirm", tries=RATE_LIMIT_TRIES, seconds=RATE_LIMIT_SECONDS
        ):
            context["limited"] = True
            status = 429
        else:
            context["confirmed"] = services.referral_confirm_by_code(code=form.cleaned_data["code"])
            context["form"] = ConfirmCodeForm()
    return render(request, "desk/confirm_code.html", context, status=status)


@personal_data_view
def referral_inbox(request: ActorRequest) -> HttpResponse:
    """Open referrals to the user's organisation, with the steps to answer them."""
    if not selectors.inbox_organisations(actor=request.actor).exists():
        raise PermissionDenied
    referrals = selectors.referral_inbox(actor=request.actor)
    rows = [{"referral": r, "shows_person": selectors.referral_shows_person(r)} for r in referrals]
    return render(
        request,
        "desk/referral_inbox.html",
        {"rows": rows, "reasons": Referral.Reason.choices, "today": timezone.localdate()},
    )


def _back(
    request: HttpRequest, referral: Referral, *, default: str, to_inquiry: bool
) -> HttpResponse:
    """Where a step on a referral returns: the page that sent the form when it names itself
    (`zurueck=/…`, a help plan: its referrals have no inquiry), the inquiry page when asked
    (`to_inquiry`) and there is one, else `default`."""
    back = request.POST.get("zurueck", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    if to_inquiry and referral.inquiry_id is not None:
        return redirect(
            reverse("desk:inquiry_detail", args=[referral.inquiry_id]) + "#vermittlungen"
        )
    return redirect(default)


@personal_data_view
@require_POST
def referral_answer(request: ActorRequest, referral_id) -> HttpResponse:
    """One step on a referral by the provider, or by the office for a provider not on the
    platform (from the inquiry page, which it returns to). Errors go back as a message;
    nothing changes."""
    referral = selectors.access_referral(request.actor, referral_id, perm="desk.answer_referral")
    back = _back(
        request,
        referral,
        default=reverse("desk:referral_inbox"),
        to_inquiry=request.POST.get("zurueck") == "anliegen",
    )
    form = ReferralAnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back
    data = form.cleaned_data
    step = data["schritt"]
    try:
        if step == "annehmen":
            services.referral_accept(actor=request.actor, referral=referral, note=data["note"])
            done = _("Sie haben die Vermittlung %(code)s angenommen.")
        elif step == "ablehnen":
            services.referral_decline(
                actor=request.actor, referral=referral, reason=data["reason"], note=data["note"]
            )
            done = _("Sie haben die Vermittlung %(code)s abgelehnt.")
        elif step == "beginnen":
            services.referral_start(actor=request.actor, referral=referral, note=data["note"])
            done = _("Die Person aus der Vermittlung %(code)s ist angekommen.")
        else:
            services.referral_complete(
                actor=request.actor,
                referral=referral,
                succeeded=data["geklappt"] == "ja",
                reason=data["reason"],
                note=data["note"],
            )
            done = _("Das Ergebnis der Vermittlung %(code)s ist gespeichert.")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"code": referral.short_code})
    return back


@personal_data_view
def referral_slip(request: ActorRequest, referral_id) -> HttpResponse:
    """The printable slip (large print) the person takes to a provider not on the platform."""
    referral = selectors.access_referral(request.actor, referral_id, perm="desk.manage_referral")
    service = referral.service
    context = {
        "referral": referral,
        "service": service,
        "phones": selectors.service_phone_numbers(service),
        "addresses": selectors.service_addresses(service),
        "person": referral.person if selectors.referral_shows_person(referral) else None,
        "office": referral.organisation,
        "office_phone": settings.LOTSE_CONTACT_PHONE,
        "today": timezone.localdate(),
        "confirm_url": request.build_absolute_uri(reverse("desk:confirm_code")),
    }
    return pdf_response(
        "desk/referral_slip.html",
        context,
        request=request,
        filename=f"vermittlung-{referral.short_code}.pdf",
        inline=True,
    )


@personal_data_view
@require_POST
def inquiry_refer(request: ActorRequest, inquiry_id) -> HttpResponse:
    """Refers the person to an offer found on the inquiry page."""
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    form = ReferForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        return inquiry_page(request, inquiry, refer_errors=errors)
    offer = offer_get(offer_id=form.cleaned_data["angebot"])
    try:
        referral = services.referral_create(
            actor=request.actor, inquiry=inquiry, service=offer, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        return inquiry_page(request, inquiry, refer_errors=exc.messages)
    done = _("Vermittelt an „%(offer)s“. Der Kurzcode ist %(code)s.") % {
        "offer": offer.name,
        "code": referral.short_code,
    }
    if not services.provider_on_platform(referral.receiving_organisation):
        done += " " + _("Der Anbieter ist nicht auf Quartierslotse: Drucken Sie den Zettel.")
    messages.success(request, done)
    return redirect(reverse("desk:inquiry_detail", args=[inquiry.id]) + "#vermittlungen")


@personal_data_view
@require_POST
def referral_withdraw(request: ActorRequest, referral_id) -> HttpResponse:
    """The office takes a referral back."""
    referral = selectors.access_referral(request.actor, referral_id, perm="desk.manage_referral")
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.referral_withdraw(actor=request.actor, referral=referral, note=note)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Die Vermittlung %(code)s ist zurückgezogen.") % {"code": referral.short_code},
        )
    return _back(request, referral, default=reverse("desk:inquiry_dashboard"), to_inquiry=True)
