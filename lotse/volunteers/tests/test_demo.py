from django.core.management import call_command
from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.staff_menu import landing_url
from lotse.volunteers import selectors
from lotse.volunteers.models import Helper
from lotse.volunteers.services import home_visits_allowed


def test_demo_helpers_load_once_with_multipliers_and_credentials_due(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    call_command("load_demo_volunteers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo_volunteers", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Helper.objects.count() == 40
    assert len({status for status in Helper.objects.values_list("status", flat=True)}) == 6
    multiplier = User.objects.get(email="multiplikator@demo.lotse")
    assert User.objects.filter(memberships__role="multiplier").count() == 3
    today = timezone.localdate()
    due = [c.valid_until for c in selectors.credentials_due(actor=multiplier, today=today)]
    assert any(d is not None and d < today for d in due)
    assert any(d is not None and d >= today for d in due)
    own = Helper.objects.get(user__email="helfer@demo.lotse")
    assert home_visits_allowed(own, today)
    assert landing_url(own.user) == "/digitalhilfe/meine-angaben/"
    assert landing_url(multiplier) == "/digitalhilfe/helfer/"
