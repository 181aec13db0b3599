"""Processing activities of "Leben im Quartier" (see lotse.core.declarations), the retention
rules for registrations, digest subscriptions and the noticeboard, and what erasure (Art. 17)
does with them.

Registrations and noticeboard posts point to people.Person when staff made them for a person
the office holds: the Art. 15 copy finds them through that relation (with a post's replies and
reports one level down), and the Art. 17 erasure keeps them (`PERSON_ERASURE = "keep"`) and,
through the erasers registered in NewsConfig.ready, clears what identifies the person. A
registration made online with a name and a phone number or e-mail address only belongs to no
person record; the retention rule clears it like the others.

What is kept, for how long (the defaults; `LOTSE_RETENTION` changes them):
- registrations: names and contact data cleared 90 days after the date; the row (how many
  came, waited, cancelled) stays for the organiser's counts;
- digest subscriptions: deleted at once on unsubscribing (the digest's service), and 7 days
  after signing up when the address was never confirmed;
- noticeboard posts: deleted (with their replies and reports) 90 days after they ended
  (rejected, removed, withdrawn, expired);
- relayed replies: deleted 30 days after they were passed on;
- reports on posts: deleted 180 days after staff handled them."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lotse.core.audit import audit_record
from lotse.core.declarations import Activity, RetentionRule
from lotse.core.permissions import Actor
from lotse.news.models import (
    BoardPost,
    BoardReply,
    BoardReport,
    DigestSubscription,
    Occurrence,
    Registration,
)
from lotse.news.services_registrations import registrations_promote

RETENTION_PURPOSE = "Löschfrist"
# What a registration's name becomes when it is anonymised (as compliance.erasure names persons).
ERASED_NAME = "Anonymisiert"
# What a noticeboard post's title and text become when its author is erased.
ERASED_TEXT = "—"

# Registration fields that identify the person or the one who registered them.
REGISTRATION_CONTACT = (
    "phone",
    "email",
    "booker_name",
    "booker_relation",
    "booker_phone",
    "booker_email",
)
LIVE_REGISTRATION = (Registration.Status.CONFIRMED, Registration.Status.WAITING)
ENDED_POSTS = (
    BoardPost.Status.REJECTED,
    BoardPost.Status.REMOVED,
    BoardPost.Status.EXPIRED,
    BoardPost.Status.WITHDRAWN,
)
HANDLED_REPLIES = (BoardReply.Status.RELAYED, BoardReply.Status.DONE)

ACTIVITIES = [
    Activity(
        key="news.events",
        name=_("Veranstaltungen im Quartier und Anmeldungen dazu"),
        purpose=_(
            "Veranstaltungen der Träger im Quartier bekannt machen (im Internet, im Wochenplan "
            "auf Papier und in den Kalendern); Anmeldungen annehmen, online, am Telefon oder "
            "durch Angehörige; die Plätze und die Warteliste führen; die Angemeldeten über "
            "einen freien Platz, eine Absage oder eine Verlegung informieren; eine "
            "Teilnehmerliste drucken und festhalten, wer da war. Bei Veranstaltungen stehen "
            "Ort und Telefonnummer für Fragen, die der Träger angibt."
        ),
        legal_bases=("art6_1a", "art6_1b"),
        data_subjects=(
            _("Menschen, die sich zu einer Veranstaltung anmelden oder angemeldet werden"),
            _("Angehörige und andere, die jemanden anmelden"),
            _("Ansprechpersonen der Träger (Telefon für Fragen)"),
        ),
        recipients=(
            _("Mitarbeitende des Trägers, der die Veranstaltung anbietet"),
            _("Mitarbeitende des Quartiersbüros, das die Anmeldung am Telefon aufnimmt"),
        ),
        models=("news.Event", "news.Registration"),
        retention_rules=("news.registration",),
        retention_note=_(
            "Wie viele Menschen angemeldet waren, warten mussten, abgesagt haben oder gekommen "
            "sind, bleibt für die Statistik des Trägers, ohne Namen und Kontaktdaten. Wird "
            "eine Person gelöscht, werden ihre Anmeldungen sofort anonymisiert und künftige "
            "abgesagt."
        ),
    ),
    Activity(
        key="news.digest",
        name=_("E-Mail „Was ist los im Quartier?“"),
        purpose=_(
            "Einmal in der Woche die Veranstaltungen und Neuigkeiten eines Quartiers an die "
            "E-Mail-Adressen schicken, die das bestellt und bestätigt haben."
        ),
        legal_bases=("art6_1a",),
        data_subjects=(_("Menschen, die die E-Mail bestellt haben"),),
        recipients=(
            _("E-Mail-Dienstleister des Betreibers (Auftragsverarbeitung nach Art. 28 DSGVO)"),
        ),
        models=("news.DigestSubscription",),
        retention_rules=("news.digest_unconfirmed",),
        retention_note=_(
            "Die Adresse bleibt, solange die E-Mail bestellt ist. Wer sich abmeldet (mit einem "
            "Klick in jeder E-Mail), wird sofort gelöscht."
        ),
    ),
    Activity(
        key="news.board",
        name=_("Pinnwand „Biete / Suche“ mit Antworten und Meldungen"),
        purpose=_(
            "Nachbarinnen und Nachbarn bieten oder suchen kleine Hilfen. Das Quartiersbüro "
            "prüft jeden Eintrag, bevor er erscheint. Antworten werden weitergeleitet, per "
            "E-Mail oder durch das Quartiersbüro, ohne dass Telefonnummer oder Adresse "
            "öffentlich werden. Wer einen Eintrag meldet, hilft, die Regeln einzuhalten."
        ),
        legal_bases=("art6_1a", "art6_1b"),
        data_subjects=(
            _("Menschen, die etwas auf der Pinnwand anbieten oder suchen"),
            _("Menschen, die auf einen Eintrag antworten"),
        ),
        recipients=(
            _("Mitarbeitende des Quartiersbüros, die die Einträge prüfen"),
            _(
                "Die Person, die den Eintrag geschrieben hat: die Antwort mit Name und "
                "Kontaktdaten, die die antwortende Person angibt"
            ),
            _("Öffentlich: Überschrift, Text und der gekürzte Name („Frau K.“)"),
        ),
        models=("news.BoardPost", "news.BoardReply", "news.BoardReport"),
        retention_rules=("news.board_post", "news.board_reply", "news.board_report"),
        retention_note=_(
            "Ein Eintrag ist vier Wochen sichtbar, wenn er nicht verlängert wird. Wird die "
            "Person gelöscht, werden Text und Name ihrer Einträge sofort entfernt."
        ),
    ),
]


# Art. 17: the erasers registered for kept records (lotse.compliance.erasure).


def registration_identity_clear(registration: Registration, *, detach: bool) -> int:
    """Clears name, contact data, the booker's data, the account link and the short code (the
    cancel link no longer matters); with `detach`, the link to the person too. Written with
    `update()`, so no time stamp moves (the person's own retention clock reads them)."""
    values: dict[str, object] = dict.fromkeys(REGISTRATION_CONTACT, "")
    values.update(name=ERASED_NAME, user=None, short_code="", channel="")
    if detach:
        values["person"] = None
    for key, value in values.items():
        setattr(registration, key, value)
    return Registration.objects.filter(pk=registration.pk).update(**values)


def registration_erase(registration: Registration, *, actor: Actor) -> int:
    """The Art. 17 erasure of the registration's person: a registration for a date still to
    come is cancelled (a confirmed one's places go to the waiting list, as on any
    cancellation), then the identity is cleared."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    upcoming = Occurrence.objects.filter(
        pk=registration.occurrence_id, start__gt=timezone.now()
    ).exists()
    if registration.status in LIVE_REGISTRATION and upcoming:
        held_place = registration.status == Registration.Status.CONFIRMED
        Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
        registration.status = Registration.Status.CANCELLED
        if held_place:
            registrations_promote(occurrence=registration.occurrence)
    return registration_identity_clear(registration, detach=False)


def board_post_erase(post: BoardPost, *, actor: Actor) -> int:
    """The Art. 17 erasure of the post's author: the post disappears from the board (withdrawn
    if it was waiting or visible), its title, text, name and address for replies are cleared,
    and so are the replies to it (they were meant for that person only) and the reports'
    reasons."""
    values: dict[str, object] = {
        "title": ERASED_TEXT,
        "body": ERASED_TEXT,
        "display_name": ERASED_TEXT,
        "contact_email": "",
        "author": None,
    }
    if post.status in (BoardPost.Status.SUBMITTED, BoardPost.Status.PUBLISHED):
        values["status"] = BoardPost.Status.WITHDRAWN
    changed = BoardPost.objects.filter(pk=post.pk).update(**values)
    changed += BoardReply.objects.filter(post=post).update(
        sender_name=ERASED_TEXT, sender_email="", sender_phone="", text=ERASED_TEXT
    )
    changed += BoardReport.objects.filter(post=post).update(reason=ERASED_TEXT)
    for key, value in values.items():
        setattr(post, key, value)
    return changed


# Retention rules.


def _identifying() -> Q:
    """A registration that still names someone (after `registration_identity_clear` none)."""
    found = ~Q(name=ERASED_NAME) | Q(person__isnull=False) | Q(user__isnull=False)
    for name in REGISTRATION_CONTACT:
        found |= ~Q(**{name: ""})
    return found


def registrations_due(cutoff: dt.datetime, action: str) -> QuerySet[Registration]:
    """Registrations for a date that began before `cutoff` and still name someone."""
    return Registration.objects.filter(occurrence__start__lt=cutoff).filter(_identifying())


def registration_apply(
    registration: Registration, *, action: str, actor: Actor, reason: str
) -> None:
    registration_identity_clear(registration, detach=True)


def digest_unconfirmed_due(cutoff: dt.datetime, action: str) -> QuerySet[DigestSubscription]:
    """Subscriptions made before `cutoff` whose address was never confirmed."""
    return DigestSubscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


def _delete(record, *, action: str, actor: Actor, reason: str) -> None:
    record.delete()


def board_posts_due(cutoff: dt.datetime, action: str) -> QuerySet[BoardPost]:
    """Posts that ended before `cutoff`: rejected, removed, withdrawn or marked expired and not
    changed since, or still marked visible with a "Sichtbar bis" before the cutoff's day."""
    return BoardPost.objects.filter(
        Q(status__in=ENDED_POSTS, updated_at__lt=cutoff)
        | Q(status=BoardPost.Status.PUBLISHED, expires_on__lt=timezone.localdate(cutoff))
    )


def board_post_apply(post: BoardPost, *, action: str, actor: Actor, reason: str) -> None:
    audit_record(actor=actor, verb="boardpost.deleted", target=post, purpose=RETENTION_PURPOSE)
    post.delete()


def board_replies_due(cutoff: dt.datetime, action: str) -> QuerySet[BoardReply]:
    """Replies passed on (by e-mail or by the office) before `cutoff`."""
    return BoardReply.objects.filter(status__in=HANDLED_REPLIES, handled_at__lt=cutoff)


def board_reports_due(cutoff: dt.datetime, action: str) -> QuerySet[BoardReport]:
    """Reports staff handled before `cutoff`."""
    return BoardReport.objects.filter(handled_at__lt=cutoff)


RETENTION_RULES = [
    RetentionRule(
        kind="news.registration",
        label=_("Anmeldungen zu Veranstaltungen: Namen und Kontaktdaten"),
        description=_("%(days)s Tage nach dem Termin"),
        default_days=90,
        default_action="anonymise",
        actions=("anonymise",),
        held_by="event__organisation",
        due=registrations_due,
        apply=registration_apply,
    ),
    RetentionRule(
        kind="news.digest_unconfirmed",
        label=_("Nicht bestätigte Bestellungen der E-Mail „Was ist los im Quartier?“"),
        description=_("%(days)s Tage nach der Bestellung"),
        default_days=7,
        default_action="delete",
        actions=("delete",),
        held_by=None,
        due=digest_unconfirmed_due,
        apply=_delete,
    ),
    RetentionRule(
        kind="news.board_post",
        label=_("Beendete Pinnwand-Einträge mit ihren Antworten und Meldungen"),
        description=_(
            "%(days)s Tage nach dem Ende (abgelehnt, entfernt, zurückgezogen, abgelaufen)"
        ),
        default_days=90,
        default_action="delete",
        actions=("delete",),
        held_by=None,
        due=board_posts_due,
        apply=board_post_apply,
    ),
    RetentionRule(
        kind="news.board_reply",
        label=_("Weitergeleitete Antworten auf Pinnwand-Einträge"),
        description=_("%(days)s Tage nach der Weiterleitung"),
        default_days=30,
        default_action="delete",
        actions=("delete",),
        held_by=None,
        due=board_replies_due,
        apply=_delete,
    ),
    RetentionRule(
        kind="news.board_report",
        label=_("Bearbeitete Meldungen zu Pinnwand-Einträgen"),
        description=_("%(days)s Tage nach der Bearbeitung"),
        default_days=180,
        default_action="delete",
        actions=("delete",),
        held_by=None,
        due=board_reports_due,
        apply=_delete,
    ),
]


def compliance_register() -> None:
    """Called from NewsConfig.ready: the Art. 17 erasure clears registrations and posts of the
    person, and the Art. 15 copy names their fields in German."""
    # Imported here: compliance builds on the apps' declarations, not the other way round.
    from lotse.compliance.erasure import kept_record_eraser_register  # noqa: PLC0415
    from lotse.compliance.selectors_rights import export_labels_register  # noqa: PLC0415

    kept_record_eraser_register(Registration._meta.label, registration_erase)
    kept_record_eraser_register(BoardPost._meta.label, board_post_erase)
    export_labels_register(
        fields={
            "news.Registration.occurrence": pgettext_lazy("Veranstaltung", "Termin"),
            "news.Registration.event": _("Veranstaltung"),
            "news.Registration.user": _("Benutzerkonto"),
            "news.Registration.registered_by": _("Angemeldet durch (Mitarbeitende)"),
            "news.Registration.promoted_at": _("Von der Warteliste nachgerückt am"),
            "news.BoardPost.author": _("Benutzerkonto"),
            "news.BoardPost.posted_by_staff": _("Für Sie eingetragen von"),
            "news.BoardPost.reviewed_by": _("Geprüft von"),
            "news.BoardPost.reviewed_at": _("Geprüft am"),
            "news.BoardPost.renewed_count": _("Wie oft verlängert"),
            "news.BoardReply.status": _("Stand"),
            "news.BoardReply.handled_at": _("Weitergegeben am"),
            "news.BoardReport.handled_at": _("Bearbeitet am"),
            "news.BoardReport.handled_by": _("Bearbeitet von"),
        },
        verbs={
            "boardpost.deleted": _("Pinnwand-Eintrag nach Ablauf der Frist gelöscht"),
        },
    )
