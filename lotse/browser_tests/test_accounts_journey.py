"""An administrator invites a staff member, who sets a password and an authenticator app and
logs in with a code from it; a resident logs in with a code sent by e-mail. axe-core checks
every page on the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import totp_code, wait_for_a_new_totp_code
from lotse.browser_tests.conftest import format_violations, run_axe, shoot

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "pw-for-tests-1"
NEW_PASSWORD = "Kaffee am Markt um neun"


def _no_axe_violations(page, name: str = "") -> None:
    if name:
        shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


def _mail_matching(pattern: str) -> re.Match:
    for message in reversed(mail.outbox):
        match = re.search(pattern, str(message.body))
        if match:
            return match
    raise AssertionError(f"Keine E-Mail mit {pattern!r}: {[m.subject for m in mail.outbox]}")


def _login_with_app(page, email: str, password: str, secret: str, landing: str) -> None:
    """Logs in with password and app code; the role's work page (its h1 `landing`) opens."""
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Code aus der App eingeben")
    _no_axe_violations(page, "code-aus-der-app")
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(landing)


def test_administrator_invites_staff_who_sets_password_and_app(
    transactional_db, new_page, administrator, with_totp
):
    admin_secret = with_totp(administrator)
    admin = new_page()

    # Administrators land on the staff list.
    _login_with_app(admin, "admin@test.de", ADMIN_PASSWORD, admin_secret, "Mitarbeitende")
    _no_axe_violations(admin)
    admin.get_by_role("link", name="Mitarbeitende einladen").click()
    admin.get_by_role("button", name="Einladung verschicken").click()
    expect(admin).to_have_title(re.compile("^Fehler: "))
    _no_axe_violations(admin)
    admin.get_by_label("E-Mail-Adresse der Person").fill("neu@test.de")
    admin.get_by_label("Mitarbeitende im Quartiersbüro").check()
    admin.get_by_role("button", name="Einladung verschicken").click()
    expect(admin.get_by_role("status")).to_contain_text(
        "Die Einladung an neu@test.de ist verschickt"
    )
    expect(admin.get_by_role("cell", name="neu@test.de")).to_be_visible()

    link = _mail_matching(r"https?://\S+/konto/einladung/\S+/").group(0)
    staff = new_page(width=390)
    staff.goto(link)
    expect(staff.get_by_text("AWO Altstadt lädt Sie ein.")).to_be_visible()
    _no_axe_violations(staff, "einladung-annehmen")
    staff.get_by_label("Passwort", exact=True).fill(NEW_PASSWORD)
    staff.get_by_label("Passwort wiederholen").fill(NEW_PASSWORD)
    staff.get_by_role("button", name="Passwort speichern und weiter").click()
    # The password was typed twice: the second factor follows without asking for it again.
    expect(staff.get_by_role("heading", level=1)).to_have_text("Zweiten Faktor einrichten")
    _no_axe_violations(staff, "zweiten-faktor-einrichten")
    secret = staff.locator("#totp-schluessel").inner_text().strip()
    setup_code = totp_code(secret)
    staff.get_by_label("Code aus der App").fill(setup_code)
    staff.get_by_role("button", name="Einrichten").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Ihre Wiederherstellungscodes")
    _no_axe_violations(staff, "wiederherstellungscodes")
    staff.get_by_role("link", name="Weiter", exact=True).click()
    expect(staff.get_by_text("AWO Altstadt: Mitarbeitende im Quartiersbüro")).to_be_visible()
    staff.get_by_role("button", name="Abmelden").click()

    # Office staff land on the dashboard; "Mein Konto" says the app protects the account.
    wait_for_a_new_totp_code(secret, setup_code)
    _login_with_app(staff, "neu@test.de", NEW_PASSWORD, secret, "Anliegen: AWO Altstadt")
    staff.get_by_role("link", name="Mein Konto").first.click()
    expect(staff.get_by_text("Ihr Benutzerkonto ist mit einer App")).to_be_visible()
    assert admin.blocked == [] and staff.blocked == []


def test_resident_logs_in_with_a_code_from_the_email(transactional_db, new_page, resident):
    page = new_page(width=390)

    page.goto("/konto/anmelden/")
    page.get_by_role("link", name="Mit einem Code per E-Mail anmelden").click()
    page.get_by_label("E-Mail-Adresse").fill("bewohner@test.de")
    page.get_by_role("button", name="Code anfordern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Code aus der E-Mail eingeben")
    page.get_by_label("Code aus der E-Mail").fill("000000")
    page.get_by_role("button", name="Weiter").click()
    expect(page).to_have_title(re.compile("^Fehler: "))
    _no_axe_violations(page, "code-aus-der-email-fehler")
    code = _mail_matching(r"\b(\d{6})\b").group(1)
    page.get_by_label("Code aus der E-Mail").fill(code)
    page.get_by_role("button", name="Weiter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Konto")
    expect(
        page.get_by_text("Sie sind angemeldet mit der E-Mail-Adresse bewohner@test.de.")
    ).to_be_visible()
    assert page.blocked == []


def test_staff_are_warned_before_the_idle_logout_and_may_stay(
    transactional_db, new_page, staff_cookies
):
    page = new_page(cookies=staff_cookies)
    page.clock.install()
    page.goto("/mitarbeit/angebote/")
    warning = page.locator("#sitzung-warnung")
    stay = page.get_by_role("button", name="Angemeldet bleiben")
    expect(warning).to_be_hidden()

    page.clock.fast_forward("28:01")

    expect(warning).to_be_visible()
    expect(stay).to_be_focused()
    _no_axe_violations(page, "sitzung-warnung")
    with page.expect_response(re.compile(r"/konto/angemeldet-bleiben/$")) as ping:
        stay.click()
    assert ping.value.status == 204
    expect(warning).to_be_hidden()
    page.clock.fast_forward("27:00")
    expect(warning).to_be_hidden()


def test_staff_use_a_security_key_instead_of_the_app(
    transactional_db, new_page, provider_staff, settings
):
    # The live server runs on plain HTTP; Chromium's virtual authenticator plays the key.
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    page = new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill("anbieter@test.de")
    page.get_by_label("Passwort").fill("pw-for-tests-1")
    page.get_by_role("button", name="Anmelden").click()
    # The gate leads to the setup of the second factor, after the password once more.
    page.get_by_label("Passwort").fill("pw-for-tests-1")
    page.get_by_role("button", name="Weiter").click()
    page.get_by_role("link", name="Statt der App einen Sicherheitsschlüssel benutzen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sicherheitsschlüssel hinzufügen")
    _no_axe_violations(page, "sicherheitsschluessel-hinzufuegen")

    page.get_by_role("button", name="Schlüssel hinzufügen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Wiederherstellungscodes")
    page.get_by_role("link", name="Weiter", exact=True).click()
    # On to the page the login led to: the provider's referrals.
    expect(page.get_by_role("heading", level=1)).to_have_text("Eingang der Vermittlungen")
    page.get_by_role("link", name="Mein Konto").first.click()
    page.get_by_role("button", name="Abmelden").click()
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill("anbieter@test.de")
    page.get_by_label("Passwort").fill("pw-for-tests-1")
    page.get_by_role("button", name="Anmelden").click()
    _no_axe_violations(page, "code-aus-der-app-oder-schluessel")
    page.get_by_role("button", name="Sicherheitsschlüssel benutzen").click()

    # Provider staff land on their referrals.
    expect(page.get_by_role("heading", level=1)).to_have_text("Eingang der Vermittlungen")
    assert page.blocked == []
