"""Reads of the team part: "Meine Begleitungen" with what needs attention, the team leader's
counts per Kümmerer and site, the colleagues a case may go to, and the covers.

The attention flags are computed by the database (annotations and EXISTS subqueries on
indexed columns), so a caseload page costs the same few queries for 10 cases as for 5,000;
the journal is never read (the case keeps `last_contact_at`)."""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.cases.models import NO_CONTACT_DAYS, Action, CaseEvent, CaseFile, Cover, Stage
from lotse.cases.rules import CASE_LEAD_ROLES, CASE_WORKER_ROLES, covered_user_ids
from lotse.core.models import Area, Membership, Organisation
from lotse.core.permissions import Actor, refuse_object
from lotse.core.rules import memberships_of
from lotse.desk.models import Referral

# A referral answered this recently counts as "new message" on the caseload (there is no
# per-user read marker: an answer stays new for a week).
NEW_ANSWER_DAYS = 7
# Stages a list can filter by: the stored ones without "closed", plus "review", which is how
# a case in implementation whose review date has come is shown (CaseFile.stage_today).
OPEN_STAGES = [stage for stage in Stage if stage != Stage.CLOSED]
OPEN_STAGE_LABELS = [Stage(stage).label for stage in OPEN_STAGES]
REFERRAL_WAITING = [Referral.Status.REQUESTED, Referral.Status.EXPIRED]

# Weights of the attention reasons: the sort puts the most urgent first.
WEIGHT_REVIEW = 16
WEIGHT_TASK = 8
WEIGHT_REFERRAL = 4
WEIGHT_CONTACT = 2
WEIGHT_MESSAGE = 1


def _flag(condition: Q) -> Case:
    """True or False, never NULL (a comparison with an empty date is NULL in SQL)."""
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def with_flags(queryset: QuerySet[CaseFile], *, today: dt.date) -> QuerySet[CaseFile]:
    """The case files with their attention flags and `urgency` (the flags' weights summed):
    review_due, task_overdue, referral_waiting, no_contact, new_answer."""
    now = timezone.now()
    contact_since = now - dt.timedelta(days=NO_CONTACT_DAYS)
    open_actions = Action.objects.filter(case_file=OuterRef("pk"), status=Action.Status.OPEN)
    referral_waiting = open_actions.filter(kind=Action.Kind.REFERRAL).filter(
        Q(referral__status__in=REFERRAL_WAITING, referral__answer_due__lt=today)
        | Q(referral__office_alert_at__isnull=False)
    )
    new_answer = Action.objects.filter(
        case_file=OuterRef("pk"),
        kind=Action.Kind.REFERRAL,
        referral__answered_at__gte=now - dt.timedelta(days=NEW_ANSWER_DAYS),
    )
    return queryset.annotate(
        review_due=_flag(Q(next_review_on__lte=today)),
        task_overdue=Exists(open_actions.filter(due_on__lt=today)),
        referral_waiting=Exists(referral_waiting),
        no_contact=_flag(
            Q(last_contact_at__lt=contact_since)
            | Q(
                last_contact_at__isnull=True,
                opened_on__lte=today - dt.timedelta(days=NO_CONTACT_DAYS),
            )
        ),
        new_answer=Exists(new_answer),
    ).annotate(
        urgency=Case(When(review_due=True, then=Value(WEIGHT_REVIEW)), default=Value(0))
        + Case(When(task_overdue=True, then=Value(WEIGHT_TASK)), default=Value(0))
        + Case(When(referral_waiting=True, then=Value(WEIGHT_REFERRAL)), default=Value(0))
        + Case(When(no_contact=True, then=Value(WEIGHT_CONTACT)), default=Value(0))
        + Case(When(new_answer=True, then=Value(WEIGHT_MESSAGE)), default=Value(0)),
    )


def _stage_filter(stage: str, today: dt.date) -> Q:
    """A stage as the pages show it: "review" is a case in implementation whose review date has
    come, and "implementation" one whose date has not."""
    if stage == Stage.REVIEW:
        return Q(stage=Stage.IMPLEMENTATION, next_review_on__lte=today) | Q(stage=Stage.REVIEW)
    if stage == Stage.IMPLEMENTATION:
        return Q(stage=Stage.IMPLEMENTATION) & (
            Q(next_review_on__isnull=True) | Q(next_review_on__gt=today)
        )
    return Q(stage=stage)


def _worker_organisation_ids(actor: Actor) -> set:
    if actor is None or not actor.is_authenticated:
        return set()
    return {m.organisation_id for m in memberships_of(actor) if m.role in CASE_WORKER_ROLES}


def _mine(actor: Actor) -> QuerySet[CaseFile]:
    """The open cases the actor works on as a Kümmerer: responsible, on the team, or covering
    the responsible colleague today. The team is asked as a subquery so that a case is one
    row, however many colleagues are on it."""
    organisation_ids = _worker_organisation_ids(actor)
    if not organisation_ids:
        return CaseFile.objects.none()
    assert actor is not None
    on_team = CaseFile.team.through.objects.filter(user_id=actor.pk).values("casefile_id")
    reach = Q(responsible_id__in={actor.pk, *covered_user_ids(actor)}) | Q(pk__in=on_team)
    return CaseFile.objects.filter(reach, organisation_id__in=organisation_ids).exclude(
        stage=Stage.CLOSED
    )


def _mine_ids(actor: Actor, *, today: dt.date, stage: str, site: Area | None) -> list:
    """The ids of `_mine`, filtered, in two small queries: the cases the actor (or the
    colleague they cover) is responsible for, found by the (responsible, stage) index, and
    those whose team they are on, found by the team table's user index. Asking for the
    flags of these few ids lets the database look up each case's actions by index instead
    of scanning the organisation's cases."""
    organisation_ids = _worker_organisation_ids(actor)
    if not organisation_ids:
        return []
    assert actor is not None
    open_here = Q(organisation_id__in=organisation_ids) & ~Q(stage=Stage.CLOSED)
    if stage:
        open_here &= _stage_filter(stage, today)
    if site is not None:
        open_here &= Q(site_id=site.pk)
    on_team = CaseFile.team.through.objects.filter(user_id=actor.pk).values("casefile_id")
    responsible = CaseFile.objects.filter(
        open_here, responsible_id__in={actor.pk, *covered_user_ids(actor)}
    )
    team = CaseFile.objects.filter(open_here, pk__in=on_team)
    return list(
        {
            *responsible.order_by().values_list("pk", flat=True),
            *team.order_by().values_list("pk", flat=True),
        }
    )


def caseload(
    *,
    actor: Actor,
    today: dt.date,
    stage: str = "",
    site: Area | None = None,
    attention_only: bool = False,
) -> QuerySet[CaseFile]:
    """ "Meine Begleitungen": the actor's open cases (responsible, team, covered) with their
    attention flags (`with_flags`) and `via_cover` (seen only because the actor covers the
    responsible colleague); the most urgent first, then by the next review. Two queries for
    the ids here; the page and its count are two more, however many cases."""
    ids = _mine_ids(actor, today=today, stage=stage, site=site)
    queryset = CaseFile.objects.filter(pk__in=ids)
    covered = covered_user_ids(actor) - {actor.pk} if actor is not None else set()
    via_cover = _flag(Q(responsible_id__in=covered)) if covered else Value(False, BooleanField())
    queryset = with_flags(queryset, today=today).annotate(via_cover=via_cover)
    if attention_only:
        queryset = queryset.filter(Q(urgency__gt=0))
    return queryset.select_related("person", "site", "responsible").order_by(
        F("urgency").desc(), F("next_review_on").asc(nulls_last=True), "number"
    )


def caseload_sites(*, actor: Actor) -> QuerySet[Area]:
    """The sites of the actor's open cases (the caseload's site filter)."""
    return Area.objects.filter(pk__in=_mine(actor).values("site_id")).order_by("name")


def attention_reasons(case_file: CaseFile) -> list[str]:
    """The flags of a caseload row in words, most urgent first (never colour alone)."""
    reasons = []
    if getattr(case_file, "review_due", False):
        reasons.append(_("Überprüfung fällig"))
    if getattr(case_file, "task_overdue", False):
        reasons.append(_("Aufgabe überfällig"))
    if getattr(case_file, "referral_waiting", False):
        reasons.append(_("Vermittlung ohne Antwort"))
    if getattr(case_file, "no_contact", False):
        reasons.append(_("Seit %(days)d Tagen kein Kontakt") % {"days": NO_CONTACT_DAYS})
    if getattr(case_file, "new_answer", False):
        reasons.append(_("Neue Antwort auf eine Vermittlung"))
    return reasons


def rows_with_reasons(rows: Any) -> Any:
    """Each row of a caseload page gets `reasons` (attention_reasons) for the template."""
    for row in rows:
        row.reasons = attention_reasons(row)
    return rows


# --- team leaders ------------------------------------------------------------------------


def team_organisations(*, actor: Actor) -> list[Organisation]:
    """The organisations whose cases the actor leads (manager or administrator)."""
    if actor is None or not actor.is_authenticated:
        return []
    found = {
        m.organisation_id: m.organisation
        for m in memberships_of(actor)
        if m.role in CASE_LEAD_ROLES and actor.has_perm("cases.view_team_caseload", m.organisation)
    }
    return sorted(found.values(), key=lambda organisation: organisation.name)


def _led(actor: Actor, organisation: Organisation) -> QuerySet[CaseFile]:
    """The open cases of the organisation the actor leads; a membership limited to areas sees
    the cases of those sites (as lotse.cases.rules.leads_cases_of)."""
    reach = Q(pk__in=[])
    for membership in memberships_of(actor):
        if membership.role not in CASE_LEAD_ROLES or membership.organisation_id != organisation.pk:
            continue
        area_ids = [area.pk for area in membership.areas.all()]
        if not area_ids:
            reach = Q()
            break
        reach |= Q(site_id__in=area_ids) | Q(site__parent_id__in=area_ids)
    return CaseFile.objects.filter(reach, organisation=organisation).exclude(stage=Stage.CLOSED)


@dataclass
class TeamRow:
    """The counts of one Kümmerer or one site."""

    key: Any
    label: str
    open: int = 0
    stages: dict[str, int] = field(default_factory=dict)
    review_due: int = 0
    no_contact: int = 0
    public_id: uuid.UUID | None = None

    @property
    def stage_counts(self) -> list[tuple[str, int]]:
        """(stage label, count) in the order of the stages."""
        return [(str(Stage(stage).label), self.stages.get(stage, 0)) for stage in OPEN_STAGES]


def _counts(queryset: QuerySet[CaseFile], group: str, today: dt.date) -> dict[Any, dict]:
    contact_since = timezone.now() - dt.timedelta(days=NO_CONTACT_DAYS)
    per_stage = {
        stage.value: Count("pk", filter=_stage_filter(stage, today)) for stage in OPEN_STAGES
    }
    rows = (
        queryset.order_by()
        .values(group)
        .annotate(
            open=Count("pk"),
            review_due=Count("pk", filter=Q(next_review_on__lte=today)),
            no_contact=Count(
                "pk",
                filter=Q(last_contact_at__lt=contact_since)
                | Q(
                    last_contact_at__isnull=True,
                    opened_on__lte=today - dt.timedelta(days=NO_CONTACT_DAYS),
                ),
            ),
            **per_stage,
        )
    )
    return {row[group]: row for row in rows}


def _row(key: Any, label: str, counts: dict | None, public_id: uuid.UUID | None = None) -> TeamRow:
    counts = counts or {}
    return TeamRow(
        key=key,
        label=label,
        open=counts.get("open", 0),
        stages={stage.value: counts.get(stage.value, 0) for stage in OPEN_STAGES},
        review_due=counts.get("review_due", 0),
        no_contact=counts.get("no_contact", 0),
        public_id=public_id,
    )


def team_caseload(
    *, actor: Actor, organisation: Organisation, today: dt.date
) -> dict[str, list[TeamRow]]:
    """The team leader's view: per Kümmerer (every Kümmerer of the organisation, also those
    without cases) and per site, the open cases, in each stage, with the review due and
    without contact for NO_CONTACT_DAYS. Three queries, however many cases."""
    if actor is None or not actor.has_perm("cases.view_team_caseload", organisation):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    led = _led(actor, organisation)
    per_user = _counts(led, "responsible_id", today)
    per_site = _counts(led, "site_id", today)
    workers = {user.pk: user for user in case_workers(organisation=organisation)}
    # A responsible who is no longer a Kümmerer there still has cases to hand over.
    missing = set(per_user) - set(workers)
    if missing:
        workers.update({user.pk: user for user in User.objects.filter(pk__in=missing)})
    people = sorted(workers.values(), key=lambda user: _name(user).casefold())
    sites = Area.objects.filter(pk__in=list(per_site)).order_by("name")
    return {
        "people": [_row(u.pk, _name(u), per_user.get(u.pk), u.public_id) for u in people],
        "sites": [_row(site.pk, site.name, per_site.get(site.pk)) for site in sites],
    }


def team_member_cases(
    *, actor: Actor, organisation: Organisation, member_id: int, today: dt.date
) -> QuerySet[CaseFile]:
    """The open cases one Kümmerer is responsible for, as the leader sees them (with flags)."""
    if actor is None or not actor.has_perm("cases.view_team_caseload", organisation):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    queryset = _led(actor, organisation).filter(responsible_id=member_id)
    return (
        with_flags(queryset, today=today)
        .select_related("person", "site", "responsible")
        .order_by(F("urgency").desc(), F("next_review_on").asc(nulls_last=True), "number")
    )


def _name(user: User) -> str:
    return str(user)


def handover_events(*, case_file: CaseFile) -> QuerySet[CaseEvent]:
    """The case's handovers and team changes, newest first (the handover page's history)."""
    return (
        CaseEvent.objects.filter(
            case_file=case_file, kind__in=[CaseEvent.Kind.HANDED_OVER, CaseEvent.Kind.TEAM]
        )
        .select_related("actor", "from_user", "to_user")
        .order_by("-at")
    )


# --- colleagues and covers ------------------------------------------------------------------


def case_workers(*, organisation: Organisation) -> list[User]:
    """The Kümmerer of the organisation, by name."""
    users = User.objects.filter(
        pk__in=Membership.objects.filter(
            organisation=organisation, role__in=CASE_WORKER_ROLES
        ).values("user_id"),
        is_active=True,
    )
    return sorted(users, key=lambda user: _name(user).casefold())


def case_worker_get(*, organisation: Organisation, public_id: uuid.UUID | str) -> User | None:
    """A Kümmerer of the organisation by the id in URLs and forms; None for anyone else."""
    try:
        return User.objects.get(
            public_id=public_id,
            is_active=True,
            memberships__organisation=organisation,
            memberships__role__in=CASE_WORKER_ROLES,
        )
    except (User.DoesNotExist, User.MultipleObjectsReturned, ValidationError, ValueError):
        return None


def cover_organisations(*, actor: Actor) -> list[Organisation]:
    """The organisations where the actor may enter covers (Kümmerer or team leader)."""
    if actor is None or not actor.is_authenticated:
        return []
    found = {
        m.organisation_id: m.organisation
        for m in memberships_of(actor)
        if actor.has_perm("cases.manage_cover", m.organisation)
    }
    return sorted(found.values(), key=lambda organisation: organisation.name)


def may_cover_anyone(actor: Actor, organisation: Organisation) -> bool:
    """A team leader enters anyone's absence; a Kümmerer only their own."""
    return actor is not None and actor.has_perm("cases.view_team_caseload", organisation)


def cover_list(*, actor: Actor, today: dt.date) -> QuerySet[Cover]:
    """The covers running now or later that the actor may see: all of the organisations they
    lead, their own (absent or covering) elsewhere."""
    reach = Q(pk__in=[])
    for organisation in cover_organisations(actor=actor):
        if may_cover_anyone(actor, organisation):
            reach |= Q(organisation=organisation)
        else:
            assert actor is not None
            reach |= Q(organisation=organisation) & (Q(absent=actor) | Q(covering=actor))
    return (
        Cover.objects.filter(reach, ends_on__gte=today)
        .select_related("absent", "covering", "organisation")
        .order_by("starts_on", "ends_on")
    )


def access_cover(actor: Actor, cover_id: uuid.UUID | str) -> Cover:
    """A cover the actor may end: 404 for another organisation's or none, 403 for a colleague
    who is neither its team leader nor absent nor covering."""
    try:
        cover = Cover.objects.select_related("absent", "covering", "organisation").get(id=cover_id)
    except (Cover.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    allowed = actor is not None and actor.has_perm("cases.manage_cover", cover.organisation)
    if allowed and not may_cover_anyone(actor, cover.organisation):
        assert actor is not None
        allowed = actor.pk in (cover.absent_id, cover.covering_id)
    if not allowed:
        refuse_object(actor, organisation_id=cover.organisation_id)
    return cover


def cover_overlaps(*, absent: User, starts_on: dt.date, ends_on: dt.date, organisation) -> bool:
    return Cover.objects.filter(
        organisation=organisation, absent=absent, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exists()
