"""The public privacy notice (Art. 13/14 DSGVO) at /datenschutz/hinweise/: built from the same
declarations as the record of processing activities, so every activity appears on it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lotse.compliance.selectors import (
    LEGAL_BASIS_EXPLANATIONS,
    STAFF_ACTIVITY_KEYS,
    privacy_notice,
    processing_record,
)
from lotse.core.declarations import LEGAL_BASES, declarations
from lotse.core.models import Organisation
from lotse.office.tests.conftest import MONDAY_8, at, make_office

NOTICE = "/datenschutz/hinweise/"
LINK = 'href="/datenschutz/hinweise/"'


@pytest.fixture
def public_office(office_staff, quarter):
    """The Quartiersbüro Altstadt with a public page at /buero/altstadt/."""
    organisation = office_staff.memberships.get().organisation
    organisation.kind = Organisation.Kind.OFFICE
    organisation.save(update_fields=["kind"])
    return make_office(organisation, quarter)


def test_notice_answers_without_login_at_its_name(client, db):
    response = client.get(NOTICE)

    assert reverse("compliance:privacy_notice") == NOTICE
    assert response.status_code == 200
    assert "<h1>Datenschutzhinweise</h1>" in response.text
    assert f"Stand: {timezone.localdate():%-d}." in response.text


def test_notice_names_controller_contact_and_data_protection_officer(client, db, settings):
    settings.LOTSE_CONTROLLER_NAME = "Stadt Blumental, Amt für Senioren"
    settings.LOTSE_CONTROLLER_ADDRESS = "Rosenweg 7, 12345 Blumental"
    settings.LOTSE_CONTROLLER_CONTACT = "0123 98 76 54"
    settings.LOTSE_CONTROLLER_DPO = "Frau Dr. Datenschutz-Beispiel, dsb@blumental.example"

    text = client.get(NOTICE).text

    assert "Stadt Blumental, Amt für Senioren" in text
    assert "Rosenweg 7, 12345 Blumental" in text
    assert "0123 98 76 54" in text
    assert "Frau Dr. Datenschutz-Beispiel, dsb@blumental.example" in text


def test_notice_shows_every_declared_activity(client, db):
    activities = processing_record()["activities"]

    text = client.get(NOTICE).text

    assert len(activities) >= 10
    for item in activities:
        activity = item.activity
        assert escape(str(activity.name)) in text, activity.key
        assert escape(str(activity.purpose)) in text, activity.key
        for recipient in activity.recipients:
            assert escape(str(recipient)) in text, activity.key
        if activity.retention_note:
            assert escape(str(activity.retention_note)) in text, activity.key


def test_contents_lead_to_every_section_and_activity(client, db):
    text = client.get(NOTICE).text
    contents, body = text.split('aria-labelledby="inhaltsverzeichnis"')[1].split("</nav>", 1)

    anchors = re.findall(r'<h[23] id="([^"]+)"', body)

    assert "weitere" in anchors and len(anchors) >= 10
    for anchor in anchors:
        assert f'href="#{anchor}"' in contents, anchor


def test_notice_separates_staff_activities_under_their_own_heading(client, db):
    declared = {activity.key for activity in declarations().activities}

    text = client.get(NOTICE).text

    assert STAFF_ACTIVITY_KEYS <= declared  # a renamed key would silently move an activity
    staff_heading = text.index("Angaben über Mitarbeitende, Ehrenamtliche und Anbieter</h2>")
    rights_heading = text.index("Ihre Rechte</h2>")
    for activity in declarations().activities:
        position = text.index(f">{escape(str(activity.name))}</h3>")
        if activity.key in STAFF_ACTIVITY_KEYS:
            assert staff_heading < position < rights_heading, activity.key
        else:
            assert position < staff_heading, activity.key


def test_notice_puts_what_the_public_forms_store_first(client, db):
    names = {a.key: escape(str(a.name)) for a in declarations().activities}

    text = client.get(NOTICE).text

    inquiries = text.index(f">{names['desk.inquiries']}</h3>")
    appointments = text.index(f">{names['office.appointments']}</h3>")
    audit = text.index(f">{names['core.audit']}</h3>")
    assert inquiries < appointments < audit


def test_notice_names_what_the_audit_log_keeps_in_german(client, db):
    audit = next(a for a in privacy_notice()["resident_activities"] if a.key == "core.audit")

    assert {"Zeitpunkt", "Was getan wurde", "Zweck"} <= set(audit.data)
    # The chain's own columns have no German name and are left out.
    assert not {"sequence", "hash", "previous hash"} & set(audit.data)


def test_notice_states_retention_periods_with_their_action(client, db, settings):
    settings.LOTSE_RETENTION = {"core.barrier_report": {"days": 365, "action": "delete"}}

    text = client.get(NOTICE).text

    assert "Meldungen über Barrieren: 365 Tage nach dem Eingang." in text
    assert "Das ist 1 Jahr. Dann löschen wir sie." in text
    assert "180 Tage nach dem Termin." in text
    assert "Das sind etwa 6 Monate." in text
    assert "Dann löschen wir sie." in text
    assert "Dann anonymisieren wir sie." in text


def test_notice_explains_every_legal_basis_it_names(client, db):
    text = client.get(NOTICE).text

    assert set(LEGAL_BASIS_EXPLANATIONS) == set(LEGAL_BASES)
    used = {code for a in declarations().activities for code in a.legal_bases}
    for code in used:
        assert escape(str(LEGAL_BASIS_EXPLANATIONS[code])) in text, code
    assert "<strong>Einwilligung</strong> nach Art. 6 Abs. 1 lit. a DSGVO: " in text
    assert "<strong>Rechtliche Verpflichtung</strong> nach Art. 6 Abs. 1 lit. c DSGVO: " in text


def test_notice_lists_the_rights_of_data_subjects(client, db):
    text = client.get(NOTICE).text

    for right in [
        "Auskunft (Art. 15 DSGVO)",
        "Berichtigung (Art. 16 DSGVO)",
        "Löschung (Art. 17 DSGVO)",
        "Einschränkung (Art. 18 DSGVO)",
        "Widerspruch (Art. 21 DSGVO)",
        "Einwilligung zurücknehmen (Art. 7 Abs. 3 DSGVO)",
        "Beschwerde (Art. 77 DSGVO)",
    ]:
        assert right in text


def test_notice_names_the_default_supervisory_authority(client, db):
    text = client.get(NOTICE).text

    assert (
        "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen, "
        "Kavalleriestraße 2–4, 40213 Düsseldorf"
    ) in text


def test_notice_follows_the_supervisory_authority_setting(client, db, settings):
    settings.LOTSE_SUPERVISORY_AUTHORITY = (
        "Landesdatenschutz Hessen, Postfach 3163, 65021 Wiesbaden"
    )

    text = client.get(NOTICE).text

    assert "Landesdatenschutz Hessen, Postfach 3163, 65021 Wiesbaden" in text
    assert "Kavalleriestraße" not in text


def test_footer_of_a_public_page_links_to_the_notice(client, db):
    text = client.get(reverse("accessibility_statement")).text

    footer = text[text.index('<footer class="site-footer">') :]
    assert f"<a {LINK}>Datenschutz</a>" in footer


def test_barrier_report_form_links_to_the_notice(client, db):
    text = client.get(reverse("barrier_report")).text

    assert f"Wie wir mit Ihren Angaben umgehen: <a {LINK}>Datenschutzhinweise</a>" in text


def test_inquiry_form_links_to_the_notice(client, public_office):
    text = client.get("/buero/altstadt/anliegen/?fuer=mich").text

    assert f"Wie wir mit Ihren Angaben umgehen: <a {LINK}>Datenschutzhinweise</a>" in text


def test_booking_form_links_to_the_notice(client, public_office, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MONDAY_8)

    response = client.get(
        "/buero/altstadt/termin/buchen/",
        {"beginn": at(MONDAY_8.date(), 9).isoformat(), "fuer": "mich"},
    )

    assert response.status_code == 200
    assert "Ihre Angaben für den Termin" in response.text
    assert f"Wie wir mit Ihren Angaben umgehen: <a {LINK}>Datenschutzhinweise</a>" in response.text
