"""Helper data in the data-protection machinery: declared for the Art. 30 record, in the
Art. 15 copy, anonymised with the person (Art. 17), credentials of former helpers deleted."""

import datetime as dt

from django.utils import timezone

from lotse.compliance.erasure import person_anonymise, undeclared_person_models
from lotse.compliance.selectors_rights import subject_access_collect
from lotse.core.declarations import declarations
from lotse.volunteers.models import Credential, Helper, HelperStatusChange
from lotse.volunteers.processing import (
    former_helper_credential_apply,
    former_helper_credentials_due,
)


def test_every_volunteer_model_is_declared():
    declared = {model for activity in declarations().activities for model in activity.models}

    for name in ("Helper", "HelperAvailability", "HelperStatusChange", "Credential"):
        assert f"volunteers.{name}" in declared
    for name in ("HelpRequest", "HelpOffer", "HelpSession"):
        assert f"volunteers.{name}" in declared
    assert "volunteers.former_helper_credentials" in declarations().rules
    assert undeclared_person_models() == []


def test_the_copy_for_the_person_holds_the_helper_record(office_staff, make_helper, multiplier):
    helper = make_helper(status=Helper.Status.ACTIVE)

    data = subject_access_collect(actor=office_staff, person=helper.person)

    (section,) = [s for s in data["records"] if s["model"] == "volunteers.Helper"]
    related = {sub["model"] for sub in section["items"][0]["related"]}
    assert {"volunteers.Credential", "volunteers.HelperAvailability"} <= related
    assert section["purposes"]


def test_erasure_keeps_the_helper_for_counts_without_login_or_place(
    office_admin, make_helper, helper
):
    record = make_helper(status=Helper.Status.ACTIVE, user=helper)
    Helper.objects.filter(pk=record.pk).update(latitude=51.6, longitude=7.2)

    person_anonymise(actor=office_admin, person=record.person, reason="Auf Wunsch")

    record.refresh_from_db()
    assert record.user is None and record.latitude is None
    assert record.status == Helper.Status.LEFT
    assert record.person.family_name == "Anonymisiert"


def test_credentials_of_helpers_who_left_long_ago_are_deleted(make_helper, multiplier):
    record = make_helper(status=Helper.Status.ACTIVE)
    Helper.objects.filter(pk=record.pk).update(status=Helper.Status.LEFT)
    long_ago = timezone.now() - dt.timedelta(days=400)
    HelperStatusChange.objects.filter(helper=record).update(changed_at=long_ago - dt.timedelta(1))
    HelperStatusChange.objects.create(
        helper=record,
        region_id=record.region_id,
        from_status=Helper.Status.ACTIVE,
        to_status=Helper.Status.LEFT,
        changed_at=long_ago,
        reason="Umzug",
    )
    still_active = make_helper(status=Helper.Status.ACTIVE, given_name="Bleibt")
    cutoff = timezone.now() - dt.timedelta(days=365)

    due = list(former_helper_credentials_due(cutoff, "delete"))

    assert [c.helper_id for c in due] == [record.pk]
    for credential in due:
        former_helper_credential_apply(credential, action="delete", actor=None, reason="Frist")
    assert not former_helper_credentials_due(cutoff, "delete").exists()
    assert Credential.objects.filter(helper=still_active).exists()
