"""Pages of the part "Aktuelles": the public list (the region, or the chosen quarter), one news
item, the Atom feed; the staff's list of their organisations' news, writing, changing,
publishing and withdrawing a news item, and the managers' list "Zur Freigabe"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.news import feeds, selectors_posts, services_posts
from lotse.news.forms_posts import NewsPostForm
from lotse.news.models import NewsPost, PublicationStatus
from lotse.news.selectors import access_news_post
from lotse.office.finder import QUARTER_COOKIE

PAGE_SIZE = 20
STAFF_PAGE_SIZE = 50


def _chosen_area(request: ActorRequest):
    """The area of `?quartier=` or, without it, the quarter kept by "Mein Quartier wählen"."""
    if "quartier" in request.GET:
        return selectors_posts.area_by_slug(slug=request.GET["quartier"])
    return selectors_posts.area_by_slug(slug=request.COOKIES.get(QUARTER_COOKIE, ""))


# --- residents ------------------------------------------------------------------------------


def index(request: ActorRequest) -> HttpResponse:
    area = _chosen_area(request)
    paginator = Paginator(selectors_posts.current_news(area=area), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("seite"))
    context = {
        "page": page,
        "area": area,
        "quarters": selectors_posts.quarter_choices(),
        "feed_query": f"?quartier={area.slug}" if area else "",
    }
    return render(request, "news/posts_list.html", context)


def detail(request: ActorRequest, newspost_id) -> HttpResponse:
    post = selectors_posts.public_news_get(post_id=newspost_id)
    return render(request, "news/posts_detail.html", {"post": post})


def feed(request: ActorRequest) -> HttpResponse:
    area = None
    if request.GET.get("quartier"):
        area = selectors_posts.area_by_slug(slug=request.GET["quartier"])
        if area is None:
            raise Http404
    posts = list(selectors_posts.current_news(area=area)[: selectors_posts.FEED_COUNT])
    document = feeds.news_feed(posts=posts, area=area)
    return HttpResponse(document, content_type="application/atom+xml; charset=utf-8")


# --- staff ----------------------------------------------------------------------------------


def _organisations(request: ActorRequest):
    organisations = selectors_posts.writing_organisations(actor=request.actor)
    if not organisations:
        raise PermissionDenied
    return organisations


@login_required
def staff_list(request: ActorRequest) -> HttpResponse:
    organisations = _organisations(request)
    paginator = Paginator(selectors_posts.staff_news(organisations=organisations), STAFF_PAGE_SIZE)
    context = {
        "page": paginator.get_page(request.GET.get("seite")),
        "organisations": organisations,
        "may_release": selectors_posts.release_queue_allowed(actor=request.actor),
        "Status": PublicationStatus,
    }
    return render(request, "news/posts_staff_list.html", context)


def _saved_message(request: ActorRequest, post: NewsPost) -> None:
    if post.status == PublicationStatus.PUBLISHED:
        messages.success(
            request, _("Die Nachricht „%(title)s“ ist veröffentlicht.") % {"title": post.title}
        )
    elif post.status == PublicationStatus.IN_REVIEW:
        messages.success(
            request,
            _(
                "Die Nachricht „%(title)s“ wartet auf die Freigabe durch das Quartiersmanagement. "
                "Danach ist sie zu sehen."
            )
            % {"title": post.title},
        )
    else:
        messages.success(
            request, _("Die Nachricht „%(title)s“ ist gespeichert.") % {"title": post.title}
        )


@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request: ActorRequest) -> HttpResponse:
    organisations = _organisations(request)
    form = NewsPostForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisations=organisations,
        areas=selectors_posts.area_choices(organisations=organisations),
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services_posts.newspost_create(
                actor=request.actor,
                organisation=form.chosen_organisation(),
                data=form.post_data(),
                picture=form.uploaded_picture(),
            )
            if request.POST.get("aktion") != "entwurf":
                post = services_posts.newspost_publish(actor=request.actor, post=post)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _saved_message(request, post)
            return redirect("news:staff_list")
    return render(request, "news/posts_staff_form.html", {"form": form, "post": None})


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: ActorRequest, newspost_id) -> HttpResponse:
    post = access_news_post(request.actor, newspost_id)
    form = NewsPostForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisations=[post.organisation],
        areas=selectors_posts.area_choices(organisations=[post.organisation]),
        post=post,
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services_posts.newspost_update(
                actor=request.actor,
                post=post,
                data=form.post_data(),
                picture=form.uploaded_picture(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _saved_message(request, post)
            return redirect("news:staff_list")
    return render(request, "news/posts_staff_form.html", {"form": form, "post": post})


@login_required
@require_POST
def staff_publish(request: ActorRequest, newspost_id) -> HttpResponse:
    post = access_news_post(request.actor, newspost_id)
    try:
        post = services_posts.newspost_publish(actor=request.actor, post=post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _saved_message(request, post)
    return redirect("news:staff_list")


@login_required
@require_http_methods(["GET", "POST"])
def staff_withdraw(request: ActorRequest, newspost_id) -> HttpResponse:
    """Asks first ("Möchten Sie … zurückziehen?"), then withdraws."""
    post = access_news_post(request.actor, newspost_id)
    if request.method == "POST":
        try:
            services_posts.newspost_withdraw(actor=request.actor, post=post)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Die Nachricht „%(title)s“ ist zurückgezogen.") % {"title": post.title}
            )
        return redirect("news:staff_list")
    return render(request, "news/posts_staff_withdraw.html", {"post": post})


@login_required
def release_queue(request: ActorRequest) -> HttpResponse:
    """ "Zur Freigabe": news waiting for this manager's release."""
    if not selectors_posts.release_queue_allowed(actor=request.actor):
        raise PermissionDenied
    posts = selectors_posts.release_queue(actor=request.actor)
    return render(request, "news/posts_release_queue.html", {"posts": posts})


@login_required
@require_POST
def release(request: ActorRequest, newspost_id) -> HttpResponse:
    post = access_news_post(request.actor, newspost_id, perm="news.release_newspost")
    try:
        services_posts.newspost_release(actor=request.actor, post=post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Die Nachricht „%(title)s“ ist freigegeben und zu sehen.") % {"title": post.title},
        )
    return redirect("news:release_queue")
