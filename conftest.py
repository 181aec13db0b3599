import time

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from lotse.accounts.models import User
from lotse.accounts.tests.factories import UserFactory
from lotse.core.models import Area, Organisation, Role
from lotse.core.tests.audit_support import audit_log_flushable  # noqa: F401
from lotse.core.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    QuarterFactory,
    RegionFactory,
)
from lotse.directory.models import (
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from lotse.directory.search import cache as search_cache
from lotse.directory.tests.factories import OfferFactory
from lotse.people.models import Person
from lotse.people.services import person_create

# Fixtures of the Handy-Café and course tests (cafe, anna, log_in …).
pytest_plugins = ["lotse.volunteers.tests.groups_fixtures"]


@pytest.fixture(autouse=True)
def default_language():
    # A request in English leaves English active in the thread; every test starts in German.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty cache: login lockouts, rate limits of the public forms
    and geocoder answers are counted there, and one test's must not reach the next. The search
    page's cards and topics kept in the process (lotse/directory/cards.py) and the parts of
    pages kept by `{% kept %}` too."""
    from django.core.cache import cache

    from lotse.core.templatetags import lotse_kept
    from lotse.directory import cards

    cache.clear()
    cards.clear()
    lotse_kept.clear()
    yield
    cache.clear()
    cards.clear()
    lotse_kept.clear()


@pytest.fixture(autouse=True, scope="session")
def fast_password_hasher():
    # Fixtures and logins hash passwords; the slow default hasher took a large share of the suite.
    # For the whole session, so that a module's fixture (the demo logins) hashes fast too.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def static_files_read_once():
    """Every test client loads the middleware afresh, and WhiteNoise's middleware then reads the
    whole static folder (about 230 files, their sizes, dates and headers): some 1,500 times in
    the suite, about a tenth of its time. The folder does not change while the tests run, so each
    reading is kept, per folder and per setting that shapes the headers."""
    from whitenoise.base import WhiteNoise

    read = WhiteNoise.update_files_dictionary
    kept: dict[tuple, dict] = {}

    def update_files_dictionary(self, root, prefix):
        immutable = getattr(self.immutable_file_test, "__func__", self.immutable_file_test)
        key = (
            type(self), root, prefix, self.max_age, self.allow_all_origins, self.charset,
            self.add_headers_function, self.index_file, immutable,
        )  # fmt: skip
        if key not in kept:
            files, self.files = self.files, {}
            read(self, root, prefix)
            kept[key], self.files = self.files, files
        self.files.update(kept[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoise, "update_files_dictionary", update_files_dictionary)
        yield


@pytest.fixture(autouse=True, scope="session")
def postgres_emptied_by_delete():
    """After each transactional test (`transaction=True`, the browser tests' live server) Django
    empties every table, on PostgreSQL with one TRUNCATE of all of them. TRUNCATE gives each of
    the ~100 tables and their indexes new files: 0.8 s every time, against 0.03 s to DELETE the
    few rows a test leaves. So the tests empty them with DELETE; the foreign keys are checked
    once all rows are gone. A test that wants its sequences reset keeps TRUNCATE."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        deletes = [f"DELETE FROM {style.SQL_FIELD(self.quote_name(table))};" for table in tables]
        return ["SET CONSTRAINTS ALL DEFERRED;", *deletes, "SET CONSTRAINTS ALL IMMEDIATE;"]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def search_cache_off(settings):
    # Search uses the database in tests; a test that wants the tantivy copy of the index
    # (search/cache.py) asks for the `search_cache_on` fixture.
    settings.LOTSE_SEARCH_INDEX_DIR = ""


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    # Test databases reuse ids after each rollback, so a kept page could belong to another
    # test; lotse/core/tests/test_page_cache.py switches the cache on for itself.
    settings.LOTSE_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def search_cache_on(settings, tmp_path, db):
    """The tantivy copy of the index in a fresh folder, built at once from the database; later
    changes reach it the way they reach a running server."""
    settings.LOTSE_SEARCH_INDEX_DIR = str(tmp_path / "search-index")
    search_cache.reset()
    assert search_cache.rebuild() >= 0
    yield
    search_cache.reset()


@pytest.fixture
def region(db) -> Area:
    return RegionFactory.create()


@pytest.fixture
def quarter(region) -> Area:
    return QuarterFactory.create(parent__parent=region)


@pytest.fixture
def provider_org(region) -> Organisation:
    return OrganisationFactory.create(name="AWO Altstadt", region=region)


def _member(email: str, org: Organisation, role: str) -> User:
    user = UserFactory.create(email=email)
    MembershipFactory.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def provider_staff(provider_org) -> User:
    return _member("anbieter@test.de", provider_org, Role.PROVIDER_STAFF)


@pytest.fixture
def administrator(provider_org) -> User:
    """Administers the provider organisation: invites its staff, resets a lost second factor."""
    return _member("admin@test.de", provider_org, Role.ADMINISTRATOR)


@pytest.fixture
def office_staff(region) -> User:
    return _member("buero@test.de", _home_office(region), Role.OFFICE_STAFF)


@pytest.fixture
def resident(provider_org) -> User:
    return _member("bewohner@test.de", provider_org, Role.RESIDENT)


@pytest.fixture
def outsider(db) -> User:
    other_region = RegionFactory.create(name="Kreis Anders", slug="kreis-anders")
    org = OrganisationFactory.create(name="Caritas Anders", region=other_region)
    return _member("fremd@test.de", org, Role.PROVIDER_STAFF)


def _home_office(region: Area) -> Organisation:
    """The neighbourhood office of the test region, where office staff, care navigator, manager
    and the other office personas work, whichever fixture comes first."""
    office = Organisation.objects.filter(name="Quartiersbüro Altstadt", region=region).first()
    return office or OrganisationFactory.create(
        name="Quartiersbüro Altstadt",
        kind=Organisation.Kind.OFFICE,
        email="buero@altstadt.test",
        region=region,
    )


@pytest.fixture
def relative(provider_org) -> User:
    return _member("angehoerige@test.de", provider_org, Role.RELATIVE)


@pytest.fixture
def helper(region) -> User:
    return _member("helfer@test.de", _home_office(region), Role.HELPER)


@pytest.fixture
def multiplier(region) -> User:
    return _member("multiplikator@test.de", _home_office(region), Role.MULTIPLIER)


@pytest.fixture
def care_navigator(region) -> User:
    return _member("kuemmerer@test.de", _home_office(region), Role.CARE_NAVIGATOR)


@pytest.fixture
def manager(region) -> User:
    return _member("management@test.de", _home_office(region), Role.MANAGER)


@pytest.fixture
def region_coordinator(region) -> User:
    return _member("koordination@test.de", _home_office(region), Role.REGION_COORDINATOR)


@pytest.fixture
def researcher(region) -> User:
    return _member("forschung@test.de", _home_office(region), Role.RESEARCHER)


@pytest.fixture
def office(office_staff) -> Organisation:
    """The neighbourhood office of the test region: it holds the persons of the tests."""
    return office_staff.memberships.get().organisation


@pytest.fixture
def office_admin(office) -> User:
    return _member("verwaltung@test.de", office, Role.ADMINISTRATOR)


@pytest.fixture
def erna(office_staff, office, quarter) -> Person:
    """A person the office holds, with every kind of data a record can have."""
    return person_create(
        actor=office_staff,
        organisation=office,
        data={
            "given_name": "Erna",
            "family_name": "Müller",
            "birth_year": 1938,
            "phone": "0561 / 12 34 56",
            "email": "erna@example.org",
            "street": "Hauptstraße 5",
            "postcode": "34117",
            "city": "Teststadt",
            "quarter": quarter,
            "languages": ["de", "tr"],
            "hearing_note": "Hört links schlecht, bitte laut sprechen.",
        },
    )


@pytest.fixture
def with_totp():
    """Activates an authenticator app for a user through allauth's API; returns the secret, from
    which `totp_code(secret)` makes the code the app would show."""

    def activate(user: User) -> str:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        return secret

    return activate


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for `secret` (RFC 6238, allauth's helpers).
    In the last 3 seconds of a 30-second step it waits for the next step: the server accepts
    the current step's code only (MFA_TOTP_TOLERANCE 0), and a code typed into a browser test
    just before the step ended was refused once the form arrived."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = 30 - time.time() % 30
    if left < 3:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def wait_for_a_new_totp_code(secret: str, used: str) -> None:
    """Waits (at most one 30-second step) until the app shows a code other than `used`: a code
    counts once, so a login right after setting up the app needs the next one."""
    while totp_code(secret) == used:
        time.sleep(0.5)


@pytest.fixture
def topic(db) -> TaxonomyTerm:
    taxonomy = Taxonomy.objects.create(name="Themen")
    return TaxonomyTerm.objects.create(taxonomy=taxonomy, code="einkaufen", name="Einkaufen")


@pytest.fixture
def make_offer(provider_org, quarter):
    """An offer of AWO Altstadt in Altstadt (lotse/directory/tests/factories.py)."""

    def make(
        name: str,
        description: str = "Ein Angebot.",
        *,
        point: tuple[float, float] = (51.61, 7.19),
        step_free: bool = False,
        **fields,
    ) -> Service:
        return OfferFactory.create(
            organization=provider_org,
            name=name,
            description=description,
            located__quarter=quarter,
            located__point=point,
            located__step_free=step_free,
            **fields,
        )

    return make
