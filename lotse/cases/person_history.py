"""The case files in a person's history (lotse.people.history), registered in CasesConfig.ready:
those the viewer may see (their own, their team's, the ones they cover, a manager's), with the
stage as the pages show it today."""

import datetime as dt

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.cases.models import CaseFile
from lotse.cases.rules import CASE_LEAD_ROLES, CASE_WORKER_ROLES
from lotse.cases.selectors import VIEW_CASE
from lotse.core.permissions import Actor
from lotse.core.rules import has_role
from lotse.people.history import HISTORY_LIMIT, HistoryEntry, history_source_register
from lotse.people.models import Person


def _case_url(case_file: CaseFile) -> str:
    # The case's own page comes with the case file part; until it is there, no link.
    try:
        return reverse("cases:case_detail", args=[case_file.pk])
    except NoReverseMatch:
        return ""


def case_file_history(actor: Actor, person: Person) -> list[HistoryEntry]:
    """One query for the cases (and the rule's own reads); each checked with the rule the case
    pages use, so office staff of the same office see nothing. A case is held by the person's
    organisation, so a viewer without a case role there costs no query at all."""
    if actor is None or not actor.is_authenticated:
        return []
    roles = [*CASE_WORKER_ROLES, *CASE_LEAD_ROLES]
    if not has_role(actor, roles, organisation_id=person.organisation_id):
        return []
    case_files = (
        CaseFile.objects.filter(person=person)
        .select_related("site", "responsible")
        .order_by("-opened_on", "-number")[:HISTORY_LIMIT]
    )
    today = timezone.localdate()
    entries = []
    for case_file in case_files:
        if not actor.has_perm(VIEW_CASE, case_file):
            continue
        stage = case_file.stage_today(today)
        entries.append(
            HistoryEntry(
                at=timezone.make_aware(dt.datetime.combine(case_file.opened_on, dt.time(9))),
                kind="case_file",
                kind_label=_("Begleitung"),
                title=_("%(case)s: %(reason)s")
                % {"case": case_file.label, "reason": case_file.get_reason_display()},
                state=str(dict(CaseFile._meta.get_field("stage").flatchoices)[stage]),
                url=_case_url(case_file),
                detail=_("Verantwortlich: %(name)s, Standort %(site)s")
                % {"name": case_file.responsible, "site": case_file.site.name},
            )
        )
    return entries


def register() -> None:
    history_source_register("cases", case_file_history)
