"""Staff JSON API of the case work's file part (mounted by lotse/cases/api.py under
/api/v1/cases/): opening a case, reading it, its journal, assessments and network. The same
selectors, services and form checks as the pages (so the same German messages); a change a
closed case does not allow answers 409, bad input 422."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from lotse.cases import selectors, selectors_file, services_file
from lotse.cases.api_router import refusal, router
from lotse.cases.forms_file import AssessmentForm, JournalEntryForm, NetworkContactForm
from lotse.cases.models import CaseFile, LifeArea
from lotse.cases.selectors import CHANGE_CASE, access_case_file
from lotse.cases.services import CaseClosed, check_case_open
from lotse.core.api import BoundedPageNumberPagination, refusals
from lotse.people.selectors import chosen_in

PAGE_SIZE = 50


# --- schemas ---------------------------------------------------------------------------------


class CaseOpenIn(Schema):
    person: str = Field("", description="Id einer Person des Trägers")
    site: str = Field("", description="Id eines Quartiers oder einer Gemeinde der Region")
    reason: str = Field("", description="stroke, illness, bereavement, care_need, discharge …")
    reason_note: str = ""
    source: str = Field("direct", description="hospital, doctor, direct oder other")
    source_detail: str = Field("", description="Wer hat vermittelt, z. B. Klinikum Nord")
    responsible: str = Field("", description="Öffentliche Id einer Kümmerin; leer: ich")
    team: list[str] = Field([], description="Öffentliche Ids von Kümmerern des Trägers")
    organisation: str = Field("", description="Id des Trägers; leer: der erste")


class CaseOut(Schema):
    id: UUID
    number: int
    organisation: UUID = Field(..., alias="organisation_id")
    site: UUID = Field(..., alias="site_id")
    person: UUID = Field(..., alias="person_id")
    responsible: UUID
    stage: str
    opened_on: dt.date
    source: str
    source_detail: str
    source_inquiry: UUID | None = Field(None, alias="source_inquiry_id")
    reason: str
    reason_note: str
    next_review_on: dt.date | None
    last_contact_at: dt.datetime | None
    closed_on: dt.date | None

    @staticmethod
    def resolve_responsible(case_file: CaseFile) -> UUID:
        return case_file.responsible.public_id


class JournalIn(Schema):
    kind: str = Field("", description="home_visit, phone, office, video, with_others, written")
    happened_at: dt.datetime | None = Field(
        None, description="Mit Zeitzone, höchstens 1 Tag voraus"
    )
    minutes: int | None = Field(None, description="1 bis 600")
    note: str = ""


class JournalOut(Schema):
    id: UUID
    kind: str
    happened_at: dt.datetime
    minutes: int
    note: str


class RatingIn(Schema):
    level: int | None = Field(None, description="0 keine, 1 etwas, 2 viel, 3 dringend")
    note: str = ""


class AssessmentIn(Schema):
    assessed_on: dt.date | None = Field(None, description="Nicht in der Zukunft; leer: heute")
    ratings: dict[str, RatingIn] = Field(
        {},
        description="Für jeden Lebensbereich (health, everyday, housing, money, social, "
        "mobility, digital, legal) Stufe und Notiz",
    )


class RatingOut(Schema):
    area: str
    level: int
    note: str


class AssessmentOut(Schema):
    id: UUID
    assessed_on: dt.date
    ratings: list[RatingOut]

    @staticmethod
    def resolve_ratings(assessment) -> list[dict[str, Any]]:
        return [
            {"area": r.area, "level": r.level, "note": r.note} for r in assessment.ratings.all()
        ]


class NetworkIn(Schema):
    role: str = Field("", description="relative, neighbour, doctor, care_service, guardian …")
    name: str = ""
    phone: str = ""
    email: str = ""
    note: str = ""
    may_contact: bool = Field(False, description="Die Person ist einverstanden")
    agreed_on: dt.date | None = Field(None, description="Seit wann (nötig mit may_contact)")
    proxy: str = Field("", description="Id einer eingetragenen Vertretung dieser Person")


class NetworkOut(Schema):
    id: UUID
    role: str
    name: str
    phone: str
    email: str
    note: str
    may_contact: bool
    agreed_on: dt.date | None
    proxy: UUID | None = Field(None, alias="proxy_id")
    proxy_scope: list[str]

    @staticmethod
    def resolve_proxy_scope(contact) -> list[str]:
        return list(contact.proxy.scope) if contact.proxy else []


# --- helpers ---------------------------------------------------------------------------------


def _unprocessable(messages: list[str]) -> HttpError:
    return HttpError(422, " ".join(messages) or _("Die Angaben sind nicht vollständig."))


def _form_errors(form) -> HttpError:
    return _unprocessable([str(e) for errors in form.errors.values() for e in errors])


def _case(request, case_id: UUID, perm: str = selectors.VIEW_CASE) -> CaseFile:
    return access_case_file(request.auth, case_id, perm=perm)


def _closed_check(case_file: CaseFile) -> None:
    # Before the body is judged: a closed case answers 409 whatever was sent.
    try:
        check_case_open(case_file)
    except CaseClosed as exc:
        raise refusal(exc) from exc


# --- the case --------------------------------------------------------------------------------


@router.post("", response={201: CaseOut, **refusals(400, 401, 403, 422)})
def case_create(request, payload: CaseOpenIn):
    """Opens a case directly or after a referral by a hospital or a doctor (as the page
    "Begleitung beginnen"). An inquiry is taken over on its page."""
    organisations = [
        o
        for o in selectors.case_worker_organisations(actor=request.auth)
        if request.auth.has_perm("cases.add_casefile", o)
    ]
    if not organisations:
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    organisation = next(
        (o for o in organisations if str(o.pk) == payload.organisation), organisations[0]
    )
    if payload.organisation and str(organisation.pk) != payload.organisation:
        raise _unprocessable([_("Wählen Sie einen Träger, bei dem Sie Begleitungen beginnen.")])
    person = chosen_in(selectors_file.case_persons(organisation=organisation), payload.person)
    site = chosen_in(selectors_file.case_sites(organisation=organisation), payload.site)
    workers = selectors_file.case_workers(organisation=organisation)
    responsible = None
    if payload.responsible:
        responsible = next((w for w in workers if str(w.public_id) == payload.responsible), None)
        if responsible is None:
            raise _unprocessable(
                [_("Wählen Sie eine Kümmerin oder einen Kümmerer dieses Trägers.")]
            )
    team = [w for w in workers if str(w.public_id) in set(payload.team)]
    if len(team) != len(set(payload.team)):
        raise _unprocessable([_("Wählen Sie Kolleginnen und Kollegen aus der Liste.")])
    if person is None:
        raise _unprocessable([_("Wählen Sie eine Person Ihres Trägers.")])
    if payload.reason not in CaseFile.Reason.values:
        raise _unprocessable([_("Wählen Sie einen Anlass aus der Liste.")])
    if payload.source not in CaseFile.Source.values:
        raise _unprocessable([_("Wählen Sie, wie die Begleitung zustande kam.")])
    try:
        case_file = services_file.case_file_open(
            actor=request.auth,
            organisation=organisation,
            person=person,
            site=site,
            reason=payload.reason,
            source=payload.source,
            source_detail=payload.source_detail,
            reason_note=payload.reason_note,
            responsible=responsible,
            team=team,
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, case_file)


@router.get("/{uuid:case_id}", response={200: CaseOut, **refusals(400, 401, 403, 404, 422)})
def case_read(request, case_id: UUID):
    """One case file."""
    return _case(request, case_id)


# --- journal ---------------------------------------------------------------------------------


@router.get(
    "/{uuid:case_id}/journal", response={200: list[JournalOut], **refusals(400, 401, 403, 404, 422)}
)
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def journal_list(request, case_id: UUID):
    """The case's journal, newest first, 50 per page (`?page=2`)."""
    return selectors_file.journal_list(case_file=_case(request, case_id))


@router.post(
    "/{uuid:case_id}/journal",
    response={201: JournalOut, **refusals(400, 401, 403, 404, 409, 422)},
)
def journal_create(request, case_id: UUID, payload: JournalIn):
    """Logs a contact. 409: the case is closed."""
    case_file = _case(request, case_id, CHANGE_CASE)
    _closed_check(case_file)
    if payload.happened_at is None or payload.minutes is None:
        raise _unprocessable(
            [_("Geben Sie an, wann der Kontakt war und wie viele Minuten er gedauert hat.")]
        )
    happened_at = payload.happened_at
    if timezone.is_naive(happened_at):
        happened_at = timezone.make_aware(happened_at)
    form = JournalEntryForm(
        {
            "kind": payload.kind,
            "day": timezone.localtime(happened_at).date().isoformat(),
            "time": "00:00",
            "minutes": str(payload.minutes),
            "note": payload.note,
        }
    )
    if not form.is_valid():
        raise _form_errors(form)
    try:
        entry = services_file.journal_entry_add(
            actor=request.auth,
            case_file=case_file,
            kind=payload.kind,
            happened_at=happened_at,
            minutes=payload.minutes,
            note=payload.note,
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, entry)


# --- assessments -----------------------------------------------------------------------------


@router.get(
    "/{uuid:case_id}/assessments",
    response={200: list[AssessmentOut], **refusals(400, 401, 403, 404, 422)},
)
def assessment_list(request, case_id: UUID):
    """The case's assessments, oldest first, each with its 8 ratings."""
    return selectors_file.assessment_list(case_file=_case(request, case_id))


@router.post(
    "/{uuid:case_id}/assessments",
    response={201: AssessmentOut, **refusals(400, 401, 403, 404, 409, 422)},
)
def assessment_create(request, case_id: UUID, payload: AssessmentIn):
    """Records an assessment: a level (0–3) and a note for each of the 8 life areas. 409: the
    case is closed."""
    case_file = _case(request, case_id, CHANGE_CASE)
    _closed_check(case_file)
    data: dict[str, str] = {
        "assessed_on": (payload.assessed_on.isoformat() if payload.assessed_on else "")
        or timezone.localdate().isoformat()
    }
    for area in LifeArea.values:
        rating = payload.ratings.get(area)
        data[f"level_{area}"] = "" if rating is None or rating.level is None else str(rating.level)
        data[f"note_{area}"] = rating.note if rating else ""
    unknown = set(payload.ratings) - set(LifeArea.values)
    if unknown:
        raise _unprocessable(
            [_("Unbekannte Lebensbereiche: %(areas)s") % {"areas": ", ".join(sorted(unknown))}]
        )
    form = AssessmentForm(data)
    if not form.is_valid():
        raise _form_errors(form)
    try:
        assessment = services_file.assessment_record(
            actor=request.auth,
            case_file=case_file,
            assessed_on=form.cleaned_data["assessed_on"],
            ratings=form.ratings(),
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, assessment)


# --- network ---------------------------------------------------------------------------------


@router.get(
    "/{uuid:case_id}/network", response={200: list[NetworkOut], **refusals(400, 401, 403, 404, 422)}
)
def network_list(request, case_id: UUID):
    """The people around the person, with whether the person agreed to contact them."""
    return list(selectors_file.network_list(case_file=_case(request, case_id)))


@router.post(
    "/{uuid:case_id}/network",
    response={201: NetworkOut, **refusals(400, 401, 403, 404, 409, 422)},
)
def network_create(request, case_id: UUID, payload: NetworkIn):
    """Adds someone to the network; `proxy` links the person's recorded proxy (legal guardian
    or attorney only). 409: the case is closed."""
    case_file = _case(request, case_id, CHANGE_CASE)
    _closed_check(case_file)
    proxies = selectors_file.network_proxy_choices(case_file=case_file)
    form = NetworkContactForm(
        {
            "role": payload.role,
            "name": payload.name,
            "phone": payload.phone,
            "email": payload.email,
            "note": payload.note,
            "may_contact": "on" if payload.may_contact else "",
            "agreed_on": payload.agreed_on.isoformat() if payload.agreed_on else "",
            "proxy": payload.proxy,
        },
        proxies=proxies,
    )
    if not form.is_valid():
        raise _form_errors(form)
    try:
        contact = services_file.network_contact_add(
            actor=request.auth,
            case_file=case_file,
            **services_file.network_data(form.cleaned_data),
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, contact)
