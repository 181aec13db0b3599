"""Staff JSON API of the case work's team part (mounted by lotse/cases/api.py): the caseload
with its attention flags, the team leader's counts, the handover, and the covers. The same
selectors and services as the pages, so the same German messages. A change the case's state
does not allow (closed, handed over meanwhile, a cover already ended) answers 409."""

import datetime as dt
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from lotse.cases import selectors_team
from lotse.cases.api_router import refusal, router
from lotse.cases.models import CaseFile, Cover
from lotse.cases.selectors import access_case_file, case_team_ids
from lotse.cases.services_team import case_hand_over, cover_add, cover_end
from lotse.core.api import BoundedPageNumberPagination, refusals
from lotse.core.text_input import has_forbidden

PAGE_SIZE = 50


class CaseloadRowOut(Schema):
    id: UUID
    number: int
    person_id: UUID
    person_name: str
    stage: str = Field(..., description="Phase, wie die Seiten sie zeigen (review bei Fälligkeit)")
    site: str
    responsible: UUID
    next_review_on: dt.date | None
    last_contact_at: dt.datetime | None
    via_cover: bool = Field(..., description="Nur sichtbar als Vertretung der verantwortlichen")
    review_due: bool
    task_overdue: bool
    referral_waiting: bool
    no_contact: bool
    new_answer: bool = Field(
        ..., description="Eine Vermittlung wurde in den letzten 7 Tagen beantwortet"
    )
    urgency: int
    reasons: list[str]

    @staticmethod
    def resolve_person_name(case_file: CaseFile) -> str:
        return f"{case_file.person.given_name} {case_file.person.family_name}"

    @staticmethod
    def resolve_stage(case_file: CaseFile) -> str:
        return case_file.stage_today(timezone.localdate())

    @staticmethod
    def resolve_site(case_file: CaseFile) -> str:
        return case_file.site.slug

    @staticmethod
    def resolve_responsible(case_file: CaseFile) -> UUID:
        return case_file.responsible.public_id

    @staticmethod
    def resolve_via_cover(case_file: CaseFile) -> bool:
        return bool(getattr(case_file, "via_cover", False))

    @staticmethod
    def resolve_reasons(case_file: CaseFile) -> list[str]:
        return selectors_team.attention_reasons(case_file)


class TeamRowOut(Schema):
    label: str
    public_id: UUID | None = Field(None, description="Die Kümmerin oder der Kümmerer")
    open: int
    stages: dict[str, int]
    review_due: int
    no_contact: int


class TeamOut(Schema):
    organisation: UUID
    people: list[TeamRowOut]
    sites: list[TeamRowOut]


class HandoverIn(Schema):
    to_user: UUID | None = Field(None, description="Die Kümmerin oder der Kümmerer (public_id)")
    note: str = ""
    keep_on_team: bool = Field(
        False, description="Die bisher verantwortliche Person bleibt im Team"
    )


class HandoverOut(Schema):
    id: UUID
    number: int
    responsible: UUID
    team: list[UUID]


class CoverIn(Schema):
    absent: UUID | None = Field(None, description="Ohne Angabe: Sie selbst")
    covering: UUID | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class CoverOut(Schema):
    id: UUID
    absent: UUID
    covering: UUID
    starts_on: dt.date
    ends_on: dt.date

    @staticmethod
    def resolve_absent(cover: Cover) -> UUID:
        return cover.absent.public_id

    @staticmethod
    def resolve_covering(cover: Cover) -> UUID:
        return cover.covering.public_id


@router.get("", response={200: list[CaseloadRowOut], **refusals(400, 401, 403, 422)})
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def caseload(request, stage: str = "", site: str = "", attention_only: bool = False):
    """ "Meine Begleitungen": the Kümmerer's open cases, the most urgent first, with the
    attention flags (50 per page, `?page=2`). `stage`: a phase (first_contact, assessment,
    plan, implementation, review); `site`: a site's slug; `attention_only`: only cases that
    need something."""
    if not request.auth.has_perm("cases.view_own_caseload"):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    if stage and stage not in [s.value for s in selectors_team.OPEN_STAGES]:
        raise HttpError(422, _("Wählen Sie eine Phase aus der Liste."))
    if has_forbidden(site):
        raise HttpError(422, _("Wählen Sie einen Standort aus der Liste."))
    chosen = None
    if site:
        sites = {a.slug: a for a in selectors_team.caseload_sites(actor=request.auth)}
        if site not in sites:
            raise HttpError(422, _("Wählen Sie einen Standort aus der Liste."))
        chosen = sites[site]
    return selectors_team.caseload(
        actor=request.auth,
        today=timezone.localdate(),
        stage=stage,
        site=chosen,
        attention_only=attention_only,
    )


@router.get("/team", response={200: TeamOut, **refusals(400, 401, 403, 422)})
def team(request, organisation: UUID | None = None):
    """The team leader's counts per Kümmerer and per site: open cases, per phase, with the
    review due, without contact for 30 days. `organisation`: which one, for who leads several."""
    organisations = selectors_team.team_organisations(actor=request.auth)
    chosen = next((o for o in organisations if o.pk == organisation), None)
    if chosen is None and (organisation is not None or not organisations):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    chosen = chosen or organisations[0]
    counts = selectors_team.team_caseload(
        actor=request.auth, organisation=chosen, today=timezone.localdate()
    )
    return {"organisation": chosen.pk, **counts}


@router.post(
    "/{uuid:case_id}/handover",
    response={200: HandoverOut, **refusals(400, 401, 403, 404, 409, 422)},
)
def handover(request, case_id: UUID, payload: HandoverIn):
    """Hands the case to a colleague of the same organisation with a handover note (required).
    409: the case is closed or was handed over meanwhile; 422: no such colleague, no note."""
    case_file = access_case_file(
        request.auth, case_id, purpose=_("Übergabe"), perm="cases.hand_over_casefile"
    )
    to_user = None
    if payload.to_user is not None:
        to_user = selectors_team.case_worker_get(
            organisation=case_file.organisation, public_id=payload.to_user
        )
    try:
        case_hand_over(
            actor=request.auth,
            case_file=case_file,
            to_user=to_user,
            note=payload.note,
            keep_on_team=payload.keep_on_team,
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    team_ids = case_team_ids(case_file=case_file)
    team = [
        user.public_id
        for user in selectors_team.case_workers(organisation=case_file.organisation)
        if user.pk in team_ids
    ]
    return {
        "id": case_file.pk,
        "number": case_file.number,
        "responsible": case_file.responsible.public_id,
        "team": team,
    }


@router.get("/covers", response={200: list[CoverOut], **refusals(400, 401, 403, 422)})
def covers(request):
    """The covers running now or later: all of the organisations the actor leads, their own
    (absent or covering) otherwise."""
    if not selectors_team.cover_organisations(actor=request.auth):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    return list(selectors_team.cover_list(actor=request.auth, today=timezone.localdate()))


@router.post("/covers", response={201: CoverOut, **refusals(400, 401, 403, 422)})
def cover_create(request, payload: CoverIn):
    """Enters a cover. A Kümmerer enters their own absence (`absent` left out or themself), a
    team leader anyone's; both must be Kümmerer of the organisation, at most a year."""
    organisations = selectors_team.cover_organisations(actor=request.auth)
    if not organisations:
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    organisation = organisations[0]
    absent = request.auth
    if payload.absent is not None:
        absent = selectors_team.case_worker_get(organisation=organisation, public_id=payload.absent)
        if absent is None and not selectors_team.may_cover_anyone(request.auth, organisation):
            raise PermissionDenied(_("Sie können nur Ihre eigene Abwesenheit eintragen."))
    covering = None
    if payload.covering is not None:
        covering = selectors_team.case_worker_get(
            organisation=organisation, public_id=payload.covering
        )
    try:
        cover = cover_add(
            actor=request.auth,
            organisation=organisation,
            absent=absent,
            covering=covering,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, cover)


@router.post(
    "/covers/{uuid:cover_id}/end",
    response={200: CoverOut | None, **refusals(400, 401, 403, 404, 409, 422)},
)
def cover_finish(request, cover_id: UUID):
    """Ends a cover: one running since before today ends yesterday; one that has not begun
    is removed (answers null). 409: already ended."""
    cover = selectors_team.access_cover(request.auth, cover_id)
    try:
        return cover_end(actor=request.auth, cover=cover)
    except ValidationError as exc:
        raise refusal(exc) from exc
