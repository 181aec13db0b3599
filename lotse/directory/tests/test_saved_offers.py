"""The Merkliste: "Merken" on the offer page (a POST form for logged-in visitors; anonymous
visitors log in with an e-mail code first and then confirm), taken off again from the offer
page or "Mein Konto"."""

import pytest
from django.core.exceptions import ValidationError

from lotse.directory import services
from lotse.directory.models import SavedService


def _urls(offer) -> tuple[str, str, str]:
    return (
        f"/angebot/{offer.id}/",
        f"/angebot/{offer.id}/merken/",
        f"/angebot/{offer.id}/nicht-mehr-merken/",
    )


def test_a_logged_in_resident_saves_an_offer_from_its_page(client, resident, make_offer):
    offer = make_offer("Mittagstisch")
    page, save, unsave = _urls(offer)
    client.force_login(resident)

    before = client.get(page).text
    response = client.post(save)
    after = client.get(page).text

    assert f'<form method="post" action="{save}">' in before
    assert response.status_code == 302 and response["Location"] == page
    assert list(SavedService.objects.values_list("user", "service")) == [(resident.pk, offer.pk)]
    assert "„Mittagstisch“ steht jetzt auf Ihrer Merkliste." in after
    assert f'<form method="post" action="{unsave}">' in after
    assert "Dieses Angebot steht auf Ihrer Merkliste." in after


def test_saving_twice_keeps_the_offer_once(client, resident, make_offer):
    offer = make_offer("Mittagstisch")
    client.force_login(resident)

    client.post(_urls(offer)[1])
    client.post(_urls(offer)[1])

    assert SavedService.objects.count() == 1


def test_anonymous_visitors_get_a_link_that_asks_them_to_log_in_first(client, make_offer):
    offer = make_offer("Mittagstisch")
    page, save, _unsave = _urls(offer)

    text = client.get(page).text
    asked = client.get(save)
    posted = client.post(save)

    # A link, no form: the public page is the same for everyone (and cached).
    assert f'<a class="button button-quiet" href="{save}">Merken</a>' in text
    assert "csrfmiddlewaretoken" not in text
    assert asked["Location"] == f"/konto/login/code/?next={save}"
    assert posted["Location"] == f"/konto/login/code/?next={save}"
    assert not SavedService.objects.exists()


def test_after_login_the_visitor_confirms_and_nothing_is_saved_by_a_get(
    client, resident, make_offer
):
    offer = make_offer("Mittagstisch")
    client.force_login(resident)

    confirm = client.get(_urls(offer)[1])

    assert "„Mittagstisch“ merken?" in confirm.text
    assert not SavedService.objects.exists()


def test_an_offer_comes_off_the_list_and_back_to_the_page_it_came_from(
    client, resident, make_offer
):
    offer = make_offer("Mittagstisch")
    services.saved_service_add(user=resident, service=offer)
    client.force_login(resident)

    response = client.post(_urls(offer)[2], {"zurueck": "/konto/#merkliste"})
    elsewhere = client.post(_urls(offer)[2], {"zurueck": "https://example.org/"})

    assert response["Location"] == "/konto/#merkliste"
    assert elsewhere["Location"] == "/konto/"  # never to another site
    assert not SavedService.objects.exists()


def test_one_account_cannot_take_anothers_entry_off(client, resident, relative, make_offer):
    offer = make_offer("Mittagstisch")
    services.saved_service_add(user=relative, service=offer)
    client.force_login(resident)

    client.post(_urls(offer)[2])

    assert SavedService.objects.filter(user=relative).count() == 1


def test_an_archived_or_unknown_offer_cannot_be_saved(client, resident, make_offer):
    offer = make_offer("Mittagstisch", status="inactive")
    client.force_login(resident)

    archived = client.post(_urls(offer)[1])
    unknown = client.post("/angebot/00000000-0000-0000-0000-000000000000/merken/")
    bad = client.post("/angebot/kein-angebot/merken/")

    assert archived.status_code == 404 and unknown.status_code == 404
    assert bad.status_code == 404
    assert not SavedService.objects.exists()


def test_the_merkliste_is_bounded(resident, make_offer, monkeypatch):
    monkeypatch.setattr(services, "SAVED_MAX", 2)
    first, second, third = (make_offer(name) for name in ("Eins", "Zwei", "Drei"))
    services.saved_service_add(user=resident, service=first)
    services.saved_service_add(user=resident, service=second)

    with pytest.raises(ValidationError, match="Ihre Merkliste ist voll"):
        services.saved_service_add(user=resident, service=third)
    # One already there is no new entry.
    services.saved_service_add(user=resident, service=first)

    assert SavedService.objects.count() == 2


def test_a_full_list_says_so_on_the_page(client, resident, make_offer, monkeypatch):
    monkeypatch.setattr(services, "SAVED_MAX", 0)
    offer = make_offer("Mittagstisch")
    client.force_login(resident)

    response = client.post(_urls(offer)[1], follow=True)

    assert "Ihre Merkliste ist voll (0 Angebote)." in response.text
    assert not SavedService.objects.exists()
