"""The barrier report form takes so many reports per address, like the other public forms; each
report is e-mailed at once, so without a limit one address could flood the inbox."""

from django.urls import reverse

from lotse.core.models import BarrierReport
from lotse.core.views import REPORT_TRIES

REPORT = {"page": "/suche/", "message": "Die Karte lässt sich nicht bedienen."}


def _report(number: int) -> dict[str, str]:
    # Each a different report: the service stores a repeated identical one only once.
    return {**REPORT, "message": f"{REPORT['message']} ({number})"}


def _send(client, data=REPORT, address="192.0.2.1"):
    return client.post(reverse("barrier_report"), data, REMOTE_ADDR=address)


def test_eight_reports_from_one_address_store_and_mail_only_the_allowed_ones(
    db, client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_send(client, _report(number)).status_code for number in range(8)]

    assert answers == [302] * REPORT_TRIES + [429] * (8 - REPORT_TRIES)
    assert BarrierReport.objects.count() == REPORT_TRIES
    assert len(mailoutbox) == REPORT_TRIES


def test_the_refusal_is_a_kind_german_form_error_that_keeps_the_text(db, client, settings):
    settings.LOTSE_CONTACT_PHONE = "02361 555 00"
    for number in range(REPORT_TRIES):
        _send(client, _report(number))

    response = _send(client)

    assert response.status_code == 429
    assert "Bitte versuchen Sie es in 10 Minuten noch einmal" in response.text
    assert "02361 555 00" in response.text
    assert REPORT["message"] in response.text


def test_another_address_may_still_report(db, client):
    for number in range(REPORT_TRIES + 1):
        _send(client, _report(number))

    assert _send(client, address="192.0.2.99").status_code == 302


def test_mistakes_and_the_honeypot_cost_no_try(db, client):
    for _ in range(REPORT_TRIES):
        _send(client, {"page": "/suche/"})  # no message: an error on the form
        _send(client, {**REPORT, "website": "https://spam.example"})

    answers = [_send(client, _report(number)).status_code for number in range(REPORT_TRIES)]

    assert answers == [302] * REPORT_TRIES
    assert BarrierReport.objects.count() == REPORT_TRIES
