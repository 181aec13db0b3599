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


def test_the_demo_of_make_run_loads_in_its_order_with_the_demo_helpers(db):
    """`make run` loads the demo helpers first: the requests are given to those that fit (a
    home visit only to helpers who visit and hold valid credentials), the login's first."""
    import re
    from pathlib import Path

    from django.conf import settings

    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    commands = re.findall(r"\$\(MANAGE\) (load_demo\w*)", makefile)
    assert commands[:2] == ["load_demo", "load_demo_offices"], commands
    assert "load_demo_volunteer_requests" in commands

    for command in commands:
        call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert set(HelpRequest.objects.values_list("state", flat=True)) == set(HelpRequest.State.values)
    assert HelpRequest.objects.filter(assigned_helper__user__email="helfer@demo.lotse").exists()
