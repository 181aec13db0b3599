"""The weekly e-mail digest "Was ist los in <Quartier>?": subscribing with double opt-in,
confirming, one-click unsubscribing, and the weekly sending through the outbox.

- Only the SHA-256 of the confirmation token is stored. The unsubscribe link of every digest
  carries the subscription's id signed with the site's secret (django.core.signing), so it
  needs no stored token and works in every mail until the person unsubscribes; unsubscribing
  deletes the row.
- Whoever subscribes sees the same answer whether the address is new, waiting or confirmed
  (no enumeration); a confirmed address gets a short note with its unsubscribe link instead of
  a second confirmation.
- The weekly run builds each quarter's digest once and queues one message per confirmed
  subscriber, each in its own transaction together with `last_sent_week`: a run that dies
  half-way is simply run again and sends nobody a second copy (the dedupe key of the message
  says the same), and two runs at once share the work (SKIP LOCKED on PostgreSQL).
"""

import datetime as dt
import hashlib
import logging
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.models import Area
from lotse.news.models import DigestSubscription
from lotse.news.selectors_events import week_start
from lotse.news.weekplan import Entry, Period, week_period, weekplan_build
from lotse.notifications.services import message_enqueue

logger = logging.getLogger(__name__)

# A confirmation link is valid this long; unconfirmed subscriptions are deleted after it.
CONFIRM_DAYS = 7
# A second request for the same address within this time sends no second mail (the first
# mail's link still works): nobody can flood an address with confirmations.
RESEND_AFTER = dt.timedelta(minutes=30)
UNSUBSCRIBE_SALT = "lotse.news.digest.unsubscribe"
# A digest lists at most this many dates; the rest is on the site and in the Wochenplan.
MAX_MAIL_ENTRIES = 40


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _site(path: str) -> str:
    return settings.LOTSE_SITE_URL.rstrip("/") + path


def unsubscribe_token(subscription: DigestSubscription) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscription.pk.hex)


def unsubscribe_url(subscription: DigestSubscription) -> str:
    return _site(reverse("events:digest_unsubscribe", args=[unsubscribe_token(subscription)]))


def _normalise(email: str) -> str:
    return email.strip().lower()


def _confirmation_send(subscription: DigestSubscription, token: str) -> None:
    context = {
        "area_name": subscription.area.name,
        "confirm_url": _site(reverse("events:digest_confirm", args=[token])),
        "days": CONFIRM_DAYS,
    }
    message_enqueue(
        template="news/digest_confirm", context=context, email=subscription.email, channel="email"
    )


@transaction.atomic
def digest_subscribe(*, area: Area, email: str, now: dt.datetime | None = None) -> None:
    """Starts the double opt-in for the address and quarter (or repeats it), or reminds a
    confirmed subscriber how to unsubscribe. Says nothing about which of these happened."""
    now = now or timezone.now()
    if area.kind != Area.Kind.QUARTER:
        raise ValidationError(_("Wählen Sie ein Quartier"))
    email = _normalise(email)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(_("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")) from exc
    subscription = (
        DigestSubscription.objects.select_for_update()
        .select_related("area")
        .filter(area=area, email=email)
        .first()
    )
    if subscription is not None and subscription.confirmed_at is not None:
        context = {"area_name": area.name, "unsubscribe_url": unsubscribe_url(subscription)}
        message_enqueue(
            template="news/digest_already",
            context=context,
            email=email,
            channel="email",
            dedupe_key=f"digest-already:{subscription.pk}:{timezone.localdate(now)}",
        )
        return
    if subscription is not None and subscription.created_at > now - RESEND_AFTER:
        return
    token = secrets.token_urlsafe(24)
    if subscription is None:
        subscription = DigestSubscription(
            region_id=area.region_id or area.pk,
            area=area,
            email=email,
            token_hash=token_hash(token),
        )
        subscription.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                subscription.save(force_insert=True)
        except IntegrityError:
            # The same address at the same moment from a second request: its mail goes out.
            return
    else:
        subscription.token_hash = token_hash(token)
        subscription.created_at = now
        subscription.save(update_fields=["token_hash", "created_at"])
    _confirmation_send(subscription, token)


def subscription_by_token(
    *, token: str, now: dt.datetime | None = None
) -> DigestSubscription | None:
    """The subscription a confirmation link names, or None (also when the link has expired)."""
    subscription = (
        DigestSubscription.objects.select_related("area")
        .filter(token_hash=token_hash(token[:200]))
        .first()
    )
    if subscription is None or _expired(subscription, now or timezone.now()):
        return None
    return subscription


def _expired(subscription: DigestSubscription, now: dt.datetime) -> bool:
    return subscription.confirmed_at is None and subscription.created_at < now - dt.timedelta(
        days=CONFIRM_DAYS
    )


@transaction.atomic
def digest_confirm(*, token: str, now: dt.datetime | None = None) -> DigestSubscription:
    """The second step of the double opt-in. A link confirmed before stays confirmed."""
    now = now or timezone.now()
    subscription = (
        DigestSubscription.objects.select_for_update()
        .select_related("area")
        .filter(token_hash=token_hash(token[:200]))
        .first()
    )
    if subscription is None or _expired(subscription, now):
        raise ValidationError(
            _(
                "Dieser Link gilt nicht mehr. Bitte bestellen Sie den Rundbrief noch einmal. "
                "Sie bekommen dann eine neue E-Mail."
            )
        )
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_by_unsubscribe_token(*, token: str) -> DigestSubscription | None:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token[:200])
    except signing.BadSignature:
        return None
    return DigestSubscription.objects.select_related("area").filter(pk=value).first()


@transaction.atomic
def digest_unsubscribe(*, token: str) -> Area | None:
    """Ends the subscription the link names and deletes its row; the quarter it was for, or None
    when the link names none (already unsubscribed, or not a link of ours)."""
    subscription = subscription_by_unsubscribe_token(token=token)
    if subscription is None:
        return None
    area = subscription.area
    subscription.delete()
    return area


# The weekly digest ------------------------------------------------------------------------------


def next_week(today: dt.date) -> dt.date:
    """The Monday of the coming week: a run on Friday, Saturday or Sunday sends the next days'."""
    return week_start(today) + dt.timedelta(days=7)


def digest_context(*, area: Area, period: Period) -> dict:
    """What the digest of a quarter says for a week (the same for every subscriber)."""
    plan = weekplan_build(area=area, period=period)
    days: list[dict] = []
    shown = 0
    for plan_day in plan.days:
        entries: list[Entry] = plan_day.entries[: max(0, MAX_MAIL_ENTRIES - shown)]
        shown += len(entries)
        if entries:
            days.append({"label": plan_day.label, "entries": entries})
    office = plan.office
    return {
        "area_name": area.name,
        "title": plan.title,
        "period_label": period.label,
        "days": days,
        "event_count": plan.event_count,
        "more": plan.event_count - shown,
        "events_url": _site(reverse("events:list")),
        "weekplan_url": _site(reverse("events:weekplan", args=[area.slug]) + "?" + period.query),
        "office_name": office.office.name if office else "",
        "office_phone": office.office.phone if office else "",
        "office_hours": office.hour_lines if office else [],
        **({"contact_phone": office.office.phone} if office else {}),
    }


def _headers(subscription: DigestSubscription, url: str) -> dict[str, str]:
    host = (urlsplit(settings.LOTSE_SITE_URL).hostname or "localhost").lower()
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"<{subscription.area.slug}.rundbrief.{host}>",
    }


def _due(area_id, week: dt.date):
    return DigestSubscription.objects.filter(area_id=area_id, confirmed_at__isnull=False).filter(
        Q(last_sent_week__isnull=True) | Q(last_sent_week__lt=week)
    )


def _send_next(area_id, week: dt.date, context: dict) -> bool:
    """Queues the digest for one subscriber that has not had this week's yet; False when none
    is left. The message and `last_sent_week` commit together."""
    with transaction.atomic():
        due = _due(area_id, week).select_related("area").order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        else:
            due = due.select_for_update()
        subscription = due.first()
        if subscription is None:
            return False
        url = unsubscribe_url(subscription)
        message_enqueue(
            template="news/digest_weekly",
            context={**context, "unsubscribe_url": url},
            email=subscription.email,
            channel="email",
            dedupe_key=f"digest:{subscription.pk}:{week.isoformat()}",
            headers=_headers(subscription, url),
        )
        subscription.last_sent_week = week
        subscription.save(update_fields=["last_sent_week"])
    return True


def subscriptions_unconfirmed_delete(*, now: dt.datetime) -> int:
    """Addresses that never confirmed are kept only as long as the link is valid."""
    cutoff = now - dt.timedelta(days=CONFIRM_DAYS)
    deleted, _per_model = DigestSubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted


def digest_week_send(*, week: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Queues the digest of `week` (a Monday; the coming week by default) for every confirmed
    subscriber who has not had it; returns how many were queued now."""
    now = now or timezone.now()
    week = week_start(week) if week else next_week(timezone.localdate(now))
    subscriptions_unconfirmed_delete(now=now)
    period = week_period(week)
    area_ids = (
        DigestSubscription.objects.filter(confirmed_at__isnull=False)
        .filter(Q(last_sent_week__isnull=True) | Q(last_sent_week__lt=week))
        .values_list("area_id", flat=True)
        .distinct()
    )
    sent = 0
    for area in Area.objects.filter(pk__in=list(area_ids)).order_by("name"):
        context = digest_context(area=area, period=period)
        while _send_next(area.pk, week, context):
            sent += 1
    logger.info("digest for the week of %s: %s messages queued", week, sent)
    return sent
