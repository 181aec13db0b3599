import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lotse.core.models import AuditEntry
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
