"""Every change of a news item (Aktuelles): written as a draft, changed, published (at once,
or waiting for a manager's release where a quarter manager requires one), released, withdrawn.
One function per change: permission, checks, `full_clean`, transaction, audit."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.models import Area, Organisation
from lotse.core.permissions import Actor, require
from lotse.core.text_input import has_forbidden
from lotse.news.models import NewsPost, PublicationStatus
from lotse.news.pictures import picture_change
from lotse.news.publication import status_on_publish

Status = PublicationStatus
TEXT_FIELDS = ("title", "body", "easy_text", "picture_alt")
# What may be changed with `newspost_update`.
CHANGEABLE = ("area", "title", "body", "easy_text", "picture_alt", "publish_at", "expires_at")


class NewsStateRefused(ValidationError):
    """A change the news item's state does not allow (the page says why)."""


def _status_label(status: str) -> str:
    return str(Status(status).label)


def _check(post: NewsPost) -> None:
    """Text without forbidden characters, the area in the organisation's region, then the
    model's own checks (lengths, expiry after publication)."""
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = str(getattr(post, name) or "")
        if has_forbidden(value):
            errors[name] = _("Der Text enthält ein unerlaubtes Zeichen")
        setattr(post, name, value.strip())
    if not post.title:
        errors.setdefault("title", _("Geben Sie eine Überschrift ein"))
    if not post.body:
        errors.setdefault("body", _("Geben Sie den Text der Nachricht ein"))
    if post.publish_at is None:
        errors["publish_at"] = _("Geben Sie an, ab wann die Nachricht zu sehen ist")
    area: Area | None = post.area if post.area_id else None
    if area is None:
        errors["area"] = _("Wählen Sie, für welches Gebiet die Nachricht ist")
    elif (area.region_id or area.pk) != post.region_id:
        errors["area"] = _("Wählen Sie ein Gebiet in Ihrem Kreis")
    if errors:
        raise ValidationError(errors)
    post.full_clean(exclude=["picture", "created_by", "reviewed_by"])


@transaction.atomic
def newspost_create(
    *,
    actor: Actor,
    organisation: Organisation,
    data: dict[str, Any],
    picture: UploadedFile | None = None,
) -> NewsPost:
    """A new news item of `organisation`, saved as a draft (`newspost_publish` shows it), with
    an optional picture (its alternative text is then required)."""
    require(actor, "news.add_newspost", organisation)
    post = NewsPost(
        organisation=organisation,
        region_id=organisation.region_id,
        created_by=actor,
        status=Status.DRAFT,
        **{name: data.get(name) for name in CHANGEABLE if name in data},
    )
    picture_change(post, upload=picture, remove=bool(data.get("remove_picture")))
    _check(post)
    post.save(force_insert=True)
    audit_record(actor=actor, verb="newspost.created", target=post)
    return post


def _locked(post: NewsPost) -> NewsPost:
    return (
        NewsPost.objects.select_for_update(of=("self",))
        .select_related("organisation", "area", "area__parent")
        .get(pk=post.pk)
    )


@transaction.atomic
def newspost_update(
    *,
    actor: Actor,
    post: NewsPost,
    data: dict[str, Any],
    picture: UploadedFile | None = None,
) -> NewsPost:
    """Changes what the news item says, for whom and when, and its picture. A published item of
    an area where a release is required waits for the release again."""
    require(actor, "news.change_newspost", post)
    post = _locked(post)
    if post.status == Status.WITHDRAWN:
        raise NewsStateRefused(
            _("Die Nachricht ist zurückgezogen. Veröffentlichen Sie sie erst wieder.")
        )
    for name in CHANGEABLE:
        if name in data:
            setattr(post, name, data[name])
    picture_change(post, upload=picture, remove=bool(data.get("remove_picture")))
    _check(post)
    old = post.status
    if post.status == Status.PUBLISHED:
        post.status = status_on_publish(post.area)
    post.save()
    audit_record(actor=actor, verb="newspost.changed", target=post, note=f"{old} -> {post.status}")
    return post


@transaction.atomic
def newspost_publish(*, actor: Actor, post: NewsPost) -> NewsPost:
    """Draft or withdrawn → published, or "Wartet auf Freigabe" where the area's manager
    requires a release (lotse.news.publication)."""
    require(actor, "news.change_newspost", post)
    post = _locked(post)
    if post.status not in (Status.DRAFT, Status.WITHDRAWN):
        raise NewsStateRefused(
            _("Die Nachricht ist schon „%(status)s“.") % {"status": _status_label(post.status)}
        )
    _check(post)
    old = post.status
    post.status = status_on_publish(post.area)
    post.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, verb="newspost.published", target=post, note=f"{old} -> {post.status}"
    )
    return post


@transaction.atomic
def newspost_withdraw(*, actor: Actor, post: NewsPost) -> NewsPost:
    """The organisation takes its news item back (from any state but withdrawn)."""
    require(actor, "news.change_newspost", post)
    post = _locked(post)
    if post.status == Status.WITHDRAWN:
        raise NewsStateRefused(_("Die Nachricht ist schon zurückgezogen."))
    old = post.status
    post.status = Status.WITHDRAWN
    post.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, verb="newspost.withdrawn", target=post, note=f"{old} -> {post.status}"
    )
    return post


@transaction.atomic
def newspost_release(*, actor: Actor, post: NewsPost) -> NewsPost:
    """A manager whose areas cover the news item's area releases it: it appears."""
    require(actor, "news.release_newspost", post)
    post = _locked(post)
    if post.status != Status.IN_REVIEW:
        raise NewsStateRefused(
            _("Die Nachricht wartet nicht auf eine Freigabe (sie ist „%(status)s“).")
            % {"status": _status_label(post.status)}
        )
    post.status = Status.PUBLISHED
    post.reviewed_by = actor
    post.save(update_fields=["status", "reviewed_by", "updated_at"])
    audit_record(actor=actor, verb="newspost.released", target=post)
    return post
