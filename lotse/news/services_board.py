"""Every change of the noticeboard (Biete / Suche): a resident's post and a post staff write
for a person who called in (both wait for the office's check), publishing or rejecting it,
renewing and withdrawing by the author, the relay of a neighbour's answer (by e-mail, or
through the office for people without e-mail), reports, removal, and expiry after four weeks.
One function per change: permission, checks, transaction, audit, the author told by e-mail.

Nothing on the board may show how to reach someone: a phone number, an e-mail address, an
internet address or a street address in a title or text is refused (`contact_details_in`)."""

import datetime as dt
import logging
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.links import site_link
from lotse.core.models import Area
from lotse.core.permissions import Actor, require
from lotse.core.text_input import has_forbidden
from lotse.news.models import BoardPost, BoardReply, BoardReport
from lotse.notifications.services import message_enqueue
from lotse.people.models import ContactChannel, Person

logger = logging.getLogger(__name__)

Status = BoardPost.Status
ReplyStatus = BoardReply.Status
# A post is visible this long after its check, and again this long after each renewal.
VISIBLE_DAYS = 28
# Renewing is possible from this many days before the last day …
RENEW_BEFORE_DAYS = 7
# … and up to this many days after it ran out.
RENEW_AFTER_DAYS = 14
# The author hears this many days before the last day that the post runs out.
WARN_DAYS = 3
TITLE_LONGEST = 120
BODY_LONGEST = 2000
NAME_LONGEST = 80
REPLY_LONGEST = 2000
REASON_LONGEST = 300

# --- what may not stand on the board ------------------------------------------------------

_EMAIL = re.compile(
    r"[\w.+-]+\s*(?:@|\(at\)|\[at\]|\s+at\s+)\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+", re.I
)
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:de|com|net|org|eu|info|biz|io|app|online|shop)\b", re.I
)
# A run of digits with the separators people put into phone numbers.
_DIGIT_RUN = re.compile(r"\+?\d[\d \t/().\-]*\d")
_STREET = re.compile(
    r"\b[\wäöüÄÖÜß.-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|pfad)"
    r"\s*\d+\s*[a-z]?\b",
    re.I,
)
PHONE_DIGITS = 6


def _looks_like_phone(run: str) -> bool:
    digits = re.sub(r"\D", "", run)
    if len(digits) < PHONE_DIGITS:
        return False
    # Dates and amounts ("12.03.2026", "1.500") have dots; phone numbers with dots start with
    # 0 or + ("0561.12345").
    return "." not in run or run.lstrip().startswith(("0", "+"))


def contact_details_in(text: str) -> str:
    """Why `text` may not stand on the board (a German sentence), or "" if it may."""
    if _EMAIL.search(text):
        return _(
            "Bitte schreiben Sie keine E-Mail-Adresse in den Text. Wer Ihnen antworten möchte, "
            "nutzt das Antwort-Formular."
        )
    if _URL.search(text):
        return _("Bitte schreiben Sie keine Internetadresse in den Text.")
    if any(_looks_like_phone(run) for run in _DIGIT_RUN.findall(text)):
        return _(
            "Bitte schreiben Sie keine Telefonnummer in den Text. Wer Ihnen antworten möchte, "
            "nutzt das Antwort-Formular."
        )
    if _STREET.search(text):
        return _("Bitte schreiben Sie keine Adresse in den Text. Nennen Sie höchstens die Straße.")
    return ""


def _clean_text(
    value: Any, name: str, longest: int, errors: dict[str, str], *, public: bool
) -> str:
    text = str(value or "").strip()
    if has_forbidden(text):
        errors[name] = _("Der Text enthält ein unerlaubtes Zeichen")
    elif len(text) > longest:
        errors[name] = _("Der Text darf höchstens %(n)d Zeichen haben") % {"n": longest}
    elif public and (reason := contact_details_in(text)):
        errors[name] = reason
    return text


def _post_fields(data: dict[str, Any], errors: dict[str, str]) -> dict[str, str]:
    kind = str(data.get("kind") or "")
    if kind not in BoardPost.Kind.values:
        errors["kind"] = _("Wählen Sie „Biete“ oder „Suche“")
    fields = {
        "kind": kind,
        "title": _clean_text(data.get("title"), "title", TITLE_LONGEST, errors, public=True),
        "body": _clean_text(data.get("body"), "body", BODY_LONGEST, errors, public=True),
        "display_name": _clean_text(
            data.get("display_name"), "display_name", NAME_LONGEST, errors, public=True
        ),
    }
    if not fields["title"] and "title" not in errors:
        errors["title"] = _("Geben Sie eine Überschrift ein")
    if not fields["body"] and "body" not in errors:
        errors["body"] = _("Schreiben Sie, was Sie anbieten oder suchen")
    if not fields["display_name"] and "display_name" not in errors:
        errors["display_name"] = _(
            "Geben Sie an, wie Ihr Name dastehen soll, zum Beispiel: Frau K."
        )
    return fields


def _check_quarter(area: Area | None, errors: dict[str, str]) -> None:
    if area is None or area.kind != Area.Kind.QUARTER:
        errors["area"] = _("Wählen Sie Ihr Quartier")


def _region_id(area: Area):
    return area.region_id or area.pk


@transaction.atomic
def boardpost_submit(*, actor: Actor, area: Area, data: dict[str, Any]) -> BoardPost:
    """A resident with an account writes a post: it waits for the office's check. Replies go
    to `contact_email` (the form fills in the account's address)."""
    require(actor, "news.add_boardpost")
    errors: dict[str, str] = {}
    _check_quarter(area, errors)
    fields = _post_fields(data, errors)
    email = str(data.get("contact_email") or "").strip()
    if not email:
        errors["contact_email"] = _("Geben Sie die E-Mail-Adresse ein, an die Antworten gehen")
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")
    if errors:
        raise ValidationError(errors)
    post = BoardPost(
        region_id=_region_id(area), area=area, author=actor, contact_email=email, **fields
    )
    post.full_clean()
    post.save(force_insert=True)
    audit_record(actor=actor, verb="boardpost.submitted", target=post)
    return post


@transaction.atomic
def boardpost_submit_for_person(
    *, actor: Actor, area: Area, data: dict[str, Any], person: Person | None = None
) -> BoardPost:
    """Staff of the quarter write a post for someone who called in: for a person their
    organisation holds, or just under a name. Replies go to the office (no e-mail address)."""
    errors: dict[str, str] = {}
    _check_quarter(area, errors)
    if errors:
        raise ValidationError(errors)
    require(actor, "news.post_for_person", area)
    fields = _post_fields(data, errors)
    if person is not None and person.region_id != _region_id(area):
        errors["person"] = _("Die Person gehört nicht zu diesem Kreis")
    if errors:
        raise ValidationError(errors)
    post = BoardPost(
        region_id=_region_id(area),
        area=area,
        person=person,
        posted_by_staff=actor,
        contact_email="",
        **fields,
    )
    post.full_clean()
    post.save(force_insert=True)
    audit_record(
        actor=actor,
        verb="boardpost.submitted_for_person",
        target=post,
        purpose="Pinnwand" if person else "",
    )
    return post


# --- telling the author -------------------------------------------------------------------


def _tell_author(post: BoardPost, template: str, *, dedupe_key: str, **context: Any) -> None:
    """The author by e-mail (the account's address), or the person staff wrote for on their
    way (with their consent); nobody for a post under a name only."""
    context = {
        "post": post,
        "own_link": site_link(reverse("accounts:overview")),
        "post_link": site_link(reverse("board:detail", args=[post.pk])),
        **context,
    }
    try:
        if post.author_id and post.author and post.author.email:
            message_enqueue(
                template=f"news/{template}",
                context=context,
                email=post.author.email,
                channel=ContactChannel.EMAIL,
                dedupe_key=dedupe_key,
            )
        elif post.person_id and post.person:
            message_enqueue(
                template=f"news/{template}",
                context=context,
                person=post.person,
                dedupe_key=dedupe_key,
            )
    except ValidationError:
        logger.warning("board notice not sent: post=%s template=%s", post.pk, template)


# --- the office's check ---------------------------------------------------------------------


def _locked(post: BoardPost) -> BoardPost:
    return (
        BoardPost.objects.select_for_update(of=("self",))
        .select_related("area", "author", "person")
        .get(pk=post.pk)
    )


def _state_refused(post: BoardPost) -> ValidationError:
    return ValidationError(
        _("Der Eintrag ist „%(status)s“. Das geht jetzt nicht.")
        % {"status": Status(post.status).label}
    )


def _reason(value: Any, what: str) -> str:
    errors: dict[str, str] = {}
    reason = _clean_text(value, "reason", REASON_LONGEST, errors, public=False)
    if errors:
        raise ValidationError(errors)
    if not reason:
        raise ValidationError({"reason": what})
    return reason


@transaction.atomic
def boardpost_publish(*, actor: Actor, post: BoardPost, today: dt.date | None = None) -> BoardPost:
    """The office checked the post: it is visible for four weeks from today."""
    require(actor, "news.review_boardpost", post)
    post = _locked(post)
    if post.status != Status.SUBMITTED:
        raise _state_refused(post)
    today = today or timezone.localdate()
    post.status = Status.PUBLISHED
    post.expires_on = today + dt.timedelta(days=VISIBLE_DAYS)
    post.reviewed_by = actor
    post.reviewed_at = timezone.now()
    post.save(update_fields=["status", "expires_on", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(actor=actor, verb="boardpost.published", target=post)
    _tell_author(post, "board_published", dedupe_key=f"board-published:{post.pk}")
    return post


@transaction.atomic
def boardpost_reject(*, actor: Actor, post: BoardPost, reason: str) -> BoardPost:
    """The office does not publish the post; the author reads why."""
    require(actor, "news.review_boardpost", post)
    reason = _reason(reason, _("Schreiben Sie, warum der Eintrag nicht erscheinen kann"))
    post = _locked(post)
    if post.status != Status.SUBMITTED:
        raise _state_refused(post)
    post.status = Status.REJECTED
    post.review_note = reason
    post.reviewed_by = actor
    post.reviewed_at = timezone.now()
    post.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(actor=actor, verb="boardpost.rejected", target=post, note=reason)
    _tell_author(post, "board_rejected", dedupe_key=f"board-rejected:{post.pk}", reason=reason)
    return post


def _reports_close(post: BoardPost, actor: Actor) -> int:
    return post.reports.filter(handled_at__isnull=True).update(
        handled_at=timezone.now(), handled_by=actor
    )


@transaction.atomic
def boardpost_remove(*, actor: Actor, post: BoardPost, reason: str) -> BoardPost:
    """The office takes a visible post down (after a report, or on its own); its reports are
    done; the author reads why."""
    require(actor, "news.review_boardpost", post)
    reason = _reason(reason, _("Schreiben Sie, warum der Eintrag entfernt wird"))
    post = _locked(post)
    if post.status != Status.PUBLISHED:
        raise _state_refused(post)
    post.status = Status.REMOVED
    post.review_note = reason
    post.reviewed_by = actor
    post.reviewed_at = timezone.now()
    post.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    closed = _reports_close(post, actor)
    audit_record(actor=actor, verb="boardpost.removed", target=post, note=f"{closed} reports")
    _tell_author(post, "board_removed", dedupe_key=f"board-removed:{post.pk}", reason=reason)
    return post


@transaction.atomic
def boardpost_reports_dismiss(*, actor: Actor, post: BoardPost) -> int:
    """The office read the reports and keeps the post: its open reports are done."""
    require(actor, "news.review_boardpost", post)
    post = _locked(post)
    closed = _reports_close(post, actor)
    if not closed:
        raise ValidationError(_("Zu diesem Eintrag gibt es keine offene Meldung."))
    audit_record(actor=actor, verb="boardpost.reports_dismissed", target=post, note=str(closed))
    return closed


# --- the author -----------------------------------------------------------------------------


def renewable(post: BoardPost, today: dt.date) -> bool:
    """In the last week before the last day, or up to two weeks after the post ran out."""
    if post.expires_on is None:
        return False
    if post.status == Status.PUBLISHED:
        return today > post.expires_on - dt.timedelta(days=RENEW_BEFORE_DAYS)
    if post.status == Status.EXPIRED:
        return today <= post.expires_on + dt.timedelta(days=RENEW_AFTER_DAYS)
    return False


def _own(actor: Actor, post: BoardPost) -> None:
    if actor is None or not actor.is_authenticated or post.author_id != actor.pk:
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))


@transaction.atomic
def boardpost_renew(*, actor: Actor, post: BoardPost, today: dt.date | None = None) -> BoardPost:
    """The author keeps the post four more weeks (no new check: it was checked)."""
    _own(actor, post)
    post = _locked(post)
    today = today or timezone.localdate()
    if not renewable(post, today):
        raise ValidationError(
            _(
                "Sie können den Eintrag in der letzten Woche vor dem Ablauf verlängern oder bis "
                "zwei Wochen danach."
            )
        )
    assert post.expires_on is not None
    start = post.expires_on if post.status == Status.PUBLISHED else today
    post.expires_on = start + dt.timedelta(days=VISIBLE_DAYS)
    post.status = Status.PUBLISHED
    post.renewed_count += 1
    post.save(update_fields=["expires_on", "status", "renewed_count", "updated_at"])
    audit_record(actor=actor, verb="boardpost.renewed", target=post, note=str(post.expires_on))
    return post


@transaction.atomic
def boardpost_withdraw(*, actor: Actor, post: BoardPost) -> BoardPost:
    """The author takes the post back (waiting or visible)."""
    _own(actor, post)
    post = _locked(post)
    if post.status not in (Status.SUBMITTED, Status.PUBLISHED):
        raise _state_refused(post)
    post.status = Status.WITHDRAWN
    post.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, verb="boardpost.withdrawn", target=post)
    return post


# --- neighbours ----------------------------------------------------------------------------


def _visible_locked(post: BoardPost, today: dt.date) -> BoardPost:
    post = _locked(post)
    if post.status != Status.PUBLISHED or post.expires_on is None or post.expires_on < today:
        raise ValidationError(_("Dieser Eintrag ist nicht mehr zu sehen."))
    return post


@transaction.atomic
def board_reply_send(
    *, post: BoardPost, data: dict[str, Any], today: dt.date | None = None
) -> BoardReply:
    """A neighbour answers a post (no account needed). With an e-mail address for replies the
    message goes to the author at once, answerable to the neighbour's address; never does
    the neighbour see the author's. Without one the office passes it on."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    name = _clean_text(data.get("sender_name"), "sender_name", 200, errors, public=False)
    email = _clean_text(data.get("sender_email"), "sender_email", 254, errors, public=False)
    phone = _clean_text(data.get("sender_phone"), "sender_phone", 40, errors, public=False)
    text = _clean_text(data.get("text"), "text", REPLY_LONGEST, errors, public=False)
    if not name and "sender_name" not in errors:
        errors["sender_name"] = _("Geben Sie Ihren Namen ein")
    if email and "sender_email" not in errors:
        try:
            validate_email(email)
        except ValidationError:
            errors["sender_email"] = _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")
    if phone and not any(ch.isdigit() for ch in phone) and "sender_phone" not in errors:
        errors["sender_phone"] = _("Geben Sie die Telefonnummer in Ziffern ein")
    if not (email or phone) and not errors.keys() & {"sender_email", "sender_phone"}:
        errors["sender_email"] = _(
            "Geben Sie Ihre E-Mail-Adresse oder Ihre Telefonnummer ein, damit man Ihnen "
            "antworten kann"
        )
    if not text and "text" not in errors:
        errors["text"] = _("Schreiben Sie Ihre Nachricht")
    if errors:
        raise ValidationError(errors)
    post = _visible_locked(post, today)
    reply = BoardReply(
        post=post,
        region_id=post.region_id,
        sender_name=name,
        sender_email=email,
        sender_phone=phone,
        text=text,
    )
    reply.full_clean(exclude=["post", "region"])
    reply.save(force_insert=True)
    if post.contact_email:
        message = message_enqueue(
            template="news/board_reply",
            context={"post": post, "reply": reply},
            email=post.contact_email,
            channel=ContactChannel.EMAIL,
            reply_to=email,
            dedupe_key=f"board-reply:{reply.pk}",
        )
        reply.status = ReplyStatus.RELAYED if message is not None else ReplyStatus.FOR_OFFICE
    else:
        reply.status = ReplyStatus.FOR_OFFICE
    reply.handled_at = timezone.now() if reply.status == ReplyStatus.RELAYED else None
    reply.save(update_fields=["status", "handled_at"])
    audit_record(actor=None, verb="board_reply.created", target=reply, note=reply.status)
    return reply


@transaction.atomic
def board_reply_passed_on(*, actor: Actor, reply: BoardReply) -> BoardReply:
    """The office gave the message to the person (by phone, by letter, in person)."""
    require(actor, "news.review_boardpost", reply.post)
    reply = BoardReply.objects.select_for_update(of=("self",)).get(pk=reply.pk)
    if reply.status != ReplyStatus.FOR_OFFICE:
        raise ValidationError(_("Diese Nachricht ist schon weitergegeben."))
    reply.status = ReplyStatus.DONE
    reply.handled_at = timezone.now()
    reply.save(update_fields=["status", "handled_at"])
    audit_record(actor=actor, verb="board_reply.passed_on", target=reply)
    return reply


@transaction.atomic
def board_report_create(
    *, post: BoardPost, reason: str, today: dt.date | None = None
) -> BoardReport:
    """Anyone reports a visible post; the office sees it first in its list."""
    reason = _reason(reason, _("Schreiben Sie, was mit dem Eintrag nicht stimmt"))
    post = _visible_locked(post, today or timezone.localdate())
    report = BoardReport(post=post, region_id=post.region_id, reason=reason)
    report.save(force_insert=True)
    audit_record(actor=None, verb="board_report.created", target=report)
    return report


# --- four weeks -----------------------------------------------------------------------------


def boardposts_expire(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: posts past their last day run out; authors of posts whose last day is near hear
    it once ("läuft ab"). Each post in its own transaction, so a run that stops half-way is
    continued by the next; a second run changes nothing (the warning's dedupe key holds the
    last day, so a renewed post warns again before its new last day)."""
    today = today or timezone.localdate()
    expired = 0
    for post_id in BoardPost.objects.filter(
        status=Status.PUBLISHED, expires_on__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            post = _locked(BoardPost(pk=post_id))
            if post.status != Status.PUBLISHED or post.expires_on is None:
                continue
            if post.expires_on >= today:
                continue
            post.status = Status.EXPIRED
            post.save(update_fields=["status", "updated_at"])
            audit_record(actor=None, verb="boardpost.expired", target=post)
            expired += 1
    reminded = 0
    soon = BoardPost.objects.filter(
        status=Status.PUBLISHED,
        expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=WARN_DAYS),
    ).select_related("author", "person", "area")
    for post in soon:
        with transaction.atomic():
            _tell_author(
                post,
                "board_expiring",
                dedupe_key=f"board-expiring:{post.pk}:{post.expires_on}",
            )
            reminded += 1
    return {"expired": expired, "reminded": reminded}
