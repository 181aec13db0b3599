from django.core.management import call_command

from lotse.volunteers.models import HelpOffer, HelpRequest


def test_demo_requests_cover_every_state_once(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    call_command("load_demo_volunteer_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo_volunteer_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115

    states = set(HelpRequest.objects.values_list("state", flat=True))
    assert states == set(HelpRequest.State.values)
    assert HelpRequest.objects.count() == 7
    assert HelpOffer.objects.filter(state=HelpOffer.State.EXPIRED).exists()
