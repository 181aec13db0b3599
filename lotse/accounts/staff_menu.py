"""The staff menu and where each role lands after login, from the permission rules.

Each entry names the permission its page checks and what the permission is asked about (as the
role catalogue, role_catalogue.PERMISSIONS, names a sample object): nothing, each organisation
the user is a member of, each region of those, a referral to one of them, or each office they
run (one link per office; the office app resolves that scope, see lotse.accounts.registry).
An entry is shown iff `user.has_perm(perm, obj)` holds for one such object, so the menu shows
exactly what the user's roles allow; a test walks every persona
(lotse/accounts/tests/test_staff_menu.py).
"""

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.accounts.registry import menu_scope_objects
from lotse.core.models import Area, Role
from lotse.core.rules import is_staff_member, memberships_of, per_user


@dataclass(frozen=True)
class StaffEntry:
    key: str
    label: Promise | str
    url_name: str
    perm: str
    # "" (nothing), "organisation", "region", "received_referral" or "office".
    scope: str = ""


STAFF_MENU: tuple[StaffEntry, ...] = (
    StaffEntry(
        "anliegen", _("Anliegen"), "desk:inquiry_dashboard", "desk.view_inquiry", "organisation"
    ),
    StaffEntry(
        "anliegen-neu",
        _("Anliegen erfassen"),
        "desk:inquiry_new",
        "desk.add_inquiry",
        "organisation",
    ),
    StaffEntry(
        "begleitungen", _("Meine Begleitungen"), "cases:caseload", "cases.view_own_caseload"
    ),
    StaffEntry(
        "begleitungen-team",
        _("Begleitungen im Team"),
        "cases:team_caseload",
        "cases.view_team_caseload",
        "organisation",
    ),
    StaffEntry(
        "personen", _("Personen"), "people:person_list", "people.view_person", "organisation"
    ),
    StaffEntry("termine", _("Termine"), "office:staff_day", "office.view_appointments", "office"),
    StaffEntry(
        "digitalhelfer",
        _("Digital-Helfer"),
        "volunteers:helper_list",
        "volunteers.view_helper",
        "organisation",
    ),
    StaffEntry(
        "helfer-erfassen",
        _("Helfer/in erfassen"),
        "volunteers:helper_new",
        "volunteers.add_helper",
        "organisation",
    ),
    StaffEntry(
        "nachweise",
        _("Nachweise"),
        "volunteers:credentials_due",
        "volunteers.view_helper",
        "organisation",
    ),
    StaffEntry(
        "vermittlung",
        _("Digital-Hilfe vermitteln"),
        "volunteers:board",
        "volunteers.dispatch_help_request",
        "organisation",
    ),
    StaffEntry(
        "hilfeanfrage-erfassen",
        _("Hilfeanfrage erfassen"),
        "volunteers:staff_request_new",
        "volunteers.add_help_request",
        "organisation",
    ),
    StaffEntry(
        "meine-einsaetze",
        _("Meine Einsätze"),
        "volunteers:own_assignments",
        "volunteers.view_own_assignments",
    ),
    StaffEntry(
        "handy-cafe",
        _("Handy-Café"),
        "volunteers:cafe_list",
        "volunteers.view_cafe",
        "organisation",
    ),
    StaffEntry(
        "kurse", _("Kurse"), "volunteers:course_list", "volunteers.view_course", "organisation"
    ),
    StaffEntry(
        "meine-angaben",
        _("Meine Angaben"),
        "volunteers:own_profile",
        "volunteers.change_own_helper",
    ),
    StaffEntry(
        "meine-schichten",
        _("Meine Schichten"),
        "volunteers:own_shifts",
        "volunteers.change_own_helper",
    ),
    StaffEntry(
        "veranstaltungen",
        _("Veranstaltungen"),
        "events:staff_list",
        "news.add_event",
        "organisation",
    ),
    StaffEntry("freigabe", _("Zur Freigabe"), "events:release_queue", "news.view_release_queue"),
    StaffEntry("aktuelles", _("Aktuelles"), "news:staff_list", "news.add_newspost", "organisation"),
    StaffEntry("pinnwand", _("Pinnwand prüfen"), "board:queue", "news.view_board_queue"),
    StaffEntry(
        "eingang",
        _("Vermittlungen an uns"),
        "desk:referral_inbox",
        "desk.view_referral",
        "received_referral",
    ),
    StaffEntry(
        "angebote", _("Angebote bearbeiten"), "directory:staff_offers", "directory.add_offer"
    ),
    StaffEntry("orte", _("Orte"), "directory:staff_locations", "directory.add_offer"),
    StaffEntry(
        "import",
        _("Angebote einlesen"),
        "directory:staff_import",
        "directory.import_directory",
        "region",
    ),
    StaffEntry(
        "briefe",
        _("Briefe drucken"),
        "notifications:letter_list",
        "notifications.print_letter",
        "organisation",
    ),
    StaffEntry(
        "nachrichten",
        _("Nicht zugestellte Nachrichten"),
        "notifications:message_overview",
        "notifications.view_message",
        "organisation",
    ),
    StaffEntry(
        "sprechstunden", _("Sprechstunden"), "office:staff_hours", "office.change_office", "office"
    ),
    StaffEntry(
        "buero-angaben",
        _("Angaben zum Büro"),
        "office:manage_edit",
        "office.change_office_details",
        "office",
    ),
    StaffEntry("mitarbeitende", _("Mitarbeitende"), "accounts:members", "accounts.view_members"),
    StaffEntry(
        "verwaltung",
        _("Verwaltung des Kreises"),
        "admin_region:home",
        "core.view_region_administration",
    ),
    StaffEntry(
        "quartiersbueros",
        _("Quartiersbüros verwalten"),
        "office:manage_list",
        "office.add_office",
        "region",
    ),
    StaffEntry(
        "verzeichnis",
        _("Verarbeitungsverzeichnis"),
        "compliance:processing_record",
        "compliance.view_processing_record",
    ),
    StaffEntry(
        "aufbewahrung", _("Alte Daten löschen"), "compliance:retention", "compliance.view_retention"
    ),
)

# Where each role lands after login: the first of the user's roles in this order whose entry
# the menu shows. Residents and relatives go to "Mein Konto"; digital helpers to their own
# page, multipliers to their helpers; staff roles without pages yet (researchers) to the start
# page that says so.
LANDING: tuple[tuple[str, str], ...] = (
    (Role.ADMINISTRATOR, "mitarbeitende"),
    (Role.REGION_COORDINATOR, "verwaltung"),
    (Role.OFFICE_STAFF, "anliegen"),
    (Role.CARE_NAVIGATOR, "begleitungen"),
    (Role.MANAGER, "anliegen"),
    (Role.PROVIDER_STAFF, "eingang"),
    (Role.MULTIPLIER, "digitalhelfer"),
    (Role.HELPER, "meine-angaben"),
)


@dataclass(frozen=True)
class StaffMenuItem:
    key: str
    label: Promise | str
    url: str
    # aria-current: "page" on the entry's own address, "true" below it, else "".
    current: str = ""


def _objects(user, scope: str) -> list[Any]:
    """What an entry's permission is asked about, for this user."""
    organisations = {m.organisation_id: m.organisation for m in memberships_of(user)}
    if scope == "":
        return [None]
    if scope == "organisation":
        return list(organisations.values())
    if scope == "region":
        return [Area(pk=region_id) for region_id in {o.region_id for o in organisations.values()}]
    if scope == "received_referral":
        # As the role catalogue asks: a referral another organisation sent to this one.
        return [
            SimpleNamespace(organisation_id=None, receiving_organisation_id=pk)
            for pk in organisations
        ]
    # Scopes of a domain app ("office"), registered by the app (lotse.accounts.registry).
    return menu_scope_objects(scope, list(organisations))


def staff_menu(user, path: str = "") -> list[StaffMenuItem]:
    """The entries the user may open, in menu order; an office entry once per office (with
    the office's name when there are several); the entry of the page at `path` marked."""
    if not user.is_authenticated or not is_staff_member(user):
        return []
    return _marked(per_user(user, "staff_menu", lambda: _entries(user)), path)


def _entries(user) -> list[StaffMenuItem]:
    items = []
    # Each scope's objects once per menu (the office scope asks the database).
    objects: dict[str, list[Any]] = {}
    for entry in STAFF_MENU:
        if entry.scope not in objects:
            objects[entry.scope] = _objects(user, entry.scope)
        if entry.scope == "office":
            allowed = [office for office in objects["office"] if user.has_perm(entry.perm, office)]
            for office in allowed:
                label = f"{entry.label}: {office.name}" if len(allowed) > 1 else entry.label
                url = reverse(entry.url_name, kwargs={"office_slug": office.slug})
                items.append(StaffMenuItem(f"{entry.key}:{office.slug}", label, url))
        elif any(user.has_perm(entry.perm, obj) for obj in objects[entry.scope]):
            items.append(StaffMenuItem(entry.key, entry.label, reverse(entry.url_name)))
    return items


def _marked(items: list[StaffMenuItem], path: str) -> list[StaffMenuItem]:
    """The entry of the page marked: its own address, else the longest one the page lies below."""
    exact = next((item for item in items if item.url == path), None)
    below = [item for item in items if path.startswith(item.url)]
    chosen = exact or max(below, key=lambda item: len(item.url), default=None)
    return [
        StaffMenuItem(item.key, item.label, item.url, ("page" if item is exact else "true"))
        if item is chosen
        else item
        for item in items
    ]


def landing_url(user) -> str:
    """Where the user's work starts after login."""
    items = staff_menu(user)
    by_key = {item.key.split(":")[0]: item.url for item in reversed(items)}
    roles = {m.role for m in memberships_of(user)}
    for role, key in LANDING:
        if role in roles and key in by_key:
            return by_key[key]
    if items:
        return items[0].url
    if is_staff_member(user):
        return reverse("work_home")
    return reverse("accounts:overview")
