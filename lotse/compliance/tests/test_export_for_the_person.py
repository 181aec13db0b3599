"""Issue 16: the Art. 15 copy is written for the person who asked. German labels for every field,
no internal columns, hashes or tokens, a cover page, each kind of record with its purpose and
retention from the privacy notice, their rights and the supervisory authority, and tables that
fit A4. Before, the copy showed `cancel_token_hash` with its value and a table ran off the page."""

import datetime as dt
import io
import json
import re
import secrets
from typing import Any

import pypdf
import pytest
import weasyprint
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from lotse.compliance.selectors import rights_notice
from lotse.compliance.selectors_rights import (
    _points_to_person,
    exported_fields,
    field_label,
    is_internal,
    person_relations,
    subject_access_collect,
)
from lotse.core.pdf import pdf_render
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_create
from lotse.desk.services.referrals import referral_create
from lotse.notifications.models import Message
from lotse.office.models import Appointment, Office
from lotse.people.models import Person, Proxy
from lotse.people.services import person_update, proxy_add

INTERNAL_NAME = re.compile(r"(^id$|_id$|_hash$|token|^public_id$|^search_)")
A_LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenhalterung" * 2


@pytest.fixture
def office_place(office, quarter) -> Office:
    return Office.objects.create(
        organisation=office,
        quarter=quarter,
        name="Quartiersbüro Altstadt",
        slug="altstadt",
        street="Marktplatz 1",
        postcode="45657",
        city="Teststadt",
        phone="0561 123 45 67",
    )


@pytest.fixture
def full_record(office_staff, office, erna, topic, make_offer, office_place, erna_consent):
    """Erna with one of everything the platform keeps about a person, some of it long."""
    token = secrets.token_urlsafe(32)
    start = timezone.now() + dt.timedelta(days=3)
    appointment = Appointment.objects.create(
        office=office_place,
        region_id=office.region_id,
        start=start,
        end=start + dt.timedelta(minutes=30),
        person=erna,
        name="Erna Beispiel",
        phone="0561 12 34 56",
        note="Frage zum Pflegegrad " + A_LONG_WORD,
        cancel_token_hash="f" * 64,
        short_code="Q7KD-4KD2",
    )
    message = Message.objects.create(
        person=erna,
        organisation=office,
        region_id=office.region_id,
        channel=Message.Channel.EMAIL,
        template="office/appointment_confirmation",
        recipient="erna.beispiel.mit.einer.sehr.langen.adresse@beispiel-quartier.example.org",
        subject="Ihr Termin",
        body=(
            "Ihr Termin ist gebucht.\n"
            f"Absagen: https://lotse.example/buero/absagen/{token}/\n"
            "Oder mit dem Code Q7KD-4KD2 auf https://lotse.example/buero/absagen/\n"
        ),
        dedupe_key=f"appointment:{appointment.pk}",
        status=Message.Status.SENT,
        claim_token="6a1f1e58-2a63-4c43-9a2c-4b7c0a5f8e11",
    )
    proxy = proxy_add(
        actor=office_staff,
        person=erna,
        data={
            "kind": Proxy.Kind.RELATIVE,
            "name": "Klaus Müller",
            "relationship": "Sohn",
            "email": "klaus.mueller.mit.langer.adresse@ein-sehr-langer-anbieter.example.org",
            "evidence_kind": Proxy.Evidence.VERBAL,
            "evidence_note": A_LONG_WORD,
            "evidence_seen_on": timezone.localdate(),
        },
    )
    person_update(
        actor=office_staff, person=erna, data={"phone": "0561 55 55"}, reason="Neue Nummer"
    )
    inquiry = inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=erna,
        topics=[topic],
        description="Sucht Hilfe beim Einkaufen. " + A_LONG_WORD,
    )
    referral = referral_create(
        actor=office_staff, inquiry=inquiry, service=make_offer("Einkaufshilfe")
    )
    return {
        "appointment": appointment,
        "message": message,
        "proxy": proxy,
        "inquiry": inquiry,
        "referral": referral,
        "consent": erna_consent,
        "token": token,
    }


def _walk(data: Any):
    """Every (key, value) of a JSON structure, nested ones too."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value)


def _fields(data: dict) -> list[dict]:
    found = list(data["person"]["fields"])
    for section in data["records"]:
        for item in section["items"]:
            found += item["fields"]
            for sub in item["related"]:
                for subitem in sub["items"]:
                    found += subitem["fields"]
    return found


def _secrets(erna, full_record) -> set[str]:
    keys = {str(erna.pk), full_record["token"], "f" * 64, "6a1f1e58-2a63-4c43-9a2c-4b7c0a5f8e11"}
    keys.add("Q7KD-4KD2")  # the appointment's cancel code
    for name in ("appointment", "message", "proxy", "inquiry", "referral", "consent"):
        keys.add(str(full_record[name].pk))
    # Integer keys (a referral's steps) are too short to look for in the text; the field
    # checks cover them.
    return keys


def test_every_field_of_every_exported_model_has_a_german_label_and_none_is_internal():
    # Given every model the copy walks (a new app's model pointing to a person counts too)
    models = [(rel.related_model, rel.field.name) for rel in person_relations()]
    models += [
        (sub.related_model, sub.field.name)
        for model, _parent in list(models)
        for sub in model._meta.related_objects
        if sub.one_to_many and sub.field.concrete and not _points_to_person(sub.related_model)
    ]
    models.append((Person, ""))

    # Then each exported field has a German label and no internal name
    for model, parent in models:
        for field in exported_fields(model, parent_field=parent):
            label = field_label(field)
            where = f"{model._meta.label}.{field.name}"
            assert label not in (field.name, field.name.replace("_", " ")), where
            assert not INTERNAL_NAME.search(field.name), where


def test_internal_columns_are_recognised():
    from lotse.office.models import Appointment as A

    assert is_internal(A._meta.get_field("cancel_token_hash"))
    assert is_internal(A._meta.get_field("id"))
    assert is_internal(A._meta.get_field("short_code"))
    assert not is_internal(A._meta.get_field("start"))


def test_json_copy_holds_no_keys_hashes_or_tokens(office_staff, erna, full_record):
    data = subject_access_collect(actor=office_staff, person=erna)

    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for secret in _secrets(erna, full_record):
        assert secret not in text
    for field in _fields(data):
        assert not INTERNAL_NAME.search(field["name"]), field["name"]
        assert field["label"] not in (field["name"], field["name"].replace("_", " "))
    assert not any(key in ("id", "record_id", "verb") for key, _value in _walk(data))
    # The link to cancel was there; the copy says so without the link.
    (message_section,) = [s for s in data["records"] if s["model"] == "notifications.Message"]
    body = next(f for f in message_section["items"][0]["fields"] if f["name"] == "body")
    assert "persönlicher Link, hier weggelassen" in body["text"]
    assert "Oder mit dem Code (Code, hier weggelassen) auf" in body["text"]


def test_json_copy_names_related_records_in_words(office_staff, erna, full_record):
    data = subject_access_collect(actor=office_staff, person=erna)

    (appointments,) = [s for s in data["records"] if s["model"] == "office.Appointment"]
    fields = {f["name"]: f for f in appointments["items"][0]["fields"]}
    assert fields["office"] == {
        "name": "office",
        "label": "Quartiersbüro",
        "value": "Quartiersbüro Altstadt",
        "text": "Quartiersbüro Altstadt",
    }
    (corrections,) = [s for s in data["records"] if s["model"] == "people.PersonCorrection"]
    fields = {f["name"]: f for f in corrections["items"][0]["fields"]}
    assert fields["fields"]["text"] == "Telefon"
    assert fields["change_values"]["text"] == "Telefon: „0561 / 12 34 56“ → „0561 55 55“"


def test_json_copy_says_why_how_long_and_what_rights(office_staff, erna, full_record):
    data = subject_access_collect(actor=office_staff, person=erna)

    (purpose,) = data["person"]["purposes"]
    assert purpose["purpose"].startswith("Menschen beraten, die sich an ein Quartiersbüro")
    assert any("Einwilligung" in basis for basis in purpose["legal_bases"])
    assert purpose["retention"], "the person's retention rule"
    (inquiries,) = [s for s in data["records"] if s["model"] == "desk.Inquiry"]
    assert inquiries["purposes"] and inquiries["purposes"][0]["retention"]
    # The rights and the authority in the privacy notice's own words.
    assert data["rights"] == [{"name": r.name, "text": r.text} for r in rights_notice()]
    assert data["supervisory_authority"]["address"] == settings.LOTSE_SUPERVISORY_AUTHORITY
    assert data["cover_title"] == "Das haben wir über Sie gespeichert"


def _overflowing_boxes(document: weasyprint.Document) -> list[str]:
    """Boxes whose right edge lies beyond the page's content area (A4 minus the margins)."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        right_edge = page_box.content_box_x() + page_box.width + 0.5
        stack = list(page_box.children)
        while stack:
            box = stack.pop()
            if hasattr(box, "border_box_x") and box.width is not None:
                right = box.border_box_x() + box.border_width()
                if right > right_edge:
                    text = getattr(box, "text", "") or type(box).__name__
                    found.append(
                        f"page {number}: {text[:40]} ends at {right:.0f} > {right_edge:.0f}"
                    )
            stack.extend(getattr(box, "children", []))
    return found


def test_pdf_fits_a4_and_is_written_for_the_person(office_staff, erna, full_record):
    data = subject_access_collect(actor=office_staff, person=erna)

    html = render_to_string("compliance/subject_access_pdf.html", {"data": data})
    document = weasyprint.HTML(string=html).render()
    rendered = pdf_render("compliance/subject_access_pdf.html", {"data": data})
    pdf = pypdf.PdfReader(io.BytesIO(rendered))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())

    assert _overflowing_boxes(document) == []
    assert all(
        round(page.width) == round(210 / 25.4 * 96) and round(page.height) == round(297 / 25.4 * 96)
        for page in document.pages
    )
    assert "Das haben wir über Sie gespeichert" in text
    assert "Wozu wir das speichern:" in text
    assert "Wie lange wir das speichern:" in text
    assert "Ihre Rechte" in text and "Widerspruch (Art. 21 DSGVO)" in text
    assert "Beschwerde bei der Aufsichtsbehörde" in text
    flat = re.sub(r"\s+", "", text)
    for secret in _secrets(erna, full_record):
        assert secret.replace("-", "") not in flat.replace("-", "")
    assert "cancel_token_hash" not in text and "token" not in text.lower()
    assert "Kennung" not in text
