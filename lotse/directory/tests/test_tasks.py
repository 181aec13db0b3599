import datetime as dt

from django.core import mail

from lotse.directory.tasks import send_verification_reminders


def test_reminder_goes_once_to_organisations_with_stale_offers(make_offer, provider_org):
    provider_org.email = "info@awo.test"
    provider_org.save()
    make_offer("Alt", last_verified_at=dt.date.today() - dt.timedelta(days=400))
    make_offer("Frisch", last_verified_at=dt.date.today())

    first = send_verification_reminders.call()
    second = send_verification_reminders.call()

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    assert "\n- Alt\n" in mail.outbox[0].body and "Frisch" not in mail.outbox[0].body
