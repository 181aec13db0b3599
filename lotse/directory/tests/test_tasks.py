import datetime as dt
from unittest import mock

import pytest
from django.core import mail

from lotse.core.models import Organisation
from lotse.directory import services
from lotse.directory.models import Service
from lotse.directory.services import verification_reminders_send
from lotse.directory.tasks import send_verification_reminders
from lotse.notifications.models import Message
from lotse.notifications.services import outbox_send_due

STALE = dt.date.today() - dt.timedelta(days=400)


def test_reminder_goes_once_through_the_outbox_to_organisations_with_stale_offers(
    make_offer, provider_org
):
    provider_org.email = "info@awo.test"
    provider_org.save()
    make_offer("Alt", last_verified_at=STALE)
    make_offer("Frisch", last_verified_at=dt.date.today())

    first = send_verification_reminders.call()
    second = send_verification_reminders.call()

    assert (first, second) == (1, 0)
    message = Message.objects.get()
    assert message.recipient == "info@awo.test" and message.status == Message.Status.PENDING
    assert mail.outbox == []  # nothing leaves before the outbox worker sends it
    assert outbox_send_due() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "AWO Altstadt" in body and "\n- Alt\n" in body and "Frisch" not in body
    assert "/mitarbeit/angebote/" in body
    assert mail.outbox[0].subject == "Bitte prüfen Sie Ihre Angebote im Quartierslotsen"


@pytest.mark.django_db(transaction=True)
def test_a_crash_between_organisations_leaves_each_reminded_with_its_message_or_neither(
    make_offer, provider_org, region
):
    provider_org.email = "info@awo.test"
    provider_org.save()
    other = Organisation.objects.create(name="Caritas", region=region, email="info@caritas.test")
    make_offer("Alt", last_verified_at=STALE)
    Service.objects.filter(pk=make_offer("Auch alt", last_verified_at=STALE).pk).update(
        organization=other
    )
    real_enqueue = services.message_enqueue
    calls = []

    def dies_after_the_second_message(**kwargs):
        message = real_enqueue(**kwargs)
        calls.append(message)
        if len(calls) == 2:
            raise RuntimeError("the worker dies")
        return message

    with mock.patch.object(services, "message_enqueue", dies_after_the_second_message):
        with pytest.raises(RuntimeError):
            verification_reminders_send()

    # The first organisation: reminded, with its message; the second: neither.
    assert Message.objects.count() == 1
    reminded = Service.objects.exclude(verification_reminded_at=None)
    assert [offer.organization.email for offer in reminded] == [Message.objects.get().recipient]

    # Run again: only the second is asked now; nobody twice.
    assert verification_reminders_send() == 1
    assert sorted(Message.objects.values_list("recipient", flat=True)) == [
        "info@awo.test",
        "info@caritas.test",
    ]
    assert not Service.objects.filter(verification_reminded_at=None).exists()


def test_the_same_reminder_written_twice_is_one_message(make_offer, provider_org):
    provider_org.email = "info@awo.test"
    provider_org.save()
    make_offer("Alt", last_verified_at=STALE)
    verification_reminders_send()
    # As a second run would find it, had it read before the first marked the offers.
    Service.objects.update(verification_reminded_at=None)

    verification_reminders_send()

    assert Message.objects.count() == 1
