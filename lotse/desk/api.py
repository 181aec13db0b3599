"""Staff JSON API for the office's inquiries: the same selectors, services and form checks as
the pages (so the same German messages), behind the same second-factor gate; reading an
inquiry is recorded in the audit log, as on its page."""

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from lotse.core.api import BoundedPageNumberPagination, PersonalDataAuth, no_store, refusals
from lotse.core.models import Organisation
from lotse.core.selectors import area_get
from lotse.desk import selectors
from lotse.desk.forms.inquiries import BriefContactForm, InquiryAssignForm, InquiryFieldsForm
from lotse.desk.models import Inquiry, Referral
from lotse.desk.services import inquiries as services
from lotse.directory.models import TaxonomyTerm

router = Router(tags=["desk"], auth=PersonalDataAuth())
router.add_decorator(no_store, mode="view")

# Open inquiries per page, as on the dashboard.
PAGE_SIZE = 50
PURPOSE = services.PURPOSE
OFFICE_HELP = "Das Büro (Träger), wenn Sie in mehreren arbeiten; leer: das erste nach Namen"
# What the page's form checks; topics come by code instead (`_topics`).
FORM_FIELDS = list(InquiryFieldsForm.base_fields)


class InquiryIn(Schema):
    # Left out, channel and description get the form's German message rather than pydantic's.
    channel: str = Field(
        "", description="phone, walk_in, email, home_visit, outreach oder event (Kontaktweg)"
    )
    person: UUID | None = Field(None, description="Eine Person des Büros; leer: anonym")
    topics: list[str] = Field([], description="Codes von Themen, wie in der Suche")
    description: str = ""
    minutes_spent: int = 0
    follow_up_on: dt.date | None = None
    contacted_at: dt.datetime | None = Field(
        None, description="Wann sich jemand gemeldet hat; leer: jetzt. Nie in der Zukunft."
    )
    caller_kind: str = Field(
        "",
        description="Wer sich gemeldet hat: person, relative, neighbour, professional oder "
        "other; leer: nicht angegeben",
    )
    caller_relation: str = Field("", description="Beziehung zur Person, zum Beispiel Tochter")
    contact_name: str = Field("", description="Name der Person, die sich gemeldet hat")
    contact_phone: str = Field("", description="Telefonnummer der Person, die sich gemeldet hat")
    quarter: str | None = Field(None, description="Slug eines Quartiers; leer: das der Person")
    organisation: UUID | None = Field(None, description=OFFICE_HELP)


class BriefContactIn(Schema):
    """A Kurzkontakt: a quick question answered at once, counted without person or text."""

    channel: str = Field("", description="phone, walk_in, email, home_visit, outreach oder event")
    topic: str = Field("", description="Code eines Themas, wie in der Suche")
    minutes_spent: int | None = Field(None, description="Dauer in ganzen Minuten, mindestens 1")
    organisation: UUID | None = Field(None, description=OFFICE_HELP)


class InquiryPatch(Schema):
    """Only the fields sent change; null clears `assigned_to` and `follow_up_on`."""

    status: str | None = Field(None, description="open, in_progress oder waiting")
    assigned_to: UUID | None = Field(None, description="Eine Person des Büros; null: niemand")
    follow_up_on: dt.date | None = None
    description: str | None = None
    minutes_spent: int | None = None
    topics: list[str] | None = None


class InquirySummary(Schema):
    id: UUID
    created_at: dt.datetime
    contacted_at: dt.datetime
    channel: str
    status: str
    person: UUID | None = Field(None, alias="person_id")
    assigned_to: UUID | None
    follow_up_on: dt.date | None
    topics: list[str]

    @staticmethod
    def resolve_assigned_to(inquiry: Inquiry) -> UUID | None:
        return inquiry.assigned_to.public_id if inquiry.assigned_to else None

    @staticmethod
    def resolve_topics(inquiry: Inquiry) -> list[str]:
        return inquiry.topic_codes


class ReferralOut(Schema):
    id: UUID
    status: str
    code: str
    offer: str
    provider: str
    answer_due: dt.date

    @staticmethod
    def resolve_code(referral: Referral) -> str:
        return referral.short_code

    @staticmethod
    def resolve_offer(referral: Referral) -> str:
        return referral.service.name

    @staticmethod
    def resolve_provider(referral: Referral) -> str:
        return referral.receiving_organisation.name


class InquiryRecord(InquirySummary):
    """The inquiry's own fields: the answer to recording one, which has no referrals yet."""

    quarter: str | None
    caller_kind: str
    caller_relation: str
    contact_name: str
    contact_phone: str
    contact_email: str
    description: str
    minutes_spent: int
    brief: bool
    follow_up_outcome: bool
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_quarter(inquiry: Inquiry) -> str | None:
        return inquiry.quarter.slug if inquiry.quarter else None


class InquiryOut(InquiryRecord):
    referrals: list[ReferralOut]

    @staticmethod
    def resolve_referrals(inquiry: Inquiry) -> list[Referral]:
        return selectors.inquiry_referrals(inquiry=inquiry)


def _unprocessable(messages: list[str]) -> HttpError:
    return HttpError(422, " ".join(messages))


def _cleaned(form: forms.Form, fields: list[str]) -> dict[str, Any]:
    """The form's values of `fields`; 422 with its German messages when one of them is wrong.
    Errors of fields not sent (a PATCH sends only some) do not count."""
    form.is_valid()
    wrong = [str(error) for name in fields for error in form.errors.get(name, [])]
    if wrong:
        raise _unprocessable(wrong)
    return {name: form.cleaned_data[name] for name in fields}


def _inquiry_form(organisation: Organisation, data: dict[str, Any]) -> InquiryFieldsForm:
    """The page form's checks, filled with JSON values. Topics come by code (`_topics`)."""
    as_text = {name: "" if value is None else str(value) for name, value in data.items()}
    return InquiryFieldsForm(as_text, persons=selectors.inquiry_persons(organisation=organisation))


def _topics(codes: list[str]) -> list[TaxonomyTerm]:
    terms = list(selectors.inquiry_topic_list(codes=codes))
    unknown = sorted(set(codes) - {term.code for term in terms})
    if unknown:
        raise _unprocessable([_("Unbekanntes Thema: %(codes)s.") % {"codes": ", ".join(unknown)}])
    return terms


@router.post("/inquiries", response={201: InquiryRecord, **refusals(400, 401, 403, 422)})
def inquiry_create(request, payload: InquiryIn):
    """Records a call, visit or message, for a person of the office or anonymously."""
    organisation = selectors.desk_organisation_chosen(
        actor=request.auth, wanted=payload.organisation
    )
    form = _inquiry_form(organisation, payload.dict(include=set(FORM_FIELDS)))
    values = _cleaned(form, FORM_FIELDS)
    quarter = None
    if payload.quarter:
        try:
            quarter = area_get(slug=payload.quarter)
        except Http404 as exc:
            raise _unprocessable([_("Wählen Sie ein Quartier aus Ihrem Kreis")]) from exc
    try:
        inquiry = services.inquiry_create(
            actor=request.auth,
            organisation=organisation,
            quarter=quarter,
            topics=_topics(payload.topics),
            **values,
        )
    except ValidationError as exc:
        raise _unprocessable(exc.messages) from exc
    return Status(201, inquiry)


@router.post("/brief-contacts", response={201: InquiryRecord, **refusals(400, 401, 403, 422)})
def brief_contact_create(request, payload: BriefContactIn):
    """Counts a Kurzkontakt (channel, topic, minutes): recorded closed, about no person."""
    organisation = selectors.desk_organisation_chosen(
        actor=request.auth, wanted=payload.organisation
    )
    data = payload.dict(include={"channel", "topic", "minutes_spent"})
    form = BriefContactForm(
        {name: "" if value is None else str(value) for name, value in data.items()},
        topics=selectors.inquiry_topic_list(codes=[payload.topic]),
    )
    values = _cleaned(form, ["channel", "topic", "minutes_spent"])
    try:
        inquiry = services.inquiry_brief_record(
            actor=request.auth, organisation=organisation, **values
        )
    except ValidationError as exc:
        raise _unprocessable(exc.messages) from exc
    return Status(201, inquiry)


@router.get("/inquiries", response={200: list[InquirySummary], **refusals(400, 401, 403, 422)})
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def inquiry_list(request, organisation: UUID | None = None):
    """The office's inquiries not yet closed, newest first, 50 per page (`?page=2`);
    `organisation` chooses the office for those who work in several."""
    office = selectors.desk_organisation_chosen(actor=request.auth, wanted=organisation)
    return selectors.inquiry_open_list(organisation=office).prefetch_related("topics")


@router.get(
    "/inquiries/{inquiry_id}", response={200: InquiryOut, **refusals(400, 401, 403, 404, 422)}
)
def inquiry_read(request, inquiry_id: UUID):
    """One inquiry with its referrals."""
    return selectors.access_inquiry(request.auth, inquiry_id, purpose=PURPOSE)


@router.patch(
    "/inquiries/{inquiry_id}", response={200: InquiryOut, **refusals(400, 401, 403, 404, 422)}
)
def inquiry_update(request, inquiry_id: UUID, payload: InquiryPatch):
    """Changes the fields sent. Closing is not a PATCH: it needs the referrals ended first."""
    inquiry = selectors.access_inquiry(request.auth, inquiry_id, purpose=PURPOSE)
    sent = payload.dict(exclude_unset=True)
    checked = {name: value for name, value in sent.items() if name in FORM_FIELDS}
    data = _cleaned(_inquiry_form(inquiry.organisation, checked), list(checked))
    if "status" in sent:
        data["status"] = sent["status"]
    topics = _topics(sent["topics"]) if sent.get("topics") is not None else None
    assign = "assigned_to" in sent
    if assign:
        form = InquiryAssignForm(
            {"assigned_to": sent["assigned_to"] or ""},
            staff=selectors.desk_staff(organisation=inquiry.organisation),
        )
        assignee = _cleaned(form, ["assigned_to"])["assigned_to"]
    try:
        # Two services, one change: a refused assignment leaves the other fields unchanged.
        with transaction.atomic():
            services.inquiry_update(actor=request.auth, inquiry=inquiry, data=data, topics=topics)
            if assign:
                services.inquiry_assign(actor=request.auth, inquiry=inquiry, user=assignee)
    except ValidationError as exc:
        raise _unprocessable(exc.messages) from exc
    return inquiry
