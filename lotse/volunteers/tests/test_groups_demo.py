"""The demo's Handy-Café, shifts and course load once, after the demo region."""

from django.core.management import call_command

from lotse.accounts.models import User
from lotse.volunteers import selectors_groups
from lotse.volunteers.models import Cafe, CafeShift, Course, Credential, Helper


def test_the_demo_has_a_weekly_cafe_with_gaps_and_a_finished_course(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))

    call_command("load_demo_groups", stdout=open("/dev/null", "w"))
    call_command("load_demo_groups", stdout=open("/dev/null", "w"))

    cafe = Cafe.objects.get(name="Handy-Café Altstadt")
    plan = selectors_groups.cafe_plan(cafe=cafe)
    assert len(plan) == 8 and any(row.missing for row in plan) and plan[0].missing == 0
    assert CafeShift.objects.filter(cafe=cafe, date__lt=plan[0].date).count() > 20
    assert Cafe.objects.get(name="Handy-Sprechstunde").service is not None
    course = Course.objects.get()
    participants = list(course.participants.select_related("helper"))
    assert len(participants) == 3
    assert all(p.completed_on and p.credential for p in participants)
    assert all(p.helper.status == Helper.Status.ACTIVE for p in participants)
    assert Credential.objects.filter(kind=Credential.Kind.QUALIFICATION).count() == 3
    helper = Helper.objects.get(user=User.objects.get(email="helfer@demo.lotse"))
    assert selectors_groups.recognition_years(helper=helper)
