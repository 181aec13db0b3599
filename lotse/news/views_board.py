"""Pages of the noticeboard (Biete / Suche): the public board of a quarter with its rules, one
post with "Antworten" and "Eintrag melden"; a resident's form (logged in), renewing and
withdrawing from "Mein Konto"; the office's queue (reports first, posts to check, messages to
pass on), the check of one post, and the form for a person who called in."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.core.permissions import personal_data_view
from lotse.news import selectors_board, services_board
from lotse.news.forms_board import (
    BoardPostForm,
    BoardPostStaffForm,
    BoardReplyForm,
    BoardReportForm,
    ReasonForm,
)
from lotse.news.models import BoardPost
from lotse.news.selectors import access_board_post
from lotse.office.finder import QUARTER_COOKIE
from lotse.people import selectors as people_selectors

KINDS = {"biete": BoardPost.Kind.OFFER, "suche": BoardPost.Kind.SEEK}
REPLY_SCOPE = "board:reply"
REPORT_SCOPE = "board:report"
# A quarter's board shows at most this many posts of each kind.
LIST_LIMIT = 100
PURPOSE = "Pinnwand"


def _chosen_quarter(request: ActorRequest):
    if "quartier" in request.GET:
        return selectors_board.quarter_by_slug(slug=request.GET["quartier"])
    return selectors_board.quarter_by_slug(slug=request.COOKIES.get(QUARTER_COOKIE, ""))


def _resident_login(next_url: str) -> HttpResponse:
    """Residents log in with a code by e-mail, then come back here."""
    return redirect_to_login(next_url, login_url=reverse("account_request_login_code"))


# --- everyone -------------------------------------------------------------------------------


def index(request: ActorRequest) -> HttpResponse:
    area = _chosen_quarter(request)
    kind = KINDS.get(request.GET.get("art", ""), "")
    posts = list(selectors_board.public_board_posts(area=area, kind=kind)[: LIST_LIMIT * 2])
    offers = [p for p in posts if p.kind == BoardPost.Kind.OFFER][:LIST_LIMIT]
    seeks = [p for p in posts if p.kind == BoardPost.Kind.SEEK][:LIST_LIMIT]
    context = {
        "area": area,
        "kind": kind,
        "offers": offers,
        "seeks": seeks,
        "quarters": selectors_board.quarter_choices(),
        "art": request.GET.get("art", "") if kind else "",
    }
    return render(request, "news/board_list.html", context)


def detail(request: ActorRequest, boardpost_id) -> HttpResponse:
    post = selectors_board.public_board_post(post_id=boardpost_id)
    return render(request, "news/board_detail.html", {"post": post})


@require_http_methods(["GET", "POST"])
def reply(request: ActorRequest, boardpost_id) -> HttpResponse:
    """ "Antworten": the neighbour's message goes to the author (or the office); the neighbour
    never sees the author's address."""
    post = selectors_board.public_board_post(post_id=boardpost_id)
    form = BoardReplyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        status = form.refusal(request, REPLY_SCOPE, phone=settings.LOTSE_CONTACT_PHONE) or 200
        if not form.errors:
            try:
                services_board.board_reply_send(post=post, data=form.reply_data())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Ihre Nachricht wird weitergegeben."))
                return redirect("board:detail", boardpost_id=post.pk)
    context = {"post": post, "form": form}
    return render(request, "news/board_reply.html", context, status=status)


@require_http_methods(["GET", "POST"])
def report(request: ActorRequest, boardpost_id) -> HttpResponse:
    post = selectors_board.public_board_post(post_id=boardpost_id)
    form = BoardReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        status = form.refusal(request, REPORT_SCOPE, phone=settings.LOTSE_CONTACT_PHONE) or 200
        if not form.errors:
            try:
                services_board.board_report_create(post=post, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Danke für Ihre Meldung. Das Quartiersbüro sieht sich den Eintrag an."),
                )
                return redirect("board:detail", boardpost_id=post.pk)
    context = {"post": post, "form": form}
    return render(request, "news/board_report.html", context, status=status)


# --- residents with an account --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def new(request: ActorRequest) -> HttpResponse:
    """A resident writes a post; anonymous visitors log in by e-mail code first."""
    if request.actor is None:
        return _resident_login(reverse("board:new"))
    if not request.actor.has_perm("news.add_boardpost"):
        raise PermissionDenied
    chosen = _chosen_quarter(request)
    form = BoardPostForm(
        request.POST if request.method == "POST" else None,
        quarters=selectors_board.quarter_choices(),
        initial={"contact_email": request.actor.email, "area": chosen.pk if chosen else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_board.boardpost_submit(
                actor=request.actor, area=form.cleaned_data["area"], data=form.post_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Danke! Das Quartiersbüro prüft Ihren Eintrag. Danach ist er auf der "
                    "Pinnwand zu sehen. Sie finden ihn unter „Meine Pinnwand-Einträge“."
                ),
            )
            return redirect(reverse("accounts:overview") + "#pinnwand")
    return render(request, "news/board_form.html", {"form": form})


def _own(request: ActorRequest, boardpost_id) -> BoardPost:
    if request.actor is None:
        raise PermissionDenied
    return selectors_board.own_board_post(actor=request.actor, post_id=boardpost_id)


@require_http_methods(["GET", "POST"])
def renew(request: ActorRequest, boardpost_id) -> HttpResponse:
    if request.actor is None:
        return _resident_login(reverse("accounts:overview"))
    post = _own(request, boardpost_id)
    if request.method == "POST":
        try:
            post = services_board.boardpost_renew(actor=request.actor, post=post)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Ihr Eintrag „%(title)s“ ist bis %(day)s zu sehen.")
                % {
                    "title": post.title,
                    "day": post.expires_on.strftime("%d.%m.%Y") if post.expires_on else "",
                },
            )
        return redirect(reverse("accounts:overview") + "#pinnwand")
    return render(request, "news/board_own_confirm.html", {"post": post, "action": "renew"})


@require_http_methods(["GET", "POST"])
def withdraw(request: ActorRequest, boardpost_id) -> HttpResponse:
    if request.actor is None:
        return _resident_login(reverse("accounts:overview"))
    post = _own(request, boardpost_id)
    if request.method == "POST":
        try:
            services_board.boardpost_withdraw(actor=request.actor, post=post)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Ihr Eintrag „%(title)s“ ist zurückgezogen.") % {"title": post.title}
            )
        return redirect(reverse("accounts:overview") + "#pinnwand")
    return render(request, "news/board_own_confirm.html", {"post": post, "action": "withdraw"})


# --- the office -----------------------------------------------------------------------------


@personal_data_view
def queue(request: ActorRequest) -> HttpResponse:
    """ "Pinnwand prüfen": reported posts first, then posts to check, then messages to pass on."""
    if not request.user.has_perm("news.view_board_queue"):
        raise PermissionDenied
    context = {
        "queue": selectors_board.board_queue(actor=request.actor),
        "may_post_for_person": _staff_quarters(request).exists(),
    }
    return render(request, "news/board_queue.html", context)


def _review_page(
    request: ActorRequest,
    post: BoardPost,
    *,
    reason_form: ReasonForm | None = None,
    action: str = "",
) -> HttpResponse:
    context = {
        "post": post,
        "reports": selectors_board.board_post_reports(post=post),
        "replies": selectors_board.board_post_replies_for_office(post=post),
        "reason_form": reason_form or ReasonForm(),
        "failed_action": action,
        "today": timezone.localdate(),
    }
    return render(request, "news/board_review.html", context)


@personal_data_view
def review(request: ActorRequest, boardpost_id) -> HttpResponse:
    post = access_board_post(request.actor, boardpost_id)
    return _review_page(request, post)


@personal_data_view
@require_POST
def publish(request: ActorRequest, boardpost_id) -> HttpResponse:
    post = access_board_post(request.actor, boardpost_id)
    try:
        post = services_board.boardpost_publish(actor=request.actor, post=post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("board:review", boardpost_id=post.pk)
    messages.success(
        request, _("„%(title)s“ ist jetzt auf der Pinnwand zu sehen.") % {"title": post.title}
    )
    return redirect("board:queue")


def _with_reason(request: ActorRequest, boardpost_id, *, action: str) -> HttpResponse:
    post = access_board_post(request.actor, boardpost_id)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            if action == "reject":
                services_board.boardpost_reject(
                    actor=request.actor, post=post, reason=form.cleaned_data["reason"]
                )
                text = _("„%(title)s“ wird nicht veröffentlicht. Die Person erfährt den Grund.")
            else:
                services_board.boardpost_remove(
                    actor=request.actor, post=post, reason=form.cleaned_data["reason"]
                )
                text = _("„%(title)s“ ist entfernt. Die Person erfährt den Grund.")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, text % {"title": post.title})
            return redirect("board:queue")
    post.refresh_from_db()
    return _review_page(request, post, reason_form=form, action=action)


@personal_data_view
@require_POST
def reject(request: ActorRequest, boardpost_id) -> HttpResponse:
    return _with_reason(request, boardpost_id, action="reject")


@personal_data_view
@require_POST
def remove(request: ActorRequest, boardpost_id) -> HttpResponse:
    return _with_reason(request, boardpost_id, action="remove")


@personal_data_view
@require_POST
def reports_dismiss(request: ActorRequest, boardpost_id) -> HttpResponse:
    post = access_board_post(request.actor, boardpost_id)
    try:
        services_board.boardpost_reports_dismiss(actor=request.actor, post=post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("board:review", boardpost_id=post.pk)
    messages.success(request, _("Die Meldungen sind erledigt. Der Eintrag bleibt zu sehen."))
    return redirect("board:queue")


@personal_data_view
@require_POST
def passed_on(request: ActorRequest, boardpost_id) -> HttpResponse:
    """ "Weitergegeben": the office gave a message to the person (field `antwort`: its id)."""
    post = access_board_post(request.actor, boardpost_id)
    try:
        reply_id = uuid.UUID(request.POST.get("antwort", ""))
    except ValueError:
        messages.error(request, _("Wählen Sie eine Nachricht aus der Liste."))
        return redirect("board:review", boardpost_id=post.pk)
    reply = selectors_board.board_reply_of(post=post, reply_id=str(reply_id))
    try:
        services_board.board_reply_passed_on(actor=request.actor, reply=reply)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Die Nachricht ist als weitergegeben vermerkt."))
    return redirect("board:queue")


def _staff_quarters(request: ActorRequest):
    return selectors_board.quarters_for_staff(actor=request.actor)


@personal_data_view
@require_http_methods(["GET", "POST"])
def staff_new(request: ActorRequest) -> HttpResponse:
    """A post for someone who called in (found by name or phone number, or just a name)."""
    quarters = _staff_quarters(request)
    if not quarters.exists():
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    text = data.get("q", "").strip()[:100]
    persons = people_selectors.person_search(actor=request.actor, text=text) if text else []
    form = BoardPostStaffForm(
        request.POST if request.method == "POST" else None,
        quarters=quarters,
        persons=persons,
    )
    if request.method == "POST" and form.is_valid():
        person = None
        if form.cleaned_data.get("person"):
            person = people_selectors.access_person(
                request.actor, form.cleaned_data["person"], purpose=PURPOSE
            )
        try:
            services_board.boardpost_submit_for_person(
                actor=request.actor,
                area=form.cleaned_data["area"],
                data=form.post_data(),
                person=person,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Der Eintrag ist gespeichert. Er wartet in der Liste auf die Prüfung."),
            )
            return redirect("board:queue")
    context = {"form": form, "text": text, "persons": persons}
    return render(request, "news/board_staff_form.html", context)
