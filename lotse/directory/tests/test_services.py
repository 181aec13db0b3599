import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotse.core.models import AuditEntry
from lotse.directory.selectors import SearchFilters, offer_search
from lotse.directory.services import offer_archive, offer_create, offer_update


def test_offer_create_records_audit_and_verification(provider_staff, provider_org):
    offer = offer_create(
        actor=provider_staff,
        organisation=provider_org,
        data={"name": "Chor", "description": "Singen."},
    )

    assert offer.last_verified_by == provider_staff
    assert AuditEntry.objects.filter(verb="offer.created", target_id=str(offer.id)).exists()


def test_offer_create_warns_about_duplicate_name(provider_staff, provider_org):
    data = {"name": "Chor", "description": "Singen."}
    offer_create(actor=provider_staff, organisation=provider_org, data=data)

    with pytest.raises(ValidationError) as exc:
        offer_create(
            actor=provider_staff, organisation=provider_org, data={**data, "name": " chor"}
        )

    assert "schon ein Angebot" in str(exc.value)


def test_offer_create_rejects_missing_description_in_german(provider_staff, provider_org):
    with pytest.raises(ValidationError):
        offer_create(actor=provider_staff, organisation=provider_org, data={"name": "Chor"})


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("provider_staff", True), ("office_staff", True), ("resident", False), ("outsider", False)],
)
def test_offer_update_permission_by_persona(request, make_offer, persona, allowed):
    offer = make_offer("Chor")
    actor = request.getfixturevalue(persona)

    if allowed:
        offer_update(actor=actor, service=offer, data={"name": "Chor am Abend"})
        offer.refresh_from_db()
        assert offer.name == "Chor am Abend"
    else:
        with pytest.raises(PermissionDenied):
            offer_update(actor=actor, service=offer, data={"name": "Chor am Abend"})


def test_offer_archive_twice_is_refused(make_offer, provider_staff):
    offer = make_offer("Chor")
    offer_archive(actor=provider_staff, service=offer)

    with pytest.raises(ValidationError):
        offer_archive(actor=provider_staff, service=offer)


def test_offer_update_sets_topics_languages_and_phone(make_offer, provider_staff, topic):
    offer = make_offer("Chor")

    offer_update(
        actor=provider_staff,
        service=offer,
        data={"terms": [topic], "languages": ["de", "tr"], "phone": "0209 55 66"},
    )

    assert list(offer.terms.all()) == [topic]
    assert sorted(offer.languages.values_list("code", flat=True)) == ["de", "tr"]
    assert offer.phones.get().number == "0209 55 66"
    entry = AuditEntry.objects.get(verb="offer.updated", target_id=str(offer.id))
    assert entry.note == "terms, languages, phone"
    found = offer_search(filters=SearchFilters(language="tr", topic=topic.code), now=timezone.now())
    assert [s.name for s in found.page] == ["Chor"]


def test_offer_update_rejects_unknown_language_and_keeps_data(make_offer, provider_staff):
    offer = make_offer("Chor")

    with pytest.raises(ValidationError):
        offer_update(actor=provider_staff, service=offer, data={"languages": ["xx"]})

    assert not offer.languages.exists()
