"""Authorization matrix rows of the desk app (see lotse/core/tests/authorization_matrix.py).

The "own" referral is held by the Quartiersbüro Altstadt (office staff, care navigator, manager;
helper, multiplier, coordinator and researcher are members without a desk role) and went to
AWO Altstadt (provider staff and administrator answer for it; resident and relative are
members without a role). The "foreign" one is held by Caritas Anders and went to its own offer:
the outsider may answer it but not print its slip."""

from lotse.core.models import Organisation
from lotse.core.tests.authorization_matrix import LOGIN
from lotse.desk.models import Inquiry, Referral
from lotse.directory.models import Service
from lotse.people.models import Person

INBOX = "/vermittlungen/eingang/"
INQ = "/anliegen/{id}/"  # the inquiry page
REF = "/anliegen/{id}/#vermittlungen"  # its referrals

OBJECT_KWARGS = {"referral_id", "inquiry_id"}

# fmt: off
ROWS = {
    # The public code page: no login, anyone
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "desk:confirm_code", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "desk:confirm_code", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),

    # "Ich brauche Hilfe bei …" to the office pages' own and foreign office
    # (lotse/office/tests/matrix_rows.py); the empty form answers with its errors, stores nothing.
    ("GET", "desk:web_inquiry", "own"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "desk:web_inquiry", "foreign"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "desk:web_inquiry", "own"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "desk:web_inquiry", "foreign"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "desk:web_inquiry_sent", "own"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "desk:web_inquiry_sent", "foreign"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),

    # The provider inbox: whoever answers referrals for an organisation (its own, maybe empty)
    ("GET", "desk:referral_inbox", ""):
        (LOGIN,   403,   403,   403,   403,   200,   200,   200,   200,   403,   403,   200,   200),

    # A step on a referral (POST without data: the form error goes back to the inbox)
    ("GET", "desk:referral_answer", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "desk:referral_answer", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "desk:referral_answer", "own"):
        (LOGIN,   404,   404,   403,   403, INBOX, INBOX, INBOX, INBOX,   403,   403, INBOX,   404),
    ("POST", "desk:referral_answer", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404, INBOX),

    # The referral slip: the holding office only; the provider may see the referral, not print
    ("GET", "desk:referral_slip", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   403,   200,   403,   403,   403,   404),
    ("GET", "desk:referral_slip", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # The office's inquiries: the own inquiry is the own referral's (Quartiersbüro Altstadt),
    # the foreign one the foreign referral's (Caritas Anders). Dashboard and form serve the
    # user's own desk organisation: the AWO administrator has a desk role in AWO Altstadt.
    ("GET", "desk:inquiry_dashboard", ""):
        (LOGIN,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
    ("GET", "desk:inquiry_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
    # POST without data: the form with its errors
    ("POST", "desk:inquiry_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
    # The Kurzkontakt page; POST without data: the form with its errors
    ("GET", "desk:brief_contact_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
    ("POST", "desk:brief_contact_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
    ("GET", "desk:inquiry_detail", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "desk:inquiry_detail", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "desk:inquiry_assign", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "desk:inquiry_assign", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    # POST without data: assigned to nobody
    ("POST", "desk:inquiry_assign", "own"):
        (LOGIN,   404,   404,   403,   403,   INQ,   INQ,   404,   INQ,   403,   403,   404,   404),
    ("POST", "desk:inquiry_assign", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "desk:inquiry_follow_up", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "desk:inquiry_follow_up", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    # POST without data: no follow-up
    ("POST", "desk:inquiry_follow_up", "own"):
        (LOGIN,   404,   404,   403,   403,   INQ,   INQ,   404,   INQ,   403,   403,   404,   404),
    ("POST", "desk:inquiry_follow_up", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "desk:inquiry_close", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "desk:inquiry_close", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    # POST without data: the inquiry has an open referral, so the page explains why not
    ("POST", "desk:inquiry_close", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "desk:inquiry_close", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # "An Digital-Hilfe weitergeben" (POST only): the empty form answers on the inquiry page
    ("GET", "desk:inquiry_digital_help", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "desk:inquiry_digital_help", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "desk:inquiry_digital_help", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "desk:inquiry_digital_help", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # Edit, refer, follow-up done, unmet need: the inquiry page's people only
    ("GET", "desk:inquiry_edit", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "desk:inquiry_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # POST without data: the form with its errors
    ("POST", "desk:inquiry_edit", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "desk:inquiry_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "desk:inquiry_refer", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "desk:inquiry_refer", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    # POST without data: the inquiry page says which offer is missing
    ("POST", "desk:inquiry_refer", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "desk:inquiry_refer", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "desk:inquiry_followed_up", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "desk:inquiry_followed_up", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    # POST: no follow-up is due, the message says so on the inquiry page
    ("POST", "desk:inquiry_followed_up", "own"):
        (LOGIN,   404,   404,   403,   403,   INQ,   INQ,   404,   INQ,   403,   403,   404,   404),
    ("POST", "desk:inquiry_followed_up", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ("GET", "desk:unmet_need_new", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "desk:unmet_need_new", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    # POST without data: the inquiry page asks for the topic
    ("POST", "desk:unmet_need_new", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("POST", "desk:unmet_need_new", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # Taking a referral back: the holding office only (like the slip)
    ("GET", "desk:referral_withdraw", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "desk:referral_withdraw", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "desk:referral_withdraw", "own"):
        (LOGIN,   404,   404,   403,   403,   REF,   REF,   403,   REF,   403,   403,   403,   404),
    ("POST", "desk:referral_withdraw", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # The inquiry API (/api/v1/desk/): the same office as the pages, 401 instead of the login.
    # A body {} fails the form's checks (422) once the caller's office is known.
    ("GET", "/api/v1/desk/inquiries", ""):
        (  401,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
    ("POST", "/api/v1/desk/inquiries", ""):
        (  401,   403,   403,   403,   403,   422,   422,   403,   422,   403,   403,   422,   403),
    ("POST", "/api/v1/desk/brief-contacts", ""):
        (  401,   403,   403,   403,   403,   422,   422,   403,   422,   403,   403,   422,   403),
    ("GET", "/api/v1/desk/inquiries/{inquiry_id}", "own"):
        (  401,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "/api/v1/desk/inquiries/{inquiry_id}", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # PATCH {} changes nothing and answers the inquiry
    ("PATCH", "/api/v1/desk/inquiries/{inquiry_id}", "own"):
        (  401,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("PATCH", "/api/v1/desk/inquiries/{inquiry_id}", "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
}
# fmt: on


def extend_world(world, request) -> None:
    office_staff = request.getfixturevalue("office_staff")
    outsider = request.getfixturevalue("outsider")
    own_person = Person.objects.get(id=world["own"]["person_id"])
    foreign_person = Person.objects.get(id=world["foreign"]["person_id"])
    foreign_org = Organisation.objects.get(memberships__user=outsider)
    own = Referral.objects.create(
        inquiry=Inquiry.objects.create(
            organisation=own_person.organisation,
            region_id=own_person.region_id,
            channel=Inquiry.Channel.PHONE,
            person=own_person,
            created_by=office_staff,
        ),
        organisation=own_person.organisation,
        region_id=own_person.region_id,
        person=own_person,
        service=Service.objects.get(id=world["own"]["offer_id"]),
        receiving_organisation=Organisation.objects.get(id=world[""]["organization_id"]),
        short_code="MATR-2222",
        answer_due="2099-01-01",
        created_by=office_staff,
    )
    foreign = Referral.objects.create(
        inquiry=Inquiry.objects.create(
            organisation=foreign_org,
            region_id=foreign_org.region_id,
            channel=Inquiry.Channel.PHONE,
            person=foreign_person,
            created_by=outsider,
        ),
        organisation=foreign_org,
        region_id=foreign_org.region_id,
        person=foreign_person,
        service=Service.objects.get(id=world["foreign"]["offer_id"]),
        receiving_organisation=foreign_org,
        short_code="MATR-3333",
        answer_due="2099-01-01",
        created_by=outsider,
    )
    world["own"]["referral_id"] = own.id
    world["foreign"]["referral_id"] = foreign.id
    world["own"]["inquiry_id"] = own.inquiry_id
    world["foreign"]["inquiry_id"] = foreign.inquiry_id
