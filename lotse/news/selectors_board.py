"""Reads of the noticeboard (Biete / Suche): the posts a quarter shows, one public post, an
author's own posts, and the office's queue (reported posts, posts to check, replies to pass on).
Staff fetch a post they work on with `lotse.news.selectors.access_board_post`."""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lotse.core.models import Area
from lotse.core.permissions import Actor
from lotse.core.rules import memberships_of
from lotse.news.models import BoardPost, BoardReply, BoardReport
from lotse.news.rules import QUARTER_ROLES

Status = BoardPost.Status


def quarter_by_slug(*, slug: str) -> Area | None:
    slug = slug[:80]
    if not slug:
        return None
    return Area.objects.filter(kind=Area.Kind.QUARTER, slug=slug).select_related("parent").first()


def quarter_choices() -> QuerySet[Area]:
    """Every quarter, by municipality and name."""
    return (
        Area.objects.filter(kind=Area.Kind.QUARTER)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def quarters_for_staff(*, actor: Actor) -> QuerySet[Area]:
    """The quarters where the actor writes posts for people who call in."""
    if actor is None:
        return Area.objects.none()
    allowed = [q.pk for q in quarter_choices() if actor.has_perm("news.post_for_person", q)]
    return quarter_choices().filter(pk__in=allowed)


def _visible(today: dt.date) -> Q:
    return Q(status=Status.PUBLISHED, expires_on__gte=today)


def public_board_posts(
    *, area: Area | None = None, kind: str = "", today: dt.date | None = None
) -> QuerySet[BoardPost]:
    """Published posts that have not run out, newest first; of one quarter and one kind."""
    today = today or timezone.localdate()
    posts = BoardPost.objects.filter(_visible(today))
    if area is not None:
        posts = posts.filter(area=area)
    if kind:
        posts = posts.filter(kind=kind)
    return posts.select_related("area").order_by("-reviewed_at", "-created_at")


def public_board_post(*, post_id: uuid.UUID | str, today: dt.date | None = None) -> BoardPost:
    """One post as the public sees it; 404 unless it is published and current."""
    try:
        return public_board_posts(today=today).get(pk=post_id)
    except (BoardPost.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


def own_board_posts(*, user) -> QuerySet[BoardPost]:
    """The posts an account wrote, newest first (for "Mein Konto")."""
    if not user.is_authenticated:
        return BoardPost.objects.none()
    return BoardPost.objects.filter(author=user).select_related("area").order_by("-created_at")


def own_board_post(*, actor: Actor, post_id: uuid.UUID | str) -> BoardPost:
    """A post of the actor's own; anyone else's answers 404."""
    if actor is None:
        raise Http404
    try:
        return own_board_posts(user=actor).get(pk=post_id)
    except (BoardPost.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


@dataclass
class BoardQueue:
    """What the office of a quarter has to do on the noticeboard."""

    reported: list[BoardPost] = field(default_factory=list)
    submitted: list[BoardPost] = field(default_factory=list)
    replies: list[BoardReply] = field(default_factory=list)


def _office_region_ids(actor: Actor) -> set[uuid.UUID]:
    if actor is None:
        return set()
    return {m.organisation.region_id for m in memberships_of(actor) if m.role in QUARTER_ROLES}


def board_queue(*, actor: Actor) -> BoardQueue:
    """Reported posts first (with their open reports), then posts waiting for their check, then
    messages for people without e-mail, each only where the actor works (news.review_boardpost)."""
    region_ids = _office_region_ids(actor)
    queue = BoardQueue()
    if actor is None or not region_ids:
        return queue
    open_reports = BoardReport.objects.filter(handled_at__isnull=True).order_by("created_at")
    posts = (
        BoardPost.objects.filter(region_id__in=region_ids)
        .annotate(
            open_reports=Count("reports", filter=Q(reports__handled_at__isnull=True), distinct=True)
        )
        .filter(Q(status=Status.SUBMITTED) | Q(open_reports__gt=0, status=Status.PUBLISHED))
        .select_related("area", "person")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="reports_open"))
        .order_by("created_at")
    )
    for post in posts:
        if not actor.has_perm("news.review_boardpost", post):
            continue
        if post.status == Status.PUBLISHED:
            queue.reported.append(post)
        else:
            queue.submitted.append(post)
    replies = (
        BoardReply.objects.filter(region_id__in=region_ids, status=BoardReply.Status.FOR_OFFICE)
        .select_related("post", "post__area", "post__person")
        .order_by("created_at")
    )
    queue.replies = [r for r in replies if actor.has_perm("news.review_boardpost", r.post)]
    return queue


def board_post_reports(*, post: BoardPost) -> QuerySet[BoardReport]:
    return post.reports.filter(handled_at__isnull=True).order_by("created_at")


def board_post_replies_for_office(*, post: BoardPost) -> QuerySet[BoardReply]:
    return post.replies.filter(status=BoardReply.Status.FOR_OFFICE).order_by("created_at")


def board_reply_of(*, post: BoardPost, reply_id: str) -> BoardReply:
    """A reply to `post` (the office passes it on); 404 for any other."""
    try:
        return post.replies.get(pk=reply_id)
    except (BoardReply.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc
