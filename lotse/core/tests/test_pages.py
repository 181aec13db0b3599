"""Footer contact, Leichte Sprache, the accessibility statement and "Barriere melden"."""

import re

import pytest
from django.urls import reverse

from lotse.core.models import BarrierReport
from lotse.core.services import barrier_report_create

VALID_REPORT = {
    "page": "/suche/",
    "message": "Die Karte kann ich mit der Tastatur nicht bedienen.",
    "name": "Erna Müller",
    "email": "erna@beispiel.de",
    "phone": "02361 / 98 76 54",
}


def _main(html: str) -> str:
    return html[html.index('<main id="inhalt"') : html.index("</main>")]


@pytest.fixture(autouse=True)
def contact_settings(settings):
    settings.LOTSE_CONTACT_PHONE = "02361 123 45 67"
    settings.LOTSE_CONTACT_HOURS = "Montag bis Freitag 9 bis 12 Uhr"
    settings.LOTSE_ACCESSIBILITY_EMAIL = "barrierefreiheit@kreis.test"


def test_footer_offers_office_phone_with_click_to_call_and_hours(db, client):
    response = client.get(reverse("directory:home"))

    footer = response.text[response.text.index("<footer") :]
    assert (
        'Sie können uns auch anrufen: <a href="tel:023611234567">02361 123 45 67</a>, '
        "Montag bis Freitag 9 bis 12 Uhr." in footer
    )


def test_footer_links_to_easy_language_statement_and_barrier_report(db, client):
    response = client.get(reverse("directory:home"))

    footer = response.text[response.text.index("<footer") :]
    assert f'href="{reverse("easy_language")}">Leichte Sprache</a>' in footer
    assert (
        f'href="{reverse("accessibility_statement")}">Erklärung zur Barrierefreiheit</a>' in footer
    )
    assert f'href="{reverse("barrier_report")}?seite=/">Barriere melden</a>' in footer


def test_header_links_to_easy_language(db, client):
    response = client.get(reverse("directory:home"))

    header = response.text[response.text.index("<header") : response.text.index("</header>")]
    assert f'href="{reverse("easy_language")}">Leichte Sprache</a>' in header


@pytest.mark.parametrize(
    "url_name, heading",
    [
        ("easy_language", "Informationen in Leichter Sprache"),
        ("accessibility_statement", "Erklärung zur Barrierefreiheit"),
        ("barrier_report", "Barriere melden"),
        ("barrier_report_thanks", "Ihre Meldung ist angekommen"),
    ],
)
def test_page_answers_with_its_heading(db, client, url_name, heading):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.text


def test_easy_language_page_opens_with_the_legal_notice(db, client):
    response = client.get(reverse("easy_language"))

    main = _main(response.text)
    first_paragraph = re.search(r"<p[^>]*>(.*?)</p>", main, re.S)
    assert first_paragraph is not None
    text = re.sub(r"\s*<br>\s*", " ", first_paragraph.group(1)).strip()
    assert text == (
        "Dieser Text ist in Leichter Sprache. Nur der Text in Alltags-Sprache ist rechtlich gültig."
    )
    assert main.index("</h1>") < main.index(first_paragraph.group(0))
    assert main.count("<h1>") == 1


def test_accessibility_statement_says_partly_compliant_and_how_to_get_an_answer(db, client):
    response = client.get(reverse("accessibility_statement"))

    assert "teilweise vereinbar" in response.text
    assert "Wir antworten innerhalb eines Monats." in response.text
    assert 'href="mailto:barrierefreiheit@kreis.test"' in response.text
    assert f'href="{reverse("barrier_report")}"' in response.text
    assert "Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz" in response.text


def test_barrier_form_prefills_the_page_it_was_reported_from(db, client):
    response = client.get(reverse("barrier_report"), {"seite": "/suche/?q=Einkaufen"})

    assert 'value="/suche/?q=Einkaufen"' in response.text


@pytest.mark.parametrize("seite", ["https://example.com/", "//example.com/", "Rufen Sie 0900 an"])
def test_barrier_form_prefills_only_paths_of_this_site(db, client, seite):
    response = client.get(reverse("barrier_report"), {"seite": seite})

    assert 'name="page" value=' not in response.text


def test_barrier_form_follows_the_form_rules_of_the_ui_guide(db, client):
    response = client.get(reverse("barrier_report"))

    html = response.text
    assert '<form method="post" novalidate>' in html
    assert "placeholder" not in html
    assert "maxlength" not in html
    assert "Ihre Telefonnummer (freiwillig)" in html
    assert 'type="tel"' in html and 'autocomplete="tel"' in html
    assert 'autocomplete="email"' in html


def test_empty_barrier_report_shows_the_errors_and_stores_nothing(db, client, mailoutbox):
    response = client.post(reverse("barrier_report"), {"page": "/suche/", "name": "Erna"})

    assert response.status_code == 200
    assert re.search(r"<title>Fehler: Barriere melden", response.text)
    assert "<h2>Es gibt ein Problem</h2>" in response.text
    assert '<a href="#id_message">Beschreiben Sie das Problem</a>' in response.text
    assert '<span class="visually-hidden">Fehler:</span> Beschreiben Sie das Problem' in (
        response.text
    )
    assert 'value="Erna"' in response.text and 'value="/suche/"' in response.text
    assert BarrierReport.objects.count() == 0
    assert mailoutbox == []


def test_barrier_report_asks_for_a_phone_number_in_digits(db, client):
    response = client.post(reverse("barrier_report"), {**VALID_REPORT, "phone": "ruf mich an"})

    assert response.status_code == 200
    assert "Geben Sie die Telefonnummer in Ziffern ein" in response.text
    assert BarrierReport.objects.count() == 0


def test_barrier_report_is_stored_mailed_and_redirected(
    db, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("barrier_report"), VALID_REPORT)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('barrier_report_thanks')}?antwort=ja"
    report = BarrierReport.objects.get()
    assert report.message == VALID_REPORT["message"]
    assert report.phone == "02361 / 98 76 54"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["barrierefreiheit@kreis.test"]
    assert VALID_REPORT["message"] in mailoutbox[0].body
    assert "erna@beispiel.de" in mailoutbox[0].body


def test_thanks_page_promises_an_answer_within_a_month_when_contact_was_given(db, client):
    response = client.get(reverse("barrier_report_thanks"), {"antwort": "ja"})

    assert "Vielen Dank. Wir antworten Ihnen innerhalb eines Monats." in response.text


def test_report_without_contact_data_is_thanked_without_promising_an_answer(
    db, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("barrier_report"), {"message": "Die Schrift ist zu klein."}, follow=True
        )

    assert response.redirect_chain == [(reverse("barrier_report_thanks"), 302)]
    assert "Wir antworten Ihnen innerhalb eines Monats" not in response.text
    assert "Darum können wir Ihnen nicht antworten." in response.text
    assert BarrierReport.objects.count() == 1


def test_honeypot_filled_in_stores_and_sends_nothing_but_looks_normal(
    db, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("barrier_report"), {**VALID_REPORT, "website": "https://spam.example"}
        )

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('barrier_report_thanks')}?antwort=ja"
    assert BarrierReport.objects.count() == 0
    assert mailoutbox == []


def test_honeypot_is_hidden_from_people_and_screen_readers(db, client):
    response = client.get(reverse("barrier_report"))

    assert re.search(
        r'<div class="honeypot" hidden aria-hidden="true">\s*<label for="id_website">',
        response.text,
    )
    assert 'name="website" tabindex="-1" autocomplete="off"' in response.text


def test_barrier_report_create_keeps_a_double_submission_once(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = barrier_report_create(**VALID_REPORT)

    with django_capture_on_commit_callbacks(execute=True):
        second = barrier_report_create(**VALID_REPORT)

    assert second == first
    assert BarrierReport.objects.count() == 1
    assert len(mailoutbox) == 1


def test_barrier_report_mail_is_german_whatever_the_resident_reads(
    db, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.cookies["django_language"] = "en"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("barrier_report"), VALID_REPORT)

    assert mailoutbox[0].subject.startswith("Barriere gemeldet")
    assert "Bitte antworten Sie innerhalb eines Monats" in mailoutbox[0].body
