from django.urls import reverse


def test_login_page_is_german_by_default(client):
    response = client.get(reverse("accounts:login"))

    assert '<html lang="de"' in response.text
    assert "<h1>Anmelden für Mitarbeitende</h1>" in response.text


def test_login_page_is_english_when_the_browser_asks_for_english(client):
    response = client.get(reverse("accounts:login"), headers={"accept-language": "en"})

    assert response.status_code == 200
    assert '<html lang="en"' in response.text
    assert "<h1>Sign in for staff</h1>" in response.text


def test_chosen_language_is_kept_for_later_pages(client):
    response = client.get(
        reverse("display_settings"), {"sprache": "en", "zurueck": reverse("accounts:login")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert response.cookies["django_language"].value == "en"
    assert "Sign in for staff" in client.get(reverse("accounts:login")).text


def test_unknown_language_is_ignored(client):
    response = client.get(reverse("display_settings"), {"sprache": "xx"})

    assert response.status_code == 302
    assert "django_language" not in response.cookies


def test_language_switch_offers_the_other_language_and_leads_back_to_each_page(db, client):
    # The header is kept once per process (lotse_kept); each page fills in its own address.
    client.get("/suche/", {"q": "Chor"})

    html = client.get("/hilfe/", {"a": "1"}).text

    assert 'sprache=en&amp;zurueck=/hilfe/%3Fa%3D1" lang="en" hreflang="en">English</a>' in html
    assert "sprache=de" not in html
    assert "kept-hole" not in html
