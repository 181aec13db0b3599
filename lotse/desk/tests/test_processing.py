import datetime as dt

from django.utils import timezone

from lotse.desk.models import Inquiry, Referral
from lotse.desk.processing import inquiry_text_apply, inquiry_text_due
from lotse.desk.services.inquiries import inquiry_close
from lotse.desk.services.referrals import referral_withdraw


def test_closed_inquiry_text_is_due_after_the_cutoff_and_cleared_once(
    office_staff, inquiry, referral
):
    referral_withdraw(actor=office_staff, referral=referral, note="Erna ist umgezogen")
    inquiry_close(actor=office_staff, inquiry=inquiry)
    later = timezone.now() + dt.timedelta(days=1)
    earlier = timezone.now() - dt.timedelta(days=1)

    assert list(inquiry_text_due(earlier, "redact")) == []
    due = list(inquiry_text_due(later, "redact"))
    inquiry_text_apply(due[0], action="redact", actor=office_staff, reason="Frist")

    assert due == [inquiry]
    assert Inquiry.objects.get(pk=inquiry.pk).description == ""
    assert not Referral.objects.get(pk=referral.pk).events.exclude(note="").exists()
    assert list(inquiry_text_due(later, "redact")) == []


def test_open_inquiry_is_never_due(inquiry):
    later = timezone.now() + dt.timedelta(days=10_000)

    assert list(inquiry_text_due(later, "redact")) == []
