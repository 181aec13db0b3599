import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError

from lotse.compliance import erasure
from lotse.compliance.erasure import erasure_plan, person_anonymise, undeclared_person_models
from lotse.core.models import AuditEntry
from lotse.people.models import Consent, ContactChannel, Person, PersonCorrection, Proxy
from lotse.people.services import consent_withdraw, person_update


def _reload(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def test_every_model_pointing_to_person_declares_what_erasure_does():
    # A new model with a foreign key to Person must set PERSON_ERASURE = "keep" or "delete"
    # (see lotse/compliance/erasure.py), or the people app's handling must be added there.

    assert undeclared_person_models() == []


def test_anonymise_removes_identity_and_keeps_what_statistics_count(manager, erna, quarter):
    person = person_anonymise(actor=manager, person=erna, reason="Antrag vom 3. März").person

    person = _reload(person)
    assert (person.given_name, person.family_name) == ("", "Anonymisiert")
    assert person.birth_year == 1935
    assert person.birth_date is None
    for name in ("phone", "email", "street", "postcode", "city"):
        assert getattr(person, name) == "", name
    assert (person.hearing_note, person.sight_note, person.mobility_note) == ("", "", "")
    assert (person.search_name, person.search_phone, person.search_street) == ("", "", "")
    assert person.contact_channel == ContactChannel.NONE
    assert person.anonymised_at is not None
    assert person.quarter == quarter
    assert person.languages == ["de", "tr"]
    assert person.organisation_id == erna.organisation_id


@pytest.mark.parametrize(("year", "band"), [(1938, 1935), (1935, 1935), (1940, 1940), (1944, 1940)])
def test_birth_year_is_coarsened_to_the_start_of_its_five_year_band(
    manager, office_staff, erna, year, band
):
    Person.objects.filter(pk=erna.pk).update(birth_year=year)

    person_anonymise(actor=manager, person=_reload(erna), reason="Antrag")

    assert _reload(erna).birth_year == band


def test_anonymise_withdraws_active_consents_and_clears_all_evidence(
    manager, office_staff, erna, erna_consent
):
    old = consent_withdraw(
        actor=office_staff,
        consent=Consent.objects.create(
            person=erna,
            region_id=erna.region_id,
            purpose=Consent.Purpose.PHOTOS,
            given_how=Consent.GivenHow.WRITTEN,
            recorded_by=office_staff,
            evidence_note="Unterschrift von Erna Müller",
        ),
    )

    person_anonymise(actor=manager, person=erna, reason="Antrag")

    active = Consent.objects.get(pk=erna_consent.pk)
    assert active.withdrawn_at is not None
    assert active.withdrawn_by == manager
    assert active.evidence_note == ""
    earlier = Consent.objects.get(pk=old.pk)
    assert (earlier.withdrawn_at, earlier.withdrawn_by) == (old.withdrawn_at, office_staff)
    assert earlier.evidence_note == ""
    # The rows stay: how many consents were given is a statistic.
    assert Consent.objects.filter(person=erna).count() == 2


def test_anonymise_ends_and_clears_proxies(manager, erna, erna_proxy):
    person_anonymise(actor=manager, person=erna, reason="Antrag")

    proxy = Proxy.objects.get(pk=erna_proxy.pk)
    assert proxy.name == "Anonymisiert"
    assert (proxy.relationship, proxy.phone, proxy.email, proxy.address) == ("", "", "", "")
    assert proxy.evidence_note == ""
    assert proxy.ended_at is not None
    assert proxy.ended_by == manager
    assert proxy.kind == Proxy.Kind.RELATIVE


def test_anonymise_deletes_the_correction_history(manager, office_staff, erna):
    person_update(actor=office_staff, person=erna, data={"phone": "0561 55 55"}, reason="neu")
    assert PersonCorrection.objects.filter(person=erna).count() == 1

    result = person_anonymise(actor=manager, person=erna, reason="Antrag")

    assert not PersonCorrection.objects.filter(person=erna).exists()
    assert result.counts["people.PersonCorrection"] == 1


def test_anonymise_is_audited_without_identity(manager, erna, erna_consent):
    person_anonymise(
        actor=manager,
        person=erna,
        reason="Frau erna MÜLLER hat am Telefon (0561 / 12 34 56) gebeten",
    )

    entry = AuditEntry.objects.get(verb="person.anonymised")
    assert (entry.actor, entry.target_id) == (manager, str(erna.pk))
    assert entry.purpose == "Löschung nach Art. 17 DSGVO"
    assert "people.Consent=1" in entry.note
    assert "hat am Telefon" in entry.note
    for identity in ("erna", "Erna", "MÜLLER", "Müller", "Hauptstraße", "123456"):
        assert identity not in entry.note


def test_second_anonymisation_changes_nothing_and_says_so(manager, erna):
    person_anonymise(actor=manager, person=erna, reason="Antrag")
    first = _reload(erna)

    result = person_anonymise(actor=manager, person=first, reason="nochmal")

    assert result.already_anonymised is True
    assert _reload(erna).anonymised_at == first.anonymised_at
    assert AuditEntry.objects.filter(verb="person.anonymised").count() == 1


def test_office_administrator_may_anonymise(office_admin, erna):
    result = person_anonymise(actor=office_admin, person=erna, reason="Antrag")

    assert result.already_anonymised is False


@pytest.mark.parametrize(
    "persona", ["office_staff", "care_navigator", "researcher", "administrator", "outsider"]
)
def test_anonymise_refuses_everyone_else_and_changes_nothing(request, erna, persona):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        person_anonymise(actor=actor, person=erna, reason="Antrag")

    assert _reload(erna).family_name == "Müller"
    assert not AuditEntry.objects.filter(verb="person.anonymised").exists()


def test_anonymise_refuses_anonymous(erna):
    with pytest.raises(PermissionDenied):
        person_anonymise(actor=None, person=erna, reason="Antrag")


def test_anonymise_needs_a_reason(manager, erna):
    with pytest.raises(ValidationError) as exc:
        person_anonymise(actor=manager, person=erna, reason="  ")

    assert exc.value.message_dict == {"reason": ["Geben Sie den Grund für die Löschung ein"]}
    assert _reload(erna).anonymised_at is None


def test_anonymise_refuses_while_a_model_has_not_declared_its_erasure(
    monkeypatch, manager, erna, erna_proxy
):
    monkeypatch.delitem(erasure.BUILT_IN, Proxy._meta.label)

    with pytest.raises(ImproperlyConfigured, match="people.Proxy"):
        person_anonymise(actor=manager, person=erna, reason="Antrag")

    assert undeclared_person_models() == ["people.Proxy"]
    assert _reload(erna).anonymised_at is None


def test_records_declared_delete_are_deleted(monkeypatch, manager, erna, erna_proxy):
    # Proxy stands in for a model of another app that declares "delete".
    monkeypatch.delitem(erasure.BUILT_IN, Proxy._meta.label)
    monkeypatch.setattr(Proxy, "PERSON_ERASURE", "delete", raising=False)

    result = person_anonymise(actor=manager, person=erna, reason="Antrag")

    assert not Proxy.objects.filter(person=erna).exists()
    assert result.counts["people.Proxy"] == 1


def test_records_declared_keep_stay_and_lose_their_free_text(
    monkeypatch, manager, erna, erna_consent
):
    def erase_personal_text(self):
        self.evidence_note = ""
        return ["evidence_note"]

    monkeypatch.delitem(erasure.BUILT_IN, Consent._meta.label)
    monkeypatch.setattr(Consent, "PERSON_ERASURE", "keep", raising=False)
    monkeypatch.setattr(Consent, "erase_personal_text", erase_personal_text, raising=False)

    result = person_anonymise(actor=manager, person=erna, reason="Antrag")

    consent = Consent.objects.get(pk=erna_consent.pk)
    assert consent.evidence_note == ""
    assert consent.withdrawn_at is None  # only the protocol ran, not the consent handling
    assert result.counts["people.Consent"] == 1


def test_erasure_plan_counts_what_will_happen(erna, erna_consent, erna_proxy):
    plan = {line.label: line for line in erasure_plan(person=erna)}

    assert plan["Einwilligungen"].count == 1
    assert "widerrufen" in plan["Einwilligungen"].action
    assert plan["Vertretungen"].count == 1
    assert plan["Änderungen"].count == 0


def test_anonymise_deletes_the_persons_outbox_messages(manager, erna, erna_consent):
    # The outbox points to Person without a reverse name (related_name="+"): erasure must
    # find it all the same, and a letter still waiting must not reach an anonymised person.
    from lotse.notifications.models import Message

    Message.objects.create(
        person=erna,
        organisation_id=erna.organisation_id,
        region_id=erna.region_id,
        channel=Message.Channel.LETTER,
        status=Message.Status.WAITING,
        template="generic",
        recipient="Erna Müller, Marktstraße 1",
        subject="Einladung",
        body="Liebe Frau Müller",
    )

    person_anonymise(actor=manager, person=erna, reason="Antrag")

    assert not Message.objects.filter(person=erna).exists()
