"""Pages of the referral loop (the public code page, the provider inbox, the referral slip),
the office's pages for inquiries (record, show, dashboard) and the residents' web inquiry to an
office ("Ich brauche Hilfe bei …")."""

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lotse.core.middleware import ActorRequest
from lotse.core.models import Organisation
from lotse.core.pdf import pdf_response
from lotse.core.permissions import personal_data_view
from lotse.core.throttle import try_allowed
from lotse.desk import selectors, services
from lotse.desk.forms import (
    FOR_ME,
    FOR_OTHER,
    BriefContactForm,
    ConfirmCodeForm,
    DashboardFilterForm,
    InquiryAssignForm,
    InquiryCloseForm,
    InquiryEditForm,
    InquiryFollowedUpForm,
    InquiryFollowUpForm,
    InquiryForm,
    OfferFindForm,
    PersonFindForm,
    ReferForm,
    ReferralAnswerForm,
    UnmetNeedForm,
    WebInquiryForm,
    WebInquiryWhomForm,
    WithdrawForm,
)
from lotse.desk.models import Inquiry, Referral
from lotse.directory.cards import cost_text
from lotse.directory.hours import status_text
from lotse.directory.models import TaxonomyTerm
from lotse.directory.selectors import SearchFilters, offer_get, offer_search, topic_list
from lotse.office.selectors import office_day_list, office_get, office_hour_lines
from lotse.people.selectors import chosen_in, person_search, share_recipient_ids

# The office dashboard: open inquiries per page, and the longest-waiting follow-ups and
# unanswered referrals it shows before "Alle anzeigen".
DASHBOARD_PAGE_SIZE = 50
DASHBOARD_LIST_SIZE = 50
# Why the inquiry pages read an inquiry (recorded in the audit log).
PURPOSE = services.PURPOSE
# Channels the inquiry form may be opened with (`?kontaktweg=`): a visit, not a call.
WALK_IN_CHANNELS = (Inquiry.Channel.WALK_IN, Inquiry.Channel.HOME_VISIT)
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


# Session key: a digest of the last web inquiry sent from this browser, so that a double click
# on "Anliegen senden" does not send it twice.
WEB_INQUIRY_SENT_HERE = "desk_web_inquiry_sent_here"


def _web_inquiry_digest(office_id: object, data: dict) -> str:
    text = "\n".join([str(office_id), *(str(value) for value in data.values())])
    return hashlib.sha256(text.encode()).hexdigest()


def _add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's errors on the form's fields; errors of fields the form does not have go to
    the top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


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
                _add_service_errors(form, exc)
            else:
                request.session[WEB_INQUIRY_SENT_HERE] = digest
                return redirect("desk:web_inquiry_sent", office_slug=office.slug)
    context = {"office": office, "form": form, "fuer": fuer, "for_other": for_other}
    return render(request, "desk/web_inquiry.html", context, status=status or 200)


def web_inquiry_sent(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = office_get(slug=office_slug)
    context = {"office": office, "hour_lines": office_hour_lines(office=office)}
    return render(request, "desk/web_inquiry_sent.html", context)


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
    platform (from the inquiry page, which it returns to). Errors go back as a message;
    nothing changes."""
    referral = selectors.access_referral(request.actor, referral_id, perm="desk.answer_referral")
    back = redirect("desk:referral_inbox")
    if request.POST.get("zurueck") == "anliegen":
        back = redirect(
            reverse("desk:inquiry_detail", args=[referral.inquiry_id]) + "#vermittlungen"
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


# The office's inquiries ------------------------------------------------------------------------


def _desk_organisations(request: ActorRequest) -> tuple[Organisation, list[Organisation]]:
    """The organisation whose inquiries the user works with now (`buero=<id>` chooses among
    several, else the first by name) and all of them; 403 for an office not theirs."""
    wanted = request.POST.get("buero") or request.GET.get("buero")
    chosen = selectors.desk_organisation_chosen(actor=request.actor, wanted=wanted)
    return chosen, selectors.desk_organisations(actor=request.actor)


def _first(queryset: QuerySet, *, everything: bool) -> dict:
    """A dashboard list: its first DASHBOARD_LIST_SIZE rows (all with `everything`) and how
    many there are."""
    rows = list(queryset if everything else queryset[:DASHBOARD_LIST_SIZE])
    total = len(rows) if everything or len(rows) < DASHBOARD_LIST_SIZE else queryset.count()
    return {"rows": rows, "total": total, "more": total > len(rows)}


@personal_data_view
def inquiry_dashboard(request: ActorRequest) -> HttpResponse:
    """The office's day: today's appointments, follow-ups due, referrals waiting too long
    (the longest-waiting first; `?alle=nachfragen` or `?alle=hinweise` shows all of one list),
    and the inquiries, open ones unless the filters (GET parameters, see DashboardFilterForm)
    say otherwise."""
    organisation, organisations = _desk_organisations(request)
    filter_form = DashboardFilterForm(
        request.GET,
        staff=selectors.desk_staff(organisation=organisation),
        topics=topic_list(),
    )
    filters = filter_form.filters()
    page = Paginator(
        selectors.inquiry_list(organisation=organisation, **filters), DASHBOARD_PAGE_SIZE
    )
    everything = request.GET.get("alle")
    # Links of this page keep the chosen office; the page links keep the filters too.
    office_query = f"buero={organisation.pk}&" if len(organisations) > 1 else ""
    kept = request.GET.copy()
    for name in ("seite", "alle", "buero"):
        kept.pop(name, None)
    filter_query = office_query + (kept.urlencode() + "&" if kept else "")
    context = {
        "organisation": organisation,
        "organisations": organisations,
        "query": office_query,
        "filter_query": filter_query,
        "filter_form": filter_form,
        "filtered": filters != DashboardFilterForm.DEFAULTS,
        "state": filters["state"],
        "page": page.get_page(request.GET.get("seite")),
        "follow_ups": _first(
            selectors.inquiry_follow_ups(organisation=organisation),
            everything=everything == "nachfragen",
        ),
        "alerts": _first(
            selectors.referral_alerts(organisation=organisation),
            everything=everything == "hinweise",
        ),
        "offices": office_day_list(organisation_id=organisation.pk, day=timezone.localdate()),
        "brief_today": selectors.brief_contact_count(organisation=organisation),
    }
    return render(request, "desk/inquiry_dashboard.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def inquiry_new(request: ActorRequest) -> HttpResponse:
    """Staff record a call, visit or message: person (or anonymous), topics, description."""
    organisation, organisations = _desk_organisations(request)
    find = PersonFindForm(request.GET)
    text = find.cleaned_data["person"] if find.is_valid() else ""
    persons = selectors.inquiry_persons(organisation=organisation)
    found = [
        person
        for person in person_search(actor=request.actor, text=text)
        if person.organisation_id == organisation.pk
    ]
    # `neu=<id>`: the person just created (or chosen among duplicates) on the person form.
    chosen = chosen_in(persons, request.GET.get("neu", ""))
    if chosen is not None:
        found = [chosen]
    initial: dict[str, object] = {"person": chosen.pk} if chosen else {}
    # `kontaktweg=walk_in`: the dashboard's "Besuch im Büro erfassen" (kept by the search).
    channel = request.GET.get("kontaktweg", "")
    if channel in WALK_IN_CHANNELS:
        initial["channel"] = channel
    form = InquiryForm(
        request.POST if request.method == "POST" else None,
        persons=persons,
        shown=found,
        topics=topic_list(),
        initial=initial,
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
                contacted_at=data["contacted_at"],
                caller_kind=data["caller_kind"],
                caller_relation=data["caller_relation"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Das Anliegen ist gespeichert."))
            return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)
    context = {
        "form": form,
        "find": find,
        "text": text,
        "channel": channel if channel in WALK_IN_CHANNELS else "",
        "found": found,
        "organisation": organisation,
        "organisations": organisations,
    }
    return render(request, "desk/inquiry_form.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def brief_contact_new(request: ActorRequest) -> HttpResponse:
    """Counts a Kurzkontakt in one step (channel, topic, minutes), then offers the next."""
    organisation, organisations = _desk_organisations(request)
    form = BriefContactForm(request.POST if request.method == "POST" else None, topics=topic_list())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.inquiry_brief_record(
                actor=request.actor,
                organisation=organisation,
                channel=data["channel"],
                topic=data["topic"],
                minutes_spent=data["minutes_spent"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Der Kurzkontakt ist gezählt."))
            query = f"?buero={organisation.pk}" if len(organisations) > 1 else ""
            return redirect(reverse("desk:brief_contact_new") + query)
    context = {
        "form": form,
        "organisation": organisation,
        "organisations": organisations,
        "today": selectors.brief_contact_count(organisation=organisation),
    }
    return render(request, "desk/brief_contact_form.html", context)


def _offer_rows(inquiry: Inquiry, *, text: str, topic: TaxonomyTerm | None) -> dict:
    """The directory search on the inquiry page: the first page of offers found, each with
    what tells them apart (address, next opening, cost), whether its provider answers here and
    whether the person agreed to share their data with it; how many were found, and with a
    topic how many more the same words find in other topics (the topic is a suggestion, not a
    wall: "Kein Angebot" in it must not read as a missing offer)."""
    now = timezone.localtime()
    code = topic.code if topic else ""
    found = offer_search(filters=SearchFilters(text=text, topic=code), page=1, now=now)
    total = found.page.paginator.count
    others = 0
    if topic is not None:
        # Only its count is read: no offers loaded.
        everywhere = offer_search(
            filters=SearchFilters(text=text), page=1, now=now, load_offers=False
        )
        others = max(everywhere.page.paginator.count - total, 0)
    shared = share_recipient_ids(person=inquiry.person) if inquiry.person else set()
    offers = list(found.page.object_list)
    on_platform = selectors.platform_organisation_ids([o.organization_id for o in offers])
    addresses = selectors.offer_card_addresses(offers)
    rows = [
        {
            "offer": offer,
            "address": addresses.get(offer.id, ""),
            "hours": status_text(offer.card_schedules, offer.card_closures, now),
            "cost": cost_text(offer.cost, offer.fee_amount),
            "on_platform": offer.organization_id in on_platform,
            "consented": offer.organization_id in shared,
        }
        for offer in offers
    ]
    return {
        "rows": rows,
        "total": total,
        "capped": found.capped,
        "topic": topic,
        "others": others,
        "others_query": urlencode({"angebot": text, "thema": ""}),
    }


def _inquiry_page(request: ActorRequest, inquiry: Inquiry, **forms: object) -> HttpResponse:
    """The inquiry page with the directory search of `?angebot=…&thema=…`; `forms` replaces a
    blank form by one with errors. An htmx search gets only the results."""
    staff = selectors.desk_staff(organisation=inquiry.organisation)
    topics = topic_list()
    first_topic = inquiry.topics.first()
    searching = request.method == "GET" and bool(request.GET)
    find = OfferFindForm(
        request.GET if searching else None,
        topics=topics,
        initial={"thema": first_topic.code if first_topic else ""},
    )
    offers = None
    if inquiry.status != Inquiry.Status.CLOSED:
        if find.searched():
            code = find.cleaned_data["thema"]
            chosen = next((t for t in topics if t.code == code), None) if code else None
            offers = _offer_rows(inquiry, text=find.cleaned_data["angebot"], topic=chosen)
        elif not searching and first_topic is not None:
            # The inquiry's topic suggests offers before anything is typed.
            offers = _offer_rows(inquiry, text="", topic=first_topic)
            offers["suggested"] = True
    referrals = selectors.inquiry_referrals(inquiry=inquiry)
    on_platform = selectors.platform_organisation_ids(
        [r.receiving_organisation_id for r in referrals]
    )
    context = {
        "inquiry": inquiry,
        "referrals": [
            {
                "referral": r,
                "open": r.status in services.OPEN_STATUSES,
                "on_platform": r.receiving_organisation_id in on_platform,
            }
            for r in referrals
        ],
        "reasons": Referral.Reason.choices,
        "find": find,
        "offers": offers,
        "edit_url": reverse("desk:inquiry_edit", args=[inquiry.id]),
        "assign_form": InquiryAssignForm(initial={"assigned_to": inquiry.assigned_to}, staff=staff),
        "follow_up_form": InquiryFollowUpForm(initial={"follow_up_on": inquiry.follow_up_on}),
        "followed_up_form": InquiryFollowedUpForm(),
        "follow_up_due": inquiry.follow_up_outcome
        or (inquiry.follow_up_on is not None and inquiry.follow_up_on <= timezone.localdate()),
        "unmet_form": UnmetNeedForm(
            topics=topics, initial={"topic": first_topic.pk if first_topic else None}
        ),
        "close_form": InquiryCloseForm(),
        "close_errors": [],
        "refer_errors": [],
        **forms,
    }
    template = "desk/inquiry_detail.html"
    if request.headers.get("HX-Request") and request.method == "GET":
        template += "#offers"
    return render(request, template, context)


@personal_data_view
def inquiry_detail(request: ActorRequest, inquiry_id) -> HttpResponse:
    """One inquiry with its referrals and their steps, and the directory search to refer."""
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    return _inquiry_page(request, inquiry)


@personal_data_view
@require_http_methods(["GET", "POST"])
def inquiry_edit(request: ActorRequest, inquiry_id) -> HttpResponse:
    """Corrects channel, topics, description, time spent and the state of the work."""
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    if inquiry.status == Inquiry.Status.CLOSED:
        messages.error(request, _("Ein abgeschlossenes Anliegen lässt sich nicht mehr ändern."))
        return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)
    form = InquiryEditForm(
        request.POST if request.method == "POST" else None,
        topics=topic_list(),
        initial={
            "channel": inquiry.channel,
            "status": inquiry.status,
            "topics": list(inquiry.topics.all()),
            "description": inquiry.description,
            "minutes_spent": inquiry.minutes_spent,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        topics = data.pop("topics")
        try:
            services.inquiry_update(actor=request.actor, inquiry=inquiry, data=data, topics=topics)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)
    return render(request, "desk/inquiry_edit.html", {"form": form, "inquiry": inquiry})


@personal_data_view
@require_POST
def inquiry_refer(request: ActorRequest, inquiry_id) -> HttpResponse:
    """Refers the person to an offer found on the inquiry page."""
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    form = ReferForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        return _inquiry_page(request, inquiry, refer_errors=errors)
    offer = offer_get(offer_id=form.cleaned_data["angebot"])
    try:
        referral = services.referral_create(
            actor=request.actor, inquiry=inquiry, service=offer, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        return _inquiry_page(request, inquiry, refer_errors=exc.messages)
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
    return redirect(reverse("desk:inquiry_detail", args=[referral.inquiry_id]) + "#vermittlungen")


@personal_data_view
@require_POST
def unmet_need_new(request: ActorRequest, inquiry_id) -> HttpResponse:
    """No suitable offer: the office notes what is missing (without personal data)."""
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    form = UnmetNeedForm(request.POST, topics=topic_list())
    if form.is_valid():
        try:
            services.unmet_need_record(
                actor=request.actor,
                organisation=inquiry.organisation,
                topic=form.cleaned_data["topic"],
                note=form.cleaned_data["note"],
                inquiry=inquiry,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Das fehlende Angebot ist vermerkt. Danke!"))
            return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)
    return _inquiry_page(request, inquiry, unmet_form=form)


@personal_data_view
@require_POST
def inquiry_followed_up(request: ActorRequest, inquiry_id) -> HttpResponse:
    """The office asked "Hat es geklappt?": the follow-up leaves the dashboard."""
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    form = InquiryFollowedUpForm(request.POST)
    if not form.is_valid():
        return _inquiry_page(request, inquiry, followed_up_form=form)
    try:
        services.inquiry_follow_up_done(
            actor=request.actor,
            inquiry=inquiry,
            note=form.cleaned_data["note"],
            answer=form.cleaned_data["answer"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Die Nachfrage ist erledigt."))
    return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)


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
