"""The pages of "Aktuelles": the public list (filtered by quarter, also the chosen-quarter
cookie), one news item, the Atom feed (parsed as XML and checked against RFC 4287's required
elements), the quarter page's panel; the staff's pages and the outsider's 404."""

import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from lotse.core.models import Area
from lotse.news.models import NewsPost, PublicationRule, PublicationStatus
from lotse.news.services_posts import newspost_create, newspost_publish

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def publish(provider_staff, provider_org):
    def make(area, title="Neue Sprechzeiten", **fields) -> NewsPost:
        data = {
            "area": area,
            "title": title,
            "body": "Ab Montag von 9 bis 12 Uhr.",
            "publish_at": timezone.now() - dt.timedelta(minutes=5),
            **fields,
        }
        post = newspost_create(actor=provider_staff, organisation=provider_org, data=data)
        return newspost_publish(actor=provider_staff, post=post)

    return make


@pytest.fixture
def neustadt(quarter) -> Area:
    return Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region_id=quarter.region_id,
    )


def test_the_list_shows_current_news_newest_first(client, publish, quarter):
    publish(quarter, "Ältere Nachricht", publish_at=timezone.now() - dt.timedelta(days=1))
    publish(quarter, "Neuere Nachricht")

    response = client.get(reverse("news:list"))

    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("Neuere Nachricht") < text.index("Ältere Nachricht")
    assert 'type="application/atom+xml"' in text


def test_the_list_filters_by_quarter_and_by_the_chosen_quarter_cookie(
    client, publish, quarter, neustadt
):
    publish(quarter, "Nur Altstadt")
    publish(neustadt, "Nur Neustadt")
    publish(quarter.region, "Für den ganzen Kreis")

    by_address = client.get(reverse("news:list"), {"quartier": "neustadt"}).content.decode()
    client.cookies["quartier"] = "altstadt"
    by_cookie = client.get(reverse("news:list")).content.decode()
    everything = client.get(reverse("news:list"), {"quartier": ""}).content.decode()

    assert "Nur Neustadt" in by_address and "Nur Altstadt" not in by_address
    assert "Für den ganzen Kreis" in by_address
    assert "Nur Altstadt" in by_cookie and "Nur Neustadt" not in by_cookie
    assert "Nur Altstadt" in everything and "Nur Neustadt" in everything


def test_an_unknown_quarter_shows_all_news_and_odd_input_is_no_error(client, publish, quarter):
    publish(quarter, "Nachricht")

    for query in ({"quartier": "gibt-es-nicht"}, {"quartier": "x" * 500}, {"seite": "abc"}):
        response = client.get(reverse("news:list"), query)
        assert response.status_code == 200
        assert "Nachricht" in response.content.decode()


def test_one_news_item_with_its_easy_language_text(client, publish, quarter):
    post = publish(quarter, "Der Bus 185 fährt wieder", easy_text="Der Bus fährt wieder.")

    response = client.get(reverse("news:detail", args=[post.id]))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Der Bus 185 fährt wieder" in text and "In Leichter Sprache" in text
    assert "AWO Altstadt" in text


def test_a_draft_an_item_in_review_and_an_expired_one_are_not_found(
    client, provider_staff, provider_org, quarter, publish
):
    draft = newspost_create(
        actor=provider_staff,
        organisation=provider_org,
        data={"area": quarter, "title": "Entwurf", "body": "Text", "publish_at": timezone.now()},
    )
    expired = publish(
        quarter,
        "Vorbei",
        publish_at=timezone.now() - dt.timedelta(days=2),
        expires_at=timezone.now() - dt.timedelta(days=1),
    )
    PublicationRule.objects.create(area=quarter, review_required=True)
    waiting = publish(quarter, "Wartet")

    assert waiting.status == PublicationStatus.IN_REVIEW
    for post in (draft, expired, waiting):
        assert client.get(reverse("news:detail", args=[post.id])).status_code == 404


def _parse(response) -> ET.Element:
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def _text(element: ET.Element, path: str) -> str:
    """The text of the one element at `path` (Atom names), which must be there."""
    found = element.find("/".join(f"{ATOM}{part}" for part in path.split("/")))
    assert found is not None and found.text is not None, path
    return found.text


def _attribute(element: ET.Element, path: str, name: str) -> str:
    found = element.find(f"{ATOM}{path}")
    assert found is not None, path
    return found.get(name, "")


def test_the_atom_feed_is_valid_atom_with_the_organisation_as_author(client, publish, quarter):
    post = publish(quarter, "Neue Sprechzeiten")

    feed = _parse(client.get(reverse("news:feed")))

    # RFC 4287 4.1.1: atom:feed has exactly one id, title and updated; a self link; an author
    # in the feed or in every entry. 4.1.2: every entry has id, title, updated, a link.
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    links = {link.get("rel"): link.get("href", "") for link in feed.findall(f"{ATOM}link")}
    assert links["self"].endswith("/aktuelles/atom/")
    assert links["alternate"].endswith("/aktuelles/")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert _text(entry, "id") == post.id.urn
    assert _text(entry, "title") == "Neue Sprechzeiten"
    assert _text(entry, "author/name") == "AWO Altstadt"
    assert _attribute(entry, "link", "href").endswith(f"/aktuelles/{post.id}/")
    dt.datetime.fromisoformat(_text(entry, "updated"))
    dt.datetime.fromisoformat(_text(feed, "updated"))
    assert _attribute(entry, "content", "type") == "text"


def test_the_feed_of_a_quarter_holds_only_its_news(client, publish, quarter, neustadt):
    publish(quarter, "Altstadt-Nachricht")
    publish(neustadt, "Neustadt-Nachricht")

    feed = _parse(client.get(reverse("news:feed"), {"quartier": "neustadt"}))

    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Neustadt-Nachricht"]
    assert "Neustadt" in _text(feed, "title")
    self_links = [x.get("href", "") for x in feed.findall(f"{ATOM}link") if x.get("rel") == "self"]
    assert len(self_links) == 1 and self_links[0].endswith("?quartier=neustadt")


def test_an_empty_feed_is_still_valid_and_an_unknown_quarter_is_404(client, db):
    feed = _parse(client.get(reverse("news:feed")))

    assert feed.findall(f"{ATOM}entry") == []
    assert _text(feed, "author/name") == "Quartierslotse"
    assert client.get(reverse("news:feed"), {"quartier": "nirgends"}).status_code == 404


def test_the_quarter_page_shows_the_newest_three_news(client, publish, quarter):
    for number in range(4):
        publish(
            quarter,
            f"Nachricht {number}",
            publish_at=timezone.now() - dt.timedelta(hours=10 - number),
        )

    response = client.get(reverse("directory:quarter_home", args=["altstadt"]))

    text = response.content.decode()
    assert "Aktuelles aus Altstadt" in text
    assert all(f"Nachricht {n}" in text for n in (1, 2, 3))
    assert "Nachricht 0" not in text
    assert "/aktuelles/?quartier=altstadt" in text


def test_the_quarter_page_without_news_has_no_panel(client, quarter):
    response = client.get(reverse("directory:quarter_home", args=["altstadt"]))

    assert "Aktuelles aus Altstadt" not in response.content.decode()


# --- staff ----------------------------------------------------------------------------------


def test_staff_write_and_publish_a_news_item_from_the_form(client, provider_staff, quarter):
    client.force_login(provider_staff)

    response = client.post(
        reverse("news:staff_new"),
        {
            "area": quarter.pk,
            "title": "Sommerfest",
            "body": "Am Samstag feiern wir.",
            "easy_text": "",
            "publish_on": "",
            "expires_on": "",
            "aktion": "veroeffentlichen",
        },
    )

    assert response.status_code == 302
    post = NewsPost.objects.get()
    assert (post.title, post.status) == ("Sommerfest", PublicationStatus.PUBLISHED)
    page = client.get(reverse("news:staff_list")).content.decode()
    assert "ist veröffentlicht" in page and "Sommerfest" in page


def test_a_draft_from_the_form_and_its_dates(client, provider_staff, quarter):
    client.force_login(provider_staff)

    client.post(
        reverse("news:staff_new"),
        {
            "area": quarter.pk,
            "title": "Baustelle",
            "body": "Die Straße ist gesperrt.",
            "publish_on": "1.3.2099",
            "expires_on": "31.3.2099",
            "aktion": "entwurf",
        },
    )

    post = NewsPost.objects.get()
    assert post.status == PublicationStatus.DRAFT
    assert timezone.localtime(post.publish_at).date() == dt.date(2099, 3, 1)
    assert timezone.localtime(post.expires_at) == timezone.make_aware(dt.datetime(2099, 4, 1))


def test_the_form_comes_back_with_german_errors(client, provider_staff, quarter):
    client.force_login(provider_staff)

    response = client.post(
        reverse("news:staff_new"),
        {"area": "", "title": "", "body": "", "publish_on": "31.2.2027", "expires_on": "1.1.2000"},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler:" in text
    assert "Geben Sie eine Überschrift ein" in text
    assert "Wählen Sie, für welches Gebiet die Nachricht ist" in text
    assert NewsPost.objects.count() == 0


def test_staff_change_and_withdraw_after_asking(client, provider_staff, publish, quarter):
    post = publish(quarter, "Alt")
    client.force_login(provider_staff)

    client.post(
        reverse("news:staff_edit", args=[post.id]),
        {"area": quarter.pk, "title": "Neu", "body": "Text", "publish_on": "", "expires_on": ""},
    )
    asked = client.get(reverse("news:staff_withdraw", args=[post.id]))
    client.post(reverse("news:staff_withdraw", args=[post.id]))

    post.refresh_from_db()
    assert post.title == "Neu"
    assert "Möchten Sie die Nachricht „Neu“ zurückziehen?" in asked.content.decode()
    assert post.status == PublicationStatus.WITHDRAWN


def test_the_release_list_and_the_release(client, manager, provider_staff, quarter, publish):
    PublicationRule.objects.create(area=quarter, review_required=True)
    post = publish(quarter, "Wartet auf Freigabe")
    client.force_login(manager)

    listed = client.get(reverse("news:release_queue")).content.decode()
    response = client.post(reverse("news:release", args=[post.id]))

    post.refresh_from_db()
    assert "Wartet auf Freigabe" in listed
    assert response.status_code == 302
    assert post.status == PublicationStatus.PUBLISHED
    again = client.post(reverse("news:release", args=[post.id]), follow=True)
    assert "wartet nicht auf eine Freigabe" in again.content.decode()


def test_the_staff_list_links_the_release_list_only_for_managers(client, provider_staff, manager):
    client.force_login(provider_staff)
    assert "Nachrichten zur Freigabe" not in client.get(reverse("news:staff_list")).content.decode()
    client.force_login(manager)
    assert "Nachrichten zur Freigabe" in client.get(reverse("news:staff_list")).content.decode()


def test_the_outsider_finds_no_news_item_of_another_region(client, outsider, publish, quarter):
    post = publish(quarter)
    client.force_login(outsider)

    for name in ("news:staff_edit", "news:staff_withdraw"):
        assert client.get(reverse(name, args=[post.id])).status_code == 404
    assert client.post(reverse("news:staff_publish", args=[post.id])).status_code == 404
    assert client.post(reverse("news:release", args=[post.id])).status_code == 404
    post.refresh_from_db()
    assert post.status == PublicationStatus.PUBLISHED


def test_residents_may_not_open_the_staff_pages(client, resident):
    client.force_login(resident)

    for name in ("news:staff_list", "news:staff_new", "news:release_queue"):
        assert client.get(reverse(name)).status_code == 403


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), (30, 120, 200)).save(out, format="JPEG")
    return SimpleUploadedFile("bus.jpg", out.getvalue(), content_type="image/jpeg")


def _form(quarter, **fields) -> dict:
    return {
        "area": quarter.pk,
        "title": "Der Bus 185 fährt wieder",
        "body": "Ab Montag hält er wieder am Markt.",
        "easy_text": "",
        "publish_on": "",
        "expires_on": "",
        "aktion": "veroeffentlichen",
        **fields,
    }


def test_a_news_item_with_a_picture_and_its_description(client, provider_staff, quarter):
    client.force_login(provider_staff)

    response = client.post(
        reverse("news:staff_new"),
        _form(quarter, picture=_photo(), picture_alt="Ein blauer Bus an der Haltestelle"),
    )

    assert response.status_code == 302
    post = NewsPost.objects.get()
    assert post.picture is not None and post.picture.content_type == "image/jpeg"
    page = client.get(reverse("news:detail", args=[post.pk])).content.decode()
    picture_url = reverse("events:picture", args=[post.picture_id])
    assert f'src="{picture_url}" alt="Ein blauer Bus an der Haltestelle"' in page
    assert client.get(picture_url).status_code == 200


def test_a_picture_without_a_description_or_no_picture_at_all_is_refused(
    client, provider_staff, quarter
):
    client.force_login(provider_staff)

    missing_alt = client.post(reverse("news:staff_new"), _form(quarter, picture=_photo()))
    not_an_image = client.post(
        reverse("news:staff_new"),
        _form(
            quarter,
            picture=SimpleUploadedFile("brief.pdf", b"%PDF-1.4 nichts", "application/pdf"),
            picture_alt="Ein Brief",
        ),
    )

    assert missing_alt.status_code == not_an_image.status_code == 200
    assert "Beschreiben Sie, was auf dem Bild zu sehen ist" in missing_alt.content.decode()
    assert "kein Bild, das wir lesen können" in not_an_image.content.decode()
    assert not NewsPost.objects.exists()


def test_staff_remove_the_picture_of_a_news_item(client, provider_staff, quarter):
    client.force_login(provider_staff)
    client.post(reverse("news:staff_new"), _form(quarter, picture=_photo(), picture_alt="Bus"))
    post = NewsPost.objects.get()

    response = client.post(
        reverse("news:staff_edit", args=[post.pk]), _form(quarter, remove_picture="on")
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.picture_id, post.picture_alt) == (None, "")
