"""The desk's part of a person's history (lotse.people.history): the inquiries, open and
closed, and the referrals with their current step; registered in DeskConfig.ready."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lotse.core.permissions import Actor
from lotse.desk.models import Inquiry, Referral
from lotse.people.history import HISTORY_LIMIT, HistoryEntry, history_source_register
from lotse.people.models import Person


def inquiry_history(actor: Actor, person: Person) -> list[HistoryEntry]:
    """Only of the organisation holding the person, for a viewer who may see its inquiries
    (the desk's rule takes the organisation). Three queries: inquiries, their topics, referrals."""
    entries: list[HistoryEntry] = []
    organisation_id = person.organisation_id
    if actor is None or not actor.has_perm("desk.view_inquiry", person.organisation):
        return []
    inquiries = (
        Inquiry.objects.filter(person=person, organisation_id=organisation_id)
        .prefetch_related("topics")
        .order_by("-created_at")[:HISTORY_LIMIT]
    )
    for inquiry in inquiries:
        topics = ", ".join(term.name for term in inquiry.topics.all())
        state = str(inquiry.get_status_display())
        if inquiry.closed_at:
            state = _("%(state)s am %(day)s") % {
                "state": state,
                "day": formats.date_format(timezone.localtime(inquiry.closed_at), "j. F Y"),
            }
        entries.append(
            HistoryEntry(
                at=inquiry.contacted_at,
                kind="inquiry",
                kind_label=_("Anliegen"),
                title=f"{inquiry.get_channel_display()}: {topics}"
                if topics
                else str(inquiry.get_channel_display()),
                state=state,
                url=reverse("desk:inquiry_detail", args=[inquiry.pk]),
            )
        )
    referrals = (
        Referral.objects.filter(person=person, organisation_id=organisation_id)
        .select_related("service", "receiving_organisation")
        .order_by("-created_at")[:HISTORY_LIMIT]
    )
    for referral in referrals:
        state = str(referral.get_status_display())
        if referral.succeeded is not None:
            state += " – " + (_("hat geklappt") if referral.succeeded else _("hat nicht geklappt"))
        entries.append(
            HistoryEntry(
                at=referral.created_at,
                kind="referral",
                kind_label=_("Weitervermittlung"),
                title=f"{referral.service.name} ({referral.receiving_organisation.name})",
                state=state,
                # A referral from a help plan has no inquiry page; its steps show there.
                url=reverse("desk:inquiry_detail", args=[referral.inquiry_id]) + "#vermittlungen"
                if referral.inquiry_id
                else "",
                detail=referral.short_code,
            )
        )
    return entries


def register() -> None:
    history_source_register("desk", inquiry_history)
