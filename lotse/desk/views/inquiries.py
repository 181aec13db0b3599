"""The office's pages for inquiries: the dashboard, recording a call or visit, counting a
Kurzkontakt, the inquiry page with its actions and the directory search to refer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.core.middleware import ActorRequest
from lotse.core.models import Organisation
from lotse.core.permissions import personal_data_view
from lotse.desk import selectors
from lotse.desk.forms.inquiries import (
    BriefContactForm,
    DashboardFilterForm,
    InquiryAssignForm,
    InquiryCloseForm,
    InquiryEditForm,
    InquiryFollowedUpForm,
    InquiryFollowUpForm,
    InquiryForm,
    PersonFindForm,
)
from lotse.desk.forms.referrals import OfferFindForm
from lotse.desk.forms.unmet_needs import UnmetNeedForm
from lotse.desk.models import Inquiry, Referral
from lotse.desk.services import digital_help
from lotse.desk.services import inquiries as services
from lotse.desk.services.referrals import OPEN_STATUSES
from lotse.directory.cards import cost_text
from lotse.directory.hours import status_text
from lotse.directory.models import TaxonomyTerm
from lotse.directory.selectors import SearchFilters, offer_search, topic_list
from lotse.office.selectors import office_day_list
from lotse.people.selectors import chosen_in, person_search, share_recipient_ids
from lotse.volunteers.request_forms import DigitalHelpForm
from lotse.volunteers.request_selectors import requests_of_inquiry

# The office dashboard: open inquiries per page, and the longest-waiting follow-ups and
# unanswered referrals it shows before "Alle anzeigen".
DASHBOARD_PAGE_SIZE = 50
DASHBOARD_LIST_SIZE = 50
# Why the inquiry pages read an inquiry (recorded in the audit log).
PURPOSE = services.PURPOSE
# Channels the inquiry form may be opened with (`?kontaktweg=`): a visit, not a call.
WALK_IN_CHANNELS = (Inquiry.Channel.WALK_IN, Inquiry.Channel.HOME_VISIT)


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


def inquiry_page(request: ActorRequest, inquiry: Inquiry, **forms: object) -> HttpResponse:
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
                "open": r.status in OPEN_STATUSES,
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
        "digital_help_form": DigitalHelpForm(),
        "digital_help_requests": requests_of_inquiry(inquiry_id=inquiry.pk),
        "digital_help_errors": [],
        "close_errors": [],
        "refer_errors": [],
        # The case work's "Als Begleitung übernehmen" (by permission name: desk does not
        # import cases).
        "may_open_case": request.user.has_perm("cases.add_casefile", inquiry.organisation),
        **forms,
    }
    template = "desk/inquiry_detail.html"
    if request.htmx and request.method == "GET":
        template += "#offers"
    return render(request, template, context)


@personal_data_view
def inquiry_detail(request: ActorRequest, inquiry_id) -> HttpResponse:
    """One inquiry with its referrals and their steps, and the directory search to refer."""
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    return inquiry_page(request, inquiry)


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
def inquiry_followed_up(request: ActorRequest, inquiry_id) -> HttpResponse:
    """The office asked "Hat es geklappt?": the follow-up leaves the dashboard."""
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    form = InquiryFollowedUpForm(request.POST)
    if not form.is_valid():
        return inquiry_page(request, inquiry, followed_up_form=form)
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
    return inquiry_page(request, inquiry, assign_form=form)


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
    return inquiry_page(request, inquiry, follow_up_form=form)


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
            return inquiry_page(request, inquiry, close_form=form, close_errors=exc.messages)
        messages.success(request, _("Das Anliegen ist abgeschlossen."))
        return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)
    return inquiry_page(request, inquiry, close_form=form)


@personal_data_view
@require_POST
def inquiry_digital_help(request: ActorRequest, inquiry_id) -> HttpResponse:
    """ "An Digital-Hilfe weitergeben": a request for help linked to the inquiry."""
    inquiry = selectors.access_inquiry(request.actor, inquiry_id, purpose=PURPOSE)
    form = DigitalHelpForm(request.POST)
    if form.is_valid():
        try:
            digital_help.inquiry_hand_over_to_digital_help(
                actor=request.actor, inquiry=inquiry, data=form.request_data()
            )
        except (ValidationError, PermissionDenied) as exc:
            errors = getattr(exc, "messages", None) or [str(exc)]
            return inquiry_page(
                request, inquiry, digital_help_form=form, digital_help_errors=errors
            )
        messages.success(request, _("Das Anliegen ist an die Digital-Hilfe weitergegeben."))
        return redirect("desk:inquiry_detail", inquiry_id=inquiry.id)
    return inquiry_page(request, inquiry, digital_help_form=form)
