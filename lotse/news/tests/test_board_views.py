"""The noticeboard's pages: the public board with its rules, filtered by quarter (the chosen
quarter's cookie too) and kind; one post; answering and reporting without an account (throttled,
honeypot); a resident's form (logged in by e-mail code first); Mein Konto's section with
"Verlängern" and "Zurückziehen"; the office's queue and check; the outsider's 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.core.models import Area
from lotse.news.models import BoardPost, BoardReply, BoardReport
from lotse.news.tests.board_fixtures import new_board_post
from lotse.notifications.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_board_post(quarter, resident):
    """A post in Altstadt by the resident persona (see board_fixtures.new_board_post)."""
    return lambda **fields: new_board_post(**{"quarter": quarter, "author": resident, **fields})


Status = BoardPost.Status
RULES = "Nur Nachbarschaftshilfe, nichts Gewerbliches."


@pytest.fixture
def neustadt(quarter) -> Area:
    return Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region_id=quarter.region_id,
    )


def test_the_board_shows_its_rules_and_visible_posts_only(client, make_board_post):
    make_board_post(status=Status.PUBLISHED, title="Sichtbar", kind="offer")
    make_board_post(status=Status.PUBLISHED, title="Gesucht", kind="seek")
    make_board_post(title="Wartet")
    make_board_post(
        status=Status.PUBLISHED,
        title="Vorbei",
        expires_on=timezone.localdate() - dt.timedelta(days=1),
    )

    text = client.get(reverse("board:list")).content.decode()

    assert RULES in text
    assert "Nach vier Wochen verschwindet er, Sie können ihn verlängern." in text
    assert "Sichtbar" in text and "Gesucht" in text
    assert "Wartet" not in text and "Vorbei" not in text
    assert "bewohner@test.de" not in text
    assert text.index("Sichtbar") < text.index("Gesucht")  # Biete first


def test_the_board_filters_by_quarter_cookie_and_kind(client, make_board_post, neustadt):
    make_board_post(status=Status.PUBLISHED, title="In Altstadt", kind="offer")
    make_board_post(status=Status.PUBLISHED, title="In Neustadt", kind="seek", area=neustadt)

    client.cookies["quartier"] = "neustadt"
    by_cookie = client.get(reverse("board:list")).content.decode()
    offers = client.get(
        reverse("board:list"), {"quartier": "altstadt", "art": "biete"}
    ).content.decode()
    seeks = client.get(
        reverse("board:list"), {"quartier": "altstadt", "art": "suche"}
    ).content.decode()

    assert "In Neustadt" in by_cookie and "In Altstadt" not in by_cookie
    assert "In Altstadt" in offers
    assert "In Altstadt" not in seeks and "Im Moment sucht hier niemand etwas." in seeks


def test_odd_filters_are_no_error(client, make_board_post):
    for query in ({"quartier": "x" * 300}, {"art": "verkaufe"}, {"quartier": "altstadt\x7f"}):
        assert client.get(reverse("board:list"), query).status_code == 200


def test_a_post_shows_no_address_and_offers_answering_and_reporting(client, make_board_post):
    post = make_board_post(status=Status.PUBLISHED)

    text = client.get(reverse("board:detail", args=[post.id])).content.decode()

    assert "Begleitung zum Spaziergang" in text and "Frau K." in text
    assert "bewohner@test.de" not in text
    assert reverse("board:reply", args=[post.id]) in text
    assert reverse("board:report", args=[post.id]) in text


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.REJECTED, Status.EXPIRED])
def test_a_post_that_is_not_visible_is_not_found(client, make_board_post, status):
    post = make_board_post(status=status)

    for name in ("board:detail", "board:reply", "board:report"):
        assert client.get(reverse(name, args=[post.id])).status_code == 404


def _reply_form(**fields) -> dict:
    return {
        "sender_name": "Hans Nachbar",
        "sender_email": "hans@example.org",
        "sender_phone": "",
        "text": "Ich komme gern mit.",
        "website": "",
        **fields,
    }


def test_a_neighbour_answers_and_reads_that_the_message_is_passed_on(client, make_board_post):
    post = make_board_post(status=Status.PUBLISHED)

    response = client.post(reverse("board:reply", args=[post.id]), _reply_form(), follow=True)

    text = response.content.decode()
    assert "Ihre Nachricht wird weitergegeben." in text
    assert "bewohner@test.de" not in text
    assert BoardReply.objects.get().status == BoardReply.Status.RELAYED
    assert Message.objects.get(template="news/board_reply").recipient == "bewohner@test.de"


def test_an_answer_without_a_way_back_comes_back_with_the_error(client, make_board_post):
    post = make_board_post(status=Status.PUBLISHED)

    response = client.post(
        reverse("board:reply", args=[post.id]), _reply_form(sender_email="", sender_phone="")
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler:" in text
    assert "Geben Sie Ihre E-Mail-Adresse oder Ihre Telefonnummer ein" in text
    assert not BoardReply.objects.exists()


def test_answers_are_throttled_and_the_honeypot_stores_nothing(client, make_board_post):
    post = make_board_post(status=Status.PUBLISHED)
    url = reverse("board:reply", args=[post.id])

    bot = client.post(url, _reply_form(website="http://spam"))
    answers = [client.post(url, _reply_form()).status_code for _ in range(6)]

    assert (
        bot.status_code == 200
        and "Wir konnten Ihre Angaben gerade nicht annehmen" in bot.content.decode()
    )
    assert answers == [302, 302, 302, 302, 302, 429]
    assert BoardReply.objects.count() == 5


def test_a_report_goes_to_the_office_queue_first(client, make_board_post, office_staff, with_totp):
    post = make_board_post(status=Status.PUBLISHED, title="Verkaufe Staubsauger")
    make_board_post(title="Wartet auf Prüfung")

    client.post(
        reverse("board:report", args=[post.id]), {"reason": "Das ist Werbung.", "website": ""}
    )
    with_totp(office_staff)
    client.force_login(office_staff)
    text = client.get(reverse("board:queue")).content.decode()

    assert BoardReport.objects.get().reason == "Das ist Werbung."
    assert text.index("Verkaufe Staubsauger") < text.index("Wartet auf Prüfung")
    assert "„Das ist Werbung.“" in text


def test_an_empty_report_comes_back_with_the_error(client, make_board_post):
    post = make_board_post(status=Status.PUBLISHED)

    response = client.post(reverse("board:report", args=[post.id]), {"reason": "", "website": ""})

    assert "Schreiben Sie, was mit dem Eintrag nicht stimmt" in response.content.decode()
    assert not BoardReport.objects.exists()


# --- residents ------------------------------------------------------------------------------


def test_anonymous_visitors_log_in_by_code_before_writing(client):
    response = client.get(reverse("board:new"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_request_login_code"))


def test_a_resident_writes_a_post_with_the_accounts_address_prefilled(client, resident, quarter):
    client.force_login(resident)
    client.cookies["quartier"] = "altstadt"

    form = client.get(reverse("board:new")).content.decode()
    response = client.post(
        reverse("board:new"),
        {
            "kind": "offer",
            "area": quarter.pk,
            "title": "Ich lese gern vor",
            "body": "Dienstags nachmittags komme ich gern zum Vorlesen.",
            "display_name": "Frau B.",
            "contact_email": "bewohner@test.de",
        },
    )

    assert 'value="bewohner@test.de"' in form
    assert f'<option value="{quarter.pk}" selected>' in form
    assert response.status_code == 302
    post = BoardPost.objects.get()
    assert (post.status, post.author) == (Status.SUBMITTED, resident)


def test_a_phone_number_in_the_text_comes_back_as_a_german_error(client, resident, quarter):
    client.force_login(resident)

    response = client.post(
        reverse("board:new"),
        {
            "kind": "seek",
            "area": quarter.pk,
            "title": "Hilfe beim Einkaufen",
            "body": "Bitte rufen Sie mich an: 0561 1234567",
            "display_name": "Frau K.",
            "contact_email": "bewohner@test.de",
        },
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Bitte schreiben Sie keine Telefonnummer in den Text." in text
    assert "Bitte rufen Sie mich an: 0561 1234567" in text  # the value is kept
    assert not BoardPost.objects.exists()


def test_mein_konto_lists_own_posts_with_renew_and_withdraw(client, resident, make_board_post):
    make_board_post(title="Wartet noch")
    ending = make_board_post(
        status=Status.PUBLISHED,
        title="Läuft bald ab",
        expires_on=timezone.localdate() + dt.timedelta(days=2),
    )
    make_board_post(status=Status.REJECTED, title="Abgelehnt", review_note="Gewerblich.")
    client.force_login(resident)

    text = client.get(reverse("accounts:overview")).content.decode()
    client.post(reverse("board:renew", args=[ending.id]))

    assert "Meine Pinnwand-Einträge" in text
    assert "Wartet noch" in text and "Abgelehnt" in text and "Grund: Gewerblich." in text
    assert text.count(">Verlängern<") == 1
    assert text.count(">Zurückziehen<") == 2
    ending.refresh_from_db()
    assert ending.expires_on == timezone.localdate() + dt.timedelta(days=30)


def test_only_the_author_renews_or_withdraws(client, relative, make_board_post):
    post = make_board_post(status=Status.PUBLISHED)
    client.force_login(relative)

    assert client.get(reverse("board:withdraw", args=[post.id])).status_code == 404
    assert client.post(reverse("board:withdraw", args=[post.id])).status_code == 404
    assert client.post(reverse("board:renew", args=[post.id])).status_code == 404
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED


def test_withdrawing_asks_first(client, resident, make_board_post):
    post = make_board_post(status=Status.PUBLISHED)
    client.force_login(resident)

    asked = client.get(reverse("board:withdraw", args=[post.id])).content.decode()
    client.post(reverse("board:withdraw", args=[post.id]))

    assert "Möchten Sie „Begleitung zum Spaziergang“ zurückziehen?" in asked
    post.refresh_from_db()
    assert post.status == Status.WITHDRAWN


# --- the office -----------------------------------------------------------------------------


@pytest.fixture
def office_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


def test_the_office_publishes_from_the_queue(office_client, make_board_post):
    post = make_board_post(title="Bitte prüfen")

    queue = office_client.get(reverse("board:queue")).content.decode()
    response = office_client.post(reverse("board:publish", args=[post.id]))

    assert "Bitte prüfen" in queue
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED


def test_rejecting_without_a_reason_comes_back_with_the_error(office_client, make_board_post):
    post = make_board_post()

    response = office_client.post(reverse("board:reject", args=[post.id]), {"reason": ""})
    office_client.post(reverse("board:reject", args=[post.id]), {"reason": "Werbung."})

    assert "Schreiben Sie eine Begründung" in response.content.decode()
    post.refresh_from_db()
    assert (post.status, post.review_note) == (Status.REJECTED, "Werbung.")


def test_removing_and_dismissing_reports(office_client, make_board_post, client):
    kept = make_board_post(status=Status.PUBLISHED, title="Bleibt")
    gone = make_board_post(status=Status.PUBLISHED, title="Muss weg")
    for post in (kept, gone):
        BoardReport.objects.create(post=post, region_id=post.region_id, reason="Passt nicht")

    office_client.post(reverse("board:reports_dismiss", args=[kept.id]))
    office_client.post(reverse("board:remove", args=[gone.id]), {"reason": "Gewerblich."})

    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.status == Status.PUBLISHED and not kept.reports.filter(handled_at=None).exists()
    assert gone.status == Status.REMOVED


def test_the_office_passes_on_an_answer_for_someone_without_email(office_client, make_board_post):
    post = make_board_post(
        status=Status.PUBLISHED, author=None, contact_email="", display_name="Herr O."
    )
    reply = BoardReply.objects.create(
        post=post,
        region_id=post.region_id,
        sender_name="Hans",
        sender_phone="0561 1",
        text="Gern!",
        status=BoardReply.Status.FOR_OFFICE,
    )

    queue = office_client.get(reverse("board:queue")).content.decode()
    bad = office_client.post(reverse("board:passed_on", args=[post.id]), {"antwort": "kaputt"})
    office_client.post(reverse("board:passed_on", args=[post.id]), {"antwort": str(reply.id)})

    assert "Weitergeben an: Herr O." in queue and "0561 1" in queue
    assert bad.status_code == 302
    reply.refresh_from_db()
    assert reply.status == BoardReply.Status.DONE


def test_staff_write_a_post_for_a_person_found_by_name(office_client, erna, quarter):
    found = office_client.get(reverse("board:staff_new"), {"q": "Müller"}).content.decode()
    response = office_client.post(
        reverse("board:staff_new"),
        {
            "q": "Müller",
            "person": str(erna.pk),
            "kind": "seek",
            "area": quarter.pk,
            "title": "Wer liest mir vor?",
            "body": "Ich sehe schlecht und freue mich über Besuch zum Vorlesen.",
            "display_name": "Frau M.",
        },
    )

    assert "Erna Müller" in found
    assert response.status_code == 302
    post = BoardPost.objects.get()
    assert (post.person, post.contact_email, post.status) == (erna, "", Status.SUBMITTED)


def test_the_outsider_finds_no_post_of_another_region(client, outsider, with_totp, make_board_post):
    post = make_board_post()
    with_totp(outsider)
    client.force_login(outsider)

    assert client.get(reverse("board:review", args=[post.id])).status_code == 404
    for name in ("board:publish", "board:reports_dismiss", "board:passed_on"):
        assert client.post(reverse(name, args=[post.id])).status_code == 404
    assert client.post(reverse("board:reject", args=[post.id]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("board:queue")).status_code == 403
    post.refresh_from_db()
    assert post.status == Status.SUBMITTED


def test_residents_and_provider_staff_have_no_queue(client, resident, provider_staff, with_totp):
    client.force_login(resident)
    assert client.get(reverse("board:queue")).status_code == 403
    with_totp(provider_staff)
    client.force_login(provider_staff)
    assert client.get(reverse("board:queue")).status_code == 403
    assert client.get(reverse("board:staff_new")).status_code == 403
