"""Pages of the referral loop (the public code page, the provider inbox, the referral slip)
and the office's pages for inquiries (record, show, dashboard)."""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lotse.core.middleware import ActorRequest
from lotse.core.models import Organisation
from lotse.core.pdf import pdf_response
from lotse.core.permissions import personal_data_view
from lotse.desk import selectors, services
from lotse.desk.forms import (
    ConfirmCodeForm,
    InquiryAssignForm,
    InquiryCloseForm,
    InquiryFollowUpForm,
    InquiryForm,
    PersonFindForm,
    ReferralAnswerForm,
)
from lotse.desk.models import Inquiry, Referral
from lotse.directory.selectors import topic_list
from lotse.office.selectors import office_day_list
from lotse.people.selectors import person_search

# The office dashboard: open inquiries per page.
DASHBOARD_PAGE_SIZE = 50
# Why the inquiry pages read an inquiry (recorded in the audit log).
PURPOSE = services.PURPOSE
# The public code page: tries per address and window.
RATE_LIMIT_TRIES = 10
RATE_LIMIT_SECONDS = 10 * 60


def _client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR: behind a proxy the server must be set up to put the client's address there.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _try_allowed(request: HttpRequest) -> bool:
    """Counts one try of this address; False once it used up its tries in the window."""
    key = f"desk:confirm:{_client_address(request)}"
    cache.add(key, 0, RATE_LIMIT_SECONDS)
    try:
        tries = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_LIMIT_SECONDS)
        tries = 1
    return tries <= RATE_LIMIT_TRIES


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_code(request: HttpRequest) -> HttpResponse:
    """A provider confirms with the slip's code that the person arrived. No login; the answer
    says only whether the code is known, never whose or for what."""
    form = ConfirmCodeForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        if not _try_allowed(request):
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


@personal_data_view
@require_POST
def referral_answer(request: ActorRequest, referral_id) -> HttpResponse:
    """One step on a referral by the provider, or by the office for a provider not on the
    platform. Errors go back as a message; nothing changes."""
    referral = selectors.access_referral(request.actor, referral_id, perm="desk.answer_referral")
    form = ReferralAnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("desk:referral_inbox")
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
    return redirect("desk:referral_inbox")


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


# The office's inquiries ------------------------------------------------------------------------


def _desk_organisation(request: ActorRequest) -> Organisation:
    """The organisation whose inquiries the user works with; 403 without a desk role."""
    organisation = selectors.desk_organisations(actor=request.actor).first()
    if organisation is None:
        raise PermissionDenied
    return organisation


@personal_data_view
def inquiry_dashboard(request: ActorRequest) -> HttpResponse:
    """The office's day: today's appointments, follow-ups due, referrals waiting too long,
    open inquiries."""
    organisation = _desk_organisation(request)
    page = Paginator(selectors.inquiry_open_list(organisation=organisation), DASHBOARD_PAGE_SIZE)
    context = {
        "organisation": organisation,
        "page": page.get_page(request.GET.get("seite")),
        "follow_ups": selectors.inquiry_follow_ups(organisation=organisation),
        "alerts": selectors.referral_alerts(organisation=organisation),
        "offices": office_day_list(organisation_id=organisation.pk, day=timezone.localdate()),
    }
    return render(request, "desk/inquiry_dashboard.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def inquiry_new(request: ActorRequest) -> HttpResponse:
    """Staff record a call, visit or message: person (or anonymous), topics, description."""
    organisation = _desk_organisation(request)
    find = PersonFindForm(request.GET)
    text = find.cleaned_data["person"] if find.is_valid() else ""
    persons = selectors.inquiry_persons(organisation=organisation)
    found = [
        person
        for person in person_search(actor=request.actor, text=text)
        if person.organisation_id == organisation.pk
    ]
    form = InquiryForm(
        request.POST if request.method == "POST" else None,
        persons=persons,
        shown=found,
        topics=topic_list(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inquiry = services.inquiry_create(
                actor=request.actor,
                organisation=organisation,
                channel=data["channel"],
                person=data["person"],
                topics=data["topics"],
                description=data["description"],
                minutes_spent=data["minutes_spent"],
                follow_up_on=data["follow_up_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Das Anliegen ist gespeichert."))
            return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)
    context = {"form": form, "find": find, "text": text, "found": found}
    return render(request, "desk/inquiry_form.html", context)


def _inquiry_page(request: ActorRequest, inquiry: Inquiry, **forms: object) -> HttpResponse:
    """The inquiry page; `forms` replaces a blank form by one with errors."""
    staff = selectors.desk_staff(organisation=inquiry.organisation)
    context = {
        "inquiry": inquiry,
        "referrals": selectors.inquiry_referrals(inquiry=inquiry),
        "assign_form": InquiryAssignForm(
            initial={"assigned_to": inquiry.assigned_to_id}, staff=staff
        ),
        "follow_up_form": InquiryFollowUpForm(initial={"follow_up_on": inquiry.follow_up_on}),
        "close_form": InquiryCloseForm(),
        "close_errors": [],
        **forms,
    }
    return render(request, "desk/inquiry_detail.html", context)


@personal_data_view
def inquiry_detail(request: ActorRequest, inquiry_id) -> HttpResponse:
    """One inquiry with its referrals and their steps."""
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    return _inquiry_page(request, inquiry)


@personal_data_view
@require_POST
def inquiry_assign(request: ActorRequest, inquiry_id) -> HttpResponse:
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    staff = selectors.desk_staff(organisation=inquiry.organisation)
    form = InquiryAssignForm(request.POST, staff=staff)
    if form.is_valid():
        try:
            services.inquiry_assign(
                actor=request.actor, inquiry=inquiry, user=form.cleaned_data["assigned_to"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Die Zuständigkeit ist gespeichert."))
            return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)
    return _inquiry_page(request, inquiry, assign_form=form)


@personal_data_view
@require_POST
def inquiry_follow_up(request: ActorRequest, inquiry_id) -> HttpResponse:
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    form = InquiryFollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.inquiry_update(
                actor=request.actor,
                inquiry=inquiry,
                data={"follow_up_on": form.cleaned_data["follow_up_on"]},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Die Wiedervorlage ist gespeichert."))
            return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)
    return _inquiry_page(request, inquiry, follow_up_form=form)


@personal_data_view
@require_POST
def inquiry_close(request: ActorRequest, inquiry_id) -> HttpResponse:
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    form = InquiryCloseForm(request.POST)
    if form.is_valid():
        try:
            services.inquiry_close(
                actor=request.actor, inquiry=inquiry, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            return _inquiry_page(request, inquiry, close_form=form, close_errors=exc.messages)
        messages.success(request, _("Das Anliegen ist abgeschlossen."))
        return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)
    return _inquiry_page(request, inquiry, close_form=form)
