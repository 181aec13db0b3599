"""Processing activities and retention rules of the outbox (see lotse.core.declarations).
The activity was first written by the compliance developer from the model."""

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.declarations import Activity, RetentionRule
from lotse.core.permissions import Actor
from lotse.notifications.models import Message

# Messages whose work is done: what staff may still need them for is a question soon after.
FINISHED = (Message.Status.SENT, Message.Status.FAILED, Message.Status.PRINTED)

ACTIVITIES = [
    Activity(
        key="notifications.outbox",
        name=_("Nachrichten an Menschen per E-Mail, SMS und Brief"),
        purpose=_(
            "Menschen über Termine, Vermittlungen und Antworten informieren, auf dem Weg, den "
            "sie gewählt haben."
        ),
        legal_bases=("art6_1a", "art6_1e"),
        data_subjects=(_("Beratene Menschen und Menschen, die einen Termin gebucht haben"),),
        recipients=(
            _("E-Mail-Anbieter und SMS-Dienst (Auftragsverarbeitung nach Art. 28 DSGVO)"),
            _("Deutsche Post bei Briefen"),
        ),
        models=("notifications.Message",),
        retention_rules=("notifications.message", "notifications.message_guest"),
        retention_note=_("Nachrichten, die noch warten, bleiben bis zum Versand oder Druck."),
    ),
]


def messages_due(cutoff: dt.datetime, action: str) -> QuerySet[Message]:
    """Finished messages to a person, last changed before `cutoff`."""
    return Message.objects.filter(
        status__in=FINISHED, updated_at__lt=cutoff, organisation__isnull=False
    )


def guest_messages_due(cutoff: dt.datetime, action: str) -> QuerySet[Message]:
    """Finished messages to an address without a person (online bookings)."""
    return Message.objects.filter(
        status__in=FINISHED, updated_at__lt=cutoff, organisation__isnull=True
    )


def message_apply(message: Message, *, action: str, actor: Actor, reason: str) -> None:
    message.delete()


RETENTION_RULES = [
    RetentionRule(
        kind="notifications.message",
        label=_("Gesendete, gedruckte und nicht zugestellte Nachrichten an Personen"),
        description=_("%(days)s Tage nach dem Versand, dem Druck oder dem letzten Versuch"),
        default_days=90,
        default_action="delete",
        actions=("delete",),
        held_by="organisation",
        due=messages_due,
        apply=message_apply,
    ),
    RetentionRule(
        kind="notifications.message_guest",
        label=_("Gesendete und nicht zugestellte Nachrichten an Gäste ohne Personenakte"),
        description=_("%(days)s Tage nach dem Versand oder dem letzten Versuch"),
        default_days=90,
        default_action="delete",
        actions=("delete",),
        held_by=None,
        due=guest_messages_due,
        apply=message_apply,
    ),
]
